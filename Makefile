# Two commands: `make serve` (or `make site`) and `make test`. Each sets up what it needs.
# Python: the newest python3.1x >= 3.11 on PATH that runs, or PYTHON=...; a second venv: VENV=.venv-3.13.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3.11
# Each candidate is run, not just found: a pyenv shim of a version that is not active is on PATH but fails.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach candidate,$(PYTHON_CANDIDATES),\
  $(shell $(candidate) -c 'import sys' >/dev/null 2>&1 && echo $(candidate))))
endif
# Which interpreter and version build the venv: a change (PYTHON=, an upgrade) makes a new venv.
PYTHON_ID = $(shell $(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable), sys.version.split()[0])' \
  2>/dev/null)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LINT_STAMP := $(VENV)/.lint-stamp
BUILT_WITH := $(VENV)/.built-with
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site internal serve-internal feedback test lint fuzz adversarial bench clean python-check

python-check:
	@[ -n "$(PYTHON)" ] || { echo "no python3.11 or newer runs here: install one" \
	  "(apt-get install python3.11 python3.11-venv) or name it: make PYTHON=/path/to/python3.x"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "PYTHON=$(PYTHON) does not run as Python 3.11 or newer: name another, e.g. PYTHON=python3.11"; exit 1; }

# Rewritten only when the interpreter differs from the one that built $(VENV), so the stamp below stays valid.
$(BUILT_WITH): python-check
	@if [ "$$(cat $@ 2>/dev/null)" != "$(PYTHON_ID)" ]; then \
	  if [ -e $(VENV) ] && [ ! -f $(VENV)/pyvenv.cfg ]; then \
	    echo "$(VENV) exists and is not a venv: move it away or pass VENV=another-folder"; exit 1; fi; \
	  echo "creating $(VENV) with $(PYTHON) ($(PYTHON_ID))"; \
	  $(PYTHON) -m venv --clear $(VENV) && echo "$(PYTHON_ID)" > $@; \
	fi

$(STAMP): pyproject.toml $(BUILT_WITH)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(LINT_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $@

node_modules/.installed-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --clean -d site

# The agents' /insights/ page reads `make feedback`'s database when there is one (and
# HELPCENTRE_INSIGHTS_DB is not set already): handbook agents/insights.md.
INSIGHTS_DB = HELPCENTRE_INSIGHTS_DB="$${HELPCENTRE_INSIGHTS_DB-$(if $(wildcard .cache/feedback.sqlite3),sqlite:///.cache/feedback.sqlite3)}"

internal: $(STAMP)
	$(INSIGHTS_DB) $(BIN)/mkdocs build --clean -f mkdocs.internal.yml

serve-internal: $(STAMP)
	$(INSIGHTS_DB) $(BIN)/mkdocs serve -f mkdocs.internal.yml -a 127.0.0.1:8001

feedback: site  # the receiver for the demo's "Was this helpful?" widget, next to `make serve`
	$(BIN)/helpcentre feedback serve --site site --db sqlite:///.cache/feedback.sqlite3 \
	  --origin http://127.0.0.1:8000 --origin http://localhost:8000

test: $(STAMP) node_modules/.installed-stamp
	$(BIN)/python -m pytest

# ruff (lint and format), mypy on core/, eslint on the scripts, stylelint on the CSS: all run, then the verdict.
lint: $(LINT_STAMP) node_modules/.installed-stamp
	@failed=""; \
	$(BIN)/ruff check . || failed="$$failed ruff-check"; \
	$(BIN)/ruff format --check . || failed="$$failed ruff-format"; \
	$(BIN)/mypy || failed="$$failed mypy"; \
	npx --no-install eslint plugins/helpcentre/templates/assets || failed="$$failed eslint"; \
	npx --no-install stylelint "plugins/helpcentre/templates/assets/**/*.css" "overrides/**/*.css" \
	  || failed="$$failed stylelint"; \
	if [ -n "$$failed" ]; then echo "make lint: problems from$$failed"; exit 1; fi

fuzz: $(STAMP)  # the fuzz suite with fresh randomness and about 16x the examples of `make test`
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/fuzz -q

adversarial: $(STAMP)  # bad inputs, leak attempts and script payloads against a real build: a table
	$(BIN)/python benchmarks/adversarial.py

bench: $(STAMP)
	$(BIN)/python benchmarks/build.py

.PHONY: handbook serve-handbook
handbook: $(STAMP)  # the project's handbook, built with the plugin itself, into handbook/site/
	$(BIN)/mkdocs build --strict --clean -f handbook/mkdocs.yml

serve-handbook: $(STAMP)
	$(BIN)/mkdocs serve -f handbook/mkdocs.yml -a 127.0.0.1:8003

clean:
	rm -rf site site-internal .pytest_cache
