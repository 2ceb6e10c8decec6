#!/usr/bin/env python3
"""Run the addon's Odoo test suite in a fresh PostgreSQL database, then drop it.

Without Odoo (``import odoo`` fails) it prints one loud ``ODOO SUITE SKIPPED`` line and exits 0,
so the static tests still decide the run. With Odoo it installs chilang_thidua (demo data,
vi_VN loaded) with ``--test-enable`` and ends with ``odoo: N passed, M failed``.

Usage: odoo_suite.py [--tags TAGS] [--keep-db] [--db NAME] [--without-demo]
       odoo_suite.py --tags bench/chilang_thidua    # the benchmarks (make bench)
       odoo_suite.py --without-demo                 # day one: a database installed without demo data
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(REPO, "addons")
MODULE = "chilang_thidua"


def odoo_addons_path():
    """Odoo's own addons folders, found from the installed ``odoo`` package."""
    import odoo  # noqa: PLC0415 - optional dependency

    root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
    paths = [os.path.join(root, "addons"), os.path.join(os.path.dirname(odoo.__file__), "addons")]
    return [p for p in paths if os.path.isdir(p)]


def free_port():
    """A free local port: the test server (HttpCase) must not collide with a running Odoo."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_odoo(cmd, env):
    """Run Odoo, echo its log, and read back (exit code, (failures, errors, total), error lines, skips)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    failed_lines, skipped, result = [], [], None
    for line in proc.stdout:
        sys.stdout.write(line)
        if " ERROR " in line or " CRITICAL " in line:
            failed_lines.append(line.rstrip())
        skip = re.search(r" INFO \S+ odoo\.addons\.\S+: skipped (.+?) : (.*)$", line)
        if skip:
            skipped.append(f"{skip.group(1)}: {skip.group(2)}")
        match = re.search(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", line)
        if match:
            result = tuple(int(g) for g in match.groups())
    return proc.wait(), result, failed_lines, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--tags", default=None,
        help="Odoo --test-tags (default: the whole addon but its benchmarks, tagged 'bench', and the day-one "
        "tests, tagged 'day_one'; with --without-demo: the day-one tests)",
    )
    parser.add_argument("--db", default=f"chilang_test_{os.getpid()}")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--without-demo", action="store_true",
                        help="install without demo data, as an office's own database starts (tests tagged day_one)")
    parser.add_argument("--print-addons-path", action="store_true", help="print the addons path and exit")
    args = parser.parse_args()
    if args.tags is None:
        # the day-one tests need a database without demo data: they have their own run
        args.tags = f"day_one/{MODULE}" if args.without_demo else f"/{MODULE},-bench,-day_one"
    if args.print_addons_path:
        print(",".join(odoo_addons_path() + [ADDONS]))
        return 0

    try:
        import odoo  # noqa: F401, PLC0415
    except Exception as exc:  # noqa: BLE001 - any import failure means: no Odoo here
        print(f"ODOO SUITE SKIPPED: `import odoo` failed ({exc.__class__.__name__}: {exc}); "
              "install Odoo 18.0 (see README, Prerequisites) to run the Odoo tests.", flush=True)
        return 0

    browsers = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
    if not any(shutil.which(name) for name in browsers):
        print("BROWSER TOURS SKIPPED: no Chromium/Chrome on PATH (Debian: apt-get install chromium); "
              "the HttpCase tours will be skipped by Odoo.", flush=True)

    addons_path = ",".join(odoo_addons_path() + [ADDONS])
    # the key of the certificate passwords, named by odoo.conf (created once, never replaced)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import secret_key  # noqa: PLC0415

    secret_key.ensure(os.path.join(REPO, "odoo.conf"))
    cmd = [
        sys.executable, "-m", "odoo", "--config", os.path.join(REPO, "odoo.conf"),
        "--addons-path", addons_path, "-d", args.db, "--db-filter", f"^{args.db}$",
        "-i", MODULE, "--test-enable", "--test-tags", args.tags,
        "--load-language", "vi_VN", "--stop-after-init",
        "--http-interface", "127.0.0.1", "--http-port", str(free_port()),
        "--log-level", "test", "--max-cron-threads", "0",
    ]
    if args.without_demo:
        cmd.append("--without-demo=all")
    env = dict(os.environ, TZ="UTC")
    start = time.time()
    print(f"odoo suite: database {args.db}, tags {args.tags}", flush=True)
    subprocess.run(["dropdb", "--if-exists", args.db], check=False)
    code, result, failed_lines, skipped = run_odoo(cmd, env)
    if not args.keep_db:
        subprocess.run(["dropdb", "--if-exists", args.db], check=False)

    elapsed = time.time() - start
    if result is None:
        # Odoo logs no summary when no test ran or the install itself broke.
        print(f"odoo suite: no test summary found (exit code {code}); {len(failed_lines)} error line(s)")
        for line in failed_lines[:20]:
            print("  " + line)
        print("odoo: 0 passed, 1 failed")
        return 1
    failures, errors, total = result
    bad = failures + errors
    if bad == 0 and failed_lines:
        # an error logged outside a test (a broken view, a failed data file) still fails the run
        bad = 1
        print("odoo suite: errors were logged outside the tests:")
        for line in failed_lines[:20]:
            print("  " + line)
    print(f"odoo suite: {total} Odoo tests ran in {elapsed:.0f}s")
    for line in skipped:
        print(f"SKIPPED {line}")
    # a skipped test is reported as skipped, never counted as passed
    print(f"odoo: {total - failures - errors - len(skipped)} passed, {bad} failed, {len(skipped)} skipped")
    return 1 if bad or code else 0


if __name__ == "__main__":
    sys.exit(main())
