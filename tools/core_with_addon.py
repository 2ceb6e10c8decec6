#!/usr/bin/env python3
"""Odoo's own tests in a database that has chilang_thidua (``make test-core-with-addon``).

A district may run the addon beside accounting or HR in one database: installing or updating it
must not change what belongs to the database (active currencies, the company, other modules'
groups), and Odoo's own behaviour must stay Odoo's. This tool

1. installs the addon's dependencies and test_mail without demo data in a fresh database and
   takes a snapshot of those global records;
2. installs chilang_thidua, then updates it (``-u``), and compares the snapshot after each;
   (no language is loaded: Odoo's tests expect its messages in English, odoo.conf loads vi_VN)
3. runs a selection of Odoo's own tests (``--tags``) in that database, at_install and post_install
   alike, in one process whose registry has every installed module (the addon's data in the
   database, its Python overrides active);
4. with ``--baseline``, runs the same selection in a second database without the addon first.

Exit code 0 when the snapshots agree and every selected test passes. The databases are dropped
unless ``--keep-db``. Without Odoo it prints one SKIPPED line and exits 0.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))

# Odoo's tests that a guest addon could break by changing global records or overriding core
# methods: groups and their implications, domains over one2many/many2many (they run as a user whose
# groups the addon could change), users, mail tracking and threads, the web client's session and
# reads, the portal's users: 122 tests, ~5 minutes on this project's 2-core machine (~17 in all
# with the installs).
DEFAULT_TAGS = ",".join([
    "/base:TestHasGroup", "/base:TestExpression", "/base:TestOne2many", "/base:TestMany2many",
    "/base:TestUsers", "/base:TestUsers2", "/base:TestUsersGroupWarning",
    "/test_mail:TestTracking", "/test_mail:TestTrackingInternals", "/test_mail:TestAPI",
    "/test_mail:TestChatterTweaks",
    "/mail:TestUser",
    "/web:TestSessionInfo", "/web:TestWebSearchRead", "/web:TestResUsers",
    "/portal:TestPortalWizard", "/portal:TestUsersHttp",
    # an at_install test of base that needs base alone: beside mail, a user of no group cannot read
    # their own user record; it errs the same without the addon (--baseline)
    "-/base:TestHasGroup.test_other_user",
])
# the addon's dependencies (its manifest) and test_mail, whose models the tracking tests use
BASE_MODULES = "base,mail,portal,web,resource,base_import,test_mail"

SNAPSHOT_SQL = {
    "active currencies": "SELECT name FROM res_currency WHERE active ORDER BY name",
    "main company": """
        SELECT row_to_json(c)::jsonb - 'write_date' - 'write_uid' FROM res_company c
         WHERE id = (SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = 'main_company')""",
    "companies": "SELECT count(*) FROM res_company",
    # other modules' groups: what they imply and who is in them
    "implied groups": """
        SELECT g.gid, g.hid FROM res_groups_implied_rel g
          JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = g.gid AND d.module != 'chilang_thidua'
         ORDER BY 1, 2""",
    "group members": """
        SELECT r.gid, r.uid FROM res_groups_users_rel r
          JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = r.gid AND d.module != 'chilang_thidua'
         ORDER BY 1, 2""",
    "active languages": "SELECT code FROM res_lang WHERE active ORDER BY code",
}


def snapshot(db):
    state = {}
    for label, sql in SNAPSHOT_SQL.items():
        out = subprocess.run(["psql", "-X", "-q", "-At", "-d", db, "-c", sql], check=True, capture_output=True,
                             text=True).stdout
        state[label] = out.strip().splitlines()
    return state


def differences(before, after):
    lines = []
    for label in SNAPSHOT_SQL:
        gone = sorted(set(before[label]) - set(after[label]))
        new = sorted(set(after[label]) - set(before[label]))
        if gone or new:
            lines.append(f"  {label}: before {gone or '-'} / after {new or '-'}")
    return lines


def run_odoo(args, db, *extra, log=None):
    from loadtest.run import odoo_launcher  # noqa: PLC0415 - odoo-bin, not python -m odoo
    from odoo_suite import ADDONS, free_port, odoo_addons_path  # noqa: PLC0415

    cmd = odoo_launcher() + [
        "--config", os.path.join(REPO, "odoo.conf"), "--addons-path", ",".join(odoo_addons_path() + [ADDONS]),
        "-d", db, "--db-filter", f"^{db}$", "--http-port", str(free_port()), "--max-cron-threads", "0",
        "--stop-after-init", "--without-demo", "all", "--load-language=", *extra,
    ]
    print(f"+ odoo -d {db} " + " ".join(extra), flush=True)
    with open(log, "a", encoding="utf-8") if log else open(os.devnull, "w", encoding="utf-8") as handle:
        proc = subprocess.run(cmd, stdout=handle, stderr=subprocess.STDOUT, check=False)
    return proc.returncode


def run_suites(db, tags):
    """In this process: the registry with every installed module, then the selected at_install and
    post_install tests of every module, an HTTP server up for the HttpCase ones. (Odoo itself runs
    an at_install test while its module loads, beside the modules loaded before it only: base's
    tests then meet a database whose tables carry mail's columns and fail for that alone.)"""
    from odoo_suite import ADDONS, free_port, odoo_addons_path  # noqa: PLC0415

    import odoo  # noqa: PLC0415
    from odoo.tests import loader  # noqa: PLC0415

    odoo.tools.config.parse_config([
        "--config", os.path.join(REPO, "odoo.conf"), "--addons-path", ",".join(odoo_addons_path() + [ADDONS]),
        "-d", db, "--db-filter", f"^{db}$", "--http-port", str(free_port()),
        "--max-cron-threads", "0", "--log-level", "test", "--stop-after-init", "--load-language="])
    odoo.service.server.load_server_wide_modules()
    # loaded before tests are enabled: with --test-enable Odoo would run them module by module
    registry = odoo.modules.registry.Registry(db)
    odoo.tools.config["test_enable"] = True
    odoo.tools.config["test_tags"] = tags
    server = odoo.service.server.server = odoo.service.server.ThreadedServer(odoo.http.root)
    server.http_spawn()
    modules = sorted(registry._init_modules)
    total = failed = errors = 0
    for position in ("at_install", "post_install"):
        suite = loader.make_suite(modules, position)
        if position == "post_install" and suite.has_http_case():
            with registry.cursor() as cr:
                odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.qweb"]._pregenerate_assets_bundles()
        result = loader.run_suite(suite)
        total, failed, errors = (total + result.testsRun, failed + result.failures_count,
                                 errors + result.errors_count)
    print(f"odoo core tests: {failed} failed, {errors} error(s) of {total} tests", flush=True)
    server.stop()
    return 1 if failed or errors or not total else 0


def run_tests(args, db, log):
    started = time.time()
    with open(log, "w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--phase-run", db, "--tags", args.tags],
                       stdout=handle, stderr=subprocess.STDOUT, check=False)
    counts = {"tests": 0, "failed": 0, "errors": 0}
    failures = []
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            match = re.search(r"odoo core tests: (\d+) failed, (\d+) error\(s\) of (\d+) tests", line)
            if match:
                failed, errors, total = (int(g) for g in match.groups())
                counts = {"tests": total, "failed": failed, "errors": errors}
            match = re.search(r" (?:ERROR|CRITICAL) \S+ \S+: (FAIL|ERROR): (\S+)", line)
            if match:
                failures.append(match.group(2))
    counts["seconds"] = round(time.time() - started)
    return counts, failures


