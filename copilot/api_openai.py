"""OpenAI-compatible edge, so a plant's own tools (chat front-ends, scripts, agents) can use the
copilot with any OpenAI client:

POST /v1/chat/completions  the last user message is the question, the earlier user messages its
                           history (system and assistant messages are ignored); the reply's
                           ``message.content`` is the cited answer with a "Sources:" list, and
                           ``citations`` (an extension) lists source, locator and quote.
                           ``stream: true`` sends ``chat.completion.chunk`` events, then
                           ``data: [DONE]``; the citations ride on the last chunk.
GET  /v1/models            one model, "floor-copilot".

The same access as ``/api/ask``: the access middleware finds the caller (Bearer token, session
or trusted proxy; 401 without one when logins are required), the service checks Action.ASK and
the request limits, and the answer is audited like any other.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Request
from pydantic import BaseModel, Field

from copilot.answering.request import Ask
from copilot.core.access import Action
from copilot.core.errors import CopilotError, MissingFieldError
from copilot.core.messages import message
from copilot.core.text import detect_language
from copilot.core.types import Answer
from copilot.service_features import authorize
from copilot.webauth import caller

if TYPE_CHECKING:
    from fastapi import FastAPI

    from copilot.answering.answerer import AnswerEvent
    from copilot.service import Copilot

MODEL = "floor-copilot"


class ChatTurn(BaseModel):
    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: str | None = ""


class ChatCompletionRequest(BaseModel):
    model: str = MODEL
    messages: list[ChatTurn] = Field(min_length=1)
    stream: bool = False

    def to_ask(self) -> Ask:
        users = [m.content or "" for m in self.messages if m.role == "user"]
        if self.messages[-1].role != "user" or not users[-1].strip():
            raise MissingFieldError("messages", message("api.no_user_message"))
        return Ask(users[-1], tuple(users[:-1]))


def citations_json(answer: Answer) -> list[dict[str, Any]]:
    return [{"n": c.n, "source": c.source, "locator": c.locator, "quote": c.quote,
             "doc_id": c.doc_id, "revision": c.revision} for c in answer.citations]


def sources_block(answer: Answer, question: str) -> str:
    """The answer's sources as the text a chat client shows under it."""
    if not answer.citations:
        return ""
    lines = [f"[{c.n}] {c.source}, {c.locator}" for c in answer.citations]
    return "\n\n" + message("api.sources", detect_language(question)) + "\n" + "\n".join(lines)


def completion_json(answer: Answer, question: str) -> dict[str, Any]:
    """A ``chat.completion`` object for one answer."""
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion",
            "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": answer.text + sources_block(answer, question)}}],
            "citations": citations_json(answer)}


def chunk_events(events: Iterator[AnswerEvent], question: str) -> Iterator[str]:
    """The answer stream as ``chat.completion.chunk`` server-sent events."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": MODEL}

    def event(delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
        body = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    try:
        for ev in events:
            if ev.answer is None:
                yield event({"content": ev.text})
                continue
            sources = sources_block(ev.answer, question)
            if sources:
                yield event({"content": sources})
            yield event({}, "stop", citations=citations_json(ev.answer))
    except CopilotError as exc:  # mid-stream: the status line has gone, so say it in the stream
        error = {"message": str(exc), "type": type(exc).__name__}
        yield f"data: {json.dumps({'error': error}, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


def add_openai_routes(app: FastAPI, copilot: Copilot) -> None:
    from fastapi.responses import StreamingResponse

    @app.get("/v1/models")
    def models(request: Request) -> dict[str, Any]:
        authorize(caller(request), Action.ASK)  # listed to whoever may ask it
        return {"object": "list", "data": [
            {"id": MODEL, "object": "model", "created": 0, "owned_by": "floor-copilot"}]}

    @app.post("/v1/chat/completions", response_model=None)
    def chat_completions(req: ChatCompletionRequest, request: Request
                         ) -> dict[str, Any] | StreamingResponse:
        principal = caller(request)
        ask = req.to_ask()
        copilot.limits.check_ask(ask.question, list(ask.history), ask.where)
        if not req.stream:
            return completion_json(copilot.ask(ask, principal), ask.question)
        events = copilot.ask_stream(ask, principal)
        first = next(events, None)  # refused (401/403) before the stream starts, not inside it
        return StreamingResponse(chunk_events(_chain(first, events), ask.question),
                                 media_type="text/event-stream")


def _chain(first: AnswerEvent | None, rest: Iterator[AnswerEvent]) -> Iterator[AnswerEvent]:
    if first is not None:
        yield first
    yield from rest
