# MindLAB CMS — the two commands a newcomer needs are `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run worker test lint format audit serve bench clean

$(STAMP): pyproject.toml scripts/find-python
	@set -e; \
	if [ ! -x $(PY) ]; then \
		python_bin=$$(scripts/find-python); \
		echo "Creating $(VENV) with $$python_bin"; \
		"$$python_bin" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## run: install, migrate, load demo content and serve on http://$(HOST):$(PORT)
# Local development: DEBUG on (throwaway secret key, console email) unless set otherwise.
run: export DEBUG ?= 1
# Links in emails, canonical URLs and feeds point at the address actually served.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py demo_admin --url http://$(HOST):$(PORT)/admin/
	@echo "Starting the email worker (booking confirmations print to this console) and the site."
	@$(PY) manage.py db_worker --interval 2 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## worker: process queued emails (booking confirmations, notifications); run one in production too
worker: $(STAMP)
	$(PY) manage.py db_worker

## test: the whole suite (SQLite unless DATABASE_URL says otherwise)
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## audit: known vulnerabilities in the installed dependencies (pip-audit); AUDIT_STRICT=1 also fails when nothing could be audited
audit: $(STAMP)
	$(PY) scripts/audit.py

## serve: production server: gunicorn + WhiteNoise, page cache in Redis when REDIS_URL is set
# Needs SECRET_KEY and ALLOWED_HOSTS (and usually DATABASE_URL, REDIS_URL); MIGRATE=0 skips
# migrations (extra app servers). See README.md "Production" and docs/performance.md.
serve: $(STAMP)
	@if [ "$(MIGRATE)" != "0" ]; then DEBUG=0 $(PY) manage.py migrate --noinput && \
		DEBUG=0 $(PY) manage.py rerender_markdown; fi
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(VENV)/bin/gunicorn -c mindlab/gunicorn.conf.py --no-control-socket \
		--bind $(HOST):$(PORT) mindlab.wsgi:application

## bench: seed a corpus (BENCH_ARTICLES, default 2000) and print the performance table
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { \
		echo "installing wrk (Debian package)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache
