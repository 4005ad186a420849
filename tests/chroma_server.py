"""A real ``chroma run`` server for tests: started on a free port, stopped afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from evals.procs import stop

START_TIMEOUT = 60.0


def chroma_cli() -> str:
    """The ``chroma`` CLI of this interpreter's environment (the venv's), else the PATH's."""
    here = Path(sys.executable).with_name("chroma")
    found = str(here) if here.is_file() else shutil.which("chroma")
    if not found:
        pytest.skip("the chroma CLI is not installed")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_heartbeat(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    from copilot.core.errors import IndexUnavailableError
    from copilot.store.index.vector import ping_server

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            ping_server(url)
            return
        except IndexUnavailableError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def chroma_server(data: Path) -> Iterator[str]:
    """A Chroma server persisting in ``data``; yields its URL."""
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = data / "chroma.log"
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [chroma_cli(), "run", "--path", str(data / "db"), "--host", "127.0.0.1",
             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_heartbeat(url, proc, log)
        yield url
    finally:
        stop(proc, 20)


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real ``chroma run`` server for the session (import this fixture where needed)."""
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url
