# The two commands of README.md: `make run` and `make test`. Both first check the Debian
# packages they need (.ci/setup: installs them as root, else prints the one apt-get line and
# stops), then create .venv and install the project into it when pyproject.toml is newer than
# the last install. `make test` starts a throwaway PostgreSQL when none listens on 5432.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup-run setup-test lint check-layers bench screenshots clean
# Prerequisites in the order written: the system check before minutes of pip and tests.
.NOTPARALLEL:

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Doorstep needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,s3]'
	touch $(STAMP)

setup-run:
	@PYTHON=$(PYTHON) .ci/setup run

setup-test:
	@PYTHON=$(PYTHON) .ci/setup test

run: setup-run $(STAMP)
	$(BIN)/doorstep demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check-layers: $(STAMP)
	$(BIN)/lint-imports --no-cache

test: setup-test lint check-layers
	QT_QPA_PLATFORM=offscreen .ci/with-postgres -- $(BIN)/python .ci/test-groups

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
