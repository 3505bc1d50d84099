# The portal's two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
PYTEST_ARGS ?=

.PHONY: run test bench bench-worker lint format messages install clean-db help

help:
	@echo "make run    - install, start the embedded PostgreSQL, migrate, load data, serve http://127.0.0.1:8000"
	@echo "make test   - run the whole test suite (browser journeys included)"
	@echo "make bench  - seed a large data set and measure the pages under gunicorn"
	@echo "make bench-worker - background worker: e-mails per second, time to recover a killed worker's task"
	@echo "make lint   - ruff check and format check"
	@echo "make messages - refresh locale/en/LC_MESSAGES/django.po from the code, compile the .mo (needs GNU gettext)"

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is required (found " + sys.version.split()[0] + ").")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py devserver

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

bench-worker: $(STAMP)
	$(PY) -m bench.worker $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The English of the public pages. The compiled .mo is committed: running the portal needs no gettext.
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=var
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
