"""Child process of the generator check (copilot.generation.probe): load, write a few tokens.

Settings come from the COPILOT_* environment the parent passes. Each stage reached is one JSON
line on stdout, flushed at once, so the parent knows where a crash or hang happened:
``started`` -> ``system_info`` {text} -> ``loaded`` {seconds} -> ``generated`` {tokens, text,
seconds}; a CopilotError prints ``error`` {message} and exits 1.
"""

from __future__ import annotations

import json
import time
from typing import Any

from copilot.core.errors import CopilotError


def _emit(stage: str, **data: Any) -> None:
    print(json.dumps({"stage": stage, **data}, ensure_ascii=False), flush=True)


def llama_system_info() -> str:
    """llama.cpp's compiled-in CPU features (``AVX2 = 1 | AMX_INT8 = 1 | ...``)."""
    import llama_cpp

    raw = llama_cpp.llama_print_system_info()
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def main() -> int:
    from copilot.core.offline import enforce_offline
    from copilot.core.settings import load_settings
    from copilot.generation.llama_cpp import LlamaCppGenerator
    from copilot.generation.probe import PARAMS, PROMPT
    from copilot.generation.registry import create_generator

    enforce_offline()
    _emit("started")
    try:
        gen = create_generator(load_settings())
        if isinstance(gen, LlamaCppGenerator):  # importing llama_cpp loads the native library
            _emit("system_info", text=llama_system_info())
        t0 = time.perf_counter()
        gen.warm_up()
        _emit("loaded", seconds=round(time.perf_counter() - t0, 3))
        t1 = time.perf_counter()
        pieces = list(gen.stream(PROMPT, PARAMS))
        _emit("generated", tokens=len(pieces), text="".join(pieces),
              seconds=round(time.perf_counter() - t1, 3))
        gen.close()
    except CopilotError as exc:
        _emit("error", message=str(exc), type=type(exc).__name__)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
