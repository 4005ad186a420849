"""HTTP edge: a FastAPI app over the Copilot service (the UI mounts on the same app).

POST /api/ask     JSON answer, or server-sent events when ``stream`` is true:
                  ``event: delta`` {"text"} ... then ``event: answer`` {answer JSON}
POST /api/search  hybrid search, same JSON as ``copilot search --json``
GET  /api/health  liveness, what is indexed, the model, the start-up generator check and the
                  generation queue (slots, in flight, depth, wait last / p95 ms)
POST /v1/chat/completions, GET /v1/models  OpenAI-compatible (copilot/api_openai.py)
POST /api/feedback, GET /api/source/{chunk_id}; documents, learning, PFMEA, users and audit in
copilot/api_routes.py; login, logout and who-am-I in copilot/webauth.py + api_routes.py.

Every route needs a principal once accounts exist (copilot/webauth.py: session cookie, Bearer
token or a trusted proxy header; 401 without one) and checks its action on the server (403);
errors come from the one exception tree (401, 403, 429 with Retry-After, 422 naming the field).

Malformed or oversized input is a 4xx naming the field, never a 500: 422 for a field over its
limit (``{"error", "field", "detail"}``, limits in copilot/limits.py) or of the wrong shape
(FastAPI's ``detail[].loc``), 413 for a body too large to be a valid request at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Request
from pydantic import BaseModel, Field

from copilot.answering.request import Ask, Mode, RouteChoice, where_of
from copilot.core.errors import (
    CopilotError,
    ForbiddenError,
    GenerationError,
    IndexUnavailableError,
    MissingFieldError,
    NotAuthenticatedError,
    QueryError,
    RateLimitedError,
    RequestLimitError,
)
from copilot.core.messages import message
from copilot.serialize import answer_to_json, chunk_to_json, hit_to_json
from copilot.sources import source_to_json
from copilot.webauth import AccessMiddleware, WebAuth, caller

if TYPE_CHECKING:
    from fastapi import FastAPI

    from copilot.answering.answerer import AnswerEvent
    from copilot.generation.probe import GeneratorProbe
    from copilot.service import Copilot

Kind = Literal["work_instruction", "pfmea", "maintenance_log"]


class AskRequest(BaseModel):
    question: str = Field(min_length=1)
    history: list[str] = Field(default_factory=list, description="previous questions, oldest first")
    kind: Kind | None = None
    where: dict[str, str | int | float | bool] = Field(default_factory=dict)
    include_superseded: bool = False
    mode: Mode = "auto"
    route: RouteChoice = "auto"
    stream: bool = False

    def to_ask(self) -> Ask:
        return Ask(self.question, tuple(self.history), where_of(self.where, kind=self.kind),
                   self.include_superseded, self.mode, self.route)


class SearchRequest(BaseModel):
    query: str = Field(min_length=1)
    k: int = Field(default=10, ge=1, le=100)
    kind: Kind | None = None
    where: dict[str, str | int | float | bool] = Field(default_factory=dict)
    include_superseded: bool = False


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=20000)
    answer: dict[str, Any] = Field(default_factory=dict)
    verdict: Literal["up", "down"]
    comment: str = Field(default="", max_length=2000)


_STATUS: tuple[tuple[type[CopilotError], int], ...] = (
    (NotAuthenticatedError, 401), (ForbiddenError, 403), (RateLimitedError, 429),
    (RequestLimitError, 422), (MissingFieldError, 422), (QueryError, 400),
    (GenerationError, 502), (IndexUnavailableError, 503))


def _status_code(exc: CopilotError) -> int:
    for kind, code in _STATUS:
        if isinstance(exc, kind):
            return code
    return 500


def _model_name(copilot: Copilot) -> str | None:
    """The configured model's short name (resolving it reads no weights), None if it has none."""
    try:
        gen = copilot.generator
    except CopilotError:
        return None
    return str(getattr(gen, "model_name", "") or gen.model_id) or None


def _queue_stats(copilot: Copilot) -> dict[str, Any] | None:
    """The generation queue: slots, in flight, waiting (depth) and wait times (last / p95)."""
    try:
        return copilot.generation_queue.stats().to_dict()
    except CopilotError:  # a generator that cannot be made (e.g. no server URL) has no queue
        return None


