"""One typed, validated settings object.

Sources, later wins: built-in defaults < TOML file < ``COPILOT_*`` environment variables.
The TOML file is ``$COPILOT_CONFIG`` if set, else ``$COPILOT_HOME/config.toml`` if it exists.
Nothing here touches the filesystem or the environment at import time.

| setting            | env var                    | default                              |
|--------------------|----------------------------|--------------------------------------|
| home               | COPILOT_HOME               | platform user data dir/floor-copilot |
| embedder           | COPILOT_EMBEDDER           | e5-small (multilingual)              |
| keyword_engine     | COPILOT_KEYWORD_ENGINE     | bm25s                                |
| vector_index       | COPILOT_VECTOR_INDEX       | chroma                               |
| chroma_url         | COPILOT_CHROMA_URL         | (unset: embedded index under home);  |
|                    |                            | http://HOST:PORT of a `chroma run`   |
| chroma_collection  | COPILOT_CHROMA_COLLECTION  | (unset: a name made once per home and|
|                    |                            | kept in its catalog)                 |
| bm25_weight        | COPILOT_BM25_WEIGHT        | 1.0                                  |
| vector_weight      | COPILOT_VECTOR_WEIGHT      | 0.3 (measured, evals/README.md)     |
| rrf_k              | COPILOT_RRF_K              | 20                                   |
| max_file_mb        | COPILOT_MAX_FILE_MB        | 50                                   |
| max_chunk_chars    | COPILOT_MAX_CHUNK_CHARS    | 1500                                 |
| max_unzipped_mb    | COPILOT_MAX_UNZIPPED_MB    | 200 (.docx/.xlsx inflated size)      |
| max_zip_ratio      | COPILOT_MAX_ZIP_RATIO      | 100 (inflated / packed, above 1 MB)  |
| max_chunks_per_file| COPILOT_MAX_CHUNKS_PER_FILE| 20000 (steps, sections or rows)      |
| max_pdf_pages      | COPILOT_MAX_PDF_PAGES      | 2000 (counted before parsing)        |
| index_duplicates   | COPILOT_INDEX_DUPLICATES   | 0: a copy of an indexed file (same   |
|                    |                            | bytes or same content) is reported   |
| embed_batch_size   | COPILOT_EMBED_BATCH_SIZE   | 32                                   |
| embed_compact      | COPILOT_EMBED_COMPACT      | 1: a work-order row is embedded as its |
|                    |                            | compact text, each distinct text once|
| translate_queries  | COPILOT_TRANSLATE_QUERIES  | 0: 1 = a Korean question is also searched as |
|                    |                            | a capable model's English translation        |
| table_model_plans  | COPILOT_TABLE_MODEL_PLANS  | 0: 1 = a capable model plans a table question|
|                    |                            | the rules cannot (3 of 4 plans wrong)        |
| model_followups    | COPILOT_MODEL_FOLLOWUPS    | 0: 1 = a capable model rewrites a follow-up |
|                    |                            | the condensing rule cannot (measured: no gain)|
| model_pfmea_reword | COPILOT_MODEL_PFMEA_REWORD | 0: 1 = PFMEA drafts are reworded by a capable|
|                    |                            | model unless the call says (2 of 16 wrong)   |
| model_quiz         | COPILOT_MODEL_QUIZ         | 0: 1 = quizzes add a capable model's checked |
|                    |                            | free-form questions (1 of 7 kept wrong)      |
| generator          | COPILOT_GENERATOR          | llama-cpp                            |
| model              | COPILOT_MODEL              | auto = largest packaged model that is |
|                    |                            | assembled and fits RAM (qwen2.5-1.5b, |
|                    |                            | qwen2.5-0.5b, smollm2) or a .gguf path|
| model_path         | COPILOT_MODEL_PATH         | (unset; a .gguf path, wins over model)|
| server_url         | COPILOT_SERVER_URL         | (unset; OpenAI-compatible base URL)  |
| server_model       | COPILOT_SERVER_MODEL       | default                              |
| server_slots       | COPILOT_SERVER_SLOTS       | 1 generation at once per server URL (its parallel slots; |
|                    |                            | server_url may list several URLs, comma-separated) |
| n_ctx              | COPILOT_N_CTX              | 4096                                 |
| context_tokens     | COPILOT_CONTEXT_TOKENS     | 1200                                 |
| max_answer_tokens  | COPILOT_MAX_ANSWER_TOKENS  | 256                                  |
| server_api_key     | COPILOT_SERVER_API_KEY     | (unset)                              |
| n_threads          | COPILOT_N_THREADS          | 0 = llama.cpp default (half the cores)|
| host / port        | COPILOT_HOST / COPILOT_PORT| 127.0.0.1 / 8000                     |
| max_question_chars | COPILOT_MAX_QUESTION_CHARS | 2000 (also a search query)           |
| max_history_items  | COPILOT_MAX_HISTORY_ITEMS  | 20 earlier questions per request     |
| max_history_chars  | COPILOT_MAX_HISTORY_CHARS  | 8000 characters of history in all    |
| max_filters        | COPILOT_MAX_FILTERS        | 8 ``where`` filters per request      |
| max_filter_value_chars | COPILOT_MAX_FILTER_VALUE_CHARS | 200 per filter value         |
| max_upload_files   | COPILOT_MAX_UPLOAD_FILES   | 50 files per UI upload (each under max_file_mb) |
| ui_concurrency     | COPILOT_UI_CONCURRENCY     | 4 questions (and 2 PFMEA drafts) answered at once in the UI |
| controlled_roots   | COPILOT_CONTROLLED_ROOTS   | (unset; folders, separated by the OS path separator, whose |
|                    |                            | files may supersede a current revision without approval) |
| auth               | COPILOT_AUTH               | auto: a login is required once an account exists |
|                    |                            | (or a proxy header is set); required: always      |
| auth_proxy_header  | COPILOT_AUTH_PROXY_HEADER  | (unset; e.g. X-Remote-User from a trusted proxy)  |
| auth_proxy_ips     | COPILOT_AUTH_PROXY_IPS     | 127.0.0.1,::1 (addresses allowed to send it)       |
| auth_proxy_provision | COPILOT_AUTH_PROXY_PROVISION | 0: the proxy's user must exist; 1: created as technician |
| session_hours      | COPILOT_SESSION_HOURS      | 12 (a login lasts one shift)                       |
| cookie_secure      | COPILOT_COOKIE_SECURE      | 0 (1 behind a TLS reverse proxy)                   |
| rate_per_minute    | COPILOT_RATE_PER_MINUTE    | 60 requests that do work, per user                 |
| rate_burst         | COPILOT_RATE_BURST         | 20 at once before the rate applies                 |
| audit_max_bytes    | COPILOT_AUDIT_MAX_BYTES    | 10000000: audit.jsonl rotates past this size       |
| ingest_roots       | COPILOT_INGEST_ROOTS       | (unset: no folder ingest from the UI / API); paths |
|                    |                            | separated by ':' or ','                            |
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from copilot.core.errors import ConfigError

ENV_PREFIX = "COPILOT_"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("floor-copilot", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Everything configurable; build it with :func:`load_settings`."""

    home: Path
    embedder: str = "e5-small"
    keyword_engine: str = "bm25s"
    vector_index: str = "chroma"
    chroma_url: str = ""
    chroma_collection: str = ""
    bm25_weight: float = 1.0
    vector_weight: float = 0.3
    rrf_k: int = 20
    max_file_mb: float = 50.0
    max_chunk_chars: int = 1500
    max_unzipped_mb: float = 200.0
    max_zip_ratio: float = 100.0
    max_chunks_per_file: int = 20000
    max_pdf_pages: int = 2000
    index_duplicates: bool = False
    translate_queries: bool = False
    table_model_plans: bool = False
    model_followups: bool = False
    model_pfmea_reword: bool = False
    model_quiz: bool = False
    embed_batch_size: int = 32
    embed_compact: bool = True  # work-order rows embed their compact text (store/embedding.py)
    generator: str = "llama-cpp"
    model: str = "auto"
    model_path: str = ""
    server_url: str = ""
    server_model: str = "default"
    server_slots: int = 1
    server_api_key: str = ""
    n_ctx: int = 4096
    context_tokens: int = 1200
    max_answer_tokens: int = 256
    n_threads: int = 0
    host: str = "127.0.0.1"
    port: int = 8000
    max_question_chars: int = 2000
    max_history_items: int = 20
    max_history_chars: int = 8000
    max_filters: int = 8
    max_filter_value_chars: int = 200
    max_upload_files: int = 50
    ui_concurrency: int = 4
    auth: str = "auto"
    auth_proxy_header: str = ""
    auth_proxy_ips: str = "127.0.0.1,::1"
    auth_proxy_provision: bool = False
    session_hours: float = 12.0
    cookie_secure: bool = False
    rate_per_minute: float = 60.0
    rate_burst: int = 20
    audit_max_bytes: int = 10_000_000
    ingest_roots: str = ""
    controlled_roots: str = ""

    @property
    def controlled_folders(self) -> tuple[Path, ...]:
        """The document-control folders: a new revision from one of them supersedes at once."""
        return tuple(Path(os.path.expanduser(p.strip())).resolve()
                     for p in self.controlled_roots.split(os.pathsep) if p.strip())

    # Derived locations under home (created by the components that write them, never here).
    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def catalog_path(self) -> Path:
        return self.home / "index" / "catalog.sqlite"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def accounts_path(self) -> Path:
        return self.home / "accounts.sqlite"

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders the UI / API may ingest from (``COPILOT_INGEST_ROOTS``), resolved."""
        parts = (p.strip() for p in re.split(r"[,:]", self.ingest_roots))
        return tuple(Path(os.path.expanduser(p)).resolve() for p in parts if p)

    @property
    def proxy_ips(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.auth_proxy_ips.split(",") if p.strip())

    def validate(self) -> Settings:
        """Raise ConfigError naming the first bad field."""
        positive = ("rrf_k", "max_file_mb", "max_chunk_chars", "embed_batch_size", "n_ctx",
                    "context_tokens", "max_answer_tokens", "port", "max_question_chars",
                    "max_history_items", "max_history_chars", "max_filters",
                    "max_filter_value_chars", "max_upload_files", "max_unzipped_mb",
                    "max_zip_ratio", "max_chunks_per_file", "max_pdf_pages", "ui_concurrency",
                    "server_slots", "session_hours", "rate_per_minute", "rate_burst", "audit_max_bytes")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ConfigError(f"setting '{name}' must be > 0 (got {getattr(self, name)!r})")
        if self.bm25_weight < 0 or self.vector_weight < 0 or (
            self.bm25_weight == 0 and self.vector_weight == 0
        ):
            raise ConfigError("settings 'bm25_weight' and 'vector_weight' must be >= 0, not both 0")
        if self.chroma_url and not re.match(r"https?://[^/\s]+/?$", self.chroma_url):
            raise ConfigError(f"setting 'chroma_url' (COPILOT_CHROMA_URL) must be http://HOST:PORT"
                              f" (got {self.chroma_url!r})")
        if self.chroma_collection and not re.fullmatch(
                r"[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]", self.chroma_collection):
            raise ConfigError("setting 'chroma_collection' must be 3-512 letters, digits, '.', '_'"
                              f" or '-', starting and ending with a letter or digit (got "
                              f"{self.chroma_collection!r})")
        if self.auth not in ("auto", "required"):
            raise ConfigError(f"setting 'auth' (COPILOT_AUTH) must be 'auto' or 'required' "
                              f"(got {self.auth!r})")
        return self


def _coerce(name: str, raw: Any, target: Any) -> Any:
    """Convert a TOML/env value to the field's type, naming the field on failure."""
    try:
        if target is Path or target == "Path":
            return Path(os.path.expanduser(str(raw)))
        if target in (bool, "bool"):
            return _boolean(raw)
        if target in (int, "int"):
            return int(raw)
        if target in (float, "float"):
            return float(raw)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting '{name}': cannot read {raw!r} as {target}") from exc


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{raw!r} is not a yes/no value (use 1/0, true/false)")


