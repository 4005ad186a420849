"""Packaged models: which one `auto` picks, and how names and paths resolve (no model bytes read)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from copilot.core.errors import ModelError
from copilot.generation import models
from copilot.generation.models import MODELS, ModelSpec, choose_default, resolve

pytestmark = pytest.mark.unit


def present(*names: str) -> Callable[[ModelSpec], bool]:
    return lambda spec: spec.name in names


ALL = present(*MODELS)


@pytest.mark.parametrize(("ram_gb", "expected"), [
    (64.0, "qwen2.5-1.5b"), (4.0, "qwen2.5-1.5b"), (3.9, "qwen2.5-0.5b"), (2.0, "qwen2.5-0.5b"),
    (1.9, "smollm2"), (0.0, "smollm2"),
])
def test_auto_picks_the_largest_model_that_fits_memory(ram_gb: float, expected: str) -> None:
    assert choose_default(ram_gb=ram_gb, present=ALL).name == expected


def test_auto_skips_models_that_are_not_assembled() -> None:
    assert choose_default(ram_gb=16, present=present("qwen2.5-0.5b", "smollm2")).name == (
        "qwen2.5-0.5b")
    assert choose_default(ram_gb=16, present=present("smollm2")).name == "smollm2"
    assert choose_default(ram_gb=16, present=present()).name == "smollm2"  # the packaged fallback


def test_unknown_model_name_lists_the_choices() -> None:
    with pytest.raises(ModelError, match=r"setting 'model': unknown model 'gpt-9' - choose from"
                                         r" auto, qwen2.5-1.5b, qwen2.5-0.5b, smollm2"):
        resolve("gpt-9")


def test_a_gguf_path_is_taken_as_given() -> None:
    assert resolve("~/models/mine.gguf") == (Path("~/models/mine.gguf").expanduser(), None)


def test_unassembled_model_says_how_to_assemble_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "models_dir", lambda: tmp_path / "venv-models")
    with pytest.raises(ModelError, match=r"model 'qwen2.5-0.5b' is not assembled .* run `make"
                                         r" setup`.*assemble qwen2.5-0.5b"):
        resolve("qwen2.5-0.5b", tmp_path / "home")


def test_assembled_model_under_home_is_found_when_its_size_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "models_dir", lambda: tmp_path / "venv-models")
    spec: ModelSpec = MODELS["qwen2.5-0.5b"]
    target = tmp_path / "home" / "models" / spec.file
    target.parent.mkdir(parents=True)
    with target.open("wb") as fh:
        fh.truncate(spec.size - 1)  # sparse: no disk used; one byte short is a partial copy
    with pytest.raises(ModelError, match="not assembled"):
        resolve("qwen2.5-0.5b", tmp_path / "home")
    with target.open("r+b") as fh:
        fh.truncate(spec.size)
    assert resolve("qwen2.5-0.5b", tmp_path / "home") == (target, spec)
