"""The fair generation queue with threads: FIFO within a user, round robin between users,
depth and in-flight visible, and a stream closed early (a client gone mid-answer) frees its slot."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

import pytest

from copilot.core.errors import GenerationError
from copilot.generation.base import ChatMessage, GenerationParams, Generator
from copilot.generation.queue import GenerationQueue, generating_as
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.unit
WAIT_S = 60.0  # a safety bound for a broken queue, never a timing assertion


class GatedGenerator(Generator):
    """Each generation records its label, then waits for its gate before replying."""

    name = "gated"

    def __init__(self) -> None:
        self.started: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def gate(self, label: str) -> threading.Event:
        with self._lock:
            return self.gates.setdefault(label, threading.Event())

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        label = messages[-1].content
        self.started.append(label)
        assert self.gate(label).wait(WAIT_S)
        yield label
        yield "."


def until(check: Callable[[], bool]) -> None:
    """Wait (bounded) for a state another thread brings about."""
    done = threading.Event()
    for _ in range(int(WAIT_S / 0.01)):
        if check():
            return
        done.wait(0.01)
    raise AssertionError("the queue never reached the expected state")


def submit(queue: GenerationQueue, label: str, user: str, out: dict[str, str]) -> threading.Thread:
    def work() -> Iterator[str]:
        yield "".join(queue.stream([ChatMessage("user", label)], GenerationParams()))

    def run() -> None:
        for text in generating_as(user, work()):  # named while it generates, as in the service
            out[label] = text

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def run_in_turn(gen: GatedGenerator, queue: GenerationQueue, labels: list[str]) -> None:
    """Release the running generation, then each next one as it starts."""
    for label in labels:
        until(lambda label=label: label in gen.started)  # type: ignore[misc]
        gen.gate(label).set()


def test_one_user_is_served_first_come_first_served() -> None:
    gen = GatedGenerator()
    queue = GenerationQueue(gen)
    out: dict[str, str] = {}
    threads = [submit(queue, "a", "ann", out)]
    until(lambda: gen.started == ["a"])
    for n, label in enumerate(["b", "c", "d"], start=1):
        threads.append(submit(queue, label, "ann", out))
        until(lambda n=n: queue.stats().depth == n)  # type: ignore[misc]
    stats = queue.stats()
    assert (stats.slots, stats.in_flight, stats.depth, stats.waiting_users) == (1, 1, 3, 1)
    run_in_turn(gen, queue, ["a", "b", "c", "d"])
    for t in threads:
        t.join(WAIT_S)
    assert gen.started == ["a", "b", "c", "d"]
    assert out == {x: f"{x}." for x in "abcd"}
    stats = queue.stats()
    assert (stats.in_flight, stats.depth, stats.served) == (0, 0, 4)


def test_users_take_turns_so_a_busy_user_does_not_starve_others() -> None:
    gen = GatedGenerator()
    queue = GenerationQueue(gen)
    out: dict[str, str] = {}
    threads = [submit(queue, "first", "script", out)]
    until(lambda: gen.started == ["first"])
    for n, (label, user) in enumerate([("s1", "script"), ("s2", "script"), ("s3", "script"),
                                       ("ann", "ann"), ("bo", "bo")], start=1):
        threads.append(submit(queue, label, user, out))
        until(lambda n=n: queue.stats().depth == n)  # type: ignore[misc]
    assert queue.stats().waiting_users == 3
    run_in_turn(gen, queue, ["first", "s1", "ann", "bo", "s2", "s3"])
    for t in threads:
        t.join(WAIT_S)
    # plain FIFO would have served s1, s2, s3 before ann and bo
    assert gen.started == ["first", "s1", "ann", "bo", "s2", "s3"]


def test_two_slots_run_two_generations_at_once() -> None:
    gen = GatedGenerator()
    queue = GenerationQueue(gen, slots=2)
    out: dict[str, str] = {}
    threads = [submit(queue, x, x, out) for x in ("a", "b")]
    until(lambda: sorted(gen.started) == ["a", "b"])
    threads.append(submit(queue, "c", "c", out))
    until(lambda: queue.stats().depth == 1)
    assert queue.stats().in_flight == 2
    gen.gate("b").set()
    until(lambda: "c" in gen.started)
    gen.gate("a").set()
    gen.gate("c").set()
    for t in threads:
        t.join(WAIT_S)
    assert out == {"a": "a.", "b": "b.", "c": "c."}


def test_a_stream_closed_mid_answer_frees_its_slot() -> None:
    gen = ScriptedGenerator("Tighten the housing bolts to 25 Nm in a star pattern.")
    queue = GenerationQueue(gen)
    first = queue.stream([ChatMessage("user", "q1")], GenerationParams())
    assert next(first)  # generating: holds the only slot
    assert queue.stats().in_flight == 1
    out: dict[str, str] = {}
    done = threading.Event()

    def second() -> None:
        out["text"] = queue.complete([ChatMessage("user", "q2")], GenerationParams())
        done.set()

    t = threading.Thread(target=second, daemon=True)
    t.start()
    until(lambda: queue.stats().depth == 1)
    assert not done.is_set()  # waits for the slot the first stream holds
    first.close()  # the client went away
    assert done.wait(WAIT_S)
    t.join(WAIT_S)
    assert out["text"].startswith("Tighten")
    assert queue.stats().in_flight == 0


def test_an_abandoned_stream_frees_its_slot_when_collected() -> None:
    queue = GenerationQueue(ScriptedGenerator("One. Two. Three."))
    stream = queue.stream([ChatMessage("user", "q")], GenerationParams())
    next(stream)
    del stream  # dropped without close(), as a server does with a disconnected client's stream
    assert queue.stats().in_flight == 0
    assert queue.complete([ChatMessage("user", "q")], GenerationParams()) == "One. Two. Three."


def test_the_queue_wears_the_backends_name_and_flags() -> None:
    gen = ScriptedGenerator("x")
    gen.grounded_generation, gen.capable, gen.prompt_style = False, False, "small"
    queue = GenerationQueue(gen)
    assert (queue.name, queue.model_id, queue.grounded_generation, queue.capable,
            queue.prompt_style) == ("scripted", "scripted-fake", False, False, "small")
    assert queue.prompts is gen.prompts  # other attributes are the backend's


class FailingGenerator(Generator):
    """Writes one piece, then the backend fails (a server gone, a prompt over the context)."""

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        yield "Tighten"
        raise GenerationError("the generator server closed the stream")


def test_a_failing_backend_frees_its_slot_and_the_error_reaches_the_caller() -> None:
    queue = GenerationQueue(FailingGenerator())
    for _ in range(2):  # the second call would wait forever on a leaked slot
        with pytest.raises(GenerationError, match="closed the stream"):
            queue.complete([ChatMessage("user", "q")], GenerationParams())
    assert queue.stats().in_flight == 0 and queue.stats().served == 2
