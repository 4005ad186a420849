"""Ingest progress on the terminal: a bar over files, and lines with an ETA inside big files."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from copilot.core.messages import message
from copilot.store.embedding import RowProgress


def progress_bar(enabled: bool) -> Any:
    """A tqdm bar over files (``update``, ``bar``), or ``(None, None)`` when not a terminal."""
    if not enabled:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", file=sys.stderr, dynamic_ncols=True)

    def update(source: str, done: int, total: int) -> None:
        bar.total = total
        bar.set_postfix_str(source[-40:])
        bar.update(done - bar.n)

    return update, bar


def duration(seconds: float) -> str:
    """"45 s", "12 min", "1.5 h": an ETA read at a glance."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 90 * 60 else f"{seconds / 3600:.1f} h"


class RowsPrinter:
    """Prints "file: rows done / total, ETA" lines at most every ``every_s`` seconds per file,
    plus the first and the last line of each file (a 100,000-row export shows it is moving)."""

    def __init__(self, out: TextIO, every_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.out, self.every_s, self.clock = out, every_s, clock
        self._last: dict[str, float] = {}

    def __call__(self, p: RowProgress) -> None:
        now = self.clock()
        last = self._last.get(p.source)
        if last is not None and p.done < p.total and now - last < self.every_s:
            return
        self._last[p.source] = now
        eta = duration(p.eta_s) if p.eta_s is not None else "?"
        print(message("cli.ingest_rows", source=p.source, done=f"{p.done:,}",
                      total=f"{p.total:,}", pct=f"{100 * p.done // max(p.total, 1)}",
                      distinct=f"{p.distinct:,}", eta=eta), file=self.out, flush=True)
