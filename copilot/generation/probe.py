"""The generator check: load the configured model and write a few tokens in a child process.

llama.cpp runs in-process, so a native crash takes the whole server with it: compiled with AMX
kernels it segfaults in ``llama_decode`` on some Xeons (ggml-org/llama.cpp#20824). Probing in a
child turns a crash or a hang into one line with the fix. ``python -m copilot doctor`` and
``serve`` (before it starts) both run it. The child is ``copilot.generation.probe_child``; it
reports each stage it reaches as a JSON line, so a crash says what it was doing.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from copilot.core.errors import CopilotError
from copilot.core.settings import ENV_PREFIX, Settings
from copilot.generation.base import ChatMessage, GenerationParams, Generator

DEFAULT_TIMEOUT = 180.0
PROMPT = (ChatMessage("user", "Reply with one word: ready"),)
PARAMS = GenerationParams(max_tokens=8, temperature=0.0, seed=0)

REBUILD_FIX = (
    "rebuild llama-cpp-python with the project's flags (scripts/llama_build.sh):"
    " `rm -rf ~/.cache/floor-copilot/wheels .venv/.floor-copilot-installed && make setup`,"
    " or choose another model with COPILOT_MODEL (e.g. COPILOT_MODEL=smollm2)"
)
NATIVE_FIX = (
    "llama.cpp was compiled for another CPU: rebuild it on this machine"
    " (`make setup`, or `scripts/setup.sh --offline DIR --native` for the air-gapped bundle)"
)
MEMORY_FIX = "choose a smaller model: COPILOT_MODEL=qwen2.5-0.5b or COPILOT_MODEL=smollm2"
LOAD_FIX = "check the model file, or choose another model with COPILOT_MODEL (e.g. smollm2)"
SIGNAL_FIX = {"SIGILL": NATIVE_FIX, "SIGKILL": MEMORY_FIX}

# What the child was doing, by the last stage it reported (see probe_child).
_DOING = {
    "": "before it reported anything",
    "started": "while loading the llama.cpp library",
    "system_info": "while loading the model",
    "loaded": "while generating",
    "generated": "after generating, while exiting",
}


@dataclass(frozen=True)
class GeneratorProbe:
    """The outcome of the check; ``fix`` says what to do when ``ok`` is False."""

    ok: bool
    detail: str
    fix: str = ""
    model: str = ""  # packaged short name, else the file name / server model id
    model_file: str = ""
    model_bytes: int = 0
    system_info: str = ""  # llama_print_system_info() in the child, when it got that far

    def line(self) -> str:
        """One line for a log or an error message."""
        return self.detail if self.ok or not self.fix else f"{self.detail} - {self.fix}"


@dataclass(frozen=True)
class ChildRun:
    """What a finished (or killed) child left behind."""

    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def split_fix(message: str, default_fix: str) -> tuple[str, str]:
    """CopilotError messages read "what went wrong - how to fix it"; split them there."""
    what, sep, fix = message.partition(" - ")
    return (what, fix) if sep else (message, default_fix)


def default_command() -> list[str]:
    return [sys.executable, "-m", "copilot.generation.probe_child"]


def child_env(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The parent's environment plus every setting as COPILOT_*: the child sees what we see."""
    env = dict(os.environ if base is None else base)
    for f in fields(Settings):
        env[ENV_PREFIX + f.name.upper()] = str(getattr(settings, f.name))
    env["PYTHONFAULTHANDLER"] = "1"  # a native crash prints the Python frame it happened in
    return env


