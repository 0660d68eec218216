# Two commands do everything on a fresh machine: `make run` and `make test`.
# Prerequisites: Python 3.11+, Node 18+ with npm, and Chromium for the browser tests (see README).

PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app forum_feedback
STAMP := $(VENV)/.installed
WORKER := $(BIN)/huey_consumer forum_feedback.jobs.huey --workers 2 --worker-type thread

.PHONY: run worker serve test test-postgres lint assets setup clean

BUILT := forum_feedback/static/build/.built
ASSET_SOURCES := $(shell find forum_feedback/assets -type f) scripts/build_assets.py

setup: $(STAMP) node_modules/.installed $(BUILT)

$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,redis]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Built once, and again when the sources change (two test runs at once never rebuild under each other).
$(BUILT): $(STAMP) node_modules/.installed $(ASSET_SOURCES)
	$(BIN)/python scripts/build_assets.py
	touch $@

# Rebuild by hand, e.g. after changing BRAND_COLOUR in instance/config.py.
assets: $(STAMP) node_modules/.installed
	$(BIN)/python scripts/build_assets.py
	touch $(BUILT)

# The development server and the job worker together; stopping one (Ctrl-C) stops both.
run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) themes rebuild --if-empty
	@mkdir -p instance && echo "http://127.0.0.1:$(PORT)" > instance/served_at
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(WORKER) & worker=$$!; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The job worker on its own: theme rebuilds, theming on arrival, mail, and the periodic jobs.
worker: setup
	$(WORKER)

# Production: gunicorn with the settings in forum_feedback/gunicorn_conf.py (see README, "Running it for real").
# Needs FORUM_FEEDBACK_SECRET_KEY; run `make worker` beside it, and `db upgrade` before each restart.
serve: setup
	$(FLASK) db upgrade
	@mkdir -p instance && echo "http://127.0.0.1:$(PORT)" > instance/served_at
	FORUM_FEEDBACK_ENV=production PORT=$(PORT) $(BIN)/gunicorn --config python:forum_feedback.gunicorn_conf 'forum_feedback:create_app()'

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (needs a server; .ci/run provides one).
test-postgres: setup
	FORUM_FEEDBACK_TEST_DATABASE_URL=$${FORUM_FEEDBACK_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules forum_feedback/static/build
