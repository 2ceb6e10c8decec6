# chilang_thidua — everyday commands. Odoo 18.0, PostgreSQL and wkhtmltopdf are prerequisites
# (see README); `make setup` says which of them is missing.
PYTHON ?= python3
DB ?= chilang_thidua
PORT ?= 8069
ADDONS_PATH = $(shell $(PYTHON) tools/odoo_suite.py --print-addons-path 2>/dev/null)

.PHONY: help setup run test test-static test-odoo test-pytest-odoo lint pot bench

help:
	@echo "make setup   install the addon's and the tests' Python packages, check the prerequisites"
	@echo "make run     create/update database $(DB) with the addon and demo data, serve http://localhost:$(PORT)"
	@echo "make test    static tests, then the Odoo suite in a fresh database (skipped loudly without Odoo)"
	@echo "make test-pytest-odoo  the Odoo suite through pytest-odoo, in database $(DB)_pytest (kept)"
	@echo "make lint    ruff and XML well-formedness"
	@echo "make pot     regenerate i18n/chilang_thidua.pot and merge new terms into vi.po"
	@echo "make bench   benchmarks (need Odoo)"

setup:
	$(PYTHON) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	@# pytest-odoo imports odoo when pytest starts: installed only where Odoo is
	@$(PYTHON) -c "import odoo" 2>/dev/null && $(PYTHON) -m pip install --quiet "pytest-odoo>=2.1" || true
	@$(PYTHON) tools/check_prereqs.py

run:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "Odoo 18.0 is not importable: see README, Prerequisites"; exit 1; }
	@# an existing database is updated (-u), a new one installed (-i): make run never reinstalls
	$(PYTHON) -m odoo --config odoo.conf --addons-path "$(ADDONS_PATH)" -d $(DB) --db-filter "^$(DB)$$" \
		$$(psql -d $(DB) -Atc "select 1 from ir_module_module where name='chilang_thidua' and state='installed'" \
		   2>/dev/null | grep -q 1 && echo -u || echo -i) chilang_thidua --load-language vi_VN --stop-after-init
	$(PYTHON) -m odoo --config odoo.conf --addons-path "$(ADDONS_PATH)" -d $(DB) --db-filter "^$(DB)$$" \
		--http-port $(PORT)

test: test-static test-odoo

test-static:
	@# -p no:odoo: the static tests need no database, even where pytest-odoo is installed
	$(PYTHON) -m pytest -p no:odoo -q tests

test-odoo:
	$(PYTHON) tools/odoo_suite.py

# The same Odoo suite through pytest-odoo: install (or update) the addon in a kept database, then
# let pytest collect the addon's tests. HttpCase tests need --odoo-http (a test server is started).
PYTEST_DB ?= $(DB)_pytest
test-pytest-odoo:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "needs Odoo 18.0 (see README, Prerequisites)"; exit 1; }
	@$(PYTHON) -c "import pytest_odoo" 2>/dev/null || $(PYTHON) -m pip install --quiet "pytest-odoo>=2.1"
	$(PYTHON) -m odoo --config odoo.conf --addons-path "$(ADDONS_PATH)" -d $(PYTEST_DB) \
		$$(psql -d $(PYTEST_DB) -Atc "select 1 from ir_module_module where name='chilang_thidua' and state='installed'" \
		   2>/dev/null | grep -q 1 && echo -u || echo -i) chilang_thidua --load-language vi_VN --stop-after-init --no-http
	$(PYTHON) -m pytest -p no:cacheprovider --odoo-database=$(PYTEST_DB) --odoo-config=odoo.conf \
		--odoo-addons-path="$(ADDONS_PATH)" --odoo-extra='db-filter=^$(PYTEST_DB)$$' \
		--odoo-extra=max-cron-threads=0 --odoo-http addons/chilang_thidua/tests $(PYTEST_ARGS)

lint:
	$(PYTHON) -m ruff check addons tools tests
	$(PYTHON) -m pytest -q tests -k xml

pot:
	tools/i18n_export.sh $(DB)

bench:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "BENCH SKIPPED: Odoo 18.0 is not importable"; exit 0; }
	$(PYTHON) tools/odoo_suite.py --tags bench/chilang_thidua
