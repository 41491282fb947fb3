# Nestegg: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(PYTHON) -m uv
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_COMPILE_BYTECODE := 1
export UV_PYTHON_DOWNLOADS := never
POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help install run test lint test-backend test-postgres bench clean browser

# Debian's Chromium (installed by `make browser` when missing).
CHROME_PATH ?= /usr/bin/chromium
export CHROME_PATH
include frontend/Makefile.inc

help:
	@echo "make run    install everything and serve Nestegg on http://127.0.0.1:8000"
	@echo "make test   install everything and run every check (what CI runs)"
	@echo "make install | lint | test-backend | test-postgres | bench | clean"

$(VENV)/.installed: backend/pyproject.toml backend/uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	cd backend && $(UV) sync --frozen --quiet
	$(BIN)/python -m compileall -q backend/src >/dev/null
	@touch $@

install: $(VENV)/.installed

run: install web-build
	$(BIN)/nestegg serve --host 127.0.0.1 --port 8000

lint: install
	cd backend && $(BIN)/ruff check --config pyproject.toml src tests ../bench ../tools
	cd backend && $(BIN)/ruff format --config pyproject.toml --check src tests ../bench ../tools
	cd backend && $(BIN)/mypy
	cd backend && $(BIN)/lint-imports --no-cache

# The whole backend suite on the encrypted SQLite vault, then the database-backed part again
# on PostgreSQL.
test-backend: install
	cd backend && NESTEGG_TEST_DB=sqlcipher $(BIN)/pytest -q -p no:cacheprovider

test-postgres: install
	cd backend && NESTEGG_TEST_DB=postgresql NESTEGG_TEST_POSTGRES_URL="$(POSTGRES_URL)" \
		$(BIN)/pytest -q -p no:cacheprovider tests/app

# Browser tests use Debian's Chromium (never a tool's own download).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium fonts-liberation >/dev/null; }

test: lint test-backend test-postgres web-types-check web-test browser web-e2e lighthouse

bench: install
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_holdings.py
	$(BIN)/python bench/bench_tax_replay.py

clean:
	rm -rf $(VENV) backend/.pytest_cache backend/.mypy_cache backend/.ruff_cache
