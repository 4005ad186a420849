"""LLM generation: the Generator port and its registered backends."""
