"""A fair queue in front of any Generator: at most ``slots`` generations run at once.

One llama.cpp context per process generates one answer at a time (an OpenAI-compatible server
has as many as its parallel slots), so generation requests wait here instead of piling up on a
lock. Fair: first come, first served within a user, and round robin between users, so a user
with many queued requests (a script, a busy terminal) does not starve the others. The user is
whoever :func:`generating_as` names around the call chain (the service sets it per question);
anonymous requests share one queue. A stream holds its slot until it finishes or is closed
(a client that disconnects mid-answer closes it), and ``stats()`` is what ``/api/health`` shows.
"""

from __future__ import annotations

import contextvars
import itertools
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from copilot.generation.base import ChatMessage, GenerationParams, Generator

T = TypeVar("T")
_USER: contextvars.ContextVar[str] = contextvars.ContextVar("generation_user", default="")
WAITS_KEPT = 200  # the p95 wait is over the last this many waits


def generating_as(user: str, events: Iterator[T]) -> Iterator[T]:
    """``events`` with ``user`` named as the generating user while each item is produced."""
    it = iter(events)
    try:
        while True:
            token = _USER.set(user)
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                _USER.reset(token)
            yield item
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True)
class QueueStats:
    """What /api/health reports about generation: slots, in flight, waiting, wait times."""

    slots: int
    in_flight: int
    depth: int  # requests waiting for a slot
    waiting_users: int
    served: int
    wait_last_ms: float
    wait_p95_ms: float

    def to_dict(self) -> dict[str, Any]:
        return {"slots": self.slots, "in_flight": self.in_flight, "depth": self.depth,
                "waiting_users": self.waiting_users, "served": self.served,
                "wait_last_ms": round(self.wait_last_ms, 1),
                "wait_p95_ms": round(self.wait_p95_ms, 1)}


@dataclass
class _Ticket:
    user: str
    number: int
    granted: bool = False


class GenerationQueue(Generator):
    """Wraps a Generator; its capability flags and name are the wrapped one's."""

    def __init__(self, inner: Generator, slots: int | None = None) -> None:
        self.inner = inner
        self.slots = max(1, slots if slots is not None else inner.slots)
        self.name = inner.name
        self.model_id = inner.model_id
        self.grounded_generation = inner.grounded_generation
        self.capable = inner.capable
        self.prompt_style = inner.prompt_style
        self._cond = threading.Condition()
        self._queues: OrderedDict[str, deque[_Ticket]] = OrderedDict()  # round-robin order
        self._numbers = itertools.count()
        self._in_flight = 0
        self._served = 0
        self._waits: deque[float] = deque(maxlen=WAITS_KEPT)

    def __getattr__(self, name: str) -> Any:  # e.g. model_name, model_path of the backend
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def stream(self, messages: Sequence[ChatMessage], params: GenerationParams) -> Iterator[str]:
        self._acquire(_USER.get())
        try:
            pieces = self.inner.stream(messages, params)
            try:
                yield from pieces
            finally:
                close = getattr(pieces, "close", None)
                if close is not None:
                    close()  # the backend stops now (llama.cpp frees its context, HTTP hangs up)
        finally:
            self._release()

    def _acquire(self, user: str) -> None:
        start = time.perf_counter()
        with self._cond:
            ticket = _Ticket(user, next(self._numbers))
            self._queues.setdefault(user, deque()).append(ticket)
            self._dispatch()
            try:
                while not ticket.granted:
                    self._cond.wait()
            except BaseException:
                self._abandon(ticket)
                raise
            self._waits.append((time.perf_counter() - start) * 1000)

    def _abandon(self, ticket: _Ticket) -> None:
        """A waiter interrupted before or just as its turn came: give back its place or slot."""
        if ticket.granted:
            self._in_flight -= 1
            self._served -= 1
        else:
            queue = self._queues.get(ticket.user)
            if queue is not None and ticket in queue:
                queue.remove(ticket)
                if not queue:
                    del self._queues[ticket.user]
        self._dispatch()

    def _release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._dispatch()

    def _dispatch(self) -> None:
        """Grant free slots: the user at the head of the rotation goes, then to the back."""
        granted = False
        while self._in_flight < self.slots and self._queues:
            user, queue = next(iter(self._queues.items()))
            ticket = queue.popleft()
            del self._queues[user]
            if queue:
                self._queues[user] = queue  # back of the rotation with its remaining requests
            ticket.granted = granted = True
            self._in_flight += 1
            self._served += 1
        if granted:
            self._cond.notify_all()

    def stats(self) -> QueueStats:
        with self._cond:
            waits = sorted(self._waits)
            p95 = waits[min(len(waits) - 1, int(0.95 * len(waits)))] if waits else 0.0
            return QueueStats(self.slots, self._in_flight,
                              sum(len(q) for q in self._queues.values()), len(self._queues),
                              self._served, self._waits[-1] if self._waits else 0.0, p95)

    def warm_up(self) -> None:
        self.inner.warm_up()
        self.model_id = self.inner.model_id

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)  # reads the vocabulary only: no slot needed

    def close(self) -> None:
        self.inner.close()
