# Two commands for a fresh machine:  make run  |  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= var/placeboard.duckdb
STAMP := $(VENV)/.installed

AXE := tests/browser/a11y/node_modules/axe-core/axe.min.js

.PHONY: run test setup build bench lint clean browser-deps

# Progress is shown at every stage: a first install downloads a few hundred MB.
$(STAMP): pyproject.toml
	@echo "==> [1/3] Creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> [2/3] Installing Placeboard and its dependencies (a few minutes the first time)"
	$(BIN)/pip install --upgrade --progress-bar on pip
	$(BIN)/pip install --progress-bar on -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

$(STORE): $(STAMP) $(shell find data -type f 2>/dev/null)
	@echo "==> [3/3] Building the store $(STORE) from data/ (one line per step)"
	$(BIN)/placeboard build --store $(STORE)

build: $(STAMP)
	$(BIN)/placeboard build --store $(STORE)

## make run: set up, build the store from data/ and serve http://127.0.0.1:8050 with
## gunicorn (WORKERS processes x THREADS threads; `placeboard serve --dev` for development)
WORKERS ?= 2
THREADS ?= 4
run: $(STORE)
	@echo "==> Serving http://127.0.0.1:8050/ (gunicorn, $(WORKERS) workers x $(THREADS) threads; Ctrl+C stops)"
	$(BIN)/placeboard serve --store $(STORE) --workers $(WORKERS) --threads $(THREADS)

## browser tests need Debian's chromium and chromium-driver
browser-deps:
	@command -v chromedriver >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver redis-server postgresql; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver redis-server postgresql; fi; }

## axe-core (npm registry) for the accessibility tests, pinned by package-lock.json
$(AXE): tests/browser/a11y/package.json tests/browser/a11y/package-lock.json
	npm ci --prefix tests/browser/a11y --no-audit --no-fund
	touch $(AXE)

## make test: set up and run the whole suite, browser tests included
## (parallel workers: TEST_WORKERS=1 runs them one at a time)
TEST_WORKERS ?= auto
test: $(STAMP) browser-deps $(AXE)
	$(BIN)/python -m pytest --headless -q -n $(TEST_WORKERS)

bench: $(STAMP) $(STORE)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check dashboard layouts callbacks tests bench

clean:
	rm -rf $(VENV) var tests/browser/a11y/node_modules
