# The two commands of the README: `make site` and `make test`.
# Both create their own virtual environment in .venv and can be run again at any time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site serve pdf test check validate schemas schema-minor messages constraints bench bench-build bench-serve bench-pdf lighthouse clean

site: $(VENV)/.installed
	@echo "==> system libraries of the PDF engine"
	@bash scripts/tools/ensure-system-deps.sh site
	@echo "==> validating content (oshub validate)"
	$(BIN)/oshub validate
	@echo "==> building the site into site/ (oshub build)"
	$(BIN)/oshub build

serve: $(VENV)/.installed
	$(BIN)/oshub serve

# The guides and the whole Blueprint as PDF, into pdf/
pdf: $(VENV)/.installed
	@bash scripts/tools/ensure-system-deps.sh site
	$(BIN)/oshub pdf

test: $(VENV)/.installed-dev node_modules/.installed
	@echo "==> system packages the tests need"
	@bash scripts/tools/ensure-system-deps.sh test
	@echo "==> ruff"
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	@echo "==> actionlint (the workflows: syntax, expressions, action runtimes, shellcheck)"
	$(BIN)/actionlint -shellcheck $(BIN)/shellcheck .github/workflows/*.yml
	@echo "==> zizmor (the workflows' and Dependabot's security audit, offline)"
	$(BIN)/zizmor --offline --min-severity medium .github/workflows .github/dependabot.yml
	@echo "==> mypy (strict on the package)"
	$(BIN)/mypy
	@echo "==> import contracts (the package's layers)"
	$(BIN)/lint-imports
	@echo "==> pytest (on every core: pytest-xdist, the tests of a module on one worker)"
	$(BIN)/pytest -q -n auto --dist loadscope

# The fast loop while editing code: lint, types, the package's layers and the unit tests
check: $(VENV)/.installed-dev
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q -n auto tests/unit

validate: $(VENV)/.installed
	$(BIN)/oshub validate

# After changing words in scripts/oshub/templates: bring the message catalogs up to date
messages: $(VENV)/.installed
	$(BIN)/python scripts/tools/messages.py

# After changing a dependency: pin this environment's exact packages into constraints.txt
constraints: $(VENV)/.installed-dev
	$(BIN)/python scripts/tools/constraints.py

# Copy the shared definitions of schemas/defs.schema.json into every schema (after editing it),
# then say which schemas changed without a version in schemas/versions.json
schemas: $(VENV)/.installed
	$(BIN)/python scripts/tools/bundle_schemas.py
	@$(BIN)/python scripts/tools/schema_versions.py || echo "==> record them: make schema-minor (every valid file stays valid) or $(BIN)/python scripts/tools/schema_versions.py major NAME"

# Record every changed schema as a minor version in schemas/versions.json
schema-minor: $(VENV)/.installed
	$(BIN)/python scripts/tools/schema_versions.py minor

bench: $(VENV)/.installed-dev
	$(BIN)/python scripts/bench/bench_validate.py

bench-build: $(VENV)/.installed-dev
	$(BIN)/python scripts/bench/bench_build.py

# Printing: the whole Blueprint and one area, against WeasyPrint on the site's own pages
bench-pdf: $(VENV)/.installed-dev
	$(BIN)/python scripts/bench/bench_pdf.py

# Live preview: from saving a file to the new page being served, oshub serve vs mkdocs serve
bench-serve: $(VENV)/.installed-dev
	$(BIN)/python scripts/bench/bench_serve.py

$(VENV)/bin/python:
	@echo "==> creating $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt $(VENV)/bin/python
	@echo "==> installing oshub with the site tools into $(VENV) (versions pinned by constraints.txt)"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[site]"
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt $(VENV)/.installed
	@echo "==> installing test tools into $(VENV) (versions pinned by constraints.txt)"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[site,dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> installing check tools from npm (axe-core, vnu-jar, lighthouse, yaml-language-server)"
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

lighthouse: site node_modules/.installed
	$(BIN)/python scripts/tools/lighthouse.py

clean:
	rm -rf $(VENV) site pdf .mypy_cache .ruff_cache .pytest_cache