def run_child(command: Sequence[str], env: Mapping[str, str], timeout: float) -> ChildRun:
    """Run ``command``; past ``timeout`` seconds kill it (its whole process group)."""
    proc = subprocess.Popen(list(command), env=dict(env), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return ChildRun(proc.returncode, out, err)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # a grandchild escaped the group and holds the pipes
            out, err = "", ""
        return ChildRun(proc.wait(), out, err, timed_out=True)
    finally:
        if proc.poll() is None:  # interrupted (Ctrl-C): never leave a model loading behind
            _kill_group(proc)
            proc.wait()


def _kill_group(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _stages(stdout: str) -> list[dict[str, Any]]:
    out = []
    for line in stdout.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("stage"), str):
            out.append(item)
    return out


def crash_site(stderr: str) -> str:
    """The innermost Python frame faulthandler printed (e.g. ``llama.py:612 in eval``), or ""."""
    m = re.search(r'File "([^"]+)", line (\d+) in (\w+)', stderr)
    return f"{os.path.basename(m.group(1))}:{m.group(2)} in {m.group(3)}" if m else ""


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "no output"


def interpret(run: ChildRun, timeout: float) -> GeneratorProbe:
    """A child's exit status, stage reports and stderr -> pass, or what failed and the fix."""
    stages = _stages(run.stdout)
    reached = [s["stage"] for s in stages if s["stage"] != "error"]
    last = reached[-1] if reached else ""
    doing = _DOING.get(last, f"after stage '{last}'")
    info = next((str(s.get("text", "")) for s in stages if s["stage"] == "system_info"), "")
    if run.timed_out:
        return GeneratorProbe(
            False, f"the generator check did not finish within {timeout:g} s (stuck {doing});"
            " the check process was killed",
            "try a smaller model (COPILOT_MODEL=smollm2) or fewer threads (COPILOT_N_THREADS=1);"
            " on a slow or busy machine allow longer (`doctor --timeout 600`,"
            " `serve --check-timeout 600`)",
            system_info=info)
    if run.returncode < 0:
        try:
            name = signal.Signals(-run.returncode).name
        except ValueError:
            name = f"signal {-run.returncode}"
        site = crash_site(run.stderr)
        return GeneratorProbe(
            False, f"the generator crashed with {name} {doing}" + (f" ({site})" if site else ""),
            SIGNAL_FIX.get(name, REBUILD_FIX), system_info=info)
    if run.returncode != 0:
        error = next((str(s.get("message")) for s in stages if s["stage"] == "error"), "")
        detail, fix = split_fix(error or _last_line(run.stderr), LOAD_FIX)
        return GeneratorProbe(False, f"the generator failed {doing}: {detail}"
                              f" (exit {run.returncode})", fix, system_info=info)
    return _generated(stages, info)


def _generated(stages: list[dict[str, Any]], info: str) -> GeneratorProbe:
    done = {s["stage"]: s for s in stages}
    gen = done.get("generated")
    if gen is None or not gen.get("tokens"):
        return GeneratorProbe(False, "the generator exited without writing any tokens",
                              LOAD_FIX, system_info=info)
    load_s = float(done.get("loaded", {}).get("seconds", 0.0))
    text = " ".join(str(gen.get("text", "")).split())[:40]
    n = int(gen["tokens"])
    return GeneratorProbe(True, f"loaded in {load_s:.1f} s, answered in"
                          f" {float(gen.get('seconds', 0.0)):.1f} s ({n} token{'s' * (n != 1)}:"
                          f" {text!r})", system_info=info)


def probe_generator(settings: Settings, *, timeout: float = DEFAULT_TIMEOUT,
                    command: Sequence[str] | None = None) -> GeneratorProbe:
    """Check the configured generator writes a few tokens; llama.cpp is probed in a child.

    ``command`` replaces the child (``python -m copilot.generation.probe_child``); it gets the
    settings as COPILOT_* environment variables.
    """
    from copilot.generation.llama_cpp import LlamaCppGenerator, check_gguf
    from copilot.generation.registry import create_generator

    try:  # resolving and sniffing the file is cheap and safe: no child needed to fail here
        gen = create_generator(settings)
        if isinstance(gen, LlamaCppGenerator):
            check_gguf(gen.model_path)
    except CopilotError as exc:
        return GeneratorProbe(False, *split_fix(str(exc), LOAD_FIX))
    if not isinstance(gen, LlamaCppGenerator):
        return _probe_in_process(gen)
    model: dict[str, Any] = {"model": gen.model_name, "model_file": str(gen.model_path),
             "model_bytes": gen.model_path.stat().st_size}
    try:
        run = run_child(command or default_command(), child_env(settings), timeout)
    except OSError as exc:
        return GeneratorProbe(False, f"cannot start the generator check: {exc}",
                              "check that Python can start a subprocess here", **model)
    return replace(interpret(run, timeout), **model)


def _probe_in_process(gen: Generator) -> GeneratorProbe:
    """Backends that cannot crash this process (an HTTP server): generate right here."""
    model = gen.model_id or gen.name
    try:
        t0 = time.perf_counter()
        gen.warm_up()
        pieces = list(gen.stream(PROMPT, PARAMS))
    except CopilotError as exc:
        detail, fix = split_fix(str(exc), "check the generator settings (COPILOT_GENERATOR)")
        return GeneratorProbe(False, detail, fix, model=model)
    finally:
        gen.close()
    if not pieces:
        return GeneratorProbe(False, f"{model} answered without any tokens", LOAD_FIX, model=model)
    n = len(pieces)
    return GeneratorProbe(True, f"answered in {time.perf_counter() - t0:.1f} s ({n}"
                          f" token{'s' * (n != 1)})", model=model)
