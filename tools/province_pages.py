#!/usr/bin/env python3
"""Query counts of the list, form, pivot and portal pages on two generated provinces.

For each scale it makes a database (``chilang_pages_<scale>``: chilang_thidua without demo data,
then ``tools/province_data.py --scale``), kept for the next run and updated, and runs the
addon's ``BenchProvincePages`` test on it, in Odoo's test transaction (the generated data is not
changed). The test fails when a page costs more than its budget (``PAGE_BUDGETS``); this prints
each page's count on both provinces, and the statements where they differ.

Usage: province_pages.py [--scales 0.05,1] [--fresh]   (make province-pages)
"""

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from odoo_suite import ADDONS, MODULE, REPO, free_port, odoo_addons_path, run_odoo  # noqa: E402


def database_exists(name):
    listed = subprocess.run(["psql", "-lqtA", "-F", "|"], capture_output=True, text=True, check=True).stdout
    return any(line.split("|", 1)[0] == name for line in listed.splitlines())


def odoo_cmd(db):
    return [sys.executable, "-m", "odoo", "--config", os.path.join(REPO, "odoo.conf"),
            "--addons-path", ",".join(odoo_addons_path() + [ADDONS]), "-d", db, "--db-filter", f"^{db}$",
            "--max-cron-threads", "0", "--stop-after-init"]


def make_database(db, scale):
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    started = time.time()
    subprocess.run(odoo_cmd(db) + ["-i", MODULE, "--without-demo=all", "--load-language", "vi_VN", "--no-http",
                                   "--log-level", "warn"], check=True)
    # few password rounds: a throw-away database whose officers only log in from the test
    subprocess.run([sys.executable, os.path.join(HERE, "province_data.py"), "-d", db, "--scale", str(scale),
                    "--password-rounds", "1000"], check=True)
    print(f"province_pages: {db} made in {time.time() - started:.0f} s", flush=True)


def measure(db):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    env = dict(os.environ, TZ="UTC", THIDUA_PAGES_OUT=out)
    code, result, failed_lines, skipped = run_odoo(odoo_cmd(db) + [
        # -u: a kept database gets the addon's current views and code first
        "-u", MODULE, "--test-enable", "--test-tags", f"province/{MODULE}", "--log-level", "test",
        "--http-interface", "127.0.0.1", "--http-port", str(free_port()),
    ], env)
    if code or not result or sum(result[:2]) or failed_lines or skipped:
        sys.exit(f"province_pages: the test failed or was skipped on {db} (exit code {code}, {result}, "
                 f"{skipped or failed_lines[:5]})")
    with open(out, encoding="utf-8") as handle:
        data = json.load(handle)
    os.remove(out)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="0.05,1", help="province_data.py scales, comma-separated")
    parser.add_argument("--fresh", action="store_true", help="make the databases again even if they exist")
    args = parser.parse_args()
    try:
        import odoo  # noqa: F401, PLC0415
    except Exception as exc:  # noqa: BLE001 - any import failure means: no Odoo here
        print(f"PROVINCE PAGES SKIPPED: `import odoo` failed ({exc})", flush=True)
        return 0
    results = {}
    for scale in args.scales.split(","):
        db = f"chilang_pages_{scale.replace('.', '_')}"
        if args.fresh or not database_exists(db):
            make_database(db, scale)
        results[scale] = measure(db)

    scales = list(results)
    print("\nprovince pages: queries per page, " + " vs ".join(
        f"{results[s]['sizes']['units']:,} units / {results[s]['sizes']['dossiers']:,} dossiers" for s in scales))
    differ = []
    for label in results[scales[0]]["counts"]:
        counts = [results[s]["counts"].get(label) for s in scales]
        same = len(set(counts)) == 1
        differ += [] if same else [label]
        verdict = "constant" if same else "DIFFERS"
        print(f"BENCH province pages {label:<62} {' -> '.join(map(str, counts)):>12}  {verdict}")
    if differ:
        # the test holds each page to its budget on both; a count that moves shows here
        first, last = scales[0], scales[-1]
        for label in differ:
            print(f"\n{label}: the statements of scale {first} (-) and {last} (+), numbers masked")
            sys.stdout.writelines(f"  {line}\n" for line in difflib.unified_diff(
                results[first]["queries"][label], results[last]["queries"][label], lineterm="", n=0))
        print(f"province pages: {len(differ)} page(s) differ by the records picked: {', '.join(differ)}")
    print("province pages: every page within its budget (PAGE_BUDGETS) on both provinces")
    return 0


if __name__ == "__main__":
    sys.exit(main())
