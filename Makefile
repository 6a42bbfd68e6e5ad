# Chantiers partenariaux — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
PORT ?= 8501
WAREHOUSE ?= $(or $(CHANTIERS_WAREHOUSE),$(CURDIR)/data/chantiers.duckdb)
CHROMIUM := /usr/lib/chromium/chromium
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: help setup demo load-demo serve test test-setup bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

setup: $(UV) ## Create .venv from the lock file, with the `chantiers` command
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@# Byte-compiled once here: each `chantiers` command then starts without compiling its imports
	$(VENV)/bin/python -m compileall -q pipelines warehouse dashboard >/dev/null

load-demo: setup ## Load the bundled demo data into the warehouse (CHANTIERS_WAREHOUSE or data/chantiers.duckdb)
	$(VENV)/bin/chantiers load demo/data --warehouse "$(WAREHOUSE)"

demo: load-demo ## Set up, load the demo data, build the models and serve the dashboard on http://localhost:8501
	$(VENV)/bin/chantiers serve --warehouse "$(WAREHOUSE)" --port $(PORT) --headless

serve: setup ## Serve the dashboard on an existing warehouse
	$(VENV)/bin/chantiers serve --warehouse "$(WAREHOUSE)" --port $(PORT) --headless

test-setup: setup ## Install what the tests need: Debian's chromium for the browser tests
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: test-setup ## Set up and run the whole test suite
	$(VENV)/bin/python -m pytest

bench: setup ## Run the benchmarks (prints figures, writes BENCHMARKS.md)
	$(VENV)/bin/python benchmarks/run_all.py

clean: ## Remove the virtual environments and the local warehouse
	rm -rf .venv .tools data/chantiers.duckdb*