def load_settings(
    env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Defaults < TOML < env < explicit overrides, validated."""
    env = os.environ if env is None else env
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    home_raw = env.get(ENV_PREFIX + "HOME")
    home = _coerce("home", home_raw, Path) if home_raw else default_home()
    config_path = Path(env[ENV_PREFIX + "CONFIG"]) if env.get(ENV_PREFIX + "CONFIG") else (
        home / "config.toml"
    )
    if config_path.is_file():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {config_path}: {exc}") from exc
        table = data.get("copilot", data)
        for key, raw in table.items():
            if key not in types:
                raise ConfigError(f"config file {config_path}: unknown setting '{key}'")
            values[key] = _coerce(key, raw, types[key])
    elif env.get(ENV_PREFIX + "CONFIG"):
        raise ConfigError(f"COPILOT_CONFIG points at {config_path}, which does not exist")
    for name, typ in types.items():
        raw = env.get(ENV_PREFIX + name.upper())
        if raw is not None and raw != "":
            values[name] = _coerce(name, raw, typ)
    values.setdefault("home", home)
    settings = Settings(**values)
    if overrides:
        unknown = set(overrides) - set(types)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        settings = replace(settings, **{k: _coerce(k, v, types[k]) for k, v in overrides.items()})
    return settings.validate()
