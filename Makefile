# Outsourcing Playbook. `make help` lists the targets.
# Everything runs from .venv/, installed from the committed, hashed lock file.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Builds are reproducible: their dates come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help
.PHONY: help install serve build test check schedule schema lint browser bench lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed: set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

install: $(STAMP) ## Create .venv/ and install the locked dependencies

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000 with live reload (plan/, macros/, hooks/ too)
	$(BIN)/mkdocs serve --livereload

build: $(STAMP) ## Build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean

test: $(STAMP) ## Run every test
	$(BIN)/python -m pytest

check: $(STAMP) ## Check the plan (PLAN_DIR, default plan/)
	$(BIN)/python -m macros check

schedule: $(STAMP) ## Print the schedule as JSON
	$(BIN)/python -m macros schedule

schema: $(STAMP) ## Regenerate the JSON Schemas in schemas/ from the model
	$(BIN)/python -m macros schema

lint: $(STAMP) ## Ruff and mypy
	$(BIN)/ruff check macros hooks tests bench
	$(BIN)/ruff format --check macros hooks tests bench
	$(BIN)/mypy

bench: $(STAMP) ## Benchmarks: scheduler speed (tables in Markdown; see docs)
	$(BIN)/python -m bench

browser: ## Install Debian's chromium for the browser tests (needs root)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
	  --universal --python-version 3.11 -o requirements.lock

clean: ## Remove the built site and caches (keeps .venv/)
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
