"""Local accounts: who may log in, with which role and access labels (``AccountStore``).

A feature package: it knows users, password hashes (argon2), API tokens and login sessions, and
turns an account into the kernel's ``Principal``. Edges never open it directly; they go through
``Copilot`` (login, token, session) and the ``users`` CLI.
"""

from copilot.accounts.store import Account, Accounts, AccountStore

__all__ = ["Account", "AccountStore", "Accounts"]
