# The README's two commands are `make site` and `make test`; each sets up .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help site test serve review bench bench-tests lighthouse zensical lint format lock clean pdf

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# uv installs the lock: the same pinned packages as pip would, in about half the time (it fetches
# and unpacks them in parallel), which is most of a fresh clone's set-up. It compiles the bytecode at
# install, as pip does: else the first processes of a test run (its workers, the builds) would each
# compile the same modules at once. The venv gets no pip of its own: Python's own pip fetches uv
# into .venv/uv-<version>, in 3.2-3.8 s where a venv with pip and uv installed by it took 8.6-9.8.
# The PIP_ settings keep a user's or root's pip configuration from refusing an install outside a
# virtual environment, or from warning about it.
UV_VERSION := 0.13.9
UV_HOME := $(VENV)/uv-$(UV_VERSION)
UV := $(UV_HOME)/bin/uv

$(STAMP): requirements.lock
	$(PYTHON) -m venv --without-pip $(VENV)
	test -x $(UV) || PIP_REQUIRE_VIRTUALENV=0 PIP_USER=0 PIP_ROOT_USER_ACTION=ignore \
	  $(PYTHON) -m pip install --quiet --target $(UV_HOME) uv==$(UV_VERSION)
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	touch $(STAMP)

site: $(STAMP) ## Build the site into site/ (strict: any data or page error fails)
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(BIN)/mkdocs build --strict

test: $(STAMP) ## Run every test, the browser tests included (one worker per core)
	$(BIN)/pytest -n auto

serve: $(STAMP) ## Live preview at http://127.0.0.1:8000/mems-data-library/, reloading on edits to docs/, data/ and macros/
	$(BIN)/mkdocs serve$(if $(ADDR), --dev-addr $(ADDR))

pdf: site ## Print each document's book to pdf/<document>.pdf, A4, its contents with page numbers
	$(BIN)/python macros/tools/print_book.py site pdf

review: $(STAMP) ## What a change does to the site, against BASE=<git ref> (default: the merge base with main); report in review/
	$(BIN)/python macros/tools/review.py $(if $(BASE),--base "$(BASE)")

# Zensical gets a virtualenv of its own: it pins other versions of a few packages MkDocs shares.
ZENSICAL_VENV := .venv-zensical
$(ZENSICAL_VENV)/.installed: requirements-zensical.txt requirements.lock $(STAMP)
	$(PYTHON) -m venv --without-pip $(ZENSICAL_VENV)
	$(UV) pip install --quiet --compile-bytecode --python $(ZENSICAL_VENV)/bin/python -r requirements-zensical.txt
	touch $@

zensical: $(ZENSICAL_VENV)/.installed site ## Build with Zensical as far as it goes; what it made and lacks in zensical/report.md
	$(ZENSICAL_VENV)/bin/python macros/tools/zensical.py --zensical $(ZENSICAL_VENV)/bin/zensical

bench: $(STAMP) ## Print build times, chart rendering time and page weights
	$(BIN)/python benchmarks/build.py

bench-tests: $(STAMP) ## Time `make test` on a fresh clone of the last commit, set-up included (SEEDED=1: charts drawn first, as in CI)
	$(BIN)/python benchmarks/suite.py$(if $(SEEDED), --seeded)

# Lighthouse is pinned in benchmarks/package-lock.json, apart from the tests' npm packages: the test
# run does not need it. SITE=<folder> measures a site already built instead of building one.
benchmarks/node_modules/.package-lock.json: benchmarks/package-lock.json
	cd benchmarks && npm ci --no-audit --no-fund --loglevel=error

lighthouse: $(STAMP) benchmarks/node_modules/.package-lock.json ## Print Lighthouse mobile performance and accessibility of every chapter page
	$(BIN)/python benchmarks/lighthouse.py$(if $(SITE), --site "$(SITE)")

lint: $(STAMP) ## Check the Python code with ruff
	$(BIN)/ruff check macros tests benchmarks
	$(BIN)/ruff format --check macros tests benchmarks

format: $(STAMP) ## Format the Python code with ruff
	$(BIN)/ruff format macros tests benchmarks
	$(BIN)/ruff check --fix macros tests benchmarks

lock: ## Re-pin requirements.lock from pyproject.toml's dependencies
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[test]'
	(echo "# Every package the project installs, pinned (direct ones are listed in pyproject.toml)."; \
	 echo "# Regenerate with: make lock"; \
	 .lock-venv/bin/pip freeze --exclude mems-data-library) > requirements.lock
	rm -rf .lock-venv

clean: ## Remove the built site and the chart cache
	rm -rf site .cache zensical
