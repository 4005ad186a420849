"""Onboarding for new hires: station briefings, quizzes from the work instructions, progress.

``Learning`` (``copilot.learning.service``) is the facade; ``Copilot.learning`` opens it lazily.
"""
