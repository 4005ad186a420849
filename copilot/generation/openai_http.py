"""Generator for any OpenAI-compatible server (llama.cpp server, vLLM, Ollama) over streamed HTTP.

Talks ``POST {base}/v1/chat/completions`` with ``stream=true`` and reads server-sent events
(``data: {...}`` lines, ended by ``data: [DONE]``). The httpx transport is injectable, so tests
use ``httpx.MockTransport`` instead of a server.

Several servers (comma-separated base URLs, e.g. two ``llama_cpp.server`` processes, which run
one generation each) share the load: each request goes to the least busy one, ties in turn.
``slots_per_server`` is each server's parallel slots (llama.cpp ``llama-server -np``, vLLM's
batch); the fair queue (copilot/generation/queue.py) lets ``slots`` requests through at once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from copilot.core.errors import GenerationError
from copilot.generation.base import ChatMessage, GenerationParams, Generator


def api_root(base_url: str) -> str:
    """``http://host:port`` from a base URL given with or without a trailing ``/v1``."""
    root = base_url.strip().rstrip("/")
    return root.removesuffix("/v1")


def _error_message(response: httpx.Response) -> str:
    """The server's own explanation of an HTTP error, from OpenAI/FastAPI-style JSON or text."""
    try:
        body: Any = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason_phrase
    if isinstance(body, dict):
        err = body.get("error", body.get("detail", body))
        if isinstance(err, dict) and "message" in err:
            return str(err["message"])
        return str(err)[:300]
    return str(body)[:300]


class OpenAICompatGenerator(Generator):
    """Streams chat completions from an OpenAI-compatible HTTP server."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str = "default",
        api_key: str | None = None,
        timeout: float = 120,
        transport: httpx.BaseTransport | None = None,
        slots_per_server: int = 1,
    ) -> None:
        self.base_url = base_url
        self.roots = [api_root(u) for u in base_url.split(",") if u.strip()] or [api_root("")]
        self.root = self.roots[0]
        self.model = model
        self.model_id = f"{model}@{','.join(self.roots)}"
        self.slots = len(self.roots) * max(1, slots_per_server)
        self.served = dict.fromkeys(self.roots, 0)  # requests sent to each server
        self._busy = dict.fromkeys(self.roots, 0)
        self._turn = 0
        self._api_key = api_key
        self._timeout = timeout
        self._transport = transport
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()

    def _http(self, root: str | None = None) -> httpx.Client:
        root = root or self.root
        with self._lock:
            client = self._clients.get(root)
            if client is None:
                headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
                client = self._clients[root] = httpx.Client(
                    base_url=root, headers=headers, timeout=self._timeout,
                    transport=self._transport,
                )
            return client

    def _take(self) -> str:
        """The least busy server, ties in turn, counted busy until :meth:`_give_back`."""
        with self._lock:
            self._turn += 1
            order = self.roots[self._turn % len(self.roots):] + self.roots[:self._turn % len(
                self.roots)]
            root = min(order, key=self._busy.__getitem__)
            self._busy[root] += 1
            self.served[root] += 1
            return root

    def _give_back(self, root: str) -> None:
        with self._lock:
            self._busy[root] -= 1

    def _unreachable(self, exc: Exception) -> GenerationError:
        if isinstance(exc, httpx.TimeoutException):
            return GenerationError(
                f"the generator server at {self.base_url} did not answer within {self._timeout:g} s"
                " - is it overloaded? try a smaller model or a longer timeout"
            )
        if isinstance(exc, httpx.ConnectError):
            return GenerationError(
                f"cannot reach the generator server at {self.base_url} - is it running?"
                " set COPILOT_SERVER_URL"
            )
        return GenerationError(f"generator server at {self.base_url} failed: {exc}")

    def warm_up(self) -> None:
        """Check every server answers ``GET /v1/models``."""
        for root in self.roots:
            self._check(root)

    def _check(self, root: str) -> None:
        try:
            response = self._http(root).get("/v1/models")
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from exc
        if response.status_code >= 400:
            raise GenerationError(
                f"generator server at {self.base_url} answered HTTP {response.status_code}"
                f" to /v1/models: {_error_message(response)}"
            )

    def _payload(self, messages: Sequence[ChatMessage], params: GenerationParams) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "temperature": params.temperature,
            "max_tokens": params.max_tokens,
            "seed": params.seed,
        }
        if params.stop:
            payload["stop"] = list(params.stop)
        if params.json_schema is not None:  # llama.cpp server, vLLM and OpenAI accept this
            payload["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "output", "schema": dict(params.json_schema)}}
        return payload

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        root = self._take()
        try:
            yield from self._stream_from(root, messages, params)
        finally:
            self._give_back(root)

    def _stream_from(self, root: str, messages: Sequence[ChatMessage],
                     params: GenerationParams) -> Iterator[str]:
        url = "/v1/chat/completions"
        try:
            with self._http(root).stream("POST", url,
                                         json=self._payload(messages, params)) as response:
                if response.status_code >= 400:
                    response.read()
                    raise GenerationError(
                        f"generator server at {self.base_url} answered HTTP"
                        f" {response.status_code}: {_error_message(response)}"
                    )
                if response.headers.get("content-type", "").startswith("application/json"):
                    # Some servers ignore stream=true and send one JSON reply.
                    response.read()
                    event = _parse_event(response.text, self.base_url)
                    text = _text(_first_choice(event, self.base_url), "message")
                    if text:
                        yield text
                    return
                yield from self._read_events(response.iter_lines())
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from exc

    def _read_events(self, lines: Iterator[str]) -> Iterator[str]:
        finished = False
        for line in lines:
            if not line.startswith("data:"):
                continue  # blank separators, ": keep-alive" comments, "event:"/"id:" fields
            data = line[5:].strip()
            if data == "[DONE]":
                return
            choice = _first_choice(_parse_event(data, self.base_url), self.base_url)
            text = _text(choice, "delta")
            if text:
                yield text
            finished = finished or bool(choice.get("finish_reason"))
        if not finished:
            raise GenerationError(
                f"the generator server at {self.base_url} closed the stream before the answer"
                " finished - check the server log"
            )

    def close(self) -> None:
        with self._lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            client.close()


def _parse_event(data: str, base_url: str) -> dict[str, Any]:
    """One JSON event; server-reported errors and non-JSON become GenerationError."""
    try:
        event = json.loads(data)
    except ValueError:
        event = None
    if not isinstance(event, dict):
        raise GenerationError(
            f"malformed reply from the generator server at {base_url}: {data[:200]!r}"
            " - is COPILOT_SERVER_URL an OpenAI-compatible server?"
        )
    if "error" in event:
        err = event["error"]
        message = err.get("message", err) if isinstance(err, dict) else err
        raise GenerationError(f"generator server at {base_url} reported an error: {message}")
    return event


def _first_choice(event: dict[str, Any], base_url: str) -> dict[str, Any]:
    """``choices[0]`` of an event, or ``{}`` for an event without choices (e.g. usage only)."""
    choices = event.get("choices")
    if choices == []:
        return {}
    if not isinstance(choices, list) or not isinstance(choices[0], dict):
        raise GenerationError(
            f"malformed reply from the generator server at {base_url}: no 'choices' in"
            f" {str(event)[:200]}"
        )
    return choices[0]


def _text(choice: dict[str, Any], key: str) -> str:
    """The text in ``choice[key]["content"]`` (``delta`` when streaming, else ``message``)."""
    part = choice.get(key)
    text = part.get("content") if isinstance(part, dict) else None
    return str(text) if text else ""
