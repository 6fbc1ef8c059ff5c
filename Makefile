# Vivier: set up, run and test.
#   make run            set up on first use (virtualenv, front-end packages, database, demo data), then start
#   make test           the test suite on SQLite          make test-postgres   the same on PostgreSQL
#   make test-browser   the end-to-end tests in Chromium  make lint            ruff
# Everything lands in ./.venv, ./node_modules and ./var (VIVIER_DATA_DIR); delete them to start afresh.

SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# Tests keep their files (secret key, mailbox, cache) away from ./var; the databases are pytest-django's own.
TEST_ENV := VIVIER_DATA_DIR=$(CURDIR)/var/test
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# One process by default: pytest-xdist (PYTEST_ARGS="-q -n 2") needs every worker to collect the same test
# ids, which a parametrisation with a random value breaks; the suite is quick enough either way.
PYTEST_ARGS ?= -q
DEMO_LOGIN := Demo logins: admin, recruteuse, lecteur; password vivier-demo

.PHONY: venv venv-dev node_modules setup run test test-postgres test-browser lint

venv: $(VENV)/.stamp

# Re-installed only when the lock file or the project's metadata change.
$(VENV)/.stamp: requirements.lock pyproject.toml
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the Python packages (requirements.lock)"
	@$(PIP) install -r requirements.lock
	@$(PIP) install --no-deps -e .
	@touch $@

# The test tools (pytest, Playwright, ruff…): a third of the download, left out of `make run`.
venv-dev: $(VENV)/.dev-stamp

$(VENV)/.dev-stamp: $(VENV)/.stamp requirements-dev.lock
	@echo "Installing the test tools (requirements-dev.lock)"
	@$(PIP) install -r requirements-dev.lock
	@touch $@

node_modules: node_modules/.stamp

node_modules/.stamp: $(wildcard package.json package-lock.json)
	@if [ ! -f package.json ]; then \
		echo "No package.json: no front-end packages to install."; \
	elif [ -f package-lock.json ]; then \
		echo "Installing the front-end packages (npm ci)"; \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		npm install --no-audit --no-fund --loglevel=error && touch $@; \
	fi

# The demo command is idempotent: it loads the demo agency into an empty database and does nothing after; its
# log lines (JSON, for a log shipper) stay off the terminal. Static files are collected by `vivier run`, the one
# place that knows whether they changed (vivier/assets.py).
setup: venv node_modules
	@echo "Migrating the database ($(or $(VIVIER_DATA_DIR),var))"
	@$(BIN)/vivier migrate --noinput --verbosity 0
	@VIVIER_LOG_LEVEL=WARNING $(BIN)/vivier demo

run: setup
	@echo "$(DEMO_LOGIN)"
	$(BIN)/vivier run

test: venv-dev node_modules
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv-dev node_modules
	env DATABASE_URL=$(POSTGRES_URL) $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-browser: venv-dev node_modules
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/pytest -q -m browser

lint: venv-dev
	$(BIN)/ruff check .

# --- Benchmark harness (vivier/bench): data in var/bench, results in bench/results (see docs) -----------------
#   make bench        one million candidates: generated once (again if the scale changed), then measured
#   make bench-tiny   scale 0.01 and short runs: keeps the harness working in CI (wrk: apt-get install wrk)
BENCH_SCALE ?= 1.0
BENCH_ENV := env -u DATABASE_URL VIVIER_DATA_DIR=$(CURDIR)/var/bench
BENCH_TINY_ENV := env -u DATABASE_URL VIVIER_DATA_DIR=$(CURDIR)/var/bench-tiny

.PHONY: bench bench-tiny
bench: venv-dev node_modules
	$(BENCH_ENV) $(BIN)/vivier bench generate --scale $(BENCH_SCALE) --if-needed
	$(BENCH_ENV) $(BIN)/vivier bench run --scale $(BENCH_SCALE)

bench-tiny: venv-dev node_modules
	$(BENCH_TINY_ENV) $(BIN)/vivier bench generate --scale 0.01 --if-needed
	$(BENCH_TINY_ENV) $(BIN)/vivier bench run --scale 0.01 --duration 2 --messages 200
