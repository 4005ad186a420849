"""The kernel: types, errors, text, settings and plant vocabulary. Imports no feature."""
