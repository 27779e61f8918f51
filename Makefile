# Two commands: `make serve` (or `make site`) and `make test`. Each sets up what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site internal serve-internal feedback test fuzz adversarial bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (apt-get install python3.11 python3.11-venv)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --clean -d site

internal: $(STAMP)
	$(BIN)/mkdocs build --clean -f mkdocs.internal.yml

serve-internal: $(STAMP)
	$(BIN)/mkdocs serve -f mkdocs.internal.yml -a 127.0.0.1:8001

feedback: site  # the receiver for the demo's "Was this helpful?" widget, next to `make serve`
	$(BIN)/helpcentre feedback serve --site site --db sqlite:///.cache/feedback.sqlite3 \
	  --origin http://127.0.0.1:8000 --origin http://localhost:8000

test: $(STAMP) node_modules/.installed-stamp
	$(BIN)/python -m pytest

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
