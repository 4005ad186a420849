"""Grounded answering: retrieval, prompting, generation, verification."""
