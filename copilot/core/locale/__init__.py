"""The EN/KO message catalogue (data only): one TOML file per language."""
