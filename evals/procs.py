"""Child processes of benchmarks and tests: stopped politely, then firmly."""

from __future__ import annotations

import subprocess


def stop(proc: subprocess.Popen[bytes], grace_s: float = 20.0) -> None:
    """SIGTERM, wait ``grace_s`` for a clean exit, then SIGKILL and reap."""
    proc.terminate()
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
