"""``python -m copilot doctor``: can this machine answer? One line per check, with the fix.

Checks, each a small function returning a :class:`Check`:
cpu        the CPU's features against what llama.cpp was compiled for (AMX kernels, SIGILL)
generator  the configured model loads and writes a few tokens, in a child process
           (copilot.generation.probe: a crash or hang becomes a FAIL line, never a dead process)
embedder   the embedder loads and returns a unit vector
index      the index opens and the catalog, BM25 and vector indexes hold the same chunks
offline    the no-network / no-telemetry switches are in force (copilot.core.offline)
disk       free space on the disk holding COPILOT_HOME
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from copilot.core.errors import CopilotError
from copilot.core.offline import OFFLINE_ENV
from copilot.generation.models import total_ram_gb
from copilot.generation.probe import (
    DEFAULT_TIMEOUT,
    NATIVE_FIX,
    REBUILD_FIX,
    GeneratorProbe,
    probe_generator,
    split_fix,
)
from copilot.store.index.vector import ping_server

if TYPE_CHECKING:
    from copilot.service import Copilot
    from copilot.store.embedders import Embedder

# The CPU features llama.cpp's kernels use, as /proc/cpuinfo names them.
FEATURES = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512_vnni", "avx512_bf16",
            "amx_tile", "amx_int8", "amx_bf16")
# llama_print_system_info() names -> the /proc/cpuinfo flag the compiled code needs.
BUILD_NEEDS = {"AVX": "avx", "AVX2": "avx2", "AVX_VNNI": "avx_vnni", "FMA": "fma", "F16C": "f16c",
               "BMI2": "bmi2", "AVX512": "avx512f", "AVX512_VBMI": "avx512vbmi",
               "AVX512_VNNI": "avx512_vnni", "AVX512_BF16": "avx512_bf16", "AMX_INT8": "amx_int8"}
MIN_FREE_GB = 1.0
INGEST_FIX = "to add documents: `python -m copilot ingest DIR` (e.g. sample_docs/)"
EMBEDDER_FIX = "reinstall the embedder's package: `make setup`"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""  # what to do, when not ok


@dataclass(frozen=True)
class CpuInfo:
    model: str
    cores: int
    flags: frozenset[str]  # every flag /proc/cpuinfo lists (empty when unreadable)

    @property
    def features(self) -> list[str]:
        return [f for f in FEATURES if f in self.flags]


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]
    cpu: CpuInfo
    ram_gb: float
    probe: GeneratorProbe
    settings: Mapping[str, str]  # home, generator

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def read_cpu(cpuinfo: Path = Path("/proc/cpuinfo")) -> CpuInfo:
    """Model name and flags of the first CPU in /proc/cpuinfo (empty when not on Linux)."""
    model, flags = "unknown CPU", frozenset[str]()
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        text = ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and model == "unknown CPU":
            model = value.strip()
        elif key.strip() == "flags" and not flags:
            flags = frozenset(value.split())
    return CpuInfo(model, os.cpu_count() or 1, flags)


def compiled_features(system_info: str) -> list[str]:
    """The features llama_print_system_info() reports as compiled in (``NAME = 1``)."""
    return re.findall(r"\b([A-Z0-9_]+) = 1\b", system_info)


def check_cpu(cpu: CpuInfo, system_info: str) -> Check:
    """Fails when llama.cpp was compiled with AMX kernels or for instructions this CPU lacks."""
    has = " ".join(cpu.features) or "no flags readable"
    detail = f"{cpu.model}: {has}"
    if not system_info:
        return Check("cpu", True, f"{detail}; llama.cpp build not inspected (the generator"
                     " check did not load it)")
    built = [f for f in compiled_features(system_info) if f in BUILD_NEEDS]
    if "AMX_INT8" in built:
        return Check("cpu", False, f"{detail}; llama.cpp was compiled with AMX kernels, which"
                     " segfault in llama_decode on some Xeons (llama.cpp#20824)", REBUILD_FIX)
    lacking = [f for f in built if cpu.flags and BUILD_NEEDS[f] not in cpu.flags]
    if lacking:
        return Check("cpu", False, f"{detail}; llama.cpp was compiled for {', '.join(lacking)},"
                     " which this CPU lacks (it would crash with SIGILL)", NATIVE_FIX)
    return Check("cpu", True, f"{detail}; llama.cpp built for {' '.join(built) or 'baseline'}"
                 " (no AMX kernels)")


def check_generator(probe: GeneratorProbe) -> Check:
    model = f"{probe.model} " if probe.model else ""
    return Check("generator", probe.ok, f"{model}{probe.detail}".strip(), probe.fix)


def check_embedder(embedder: Embedder) -> Check:
    import numpy as np

    t0 = time.perf_counter()
    embedder.warm_up()
    vec = embedder.embed_query("torque for the OP30 housing bolts / 하우징 볼트 토크")
    seconds = time.perf_counter() - t0
    norm = float(np.linalg.norm(vec)) if np.isfinite(vec).all() else float("nan")
    if vec.shape != (embedder.dim,) or not abs(norm - 1.0) < 1e-2:
        return Check("embedder", False, f"{embedder.name} returned a {vec.shape} vector of norm"
                     f" {norm:.3f}, not a unit vector of {embedder.dim}",
                     EMBEDDER_FIX)
    return Check("embedder", True, f"{embedder.name}: loaded and embedded a query"
                 f" ({embedder.dim} dims) in {seconds:.1f} s")


def check_index(app: Copilot) -> Check:
    """The index opens and every catalog chunk is in both indexes (none yet is healthy too)."""
    settings = app.settings
    server = f"; vectors on the Chroma server at {settings.chroma_url}" if settings.chroma_url else ""
    if settings.chroma_url:
        ping_server(settings.chroma_url)  # IndexUnavailableError naming the URL and the fix
    if not settings.catalog_path.is_file():  # opening would create an empty index
        return Check("index", True, f"no documents ingested yet in {settings.index_dir}"
                     f"{server} - {INGEST_FIX}")
    chunks = sum(app.catalog.chunk_counts().values())
    if app.catalog.run_state().state == "running":
        return Check("index", False, "an ingest is running now",
                     "run doctor again when it has finished")
    drift = app.index_drift()  # opening the indexes repairs an interrupted run
    lacking = [f"{name} lacks {miss} of {chunks}" for name, (miss, _) in drift.items() if miss]
    if lacking:
        return Check("index", False, f"indexes out of step with the catalog: {', '.join(lacking)}"
                     " chunks", f"rebuild: move {settings.index_dir} aside, then ingest again")
    if not chunks:
        return Check("index", True, f"the index in {settings.index_dir} is empty - {INGEST_FIX}")
    extra = sum(x for _, x in drift.values())
    note = f"; {extra} stale ids from an interrupted run (ignored by search)" if extra else ""
    return Check("index", True,
                 f"{chunks} chunks, catalog and {' and '.join(drift)} agree{note}{server}")


def _same(actual: str | None, wanted: str) -> bool:
    if actual is None:
        return False
    a, w = actual.strip().lower(), wanted.lower()
    return a == w or (a in _TRUE and w in _TRUE) or (a in _FALSE and w in _FALSE)


def check_offline(environ: Mapping[str, str] | None = None,
                  modules: Mapping[str, ModuleType] | None = None) -> Check:
    """The offline switches are set, and a loaded huggingface_hub saw them."""
    env = os.environ if environ is None else environ
    wrong = [f"{k}={env.get(k)!r} (want {v})" for k, v in OFFLINE_ENV.items()
             if not _same(env.get(k), v)]
    hub = (sys.modules if modules is None else modules).get("huggingface_hub.constants")
    if hub is not None and getattr(hub, "HF_HUB_OFFLINE", True) is False:
        wrong.append("huggingface_hub was loaded before HF_HUB_OFFLINE was set")
    if wrong:
        return Check("offline", False, "not in force: " + "; ".join(wrong),
                     "unset these variables (the CLI sets them offline when they are unset)")
    return Check("offline", True, f"{len(OFFLINE_ENV)} no-network / no-telemetry switches set")


def check_disk(home: Path, min_free_gb: float = MIN_FREE_GB) -> Check:
    where = home
    while not where.exists() and where != where.parent:
        where = where.parent
    usage = shutil.disk_usage(where)
    free_gb, total_gb = usage.free / 1024**3, usage.total / 1024**3
    index = home / "index"
    used = sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) if index.is_dir() else 0
    detail = f"{free_gb:.1f} GB free of {total_gb:.0f} GB under {home} (index {used / 1e6:.0f} MB)"
    if free_gb < min_free_gb:
        return Check("disk", False, f"{detail}, under {min_free_gb:g} GB",
                     "free space on that disk, or set COPILOT_HOME to a folder on a larger one")
    return Check("disk", True, detail)


def _guarded(name: str, check: Callable[[], Check], fix: str = "") -> Check:
    """A check that raises becomes its FAIL line: the doctor itself must not crash.

    ``fix`` is for errors whose message does not carry its own ("what - how to fix").
    """
    try:
        return check()
    except CopilotError as exc:
        return Check(name, False, *split_fix(str(exc), fix))
    except Exception as exc:  # a diagnostic tool reports what it found, whatever it is
        return Check(name, False, f"{type(exc).__name__}: {exc}",
                     "unexpected: report it with the output of `python -m copilot doctor`")


def run_doctor(app: Copilot, *, timeout: float = DEFAULT_TIMEOUT,
               child_command: Sequence[str] | None = None) -> Report:
    """Every check in order; the generator runs first so its child exits before models load here."""
    cpu = read_cpu()
    try:
        probe = probe_generator(app.settings, timeout=timeout, command=child_command)
    except Exception as exc:  # same reason as _guarded
        probe = GeneratorProbe(False, f"{type(exc).__name__}: {exc}", "unexpected: report it")
    checks = (
        _guarded("cpu", lambda: check_cpu(cpu, probe.system_info)),
        check_generator(probe),
        _guarded("embedder", lambda: check_embedder(app.embedder), EMBEDDER_FIX),
        _guarded("index", lambda: check_index(app)),
        _guarded("offline", check_offline),
        _guarded("disk", lambda: check_disk(app.settings.home)),
    )
    return Report(checks, cpu, total_ram_gb(), probe,
                  {"home": str(app.settings.home), "generator": app.settings.generator})


def report_json(report: Report) -> dict[str, Any]:
    p = report.probe
    return {
        "ok": report.ok,
        "checks": [asdict(c) for c in report.checks],
        "cpu": {"model": report.cpu.model, "cores": report.cpu.cores,
                "features": report.cpu.features, "ram_gb": round(report.ram_gb, 1)},
        "model": {"name": p.model, "file": p.model_file, "bytes": p.model_bytes},
        "llama_cpp_system_info": p.system_info,
        **report.settings,
    }


def render_text(report: Report) -> str:
    """One screen: machine, model, then one PASS/FAIL line per check (and its fix)."""
    p, cpu = report.probe, report.cpu
    size = f", {p.model_bytes / 1e9:.2f} GB" if p.model_bytes else ""
    lines = [
        f"Floor Copilot doctor  (COPILOT_HOME={report.settings['home']})",
        f"machine    {cpu.model}, {cpu.cores} cores, {report.ram_gb:.1f} GB RAM",
        f"model      {report.settings['generator']}: {p.model or '?'}"
        + (f" ({Path(p.model_file).name}{size})" if p.model_file else ""),
        "",
    ]
    for c in report.checks:
        lines.append(f"{'PASS' if c.ok else 'FAIL'}  {c.name:<10} {c.detail}")
        if not c.ok and c.fix:
            lines.append(f"      {'':<10} fix: {c.fix}")
    failed = sum(not c.ok for c in report.checks)
    lines += ["", f"all {len(report.checks)} checks passed" if not failed
              else f"{failed} of {len(report.checks)} checks failed"]
    return "\n".join(lines)