def drop(db):
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["--config", os.path.join(REPO, "odoo.conf")], setup_logging=False)
    shutil.rmtree(config.filestore(db), ignore_errors=True)


def main():  # noqa: PLR0915 - one drill, in order
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=f"chilang_core_{os.getpid()}")
    parser.add_argument("--tags", default=DEFAULT_TAGS, help="Odoo --test-tags (default: the selection above)")
    parser.add_argument("--baseline", action="store_true", help="run the selection without the addon first")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--out", default="/tmp/chilang_core_with_addon", help="Odoo logs and the result (JSON)")
    parser.add_argument("--phase-run", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase_run:
        return run_suites(args.phase_run, args.tags)
    try:
        import odoo  # noqa: F401, PLC0415
    except ImportError:
        print("CORE TESTS SKIPPED: Odoo 18.0 is not importable")
        return 0
    os.makedirs(args.out, exist_ok=True)
    result, problems = {"tags": args.tags}, []
    databases = [args.db]
    try:
        drop(args.db)
        install_log = os.path.join(args.out, "install.log")
        if run_odoo(args, args.db, "-i", BASE_MODULES, "--log-level", "warn", log=install_log):
            sys.exit(f"installing {BASE_MODULES} failed: see {args.out}/install.log")
        if args.baseline:
            baseline_db = f"{args.db}_baseline"
            databases.append(baseline_db)
            drop(baseline_db)
            subprocess.run(["createdb", "-T", args.db, baseline_db], check=True)
            result["without addon"], failures = run_tests(args, baseline_db, os.path.join(args.out, "baseline.log"))
            result["without addon"]["failures"] = failures
            print(f"without the addon: {result['without addon']}", flush=True)
        before = snapshot(args.db)
        for step in ("-i", "-u"):
            if run_odoo(args, args.db, step, "chilang_thidua", "--log-level", "warn",
                    log=os.path.join(args.out, "install.log")):
                sys.exit(f"chilang_thidua {step} failed: see {args.out}/install.log")
            changed = differences(before, snapshot(args.db))
            label = "install" if step == "-i" else "update"
            if changed:
                problems.append(f"the addon's {label} changed global records:\n" + "\n".join(changed))
            print(f"after the addon's {label}: {'CHANGED' if changed else 'global records unchanged'}", flush=True)
        result["global records"] = "unchanged" if not problems else problems
        result["with addon"], failures = run_tests(args, args.db, os.path.join(args.out, "with_addon.log"))
        result["with addon"]["failures"] = failures
        with_addon = result["with addon"]
        if with_addon["failed"] or with_addon["errors"] or not with_addon["tests"]:
            problems.append(f"Odoo's own tests with the addon: {with_addon}")
    finally:
        if not args.keep_db:
            for db in databases:
                drop(db)
    with open(os.path.join(args.out, "result.json"), "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    w = result["with addon"]
    print(f"odoo core with chilang_thidua: {w['tests'] - w['failed'] - w['errors']} passed, {w['failed']} failed, "
          f"{w['errors']} errors of {w['tests']} tests in {w['seconds']} s; global records {result['global records']}")
    for problem in problems:
        print("PROBLEM: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
