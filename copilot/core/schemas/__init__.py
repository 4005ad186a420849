"""The record schema per kind (data only): fields, types, header and question synonyms."""
