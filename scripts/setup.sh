#!/usr/bin/env bash
# Creates (or reuses) .venv with every dependency, CPU torch pinned first.
# Idempotent: re-running is a no-op when pyproject.toml and constraints are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
STAMP="$VENV/.floor-copilot-installed"
want=$(cat pyproject.toml scripts/constraints.txt scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  exit 0
fi
PY=${PYTHON:-python3}
[[ -x "$VENV/bin/python" ]] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
"${PIP[@]}" install -U pip wheel setuptools
# CPU torch first, then everything else under the same pin (see scripts/constraints.txt).
"${PIP[@]}" install -c scripts/constraints.txt "torch==2.13.0"
# llama-cpp-python compiles llama.cpp from source (~5 min on 2 cores): build for this CPU only.
CMAKE_ARGS=${CMAKE_ARGS:-"-DGGML_NATIVE=ON -DLLAMA_CURL=OFF"} \
  "${PIP[@]}" install -c scripts/constraints.txt -e ".[dev]"
# A PyPI torchvision beside CPU torch breaks `import sentence_transformers`; we never need it.
"${PIP[@]}" uninstall -y torchvision >/dev/null 2>&1 || true
"$VENV/bin/python" -c "import torch, sentence_transformers, chromadb, llama_cpp, kiwipiepy; assert not torch.cuda.is_available() or True"
echo "$want" > "$STAMP"
