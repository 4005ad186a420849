"""`copilot doctor` and the serve start-up check: real child processes that crash, hang and work."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from copilot.core.offline import OFFLINE_ENV
from copilot.core.settings import Settings, load_settings
from copilot.doctor import (
    FEATURES,
    Check,
    CpuInfo,
    Report,
    check_cpu,
    check_disk,
    check_index,
    check_offline,
    read_cpu,
    render_text,
)
from copilot.generation.probe import (
    NATIVE_FIX,
    REBUILD_FIX,
    GeneratorProbe,
    probe_generator,
)
from copilot.service import Copilot
from tests.conftest import REPO
from tests.fixtures_plant import write_plant

PY = sys.executable
SEGFAULT = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
# What probe_child prints up to a crash inside llama_decode.
STAGES = ('{"stage": "started"}', '{"stage": "system_info", "text": "CPU : AVX2 = 1 | "}',
          '{"stage": "loaded", "seconds": 0.2}')
FAKE_LLAMA_CPP = '''
"""Stand-in for llama-cpp-python built with AMX kernels: loads, then dies in llama_decode."""
import os
import signal


def llama_print_system_info():
    return b"CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | FMA = 1 | F16C = 1 | AMX_INT8 = 1 | "


class Llama:
    def __init__(self, model_path, **kwargs):
        self.model_path = model_path

    def create_chat_completion(self, **kwargs):
        os.kill(os.getpid(), signal.SIGSEGV)

    def close(self):
        pass
'''


def smollm2(tmp_path: Path, **env: str) -> Settings:
    return load_settings(env={"COPILOT_HOME": str(tmp_path / "home"), "COPILOT_MODEL": "smollm2",
                              **env})


def python_child(code: str) -> list[str]:
    return [PY, "-c", code]


# -- the generator check: children that crash, hang, fail ---------------------------------------
@pytest.mark.integration
def test_segfaulting_child_is_a_fail_with_the_rebuild_fix(tmp_path: Path) -> None:
    probe = probe_generator(smollm2(tmp_path), command=python_child(SEGFAULT), timeout=60)
    assert not probe.ok
    assert "crashed with SIGSEGV before it reported anything" in probe.detail
    assert probe.fix == REBUILD_FIX
    assert "make setup" in probe.fix and "COPILOT_MODEL" in probe.fix
    assert probe.model == "smollm2" and probe.model_file.endswith(".gguf")


@pytest.mark.integration
def test_crash_names_the_stage_and_the_python_frame(tmp_path: Path) -> None:
    code = "\n".join(f"print({s!r}, flush=True)" for s in STAGES)
    code += f"\ndef llama_decode():\n    {SEGFAULT}\nllama_decode()\n"
    probe = probe_generator(smollm2(tmp_path), command=python_child(code), timeout=60)
    assert not probe.ok
    assert "crashed with SIGSEGV while generating (<string>:" in probe.detail
    assert "in llama_decode)" in probe.detail  # faulthandler's frame, passed on
    assert probe.system_info == "CPU : AVX2 = 1 | "
    assert "make setup" in probe.line() and probe.line().startswith(probe.detail)


@pytest.mark.integration
def test_hanging_child_is_killed_at_the_timeout(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(1000)"
    t0 = time.monotonic()
    probe = probe_generator(smollm2(tmp_path), command=python_child(code), timeout=2)
    assert time.monotonic() - t0 < 10
    assert not probe.ok
    assert "did not finish within 2 s" in probe.detail and "killed" in probe.detail
    assert "COPILOT_MODEL=smollm2" in probe.fix and "COPILOT_N_THREADS=1" in probe.fix
    if pid_file.exists():  # else it was killed before it even wrote it (a very busy machine)
        with pytest.raises(ProcessLookupError):  # really gone, not left loading a model
            os.kill(int(pid_file.read_text()), 0)


@pytest.mark.integration
def test_child_errors_keep_their_own_fix(tmp_path: Path) -> None:
    error = json.dumps({"stage": "error", "message": "model file /m/x.gguf is not a GGUF file"
                        " - set COPILOT_MODEL_PATH to a .gguf file"})
    probe = probe_generator(smollm2(tmp_path), command=python_child(
        f"import sys; print({error!r}); sys.exit(1)"), timeout=60)
    assert not probe.ok
    assert "is not a GGUF file (exit 1)" in probe.detail
    assert probe.fix == "set COPILOT_MODEL_PATH to a .gguf file"
    probe = probe_generator(smollm2(tmp_path), command=python_child(
        "raise RuntimeError('llama_model_load: tensor data is not within bounds')"), timeout=60)
    assert not probe.ok and "RuntimeError: llama_model_load" in probe.detail and probe.fix


@pytest.mark.integration
def test_missing_model_fails_before_any_child(tmp_path: Path) -> None:
    settings = smollm2(tmp_path, COPILOT_MODEL_PATH=str(tmp_path / "nope.gguf"))
    probe = probe_generator(settings, command=python_child(SEGFAULT))
    assert not probe.ok and "does not exist" in probe.detail and "COPILOT_MODEL_PATH" in probe.fix


# -- the other checks, on fixed inputs ----------------------------------------------------------
AMX_CPU = CpuInfo("Intel Xeon Platinum 8488C", 4,
                  frozenset({"sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "amx_tile",
                             "amx_int8", "amx_bf16"}))
AVX2_CPU = CpuInfo("Intel Xeon E5-2680 v4", 4, frozenset({"sse4_2", "avx", "avx2", "fma", "f16c"}))


@pytest.mark.unit
def test_cpu_check_fails_on_amx_kernels_and_on_missing_instructions() -> None:
    amx = check_cpu(AMX_CPU, "CPU : AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | LLAMAFILE = 1 |")
    assert not amx.ok and "AMX" in amx.detail and amx.fix == REBUILD_FIX
    sigill = check_cpu(AVX2_CPU, "CPU : AVX = 1 | AVX2 = 1 | AVX512 = 1 | OPENMP = 1 |")
    assert not sigill.ok and "AVX512" in sigill.detail and sigill.fix == NATIVE_FIX
    good = check_cpu(AMX_CPU, "CPU : AVX = 1 | AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 0 |")
    assert good.ok and "amx_int8" in good.detail and "no AMX kernels" in good.detail
    assert check_cpu(AVX2_CPU, "").ok  # the generator check never got to llama.cpp


@pytest.mark.unit
def test_read_cpu_parses_proc_cpuinfo(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: AMD EPYC 9R14\n"
                    "flags\t\t: fpu sse4_2 avx avx2 fma avx512f amx_tile\n\nprocessor\t: 1\n")
    cpu = read_cpu(info)
    assert cpu.model == "AMD EPYC 9R14"
    assert cpu.features == ["sse4_2", "avx", "avx2", "fma", "avx512f", "amx_tile"]
    assert read_cpu(tmp_path / "missing").flags == frozenset()


@pytest.mark.unit
def test_offline_check_names_what_is_not_in_force() -> None:
    assert check_offline(dict(OFFLINE_ENV), {}).ok
    assert check_offline({**OFFLINE_ENV, "HF_HUB_OFFLINE": "true"}, {}).ok
    bad = check_offline({**OFFLINE_ENV, "HF_HUB_OFFLINE": "0"}, {})
    assert not bad.ok and "HF_HUB_OFFLINE='0'" in bad.detail and bad.fix
    missing = check_offline({}, {})
    assert not missing.ok and all(k in missing.detail for k in OFFLINE_ENV)


@pytest.mark.unit
def test_disk_check_reports_free_space(tmp_path: Path) -> None:
    home = tmp_path / "not" / "created"
    assert check_disk(home, min_free_gb=0).ok
    full = check_disk(home, min_free_gb=1e9)
    assert not full.ok and "GB free" in full.detail and "COPILOT_HOME" in full.fix
    assert not home.exists()


@pytest.mark.unit
def test_text_report_is_one_line_per_check_with_the_fix() -> None:
    report = Report((Check("cpu", True, "x86"), Check("generator", False, "crashed", "rebuild")),
                    AMX_CPU, 15.4, GeneratorProbe(False, "crashed", "rebuild", model="smollm2"),
                    {"home": "/h", "generator": "llama-cpp"})
    text = render_text(report)
    assert "PASS  cpu" in text and "FAIL  generator  crashed" in text and "fix: rebuild" in text
    assert "1 of 2 checks failed" in text and "Intel Xeon Platinum 8488C, 4 cores" in text


@pytest.mark.integration
def test_index_check_finds_missing_chunks(app: Copilot, tmp_path: Path) -> None:
    empty = check_index(app)
    # a fresh install with nothing ingested is healthy, and says how to add documents
    assert empty.ok and "no documents ingested yet" in empty.detail and "ingest" in empty.detail
    assert not app.settings.catalog_path.exists()  # the check created nothing
    app.ingest([write_plant(tmp_path / "plant")])
    ok = check_index(app)
    assert ok.ok and "catalog and bm25 and vector agree" in ok.detail, ok.detail
    _, vec = app._indexes()
    vec.delete({next(iter(app.catalog.all_chunk_ids()))})
    broken = check_index(app)
    assert not broken.ok and "vector lacks 1 of" in broken.detail and "aside" in broken.fix


# -- through the CLI, in real processes ---------------------------------------------------------
def cli(*args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PY, "-m", "copilot", *args], env={**os.environ, **env}, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def crashing_llama(tmp_path: Path) -> str:
    """A PYTHONPATH whose llama_cpp segfaults when asked to generate."""
    pkg = tmp_path / "fake" / "llama_cpp"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent(FAKE_LLAMA_CPP))
    return os.pathsep.join([str(tmp_path / "fake"), str(REPO)])


@pytest.mark.integration
def test_doctor_cli_passes_on_a_working_install(app: Copilot, tmp_path: Path) -> None:
    app.ingest([write_plant(tmp_path / "plant")])
    app.close()
    out = cli("doctor", "--json", COPILOT_HOME=str(app.settings.home), COPILOT_MODEL="smollm2")
    report = json.loads(out.stdout)
    assert out.returncode == 0, out.stdout + out.stderr
    assert report["ok"] and [c["name"] for c in report["checks"]] == [
        "cpu", "generator", "embedder", "index", "offline", "disk"]
    assert all(c["ok"] for c in report["checks"])
    flags = read_cpu().flags
    assert report["cpu"]["features"] == [f for f in FEATURES if f in flags]
    assert all(f in report["checks"][0]["detail"] for f in report["cpu"]["features"])
    assert report["model"]["name"] == "smollm2" and report["model"]["bytes"] > 0
    assert "AVX" in report["llama_cpp_system_info"]


@pytest.mark.integration
def test_doctor_cli_reports_a_crashing_generator(tmp_path: Path, crashing_llama: str) -> None:
    out = cli("doctor", COPILOT_HOME=str(tmp_path / "home"), COPILOT_MODEL="smollm2",
              PYTHONPATH=crashing_llama)
    assert out.returncode == 1, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    gen = next(ln for ln in lines if ln.startswith("FAIL  generator"))
    assert "crashed with SIGSEGV while generating" in gen
    assert any(ln.startswith("FAIL  cpu") and "AMX" in ln for ln in lines)
    assert any("fix: rebuild llama-cpp-python" in ln for ln in lines)
    assert "Traceback" not in out.stdout + out.stderr


@pytest.mark.integration
def test_serve_stops_with_one_line_when_the_generator_crashes(
    tmp_path: Path, crashing_llama: str
) -> None:
    port = str(free_port())
    t0 = time.monotonic()
    out = cli("serve", "--no-ui", "--port", port, timeout=60, PYTHONPATH=crashing_llama,
              COPILOT_HOME=str(tmp_path / "home"), COPILOT_MODEL="smollm2")
    assert out.returncode == 1, out.stderr
    assert time.monotonic() - t0 < 60
    error = [ln for ln in out.stderr.splitlines() if ln.startswith("error:")]
    assert len(error) == 1, out.stderr
    assert error[0].startswith("error: generator check failed (smollm2): the generator crashed"
                               " with SIGSEGV while generating")
    assert "make setup" in error[0] and "COPILOT_MODEL" in error[0]
    assert "Floor Copilot on http" not in out.stderr  # stopped before serving


@pytest.mark.integration
def test_serve_stops_on_a_model_file_that_is_not_gguf(tmp_path: Path) -> None:
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"<html>proxy login page</html>")
    out = cli("serve", "--no-ui", "--port", str(free_port()), timeout=60,
              COPILOT_HOME=str(tmp_path / "home"), COPILOT_MODEL_PATH=str(bad))
    assert out.returncode == 1, out.stderr
    assert out.stderr.strip().splitlines()[-1] == (
        f"error: generator check failed: model file {bad} is not a GGUF file - set"
        " COPILOT_MODEL_PATH to a .gguf file, or unset it to use the packaged SmolLM2")
