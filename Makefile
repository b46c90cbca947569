# Kilovolt Advisor — the two promised commands: `make demo` and `make test`.
# Works on a fresh machine with only Python and pip: uv is bootstrapped into .tools/ when absent.

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
export OMP_WAIT_POLICY := passive
export UV_LINK_MODE := copy

.PHONY: demo test lint setup index bench eval clean

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

setup: $(UV)
	$(UV) sync --frozen

## Index the embedded knowledge and run the bot's main job on the embedded defaults.
demo: setup
	$(UV) run kilovolt index
	$(UV) run kilovolt search "comment parler de nos promotions sans faire fuir nos abonnés ?"

## Lint and run the whole test suite (unit + integration against real local servers).
test: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run pytest

lint: setup
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

index: setup
	$(UV) run kilovolt index

eval: setup
	$(UV) run kilovolt eval

bench: setup
	$(UV) run python -m bench.run_all

clean:
	rm -rf .kilovolt .pytest_cache .ruff_cache
