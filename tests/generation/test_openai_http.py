"""OpenAI-compatible HTTP generator: SSE parsing and errors on a mock transport, then a real
llama.cpp server on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from copilot.core.errors import GenerationError
from copilot.generation.base import ChatMessage, GenerationParams
from copilot.generation.llama_cpp import default_model_path
from copilot.generation.openai_http import OpenAICompatGenerator
from evals.procs import stop

QUESTION = [ChatMessage("system", "Be brief."), ChatMessage("user", "Torque for M8?")]
PARAMS = GenerationParams(max_tokens=16, temperature=0.0, stop=("\n\n",), seed=3)


def chunk(content: str | None = None, finish: str | None = None) -> str:
    delta = {"content": content} if content is not None else {"role": "assistant"}
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    return "data: " + json.dumps({"object": "chat.completion.chunk", "choices": [choice]})


def sse(*lines: str) -> str:
    return "\n\n".join(lines) + "\n\n"


def mock(handler: Callable[[httpx.Request], httpx.Response], base: str = "http://llm.test:8080"
         ) -> OpenAICompatGenerator:
    return OpenAICompatGenerator(base, model="smol", api_key="k3y",
                                 transport=httpx.MockTransport(handler))


def replying(body: str, status: int = 200, content_type: str = "text/event-stream"
             ) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text=body, headers={"content-type": content_type})
    return handler


@pytest.mark.unit
class TestMockServer:
    def test_parses_server_sent_events_and_sends_openai_request(self) -> None:
        seen: list[httpx.Request] = []
        body = sse(chunk(), ": keep-alive", chunk("Tighten"), chunk(" to"), chunk(" 25 Nm"),
                   chunk(finish="stop"), "data: [DONE]")

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return replying(body)(request)

        gen = mock(handler)
        assert list(gen.stream(QUESTION, PARAMS)) == ["Tighten", " to", " 25 Nm"]
        request = seen[0]
        assert request.method == "POST"
        assert str(request.url) == "http://llm.test:8080/v1/chat/completions"
        assert request.headers["authorization"] == "Bearer k3y"
        sent = json.loads(request.content)
        assert sent == {
            "model": "smol", "stream": True, "temperature": 0.0, "max_tokens": 16,
            "stop": ["\n\n"], "seed": 3,
            "messages": [{"role": "system", "content": "Be brief."},
                         {"role": "user", "content": "Torque for M8?"}],
        }
        assert gen.model_id == "smol@http://llm.test:8080"

    @pytest.mark.parametrize("base", ["http://llm.test:8080", "http://llm.test:8080/",
                                      "http://llm.test:8080/v1", "http://llm.test:8080/v1/"])
    def test_base_url_with_or_without_v1(self, base: str) -> None:
        urls: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            urls.append(str(request.url))
            return replying(sse(chunk("ok", "stop"), "data: [DONE]"))(request)

        assert mock(handler, base).complete(QUESTION, PARAMS) == "ok"
        assert urls == ["http://llm.test:8080/v1/chat/completions"]

    def test_done_ends_the_stream(self) -> None:
        body = sse(chunk("a"), "data: [DONE]", chunk("never"))
        assert mock(replying(body)).complete(QUESTION, PARAMS) == "a"

    def test_finish_reason_without_done_is_accepted(self) -> None:
        body = sse(chunk("a"), chunk("b", "length"))
        assert mock(replying(body)).complete(QUESTION, PARAMS) == "ab"

    def test_stream_cut_before_the_answer_finished(self) -> None:
        with pytest.raises(GenerationError, match="closed the stream"):
            mock(replying(sse(chunk("a")))).complete(QUESTION, PARAMS)

    def test_malformed_event(self) -> None:
        with pytest.raises(GenerationError, match="malformed reply"):
            mock(replying(sse(chunk("a"), "data: {not json"))).complete(QUESTION, PARAMS)
        with pytest.raises(GenerationError, match="no 'choices'"):
            mock(replying(sse('data: {"object": "x"}'))).complete(QUESTION, PARAMS)

    def test_error_event_in_the_stream(self) -> None:
        body = sse(chunk("a"), 'data: {"error": {"message": "out of memory"}}')
        with pytest.raises(GenerationError, match="out of memory"):
            mock(replying(body)).complete(QUESTION, PARAMS)

    def test_http_error_carries_status_and_server_message(self) -> None:
        body = json.dumps({"error": {"message": "maximum context length is 512 tokens"}})
        with pytest.raises(GenerationError, match=r"HTTP 400: maximum context length is 512"):
            mock(replying(body, 400, "application/json")).complete(QUESTION, PARAMS)
        with pytest.raises(GenerationError, match=r"HTTP 404: model 'smol' not found"):
            mock(replying(json.dumps({"detail": "model 'smol' not found"}), 404,
                          "application/json")).complete(QUESTION, PARAMS)
        with pytest.raises(GenerationError, match=r"HTTP 502: Bad Gateway"):
            mock(replying("", 502, "text/plain")).complete(QUESTION, PARAMS)

    def test_non_streaming_json_reply(self) -> None:
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": "25 Nm"}}]})
        gen = mock(replying(body, 200, "application/json"))
        assert list(gen.stream(QUESTION, PARAMS)) == ["25 Nm"]

    def test_connection_refused_says_what_to_do(self) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

        with pytest.raises(GenerationError, match=r"cannot reach the generator server at "
                           r"http://llm.test:8080 - is it running\? set COPILOT_SERVER_URL"):
            mock(refuse).complete(QUESTION, PARAMS)
        with pytest.raises(GenerationError, match="COPILOT_SERVER_URL"):
            mock(refuse).warm_up()

    def test_timeout(self) -> None:
        def slow(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("timed out", request=request)

        with pytest.raises(GenerationError, match="did not answer within 120 s"):
            mock(slow).complete(QUESTION, PARAMS)

    def test_warm_up_checks_models_endpoint(self) -> None:
        paths: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            paths.append(request.url.path)
            return httpx.Response(200, json={"object": "list", "data": []})

        gen = mock(handler)
        gen.warm_up()
        gen.close()
        assert paths == ["/v1/models"]
        with pytest.raises(GenerationError, match="HTTP 401 to /v1/models: bad key"):
            mock(replying('{"error": {"message": "bad key"}}', 401, "application/json")).warm_up()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.unit
def test_real_connection_refused_on_loopback() -> None:
    gen = OpenAICompatGenerator(f"http://127.0.0.1:{free_port()}/v1", timeout=5)
    with pytest.raises(GenerationError, match="cannot reach the generator server"):
        gen.complete(QUESTION, PARAMS)


def wait_until_ready(proc: subprocess.Popen[bytes], url: str, log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/v1/models", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"llama_cpp.server not ready after {limit} s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("llama_cpp.server.app", reason="needs llama-cpp-python's server extras")
    log = tmp_path_factory.mktemp("server") / "server.log"
    url = f"http://127.0.0.1:{free_port()}"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(default_model_path()),
           "--host", "127.0.0.1", "--port", url.rsplit(":", 1)[1], "--n_ctx", "512"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(proc, url, log, limit=60)
        yield url
    finally:
        stop(proc, 15)


@pytest.mark.integration
class TestLlamaCppServer:
    def test_streams_a_chat_completion(self, llama_server: str) -> None:
        gen = OpenAICompatGenerator(llama_server + "/v1")
        try:
            gen.warm_up()
            pieces = list(gen.stream([ChatMessage("user", "Say hello to the operator.")],
                                     GenerationParams(max_tokens=12, temperature=0.0)))
        finally:
            gen.close()
        assert len(pieces) >= 3
        assert "".join(pieces).strip()

    def test_prompt_over_the_server_context_is_a_clear_error(self, llama_server: str) -> None:
        # llama_cpp.server starts a 200 event stream, then drops it when the prompt overflows.
        gen = OpenAICompatGenerator(llama_server)
        with pytest.raises(GenerationError, match="closed the stream before the answer finished"):
            gen.complete([ChatMessage("user", "bolt " * 700)], PARAMS)
        gen.close()
