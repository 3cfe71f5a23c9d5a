# Every target installs what it needs on first use. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.browser
BIOME_VERSION := 2.6.9
BIOME := node_modules/.bin/biome

.DEFAULT_GOAL := help
.PHONY: help install browser validate build serve test test-fast lint format bench build-zensical critical-css screenshots icons clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { scripts/install-system-packages.sh python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## Install kb and its pinned dependencies into .venv

$(BROWSER_STAMP): $(STAMP) Makefile
	scripts/install-system-packages.sh chromium chromium-headless-shell
	@touch $(BROWSER_STAMP)

browser: $(BROWSER_STAMP) ## Install Debian's Chromium (and its headless shell, which the browser tests drive)

validate: $(STAMP) ## Check every entry
	$(BIN)/kb validate

build: $(STAMP) ## Validate and build the site into site/
	$(BIN)/kb build

serve: $(STAMP) ## Build and serve the site with live reload on 127.0.0.1:8000
	$(BIN)/kb serve

test: $(STAMP) $(BROWSER_STAMP) $(BIOME) ## Run the whole test suite, browser tests included
	@# yamllint (~5 s on one core) beside the other checks, each output whole, then the tests
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-yaml test-checks
	@# Bytecode is kept (__pycache__/, ignored by git) even where the environment says not to: every worker and every
	@# `kb` the tests start would otherwise compile kb and the test modules again (about 2.7 s of CPU a worker).
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n 2

.PHONY: test-yaml test-checks
test-yaml: $(STAMP) ## Lint the YAML (yamllint --strict), part of make test
	$(BIN)/yamllint --strict .

test-checks: $(STAMP) $(BIOME) ## Lint the code and check schemas, rules and entries, part of make test
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIOME) lint
	$(BIN)/kb schema --check
	$(BIN)/kb rules --check
	$(BIN)/kb validate

test-fast: $(STAMP) ## Run the tests without a browser
	$(BIN)/pytest -n 2 -m "not browser"

$(BIOME): Makefile
	@command -v npm >/dev/null || scripts/install-system-packages.sh nodejs npm
	npm install --no-save --no-package-lock --no-audit --no-fund @biomejs/biome@$(BIOME_VERSION)
	@touch $(BIOME)

lint: $(STAMP) $(BIOME) ## Lint Python, YAML and the JavaScript (Biome, pinned, in node_modules/)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/yamllint --strict .
	$(BIOME) lint

format: $(STAMP) ## Format the Python code
	$(BIN)/ruff format scripts tests benchmarks
	$(BIN)/ruff check --fix scripts tests benchmarks

bench: $(STAMP) $(BROWSER_STAMP) ## Benchmark validate, build and search at 300, 3,000 and 10,000 entries (BENCH_ARGS="--sizes 300"), and the site's search against Material's
	$(BIN)/python -m benchmarks $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.relevance

# Zensical in a virtual environment of its own: it brings its own Markdown stack, and the site's pins stay as they are.
ZENSICAL_VENV := .venv-zensical
build-zensical: $(STAMP) ## Try the generated pages with Zensical into site-zensical/ (writes bench-results/engines.md)
	@mkdir -p .build
	@test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	@# zensical 0.1 requires zensical-ui, which the package registry may not have: then zensical alone, with its other requirements
	-$(ZENSICAL_VENV)/bin/pip install --quiet "zensical>=0.1,<0.2" > .build/zensical-install.log 2>&1 || \
	  ( $(ZENSICAL_VENV)/bin/pip install --quiet --no-deps "zensical>=0.1,<0.2" && \
	    $(ZENSICAL_VENV)/bin/pip install --quiet click jinja2 markdown pathspec pygments pymdown-extensions pyyaml tomli ) >> .build/zensical-install.log 2>&1
	$(BIN)/python -m benchmarks.engines --zensical $(ZENSICAL_VENV)/bin/zensical --install-log .build/zensical-install.log

critical-css: $(STAMP) $(BROWSER_STAMP) ## Rewrite the critical stylesheet after the theme or kb.css changes
	$(BIN)/kb build
	$(BIN)/python -m benchmarks.critical_css site

screenshots: $(STAMP) $(BROWSER_STAMP) ## Retake the README's screenshots from a fresh build
	$(BIN)/kb build
	$(BIN)/python -m benchmarks.screenshots site

icons: $(STAMP) $(BROWSER_STAMP) ## Redraw the installed site's icons from the theme's mark (committed PNGs)
	$(BIN)/python -m benchmarks.app_icons

clean: ## Remove the virtual environment and build output
	rm -rf $(VENV) $(ZENSICAL_VENV) site site-zensical .build .cache
