# The one place that says how llama-cpp-python compiles llama.cpp. Sourced by setup.sh and bundle.sh.
#
# Why these flags:
# - AMX off (-mno-amx-tile -mno-amx-int8 -mno-amx-bf16): with GGML_NATIVE on a Xeon that has AMX
#   (Sapphire / Granite Rapids, e.g. AWS m7i, GCP C4, most new plant servers), llama.cpp compiles its
#   AMX matrix kernels, and on virtualised CPUs every model then segfaults in llama_decode (upstream
#   ggml-org/llama.cpp#20824). ggml's AMX code is compiled only under __AMX_INT8__ (amx/amx.cpp);
#   with GGML_NATIVE its CMake adds just -march=native, which the gcc driver expands into explicit
#   -m flags (-mamx-int8 on an AMX host) placed *before* the user's CMAKE_C_FLAGS; the last explicit
#   flag wins, so -mno-amx-* drops AMX and keeps AVX2 / AVX-512 / VNNI (proved on gcc's -### output
#   and with an AMX host's expansion by tests/generation/test_build_flags.py, which also reads the
#   build log and llama_print_system_info()).
# - native (setup on the machine that will run it): -march=native, i.e. AVX-512 where present.
# - portable (the air-gapped bundle, built on one machine and installed on another): no -march=native;
#   x86-64 with AVX2 + FMA + F16C + BMI2 (every x86-64 server CPU since 2013). On an older CPU,
#   `python -m copilot doctor` reports the crash; rebuild natively with `make setup` (online) or
#   `scripts/setup.sh --offline DIR --native`.
# - LLAMA_CURL off: nothing downloads models at run time; CMAKE_VERBOSE_MAKEFILE on so the build log
#   (kept beside the cached wheel) shows every compile line with its flags.

LLAMA_NO_AMX="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"

# llama_cmake_args native|portable -> the CMAKE_ARGS for that build
llama_cmake_args() {
  local common="-DLLAMA_CURL=OFF -DCMAKE_VERBOSE_MAKEFILE=ON"
  common+=" -DCMAKE_C_FLAGS='${LLAMA_NO_AMX}' -DCMAKE_CXX_FLAGS='${LLAMA_NO_AMX}'"
  case "$1" in
    native) echo "-DGGML_NATIVE=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF ${common}" ;;
    portable) echo "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF ${common}" ;;
    *) echo "llama_cmake_args: native or portable, not '$1'" >&2; return 1 ;;
  esac
}

# The llama-cpp-python entry of a pip-tools lock (its "name==version \" line and --hash lines),
# and the lock without it: llama-cpp-python is built here, everything else installs as locked.
llama_lock_entry() { awk '/^llama-cpp-python==/{p=1} p{print} p&&!/\\$/{exit}' "$1"; }
lock_without_llama() { awk '/^llama-cpp-python==/{skip=1} skip&&!/\\$/{skip=0; next} !skip' "$1"; }

# llama_wheel PYTHON LOCKFILE MODE OUTDIR -> builds (or reuses) the llama-cpp-python wheel from the
# sdist pinned (with its sha256) in LOCKFILE; prints the wheel's path. The cache key is the sdist
# hash + the flags + this CPU's flags (native), so changing any of them rebuilds.
llama_wheel() {
  local py=$1 lock=$2 mode=$3 out=$4
  local req args key dir
  req=$(llama_lock_entry "$lock")
  [[ -n "$req" ]] || { echo "llama-cpp-python is not in $lock" >&2; return 1; }
  args=$(llama_cmake_args "$mode")
  key=$( { echo "$req"; echo "$args"; [[ $mode == native ]] && grep -m1 '^flags' /proc/cpuinfo; } | sha256sum | cut -c1-16)
  dir="$out/llama-$mode-$key"
  if ! ls "$dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    mkdir -p "$dir.tmp"
    printf '%s\n' "$req" > "$dir.tmp/req.txt"
    echo "compiling llama.cpp ($mode, ~5-10 min on 2 cores; log: $dir/build.log)" >&2
    if ! CMAKE_ARGS="$args" "$py" -m pip wheel -v --no-cache-dir --no-deps --require-hashes -r "$dir.tmp/req.txt" \
        -w "$dir.tmp" > "$dir.tmp/build.log" 2>&1; then
      tail -30 "$dir.tmp/build.log" >&2
      echo "llama-cpp-python failed to build; full log: $dir.tmp/build.log" >&2
      return 1
    fi
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  ls "$dir"/llama_cpp_python-*.whl
}