def create_app(copilot: Copilot, with_ui: bool = False,
               generator_check: GeneratorProbe | None = None) -> FastAPI:
    """The API (+ UI); ``generator_check`` is the start-up check's result, shown by /api/health."""
    from fastapi import FastAPI
    from fastapi.encoders import jsonable_encoder
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response, StreamingResponse

    # docs_url/redoc_url off: Swagger UI would load its assets from a CDN (the plant network is
    # closed); the schema itself stays at /openapi.json.
    app = FastAPI(title="Floor Copilot", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Plant documents in, cited answers out. Local only.")

    @app.exception_handler(CopilotError)
    async def _copilot_error(_: Request, exc: CopilotError) -> JSONResponse:
        body = {"error": type(exc).__name__, "detail": str(exc)}
        if isinstance(exc, RequestLimitError | MissingFieldError):
            body["field"] = exc.field
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(
            exc, RateLimitedError) else ({"WWW-Authenticate": "Bearer"} if isinstance(
                exc, NotAuthenticatedError) else None)
        return JSONResponse(body, status_code=_status_code(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        # FastAPI's own handler echoes the input as UTF-8, which fails (500) on a lone
        # surrogate such as "\ud800"; ASCII-escaped JSON can carry any input back.
        body = json.dumps({"detail": jsonable_encoder(exc.errors())}, ensure_ascii=True)
        return Response(body, status_code=422, media_type="application/json")

    limits = copilot.limits
    # Generous: every field at its limit, JSON-escaped (\uXXXX is 6 bytes a character).
    max_body = 6 * (limits.question_chars + limits.history_chars
                    + limits.filters * (40 + limits.filter_value_chars)) + 65536
    # uploads (documents, a PFMEA workbook to review): every file at its limit, plus framing
    max_upload = int(copilot.settings.max_file_mb * 1e6 * copilot.settings.max_upload_files
                     ) + 65536
    web = WebAuth(copilot)

    def body_limit(path: str) -> int | None:
        if path in ("/api/documents", "/api/pfmea/review"):
            return max_upload
        if path.startswith("/v1/"):  # OpenAI clients resend the assistant's turns (ignored)
            return 4 * max_body
        if path.startswith("/api/") or path in ("/login", "/logout"):
            return max_body
        return None

    @app.middleware("http")
    async def _body_limit(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length", "")
        most = body_limit(request.url.path)
        if most is not None and size.isdigit() and int(size) > most:
            detail = message("api.body_too_large", size=f"{int(size):,}", most=f"{most:,}")
            return JSONResponse({"error": "RequestLimitError", "field": "body", "detail": detail},
                                status_code=413)
        return await call_next(request)

    @app.get("/api/health")
    def health(request: Request) -> dict[str, Any]:
        # counts through the scoped status: only chunks the caller's labels may read
        counts = copilot.status(caller(request))["chunks"]
        return {"status": "ok", "chunks": counts, "embedder": copilot.settings.embedder,
                "generator": copilot.settings.generator, "model": _model_name(copilot),
                "generator_check": None if generator_check is None else {
                    "ok": generator_check.ok, "detail": generator_check.detail,
                    "fix": generator_check.fix},
                "generation": _queue_stats(copilot)}

    @app.post("/api/search")
    def search(req: SearchRequest, request: Request) -> dict[str, Any]:
        copilot.limits.check_search(req.query, req.where)
        res = copilot.search(req.query, req.k, where_of(req.where, kind=req.kind),
                             req.include_superseded, principal=caller(request))
        return {"query": res.query, "hits": [hit_to_json(h) for h in res.hits],
                "timings_ms": dict(res.timings_ms)}

    @app.post("/api/ask", response_model=None)
    def ask(req: AskRequest, request: Request) -> dict[str, Any] | StreamingResponse:
        principal = caller(request)
        copilot.limits.check_ask(req.question, req.history, req.where)  # before any stream starts
        question = req.to_ask()
        if not req.stream:
            return answer_to_json(copilot.ask(question, principal))
        events = copilot.ask_stream(question, principal)
        first = next(events, None)  # refused (401/403) before the stream starts, not inside it
        return StreamingResponse(_sse(_chain(first, events)), media_type="text/event-stream")

    @app.post("/api/feedback")
    def feedback(req: FeedbackRequest, request: Request) -> dict[str, Any]:
        copilot.record_feedback(req.question, req.answer, req.verdict, req.comment,
                                principal=caller(request))
        return {"saved": True}

    @app.get("/api/source/{chunk_id}")
    def source(chunk_id: str, request: Request) -> dict[str, Any]:
        # a chunk the caller may not read is reported exactly as a missing one (QueryError)
        ctx = copilot.source(chunk_id, caller(request))
        viewer = source_to_json(ctx)
        return {**chunk_to_json(ctx.chunk),
                **{k: viewer[k] for k in ("access", "injection", "injected_lines", "before",
                                          "after", "document")}}

    from copilot.api_routes import add_routes

    add_routes(app, copilot, web)
    from copilot.api_openai import add_openai_routes

    add_openai_routes(app, copilot)  # /v1/chat/completions and /v1/models for OpenAI clients

    if with_ui:
        try:
            from ui.app import mount_ui
        except ImportError:  # the UI package is optional for API-only deployments
            pass
        else:
            app = mount_ui(app, copilot, web)
    app.add_middleware(AccessMiddleware, web=web)  # outermost: every route, Gradio's included
    return app


def _chain(first: AnswerEvent | None, rest: Iterator[AnswerEvent]) -> Iterator[AnswerEvent]:
    if first is not None:
        yield first
    yield from rest


def _sse(events: Iterator[AnswerEvent]) -> Iterator[str]:
    try:
        for ev in events:
            if ev.answer is not None:
                yield f"event: answer\ndata: {json.dumps(answer_to_json(ev.answer), ensure_ascii=False)}\n\n"
            else:
                yield f"event: delta\ndata: {json.dumps({'text': ev.text}, ensure_ascii=False)}\n\n"
    except CopilotError as exc:
        payload = {"error": type(exc).__name__, "detail": str(exc)}
        yield f"event: error\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"
