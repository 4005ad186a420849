"""llama.cpp is built without AMX kernels (they segfault on virtualised Sapphire Rapids, llama.cpp#20824).

This machine may have no AMX: the flags are proven on the compiler (GCC's explicit -mno-* must beat
what -march=<an AMX CPU> implies, in the order CMake passes them), on the build log of the wheel
installed in this venv, and on what the compiled library reports about itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLAGS_SCRIPT = REPO / "scripts" / "llama_build.sh"
BUILD_LOG = Path(sys.prefix) / "share" / "floor-copilot" / "llama-build.log"


def _bash(expr: str) -> str:
    out = subprocess.run(["bash", "-c", f". {FLAGS_SCRIPT} && {expr}"], capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def _macros(*flags: str) -> set[str]:
    out = subprocess.run(["gcc", *flags, "-dM", "-E", "-x", "c", "/dev/null"], capture_output=True,
                         text=True, check=True)
    return {line.split()[1] for line in out.stdout.splitlines() if line.startswith("#define")}


@pytest.mark.unit
@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")
def test_no_amx_flags_beat_an_amx_march_in_cmake_order() -> None:
    no_amx = _bash('echo "$LLAMA_NO_AMX"').split()
    assert no_amx, "scripts/llama_build.sh must define LLAMA_NO_AMX"
    amx_cpu = _macros("-march=sapphirerapids")
    assert "__AMX_INT8__" in amx_cpu  # the control: this -march does turn AMX on
    # CMAKE_C_FLAGS come first on the compile line, ggml's -march after them
    built = _macros(*no_amx, "-march=sapphirerapids")
    assert not {m for m in built if m.startswith("__AMX")}
    assert {"__AVX2__", "__AVX512F__", "__AVX512VNNI__"} <= built  # the rest of the CPU is kept


@pytest.mark.unit
@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")
def test_no_amx_flags_beat_the_explicit_amx_flags_of_a_native_expansion() -> None:
    """On an AMX host, gcc expands -march=native into explicit -mamx-* flags, and among explicit
    flags the last wins. So the driver must put ours after that expansion (checked on this gcc
    with -###), and ours must then switch AMX off (checked with the expansion an AMX host gets)."""
    no_amx = _bash('echo "$LLAMA_NO_AMX"').split()
    out = subprocess.run(["gcc", *no_amx, "-march=native", "-###", "-E", "-x", "c", "/dev/null"],
                         capture_output=True, text=True, check=True).stderr
    cc1 = next(line for line in out.splitlines() if "cc1" in line).replace('"', "").split()
    # the expansion is "-march=<cpu> -m... -mtune=<cpu>"; the last word on AMX must come after it
    expansion_end = next(i for i, a in enumerate(cc1) if a.startswith("-mtune="))
    last_amx = max(i for i, a in enumerate(cc1) if a.endswith("amx-int8"))
    assert last_amx > expansion_end and cc1[last_amx] == "-mno-amx-int8"
    host_expansion = ["-march=sapphirerapids", "-mamx-tile", "-mamx-int8", "-mamx-bf16"]
    assert "__AMX_INT8__" in _macros(*host_expansion)  # control
    built = _macros(*host_expansion, *no_amx)
    assert not {m for m in built if m.startswith("__AMX")}
    assert {"__AVX2__", "__AVX512F__", "__AVX512VNNI__"} <= built


@pytest.mark.unit
@pytest.mark.parametrize("mode", ["native", "portable"])
def test_both_build_modes_pass_the_no_amx_flags(mode: str) -> None:
    args = _bash(f"llama_cmake_args {mode}")
    assert "-DCMAKE_C_FLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16'" in args
    assert "-DCMAKE_CXX_FLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16'" in args
    assert "-DLLAMA_CURL=OFF" in args
    assert ("-DGGML_NATIVE=ON" in args) == (mode == "native")


@pytest.mark.integration
def test_installed_build_log_compiled_ggml_cpu_without_amx() -> None:
    if not BUILD_LOG.is_file():
        pytest.skip(f"{BUILD_LOG} absent: this venv was not built by scripts/setup.sh")
    log = BUILD_LOG.read_text(errors="replace")
    compiles = [line for line in log.splitlines()
                if re.search(r"\s-c\s\S*ggml-cpu\S*\.(c|cpp)\b", line)]
    assert len(compiles) >= 5, "no ggml-cpu compile lines in the build log (verbose build?)"
    missing = [line for line in compiles if "-mno-amx-int8" not in line]
    assert not missing, missing[0][:300]


@pytest.mark.integration
def test_compiled_library_reports_no_amx() -> None:
    code = "import llama_cpp; print(llama_cpp.llama_print_system_info().decode())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    info = out.stdout
    assert "CPU" in info
    assert "AMX_INT8 = 1" not in info, info
