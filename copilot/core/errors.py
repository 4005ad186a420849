"""Every error Floor Copilot raises on purpose, as one tree.

Edges (CLI, HTTP API, UI) turn these into user messages; nothing below them prints.

    CopilotError                      base: message is safe to show a user
    ├── ConfigError                   bad setting / TOML / env var (names the field)
    ├── ModelError                    a model (embedder / LLM) cannot be loaded offline
    ├── IngestError                   one input file could not be ingested (names the file)
    │   ├── UnsupportedFileError      no converter accepts this file type
    │   ├── EmptyFileError            file has no bytes / no usable content
    │   ├── FileTooLargeError         over `max_file_mb`
    │   ├── CorruptFileError          unreadable, truncated or encrypted container
    │   ├── EncodingError             text/CSV whose encoding cannot be decoded
    │   ├── NoHeaderError             sheet/CSV without a recognisable header row
    │   └── MappingError              a column-mapping override file is invalid (names file + field)
    ├── IndexUnavailableError         the index is missing, inconsistent or cannot be opened
    ├── QueryError                    bad search/ask request (empty query, unknown filter)
    │   ├── RequestLimitError         a request field over its configured limit (names it)
    │   └── MissingFieldError         a field this request must carry (a removal's reason)
    ├── GenerationError               the generator backend failed (server down, bad reply)
    └── AccessError                   authentication or authorisation failed
        ├── NotAuthenticatedError     no valid login, session or token (HTTP 401)
        ├── ForbiddenError            the role may not do this action (HTTP 403)
        └── RateLimitedError          too many requests from one user (HTTP 429)
"""

from __future__ import annotations


class CopilotError(Exception):
    """Base class: ``str(err)`` is one line a user can act on."""


class ConfigError(CopilotError):
    """A setting is invalid; the message names the field and how to fix it."""


class ModelError(CopilotError):
    """A model could not be loaded from local packages/files."""


class IngestError(CopilotError):
    """One file could not be ingested; the rest of the batch goes on."""

    reason = "cannot be ingested"

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {self.reason}" + (f" ({detail})" if detail else ""))


class UnsupportedFileError(IngestError):
    reason = "unsupported file type"


class EmptyFileError(IngestError):
    reason = "file is empty"


class FileTooLargeError(IngestError):
    reason = "file is over the size limit"


class CorruptFileError(IngestError):
    reason = "file is corrupt, encrypted or not what its extension says"


class EncodingError(IngestError):
    reason = "text encoding could not be detected"


class NoHeaderError(IngestError):
    reason = "no recognisable header row"


class MappingError(IngestError):
    reason = "invalid column-mapping override"


class IndexUnavailableError(CopilotError):
    """The index cannot be opened or is inconsistent."""


class QueryError(CopilotError):
    """A search/ask request is malformed."""


class RequestLimitError(QueryError):
    """One request field is too large or malformed; ``field`` names it for the edges."""

    def __init__(self, field: str, detail: str) -> None:
        self.field = field
        super().__init__(f"{field}: {detail}")


class MissingFieldError(QueryError):
    """The request lacks a field it needs here; ``field`` names it for the edges."""

    def __init__(self, field: str, detail: str) -> None:
        self.field = field
        super().__init__(detail)


class GenerationError(CopilotError):
    """The LLM backend failed."""


class AccessError(CopilotError):
    """Authentication or authorisation failed (edges answer 401 / 403)."""


class NotAuthenticatedError(AccessError):
    """No valid login, session or API token."""


class ForbiddenError(AccessError):
    """The caller's role may not do this action."""

    def __init__(self, user: str, role: str, action: str) -> None:
        self.action = action
        super().__init__(f"user '{user}' (role {role}) may not {action}")


class RateLimitedError(AccessError):
    """Over the per-user request rate; ``retry_after`` is the wait in whole seconds."""

    def __init__(self, detail: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(detail)
