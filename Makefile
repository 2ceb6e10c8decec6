# chilang_thidua — everyday commands. Odoo 18.0, PostgreSQL and wkhtmltopdf are prerequisites
# (see README); `make setup` says which of them is missing.
PYTHON ?= python3
DB ?= chilang_thidua
PORT ?= 8069
ADDONS_PATH = $(shell $(PYTHON) tools/odoo_suite.py --print-addons-path 2>/dev/null)

.PHONY: help setup run test test-static test-odoo test-pytest-odoo test-wheel lint pot bench province-pages loadtest test-multinode \
	test-core-with-addon backup restore test-backup-drill

help:
	@echo "make setup   install the addon's and the tests' Python packages, check the prerequisites"
	@echo "make run     create/update database $(DB) with the addon and demo data, serve http://localhost:$(PORT)"
	@echo "make test    static tests, then the Odoo suite in a fresh database (skipped loudly without Odoo)"
	@echo "make test-pytest-odoo  the Odoo suite through pytest-odoo, in database $(DB)_pytest (kept)"
	@echo "make lint    pre-commit: ruff, pylint-odoo (OCA), XML, white space"
	@echo "make test-wheel  build the whool wheel, install it in a fresh virtualenv, odoo -i from there"
	@echo "make pot     regenerate i18n/chilang_thidua.pot and merge new terms into vi.po"
	@echo "make bench   benchmarks (need Odoo)"
	@echo "make province-pages  list, form, pivot and portal query counts on two generated provinces (PAGES_SCALES)"
	@echo "make loadtest  deadline day: generated province, Odoo --workers=2, Locust (LOADTEST_SCALE, _USERS, _TIME)"
	@echo "make test-multinode  two Odoo servers on one database (slow, ~75 s)"
	@echo "make test-core-with-addon  Odoo's own tests (base, mail, test_mail, web, portal) beside the addon (~10 min)"
	@echo "make backup DB=…  pg_dump + filestore + manifest into backups/ (KEY_OUT=dir: the secret key, apart)"
	@echo "make restore BACKUP=backups/… DB=new  a NEW database from a backup (NEUTRALIZE=1 for a drill copy)"
	@echo "make test-backup-drill  back up, restore into a new database, check signed PDFs, numbering, files"

setup:
	$(PYTHON) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	@# pytest-odoo imports odoo when pytest starts: installed only where Odoo is
	@$(PYTHON) -c "import odoo" 2>/dev/null && $(PYTHON) -m pip install --quiet "pytest-odoo>=2.1" || true
	@# --workers starts Odoo's event process (the web client's bus): gevent and greenlet at the
	@# versions Odoo's own requirements.txt pins for this Python
	@$(PYTHON) -c "import odoo, gevent" 2>/dev/null || ! $(PYTHON) -c "import odoo" 2>/dev/null || \
		grep -E '^(gevent|greenlet)' "$$($(PYTHON) -c 'import odoo, os; print(os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "requirements.txt"))')" \
		| $(PYTHON) -m pip install --quiet -r /dev/stdin || true
	@$(PYTHON) tools/check_prereqs.py
	@$(PYTHON) tools/secret_key.py odoo.conf

run:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "Odoo 18.0 is not importable: see README, Prerequisites"; exit 1; }
	@$(PYTHON) tools/secret_key.py odoo.conf
	@# an existing database is updated (-u), a new one installed (-i): make run never reinstalls
	$(PYTHON) -m odoo --config odoo.conf --addons-path "$(ADDONS_PATH)" -d $(DB) --db-filter "^$(DB)$$" \
		$$(psql -d $(DB) -Atc "select 1 from ir_module_module where name='chilang_thidua' and state='installed'" \
		   2>/dev/null | grep -q 1 && echo -u || echo -i) chilang_thidua --load-language vi_VN --stop-after-init
	$(PYTHON) -m odoo --config odoo.conf --addons-path "$(ADDONS_PATH)" -d $(DB) --db-filter "^$(DB)$$" \
		--http-port $(PORT)

test: test-static test-odoo test-multinode test-wheel

test-static:
	@# -p no:odoo: the static tests need no database, even where pytest-odoo is installed
	$(PYTHON) -m pytest -p no:odoo -q tests

test-odoo:
	$(PYTHON) tools/odoo_suite.py
	@# day one: a second, short run in a database installed without demo data
	$(PYTHON) tools/odoo_suite.py --without-demo

