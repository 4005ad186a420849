"""An access scope as SQL: the one place a scope becomes a WHERE clause over a label column."""

from __future__ import annotations

from copilot.core.access import AccessScope


def scope_sql(scope: AccessScope, column: str) -> tuple[str, list[str]]:
    """``(clause, params)`` keeping rows whose ``column`` (a trusted identifier) holds a label
    the scope may read: always true when unrestricted, never true for a scope with no label."""
    if scope.labels is None:
        return "1=1", []
    if not scope.labels:
        return "0=1", []
    labels = sorted(scope.labels)
    return f"{column} IN ({', '.join('?' * len(labels))})", labels
