# Yichuang: the commands a developer and CI use. `make run` and `make test` are
# the two a fresh clone needs; each builds what it needs first.

UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint types contracts bench bench-full messages hypothesis-long openapi clean

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet
	touch $@

## Start the platform with demo data on SQLite at http://$(HOST):$(PORT)
run: $(VENV)/.synced
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	mkdir -p var; $(PY) manage.py periodic > var/periodic.log 2>&1 & trap 'kill $$!' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole suite on SQLite and PostgreSQL, then lint, types and contracts
test: $(VENV)/.synced
	scripts/test

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(VENV)/.synced
	$(VENV)/bin/mypy yichuang bench

contracts: $(VENV)/.synced
	$(VENV)/bin/lint-imports

## Benchmarks: quick scale (minutes) and city scale; results in bench/results/
bench: $(VENV)/.synced
	BENCH_SCALE=quick $(PY) -m bench

bench-full: $(VENV)/.synced
	BENCH_SCALE=full $(PY) -m bench

## Regenerate the translation catalogue from the source and compile it
messages: $(VENV)/.synced
	$(PY) manage.py makemessages --locale zh_Hans --no-obsolete --no-location
	$(PY) scripts/check_messages.py --compile

## Property tests with many more examples than CI runs
hypothesis-long: $(VENV)/.synced
	HYPOTHESIS_PROFILE=long $(VENV)/bin/pytest -q -k "propert or hypothesis" yichuang

clean:
	rm -rf $(VENV) $(TOOLS) var
