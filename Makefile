# Kilovolt Advisor — the two promised commands: `make demo` and `make test`.
# Works on a fresh machine with only Python and pip: uv is bootstrapped into .tools/ when absent.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
PORT ?= 3000
export UV
export OMP_WAIT_POLICY := passive
export UV_LINK_MODE := copy

.PHONY: demo embeddings test test-llm lint setup index eval eval-holdout eval-blind eval-corpus2 eval-corpus3 eval-corpus4 eval-corpus5 eval-corpus6 eval-corpus7 eval-corpus8 eval-corpus9 eval-corpus10 eval-corpus11 eval-corpus12 eval-corpus13 eval-corpus14 bench bench-llm bench-replicas clean

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

setup: $(UV)
	$(UV) sync --frozen

## Index knowledge/, then start the real bot behind the local console (open the printed URL).
## With Slack credentials in .env, run `uv run kilovolt serve` instead: it connects to Slack.
demo: setup
	$(UV) run kilovolt index
	$(UV) run kilovolt console --port $(PORT)

## After editing knowledge/: ship its vectors again (knowledge/.embeddings/), so new installs start warm.
embeddings: setup
	$(UV) run kilovolt export-embeddings

## Lint and run the whole test suite: unit tests and integration tests against real local
## servers (Chroma persistent and `chroma run`, Bolt over HTTP, loopback OpenAI-compatible
## server, headless Chromium; PostgreSQL too when KILOVOLT_TEST_POSTGRES_URL is set).
test: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run pytest

## Real-LLM stage: llama.cpp's server (built once, cached) serving SmolLM2 on loopback.
test-llm: setup
	scripts/test-llm.sh

lint: setup
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

index: setup
	$(UV) run kilovolt index

## Retrieval, coverage and critique scores on the tuning sets, then on the held-out sets.
eval: index
	$(UV) run kilovolt eval

eval-holdout: index
	$(UV) run kilovolt eval --questions tests/eval/holdout/questions.jsonl \
		--drafts tests/eval/holdout/drafts.jsonl

## The newest blind sets (measured once per engine change; see README "Evaluation").
eval-blind: index
	$(UV) run kilovolt eval --questions tests/eval/blind16/questions.jsonl \
		--drafts tests/eval/blind16/drafts.jsonl --routing tests/eval/blind19/routing.jsonl \
		--verdicts tests/eval/readiness/drafts.jsonl

## The other corpora (corpus2 … corpus14), each indexed in its own data dir: `make eval-corpus14`.
CORPORA := corpus2 corpus3 corpus4 corpus5 corpus6 corpus7 corpus8 corpus9 corpus10 corpus11 \
	corpus12 corpus13 corpus14
$(addprefix eval-,$(CORPORA)): eval-%: setup
	KILOVOLT_DATA_DIR=.kilovolt-$* $(UV) run kilovolt index --knowledge tests/eval/$*/knowledge
	KILOVOLT_DATA_DIR=.kilovolt-$* $(UV) run kilovolt eval --knowledge tests/eval/$*/knowledge \
		--questions tests/eval/$*/questions.jsonl

## Benchmarks (heavy on 2 cores: run one at a time, on an otherwise idle machine).
bench: index
	$(UV) run python -m bench.bench_retrieval
	$(UV) run python -m bench.bench_advisor
	$(UV) run python -m bench.bench_slack

## Answer/critique/ideas latency, tokens and cost per 1,000 replies for gpt-4o-mini and gpt-5-mini
## against the paced loopback OpenAI stand-in (prices and pacing: bench/llm_prices.yaml).
bench-llm: index
	$(UV) run python -m bench.bench_llm

bench-replicas: setup
	KILOVOLT_TEST_POSTGRES_URL=$$(scripts/postgres.sh start) $(UV) run python -m bench.bench_replicas

clean:
	rm -rf .kilovolt .pytest_cache .ruff_cache
