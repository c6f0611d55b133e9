# Amont — the two commands: `make demo` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := amont.settings

.PHONY: demo test install lint format messages clean-demo

$(VENV)/.installed: pyproject.toml
	@PYBIN=$$(scripts/find-python) || exit 1; \
	echo "Using $$PYBIN ($$($$PYBIN --version))"; \
	[ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# Set up everything with the embedded defaults (SQLite, in-memory channel layer),
# load the demo and serve pages + websockets on http://$(HOST):$(PORT).
demo: install
	DEBUG=1 AMONT_DEMO=1 $(PY) manage.py migrate --noinput
	DEBUG=1 AMONT_DEMO=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=1 AMONT_DEMO=1 $(PY) manage.py load_demo
	@DEBUG=1 AMONT_DEMO=1 HOST=$(HOST) PORT=$(PORT) $(PY) manage.py serve_demo

test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

IGNORE := --ignore=.venv --ignore=staticfiles --ignore=var --ignore=media --ignore=node_modules

# Extract the strings to translate, then compile; fill the French msgstr before committing.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l fr -l en --no-obsolete $(IGNORE)
	DEBUG=1 $(PY) manage.py makemessages -d djangojs -l fr -l en --no-obsolete $(IGNORE) --ignore=static/vendor
	DEBUG=1 $(PY) manage.py compilemessages $(IGNORE)
