#!/usr/bin/env bash
# The real-LLM test stage: build/install the llama.cpp server (cached), serve SmolLM2 on loopback,
# run tests/llm_real against it, stop the server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-$(command -v uv || echo .tools/bin/uv)}"

scripts/build-llama-wheel.sh
LLAMA_STATE_DIR="$(mktemp -d /tmp/kilovolt-llama.XXXXXX)"
export LLAMA_STATE_DIR
trap 'scripts/llama-server.sh stop || true; rm -rf "$LLAMA_STATE_DIR"' EXIT
url=$(scripts/llama-server.sh start)
echo "[test-llm] llama.cpp server at $url" >&2
KILOVOLT_LLAMA_URL="$url" OMP_WAIT_POLICY=passive "$UV" run pytest tests/llm_real -q -p no:cacheprovider "$@"
