"""HTTP edge: a FastAPI app over the Copilot service (the UI mounts on the same app).

POST /api/ask     JSON answer, or server-sent events when ``stream`` is true:
                  ``event: delta`` {"text"} ... then ``event: answer`` {answer JSON}
POST /api/search  hybrid search, same JSON as ``copilot search --json``
GET  /api/health  liveness, what is indexed, the model, the start-up generator check

Malformed or oversized input is a 4xx naming the field, never a 500: 422 for a field over its
limit (``{"error", "field", "detail"}``, limits in copilot/limits.py) or of the wrong shape
(FastAPI's ``detail[].loc``), 413 for a body too large to be a valid request at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from copilot.answering.request import Ask, Mode, RouteChoice, where_of
from copilot.core.errors import (
    CopilotError,
    GenerationError,
    IndexUnavailableError,
    QueryError,
    RequestLimitError,
)
from copilot.core.messages import message
from copilot.serialize import answer_to_json, hit_to_json

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


def _status_code(exc: CopilotError) -> int:
    if isinstance(exc, RequestLimitError):
        return 422
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, GenerationError):
        return 502
    if isinstance(exc, IndexUnavailableError):
        return 503
    return 500


def _model_name(copilot: Copilot) -> str | None:
    """The configured model's short name (resolving it reads no weights), None if it has none."""
    try:
        gen = copilot.generator
    except CopilotError:
        return None
    return str(getattr(gen, "model_name", "") or gen.model_id) or None


def create_app(copilot: Copilot, with_ui: bool = False,
               generator_check: GeneratorProbe | None = None) -> FastAPI:
    """The API (+ UI); ``generator_check`` is the start-up check's result, shown by /api/health."""
    from fastapi import FastAPI, Request
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
        if isinstance(exc, RequestLimitError):
            body["field"] = exc.field
        return JSONResponse(body, status_code=_status_code(exc))

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

    @app.middleware("http")
    async def _body_limit(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length", "")
        if request.url.path.startswith("/api/") and size.isdigit() and int(size) > max_body:
            detail = message("api.body_too_large", size=f"{int(size):,}", most=f"{max_body:,}")
            return JSONResponse({"error": "RequestLimitError", "field": "body", "detail": detail},
                                status_code=413)
        return await call_next(request)

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        counts = copilot.catalog.chunk_counts()
        return {"status": "ok", "chunks": counts, "embedder": copilot.settings.embedder,
                "generator": copilot.settings.generator, "model": _model_name(copilot),
                "generator_check": None if generator_check is None else {
                    "ok": generator_check.ok, "detail": generator_check.detail,
                    "fix": generator_check.fix}}

    @app.post("/api/search")
    def search(req: SearchRequest) -> dict[str, Any]:
        copilot.limits.check_search(req.query, req.where)
        res = copilot.search(req.query, req.k, where_of(req.where, kind=req.kind),
                             req.include_superseded)
        return {"query": res.query, "hits": [hit_to_json(h) for h in res.hits],
                "timings_ms": dict(res.timings_ms)}

    @app.post("/api/ask", response_model=None)
    def ask(req: AskRequest) -> dict[str, Any] | StreamingResponse:
        copilot.limits.check_ask(req.question, req.history, req.where)  # before any stream starts
        request = req.to_ask()
        if not req.stream:
            return answer_to_json(copilot.ask(request))
        return StreamingResponse(_sse(copilot.ask_stream(request)),
                                 media_type="text/event-stream")

    if with_ui:
        try:
            from ui.app import mount_ui
        except ImportError:  # the UI package is optional for API-only deployments
            pass
        else:
            app = mount_ui(app, copilot)
    return app


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
