"""Who is asking and what they may read or do: the common language of the access issue.

Every read path (BM25, vector search, table SQL, briefings, quizzes, PFMEA evidence, the source
viewer, citations, facets, health counts) takes an ``AccessScope`` and enforces it *before* it
ranks or counts; every use case checks an ``Action`` against the caller's ``Role``. Edges (CLI,
API, UI) turn a login or token into a ``Principal``; nothing below the service knows about users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# The label a document gets when no access file or setting names one.
PUBLIC_LABEL = "everyone"


class Role(StrEnum):
    TECHNICIAN = "technician"
    QUALITY_ENGINEER = "quality_engineer"
    TRAINER = "trainer"
    ADMIN = "admin"
    AUDITOR = "auditor"


class Action(StrEnum):
    ASK = "ask"
    SEARCH = "search"
    VIEW_SOURCE = "view_source"
    FEEDBACK = "feedback"
    LEARN = "learn"                    # own briefings, quizzes, progress
    VIEW_TRAINING = "view_training"    # everyone's progress, the training matrix
    PFMEA_DRAFT = "pfmea_draft"
    PFMEA_EXPORT = "pfmea_export"
    PFMEA_REVIEW = "pfmea_review"
    UPLOAD = "upload"
    REMOVE = "remove"
    REINGEST = "reingest"
    RELEASE = "release"                # approve a pending revision (document control)
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    HEALTH = "health"


_READER = frozenset({Action.ASK, Action.SEARCH, Action.VIEW_SOURCE, Action.FEEDBACK,
                     Action.LEARN, Action.HEALTH})

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.TECHNICIAN: _READER,
    Role.QUALITY_ENGINEER: _READER | {Action.PFMEA_DRAFT, Action.PFMEA_EXPORT,
                                      Action.PFMEA_REVIEW},
    Role.TRAINER: _READER | {Action.VIEW_TRAINING},
    Role.ADMIN: frozenset(Action),
    Role.AUDITOR: frozenset({Action.SEARCH, Action.VIEW_SOURCE, Action.VIEW_TRAINING,
                             Action.READ_AUDIT, Action.HEALTH}),
}


@dataclass(frozen=True)
class AccessScope:
    """The access labels a caller may read; ``labels=None`` means every label (local admin)."""

    labels: frozenset[str] | None = None

    def allows(self, label: str) -> bool:
        return self.labels is None or label in self.labels

    @property
    def unrestricted(self) -> bool:
        return self.labels is None


UNRESTRICTED = AccessScope()
PUBLIC_ONLY = AccessScope(frozenset({PUBLIC_LABEL}))


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: user name, role and the labels they may read."""

    user: str
    role: Role
    scope: AccessScope = field(default_factory=lambda: PUBLIC_ONLY)

    def may(self, action: Action) -> bool:
        return action in ROLE_ACTIONS[self.role]


# The operator at the machine's own shell (CLI without a login): full rights, audited as such.
LOCAL_OPERATOR = Principal("local", Role.ADMIN, UNRESTRICTED)
