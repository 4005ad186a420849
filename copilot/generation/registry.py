"""Generator backends as plugins: ``GENERATORS`` (copilot.core.plugins), name -> factory(settings).

Built-ins register like any plugin; nothing is registered at import time."""

from __future__ import annotations

from collections.abc import Callable

from copilot.core.errors import ConfigError
from copilot.core.plugins import Registry
from copilot.core.settings import Settings
from copilot.generation.base import Generator

GeneratorFactory = Callable[[Settings], Generator]


def create_generator(settings: Settings) -> Generator:
    """The generator named by ``settings.generator``; nothing is loaded until ``warm_up()``."""
    return GENERATORS.get(settings.generator)(settings)


def _llama_cpp(settings: Settings) -> Generator:
    # Imported here so choosing another backend never loads llama.cpp.
    from copilot.generation.llama_cpp import LlamaCppGenerator
    from copilot.generation.models import resolve

    if settings.model_path:  # an explicit file wins; a model of the user's is trusted to generate
        return LlamaCppGenerator(model_path=settings.model_path, n_ctx=settings.n_ctx,
                                 n_threads=settings.n_threads)
    path, spec = resolve(settings.model, settings.home)
    return LlamaCppGenerator(
        model_path=str(path), n_ctx=settings.n_ctx, n_threads=settings.n_threads,
        grounded_generation=spec.generate_by_default if spec is not None else None,
        capable=spec.capable if spec is not None else None,
        model_name=spec.name if spec is not None else None,
        prompt_style=spec.prompt_style if spec is not None else None,
    )


def _openai(settings: Settings) -> Generator:
    if not settings.server_url:
        raise ConfigError(
            "setting 'generator' is 'openai' but setting 'server_url' is empty - set"
            " COPILOT_SERVER_URL to the server's base URL, e.g. http://127.0.0.1:8080/v1"
        )
    from copilot.generation.openai_http import OpenAICompatGenerator

    return OpenAICompatGenerator(settings.server_url, model=settings.server_model,
                                 api_key=settings.server_api_key or None,
                                 slots_per_server=settings.server_slots)


def register_builtin_generators(registry: Registry[GeneratorFactory]) -> None:
    """The generators shipped with Floor Copilot, registered like any plugin."""
    registry.register("llama-cpp", _llama_cpp)
    registry.register("openai", _openai)


GENERATORS: Registry[GeneratorFactory] = Registry(
    "generator", "floor_copilot.generators", register_builtin_generators, setting="generator")
