# careersite: `make run` serves the site, `make test` checks it. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
UV := UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv
PORT ?= 8000
DATA_DIR ?= var
export DJANGO_DATA_DIR ?= $(abspath $(DATA_DIR))

.PHONY: help prepare run dev test test-fast lint format bench browsers backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.runtime: uv.lock pyproject.toml | $(BIN)/uv
	$(UV) sync --frozen --inexact --no-default-groups --quiet
	@touch $@

$(VENV)/.test: uv.lock pyproject.toml | $(BIN)/uv
	$(UV) sync --frozen --inexact --group test --quiet
	@touch $@ $(VENV)/.runtime

# The Nu Html Checker (npm package vnu-jar) for the HTML gate; it runs on the machine's Java, so the
# package's own Java download (its install script) is skipped.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(DATA_DIR)/secret_key:
	@mkdir -p $(DATA_DIR)
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

# collectstatic compresses every file (brotli, gzip): only redo it when a static source changed.
staticfiles/.collected: $(shell find static -type f 2>/dev/null) $(VENV)/.runtime
	$(BIN)/python manage.py collectstatic --no-input -v 0
	@touch $@

prepare: $(VENV)/.runtime $(DATA_DIR)/secret_key staticfiles/.collected
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py seed_content

run: prepare ## Migrate, load the seed content and serve with gunicorn on 127.0.0.1:$(PORT)
	@echo ""
	@echo "  careersite is running at http://127.0.0.1:$(PORT)/"
	@echo "  Editors: create an admin login with '$(BIN)/python manage.py createsuperuser'"
	@echo "  (DJANGO_DATA_DIR=$(DJANGO_DATA_DIR)), then sign in at http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	$(BIN)/gunicorn careersite.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

dev: $(VENV)/.test $(DATA_DIR)/secret_key ## Django's runserver with DEBUG on
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py seed_content
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

browsers: ## Make sure Chromium is installed for the browser tests
	@bash .ci/ensure-chromium

lint: $(VENV)/.test ## ruff check, ruff format --check, import contracts, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.test ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.test $(DATA_DIR)/secret_key browsers node_modules/.installed lint ## Lint and run the whole test suite (the CI gate)
	$(BIN)/pytest $(PYTEST_ARGS)

# The loop while changing code: no browser, no Java; pytest-xdist workers (TEST_WORKERS=auto: one per core),
# each with its own test database, kept between runs (--reuse-db; PYTEST_ARGS=--create-db rebuilds it).
# Tests go to whichever worker is free, except those marked xdist_group (--dist loadgroup): the two-instance
# tests share one deployment, so one worker runs them all.
TEST_WORKERS ?= auto
test-fast: $(VENV)/.test $(DATA_DIR)/secret_key ## All but the browser tests and the Java HTML gate, in parallel (under 3 min on 2 cores)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --reuse-db --ignore=tests/browser \
		-m "not browser and not html_gate" $(PYTEST_ARGS)

bench: $(VENV)/.test staticfiles/.collected ## Benchmark pages against a static file (see docs/performance.md)
	$(BIN)/python -m tests.perf.bench $(BENCH_ARGS)

backup: $(VENV)/.runtime ## Back up database + media to $(DATA_DIR)/backups (BACKUP_DIR=, BACKUP_KEEP=14)
	$(BIN)/python manage.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)") $(if $(BACKUP_KEEP),--keep "$(BACKUP_KEEP)")

restore: $(VENV)/.runtime ## Check and restore BACKUP=<folder> into an empty database (FORCE=1 replaces)
	@if [ -z "$(BACKUP)" ]; then echo "Say which backup to restore: make restore BACKUP=$(DATA_DIR)/backups/careersite-<time>"; exit 2; fi
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(filter 1 yes true,$(FORCE)),--force)

clean: ## Remove the virtual environment, node_modules, the data folder and collected static files
	rm -rf $(VENV) node_modules $(DATA_DIR) staticfiles
