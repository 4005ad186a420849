"""Floor Copilot."""
