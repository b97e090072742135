# Outsourcing Playbook. `make help` lists the targets.
# Everything runs from .venv/, installed from the committed, hashed lock file.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Node packages for the tests (axe-core), installed from the committed package-lock.json.
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Builds are reproducible: their dates come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# What looks at the working copy as of today instead (the status date is then the clock's,
# unless PLAYBOOK_TODAY names one): checking or previewing progress recorded since the last
# commit, and saving a baseline on the day both sides agree.
AS_OF_TODAY := env -u SOURCE_DATE_EPOCH

.DEFAULT_GOAL := help
.PHONY: help install node serve build pdf offline test check schedule baseline schema lint browser bench lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed: set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

install: $(STAMP) ## Create .venv/ and install the locked dependencies

# Without npm the accessibility tests skip (and fail under CI=true): say so, do not stop.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js and npm for the \
	accessibility tests (they skip without axe-core, and fail under CI=true)"; exit 0; }; \
	echo "npm ci --ignore-scripts"; npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
	&& touch $@

node: $(NODE_STAMP) ## Install the Node packages the tests use (axe-core) into node_modules/

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000/outsourcing-playbook/ with live reload
	$(AS_OF_TODAY) $(BIN)/mkdocs serve --livereload --dirty

build: $(STAMP) ## Build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict --clean

pdf: build browser ## Print the built site as one PDF (contents, page numbers): site/playbook.pdf
	$(BIN)/python -m macros.publish.pdf site site/playbook.pdf

# Material's offline plugin, switched on for this build only: pages as files, the search
# index as a script, and the site's own stand-in for the search worker (no other host).
# It carries the PDF too, which its home page links to.
offline: pdf ## A copy that works opened from the disk, search included: offline/ and playbook-offline.zip
	PLAYBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --clean --site-dir offline
	cp site/playbook.pdf offline/playbook.pdf
	rm -f playbook-offline.zip
	cd offline && ../$(BIN)/python -m zipfile -c ../playbook-offline.zip .
	@echo "offline/index.html opens in a browser without a server; playbook-offline.zip holds the same"

test: $(STAMP) $(NODE_STAMP) browser ## Run every test, the browser tests included
	$(BIN)/python -m pytest

check: $(STAMP) ## Check the plan as of today (PLAN_DIR, default plan/)
	$(AS_OF_TODAY) $(BIN)/python -m macros check

schedule: $(STAMP) ## Print the schedule as JSON
	$(BIN)/python -m macros schedule

# A baseline records the day both sides agreed on the plan: today, not the last commit's
# date. PLAYBOOK_TODAY=YYYY-MM-DD still dates it another day, such as the day of the meeting.
baseline: $(STAMP) ## Save the schedule as agreed today: PLAN_DIR/baseline.yaml (commit it alone)
	$(AS_OF_TODAY) $(BIN)/python -m macros baseline

schema: $(STAMP) ## Regenerate the JSON Schemas in schemas/ from the model
	$(BIN)/python -m macros schema

lint: $(STAMP) ## Ruff and mypy
	$(BIN)/ruff check macros hooks tests bench
	$(BIN)/ruff format --check macros hooks tests bench
	$(BIN)/mypy

bench: $(STAMP) ## Benchmarks: scheduler, glossary, sample build, 1,000 and 3,000 articles, preview, search (Markdown)
	@$(BIN)/python -m bench

# As a step of `make test` it must not stop a machine that cannot install: the browser
# tests then skip with a message (and fail under CI=true).
browser: ## Install Debian's chromium for the browser tests (apt-get, as root or with sudo)
	@test -x $(CHROMIUM) && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else sudo=none; fi; \
	if [ "$$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "$(CHROMIUM) is missing and cannot be installed here (apt-get needs root or sudo):"; \
	  echo "  the browser tests skip without it, and fail under CI=true"; exit 0; fi; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
	  --universal --python-version 3.11 -o requirements.lock

clean: ## Remove the built site and caches (keeps .venv/)
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
