# hjelpetiltak — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# The test suite runs against PostgreSQL (pytest-django creates test_hjelpetiltak).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hjelpetiltak
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test test-dates bench demo lint format messages system-deps services venv check-translations check-deploy clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

# The two written forms (issue 26): bokmål and nynorsk catalogues, compiled when changed.
MO := locale/nb/LC_MESSAGES/django.mo locale/nn/LC_MESSAGES/django.mo

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages -l $* -v0

## run: set up everything and serve the app with demo data on http://127.0.0.1:8000
run: venv $(MO)
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## demo: load the demo data (again: it does nothing when it is there)
demo: venv
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo

## test: install what the tests need, start PostgreSQL and Redis, run the whole suite
test: system-deps venv services $(MO)
	$(MAKE) --no-print-directory lint check-translations check-deploy
	mkdir -p var test-artifacts
	$(PY) manage.py makemigrations --check --dry-run --settings=hjelpetiltak.settings.test
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest -n 2 --create-db -q -m "not slow" $(PYTEST_ARGS)
	@# The real-worker tests start a Celery worker on the shared app: they run in their own
	@# processes after the rest (the documents one after the eager document tests); the second
	@# reuses the database the first built (their tests flush it after each test).
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest --create-db -q -p no:randomly tests/reminders/test_worker.py tests/reminders/test_two_workers.py $(PYTEST_ARGS)
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest --reuse-db -q -p no:randomly tests/documents/test_dispatch.py tests/documents/test_worker.py $(PYTEST_ARGS)
	@# The date sweep: the date-sensitive tests again on the year's awkward dates (issue 17);
	@# today's run is the suite above.
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) SWEEP_SKIP_TODAY=1 \
		./scripts/date-sweep.sh

## test-dates: the date sweep alone: the date-sensitive tests with the clock at each of the
## dates in scripts/date-sweep.sh (one: make test-dates SWEEP_DATES=2028-02-29)
test-dates: system-deps venv services $(MO)
	mkdir -p var test-artifacts
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) ./scripts/date-sweep.sh

## bench: national-scale benchmark (issue 8): builds hj_bench_{1k,10k,100k} once, then measures
bench: system-deps venv services $(MO)
	$(PY) -m pip install -q -e ".[dev,bench]"
	$(PY) -m bench $(BENCH_ARGS)

system-deps:
	./scripts/install-system-deps.sh

services:
	./scripts/ensure-services.sh

## lint: ruff, and the import contract of docs/architecture.md (apps import only downwards)
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: update the Norwegian catalogue after changing texts
messages: venv
	$(PY) manage.py makemessages -l nb -l nn --no-location --no-obsolete -i ".venv/*" -i "static/*"
	$(PY) manage.py makemessages -l nb -l nn --no-location --no-obsolete -d djangojs -i ".venv/*" -i "static/vendor/*" || true

## check-translations: every nb and nn entry translated and none fuzzy
check-translations:
	@for lang in nb nn; do \
		stats=$$(LC_ALL=C msgfmt -c --statistics -o /dev/null locale/$$lang/LC_MESSAGES/django.po 2>&1) || { echo "$$stats" >&2; exit 1; }; \
		echo "$$lang catalogue: $$stats"; \
		if echo "$$stats" | grep -qE "fuzzy|untranslated"; then \
			echo "Every $$lang text must be translated and reviewed (no fuzzy entries)." >&2; exit 1; fi; \
	done

## check-deploy: the production settings pass Django's deployment checks (a random key, as
## production requires; a PostgreSQL URL the checks never connect to)
check-deploy: venv
	DJANGO_SETTINGS_MODULE=hjelpetiltak.settings.production \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DATABASE_URL=postgres://check-deploy@127.0.0.1:1/check-deploy \
	ALLOWED_HOSTS=hjelpetiltak.example DEMO_MODE=false DEBUG=false \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var staticfiles test-artifacts