# The same Odoo suite through pytest-odoo: install (or update) the addon in a kept database, then
# let pytest collect the addon's tests. HttpCase tests need --odoo-http (a test server is started).
PYTEST_DB ?= $(DB)_pytest
# pytest does not read Odoo's test tags: the benchmarks (classes Bench…, tag bench) are left out as
# tools/odoo_suite.py leaves them out; a -k of PYTEST_ARGS, given after this one, replaces it
PYTEST_SELECT ?= -k "not Bench"
test-pytest-odoo:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "needs Odoo 18.0 (see README, Prerequisites)"; exit 1; }
	@$(PYTHON) -c "import pytest_odoo" 2>/dev/null || $(PYTHON) -m pip install --quiet "pytest-odoo>=2.1"
	$(PYTHON) -m odoo --config odoo.conf --addons-path "$(ADDONS_PATH)" -d $(PYTEST_DB) \
		$$(psql -d $(PYTEST_DB) -Atc "select 1 from ir_module_module where name='chilang_thidua' and state='installed'" \
		   2>/dev/null | grep -q 1 && echo -u || echo -i) chilang_thidua --load-language vi_VN --stop-after-init --no-http
	$(PYTHON) -m pytest -p no:cacheprovider --odoo-database=$(PYTEST_DB) --odoo-config=odoo.conf \
		--odoo-addons-path="$(ADDONS_PATH)" --odoo-extra='db-filter=^$(PYTEST_DB)$$' \
		--odoo-extra=max-cron-threads=0 --odoo-http addons/chilang_thidua/tests $(PYTEST_SELECT) $(PYTEST_ARGS)

lint:
	$(PYTHON) -m pre_commit run --all-files

# The addon as OCA packages it: a whool wheel installed into a fresh virtualenv beside Odoo, and
# Odoo installing chilang_thidua from there alone (skipped without Odoo).
test-wheel:
	PYTHON=$(PYTHON) tools/wheel_check.sh

pot:
	tools/i18n_export.sh $(DB)

bench:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "BENCH SKIPPED: Odoo 18.0 is not importable"; exit 0; }
	$(PYTHON) tools/odoo_suite.py --tags bench/chilang_thidua,-province

# Query counts of the daily pages on two generated provinces (tools/province_pages.py): the
# databases chilang_pages_<scale> are made once (the full province: ~10 minutes) and kept.
PAGES_SCALES ?= 0.05,1
province-pages:
	$(PYTHON) tools/province_pages.py --scales $(PAGES_SCALES)

# Deadline-day load test (tools/loadtest/run.py): a generated province in database chilang_load,
# Odoo with 2 workers on 127.0.0.1 behind nginx (deploy/'s site, a server of its own), Locust bounded
# in users and time (half of them on Odoo's own portal pages: the baseline), then the database checks.
# Locust lives in its own virtualenv: it pins Flask and Werkzeug 3, Odoo 18 needs Werkzeug 2.
LOADTEST_SCALE ?= 0.1
LOADTEST_USERS ?= 50
# users started a second: logins cost Odoo ~0.4 s each (pbkdf2), 200 started at 5/s queue past
# nginx's connect timeout (README, run 6); at 1/s the full province ran with 0 errors (run 7)
LOADTEST_RATE ?= 1
LOADTEST_TIME ?= 2m
LOADTEST_WORKERS ?= 2
LOADTEST_DB ?= chilang_load
# extra options of tools/loadtest/run.py, e.g. --reuse-db, --no-nginx, --port 18200
LOADTEST_ARGS ?=
LOADTEST_VENV = .venv-loadtest
loadtest:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "LOADTEST SKIPPED: Odoo 18.0 is not importable"; exit 0; }
	@test -x $(LOADTEST_VENV)/bin/locust || { python3 -m venv $(LOADTEST_VENV) && echo '*' > $(LOADTEST_VENV)/.gitignore \
		&& $(LOADTEST_VENV)/bin/pip install --quiet locust; }
	@command -v nginx >/dev/null || { echo "LOADTEST: nginx is not installed (apt-get install nginx)"; exit 1; }
	$(PYTHON) tools/loadtest/run.py --db $(LOADTEST_DB) --scale $(LOADTEST_SCALE) --users $(LOADTEST_USERS) \
		--spawn-rate $(LOADTEST_RATE) --time $(LOADTEST_TIME) --workers $(LOADTEST_WORKERS) --baseline \
		--locust $(LOADTEST_VENV)/bin/locust $(LOADTEST_ARGS)

# Two Odoo servers on one database (tests/test_multinode.py; `make test-static` skips it)
test-multinode:
	@$(PYTHON) -c "import odoo" 2>/dev/null || { echo "MULTINODE SKIPPED: Odoo 18.0 is not importable"; exit 0; }
	THIDUA_MULTINODE=1 $(PYTHON) -m pytest -q -rs -p no:cacheprovider -p no:odoo tests/test_multinode.py

# Odoo's own tests in a database with the addon (no demo), global records compared before and after
# its install and update (tools/core_with_addon.py; CORE_ARGS=--baseline runs them without it first)
CORE_ARGS ?=
test-core-with-addon:
	$(PYTHON) tools/core_with_addon.py $(CORE_ARGS)

# Backups (tools/backup.py): pg_dump custom format + the filestore + a manifest; the key that opens
# the certificate passwords never goes beside them (KEY_OUT copies it to a place of its own)
BACKUP_DIR ?= backups
KEY_OUT ?=
backup:
	$(PYTHON) tools/backup.py backup -d $(DB) --out $(BACKUP_DIR) $(if $(KEY_OUT),--key-out $(KEY_OUT))
restore:
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=backups/<db>-<time> DB=<new database>"; exit 1; }
	$(PYTHON) tools/backup.py restore $(BACKUP) -d $(DB) $(if $(NEUTRALIZE),--neutralize)

# The drill: back up a database with signed decisions, restore it into a new one, check it there
test-backup-drill:
	$(PYTHON) tools/backup_drill.py
