# Two commands on a fresh machine with Python 3.11+:
#   make site   – create .venv, install from requirements/site.txt, build the default handbook into site/
#   make test   – install from requirements/test.txt, then lint (ruff, mypy --strict) and every test
# Also: make test-fast (the edit loop), make serve, make validate, make schema, make goldens,
# make bench, make bench-branches, make lock (refresh the lock files from pyproject.toml's ranges).
#
# Everything installs from the lock files (exact versions with hashes): the same site on every
# machine, whatever the packages publish tomorrow. pyproject.toml keeps the open ranges for people
# who install the package elsewhere.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := true

.PHONY: site test test-fast serve validate schema goldens bench bench-branches lint lock clean tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-site: requirements/site.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/site.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/test.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed-site

site: $(VENV)/.installed-site
	$(BIN)/playbook build

serve: $(VENV)/.installed-site
	$(BIN)/playbook serve

validate: $(VENV)/.installed-site
	$(BIN)/playbook validate

schema: $(VENV)/.installed-site
	$(BIN)/playbook schema

# What the tests use beyond Python: Debian's chromium (browser tests; no browser download), CJK
# fonts and poppler (the PDF test), nginx (the server configuration), libical (its restriction
# check of the feeds), and Thunderbird's parser ical.js from npm (tests/js, from its lock file).
# Installed here when missing and root; elsewhere the tests that need them are skipped.
DEBIAN_TOOLS := chromium fonts-noto-cjk poppler-utils nginx libical-dev pkg-config
tools:
	@{ command -v chromium && command -v pdffonts && command -v nginx && pkg-config --exists libical; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; \
	  else \
	    echo "注意：未找到 chromium、poppler、nginx 或 libical，相应的测试将跳过（Debian/Ubuntu：sudo apt-get install $(DEBIAN_TOOLS)）"; \
	  fi; }
	@if command -v npm >/dev/null 2>&1; then \
	  [ tests/js/node_modules/.package-lock.json -nt tests/js/package-lock.json ] || npm ci --prefix tests/js --no-audit --no-fund --silent; \
	else echo "注意：未找到 npm，ical.js 的测试将跳过"; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

# Everything: ruff, mypy --strict, the import contract and every test, browsers included.
# On two workers (pytest-xdist), each test file on one of them (its fixtures built once).
test: $(VENV)/.installed-test tools lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The edit loop (under a minute): no site builds, no browser, a smaller fuzz run.
test-fast: $(VENV)/.installed-test
	PLAYBOOK_FUZZ_MUTANTS=60 PLAYBOOK_FUZZ_RENDERED=3 $(BIN)/python -m pytest -q -m "not slow and not browser"

# Regenerate the golden files after an intended change; review the diff before committing.
goldens: $(VENV)/.installed-test
	$(BIN)/python -m pytest --update-goldens -q

bench: $(VENV)/.installed-site
	$(BIN)/python bench/run.py --write
	$(BIN)/python bench/feeds.py --write

# The real `playbook build` with 3, 30 and 100 synthetic branches × 12 months, against bare Material
# (about 35 minutes on 2 cores); BENCH_ARGS=--with-300 adds 300 branches (on demand: much longer).
bench-branches: $(VENV)/.installed-site
	$(BIN)/python bench/site_build.py --write $(BENCH_ARGS)

# Refresh the lock files from pyproject.toml (newest versions its ranges allow); review the diff,
# run `make test`, and commit requirements/ with the change it brings.
lock: | $(BIN)/python
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -q -o requirements/site.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes -q -o requirements/test.txt

clean:
	rm -rf site .pytest_cache .ruff_cache .mypy_cache
