# Two commands on a fresh machine with Python 3.11+:
#   make site   – create .venv, install, build the default handbook into site/
#   make test   – install what the tests need, then run all tests (and ruff)
# Also: make serve, make validate, make schema, make goldens, make bench.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := true

.PHONY: site test serve validate schema goldens bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-site: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-site

site: $(VENV)/.installed-site
	$(BIN)/playbook build

serve: $(VENV)/.installed-site
	$(BIN)/playbook serve

validate: $(VENV)/.installed-site
	$(BIN)/playbook validate

schema: $(VENV)/.installed-site
	$(BIN)/playbook schema

# Browser tests drive Debian's chromium (no browser download). Installed here when missing and root.
chromium:
	@{ command -v chromium && command -v pdffonts; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	  else \
	    echo "注意：未找到 chromium 或 poppler，浏览器和 PDF 测试将跳过（Debian/Ubuntu：sudo apt-get install chromium fonts-noto-cjk poppler-utils）"; \
	  fi; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench

test: $(VENV)/.installed-test chromium lint
	$(BIN)/python -m pytest

# Regenerate the golden files after an intended change; review the diff before committing.
goldens: $(VENV)/.installed-test
	$(BIN)/python -m pytest --update-goldens -q

bench: $(VENV)/.installed-site
	$(BIN)/python bench/run.py --write
	$(BIN)/python bench/feeds.py --write

clean:
	rm -rf site .pytest_cache .ruff_cache
