#!/usr/bin/env python3
"""After the load test: what the database says, and what Locust measured.

Fails (exit 1) when a submission the Locust users saw go through is missing, not submitted,
without its item or evidence, or present twice; when a (campaign, unit) has more than one
registration; or when a late flag disagrees with the submission date and the deadline. Then
prints p50/p95 per page and the error rate from Locust's CSV, and the machine it ran on.

Usage: check.py --db chilang_load --manifest manifest.json --submitted submitted.jsonl --csv PREFIX
"""

import argparse
import csv
import json
import os
import platform
import re
import sys

import psycopg2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--submitted", required=True)
    parser.add_argument("--csv", required=True, help="Locust's --csv prefix")
    parser.add_argument("--samples", help="run.py's load average and memory samples (JSON)")
    parser.add_argument("--access-log", help="nginx's access log (format 'timed' of run.py): Odoo's own time per page")
    return parser.parse_args()


def read_submitted(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check_database(cr, manifest, reported):
    """The problems found, as lines (empty: all is well)."""
    problems = []
    campaign_id = manifest["campaign_id"]
    seen = {}
    for row in reported:
        seen.setdefault(row["registration_id"], []).append(row)
    for registration_id, rows in seen.items():
        if len(rows) > 1:
            problems.append(f"registration {registration_id} reported submitted {len(rows)} times")
    cr.execute("""
        SELECT r.id, r.campaign_id, r.unit_id, r.state, r.date_submitted,
               (SELECT count(*) FROM thidua_registration_item i WHERE i.registration_id = r.id),
               (SELECT count(*) FROM ir_attachment a JOIN thidua_registration_item i
                    ON a.res_model = 'thidua.registration.item' AND a.res_id = i.id
                 WHERE i.registration_id = r.id)
          FROM thidua_registration r WHERE r.id = ANY(%s)
    """, [list(seen)])
    found = {row[0]: row for row in cr.fetchall()}
    for registration_id, rows in seen.items():
        row = found.get(registration_id)
        expected = rows[0]
        if not row:
            problems.append(f"registration {registration_id} ({expected['login']}) is lost")
            continue
        _id, campaign, unit, state, day, items, files = row
        if (campaign, unit) != (expected["campaign_id"], expected["unit_id"]):
            problems.append(f"registration {registration_id} belongs to ({campaign}, {unit}), "
                            f"not ({expected['campaign_id']}, {expected['unit_id']})")
        if state not in ("submitted", "forwarded", "accepted"):
            problems.append(f"registration {registration_id} is {state}, the officer saw it submitted")
        if str(day) != manifest["today"]:
            problems.append(f"registration {registration_id} submitted on {day}, not {manifest['today']}")
        if not items or not files:
            problems.append(f"registration {registration_id}: {items} item(s), {files} evidence file(s)")
    cr.execute("""SELECT campaign_id, unit_id, count(*) FROM thidua_registration
                   GROUP BY campaign_id, unit_id HAVING count(*) > 1""")
    problems += [f"campaign {c}, unit {u}: {n} registrations" for c, u, n in cr.fetchall()]
    cr.execute("""
        SELECT r.id, r.is_late, r.date_submitted, c.registration_deadline
          FROM thidua_registration r JOIN thidua_campaign c ON c.id = r.campaign_id
         WHERE coalesce(r.is_late, false)
               <> coalesce(r.date_submitted > c.registration_deadline, false)
    """)
    problems += [f"registration {i}: is_late {late} but submitted {day}, deadline {deadline}"
                 for i, late, day, deadline in cr.fetchall()]
    cr.execute("""SELECT count(*), count(*) FILTER (WHERE state IN ('submitted', 'forwarded')),
                         count(*) FILTER (WHERE is_late), count(*) FILTER (WHERE date_submitted = %s)
                    FROM thidua_registration WHERE campaign_id = %s""", [manifest["today"], campaign_id])
    total, waiting, late, today = cr.fetchone()
    cr.execute("SELECT count(*) FROM thidua_registration")
    print(f"database: {len(seen)} submissions reported by Locust, all checked; deadline campaign {campaign_id}: "
          f"{total} registrations, {waiting} waiting for review, {today} submitted today, {late} late; "
          f"late flags checked on all {cr.fetchone()[0]} registrations")
    # submitted on the server, but the user's page never said so (a timeout, an error page): not
    # lost, and worth knowing
    cr.execute("""SELECT count(*) FROM thidua_registration r JOIN thidua_unit_officer_rel o ON o.unit_id = r.unit_id
                   JOIN res_users u ON u.id = o.user_id
                  WHERE r.campaign_id = %s AND r.date_submitted = %s AND u.login = ANY(%s) AND NOT r.id = ANY(%s)""",
               [campaign_id, manifest["today"], [o["login"] for o in manifest["officers"]], list(seen) or [0]])
    unseen = cr.fetchone()[0]
    if unseen:
        print(f"database: {unseen} registration(s) submitted today by load-test officers whose page did not "
              "confirm it (counted as errors by Locust, not lost)")
    return problems


# the addon's deadline-day pages and the Odoo portal page each is held against (locustfile.py's
# OdooPortal users go through the same steps on Odoo's own pages in the same run)
RATIOS = [
    ("/my/thidua", "odoo /my/home"),
    ("/my/thidua/register [POST]", "odoo /my/account [POST]"),
    ("/my/thidua/registration/[id]/item [POST]", "odoo /my/account [POST]"),
    ("/my/thidua/registration/[id]/item/[id]/progress [POST]", "odoo /my/account [POST]"),
    ("/my/thidua/registration/[id]/submit [POST]", "odoo /my/account [POST]"),
    ("/web/session/logout", "odoo /web/session/logout"),
]


def ratios(rows):
    by_name = {row["Name"]: row for row in rows}
    lines = []
    for page, odoo_page in RATIOS:
        ours, theirs = by_name.get(page), by_name.get(odoo_page)
        if not ours or not theirs or not float(theirs["50%"] or 0) or not float(theirs["95%"] or 0):
            continue
        lines.append(f"{page[:52]:<52} vs {odoo_page:<26} p50 ×{float(ours['50%']) / float(theirs['50%']):.2f}"
                     f"  p95 ×{float(ours['95%']) / float(theirs['95%']):.2f}")
    ours = [r for r in rows if r["Name"].startswith("/my/thidua")]
    theirs = [r for r in rows if r["Name"].startswith("odoo /my/")]
    if ours and theirs:
        def mean(rows, column):
            count = sum(int(r["Request Count"]) for r in rows)
            return sum(float(r[column]) * int(r["Request Count"]) for r in rows) / max(count, 1)
        lines.append(f"{'all /my/thidua pages':<52} vs {'odoo /my/ pages':<26} "
                     f"mean ×{mean(ours, 'Average Response Time') / max(mean(theirs, 'Average Response Time'), 1):.2f}")
    if lines:
        print("the addon's pages against Odoo's own portal pages, same run (login apart):")
        for line in lines:
            print("  " + line)


# URL patterns of the access log, named as Locust names the pages
PAGES = [
    (r"^GET /my/thidua$", "/my/thidua"),
    (r"^POST /my/thidua/register$", "/my/thidua/register [POST]"),
    (r"^POST /my/thidua/registration/\d+/item$", "/my/thidua/registration/[id]/item [POST]"),
    (r"^POST /my/thidua/registration/\d+/item/\d+/progress$", "/my/thidua/registration/[id]/item/[id]/progress [POST]"),
    (r"^POST /my/thidua/registration/\d+/submit$", "/my/thidua/registration/[id]/submit [POST]"),
    (r"^GET /my/thidua/registration/\d+$", "/my/thidua/registration/[id] (after a POST)"),
    (r"^GET /my/home$", "odoo /my/home"),
    (r"^GET /my/account$", "odoo /my/account"),
    (r"^POST /my/account$", "odoo /my/account [POST]"),
    (r"^GET /web/login$", "/web/login (both)"),
    (r"^POST /web/login$", "/web/login [POST] (both)"),
    (r"^GET /web/session/logout$", "/web/session/logout (both)"),
]


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))] if values else 0.0


def odoo_times(path):
    """Per page, from nginx's log: Odoo's own time (upstream), apart from nginx's admission queue."""
    times = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 5 or parts[4] == "-":
                continue
            method, uri, _status, _total, upstream = parts
            name = next((n for pattern, n in PAGES if re.match(pattern, f"{method} {uri}")), None)
            if name:
                times.setdefault(name, []).append(float(upstream.split(",")[-1]) * 1000)
    print("Odoo's own time per page (nginx's upstream time, its admission queue apart):")
    print(f"{'page':<58} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for _pattern, name in PAGES:
        if name in times:
            values = times[name]
            print(f"{name[:58]:<58} {len(values):>8} {percentile(values, 0.5):>7.0f} {percentile(values, 0.95):>7.0f}")
    print("the addon's pages against Odoo's own portal pages, Odoo's own time:")
    for page, odoo_page in RATIOS:
        if page in times and odoo_page in times:
            ours, theirs = times[page], times[odoo_page]
            print(f"  {page[:52]:<52} vs {odoo_page:<26} p50 ×{percentile(ours, .5) / percentile(theirs, .5):.2f}"
                  f"  p95 ×{percentile(ours, .95) / percentile(theirs, .95):.2f}")


def summary(prefix):
    """Locust's table, the ratios to Odoo's pages; returns the number of connection errors."""
    path = f"{prefix}_stats.csv"
    if not os.path.exists(path):
        print(f"locust: no {path}")
        return 0
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'page':<58} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all pages"
        print(f"{name[:58]:<58} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>7} {row['95%']:>7}")
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    if total and int(total["Request Count"]):
        rate = int(total["Failure Count"]) / int(total["Request Count"])
        print(f"error rate: {rate:.2%} ({total['Failure Count']} of {total['Request Count']} requests), "
              f"{float(total['Requests/s']):.1f} requests/s")
    ratios(rows)
    transport = 0
    failures = f"{prefix}_failures.csv"
    if os.path.exists(failures):
        with open(failures, encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        # no response, or nginx's word for one (502 bad gateway, 504 timeout from the workers)
        transport = sum(int(row["Occurrences"]) for row in rows
                        if "connection:" in row["Error"] or re.search(r"HTTP 50[234]\b", row["Error"]))
        if transport:
            # Odoo's prefork workers close a keep-alive connection idle for 2 s
            # (ODOO_HTTP_SOCKET_TIMEOUT) and queue at most 8 connections per worker: a request
            # sent at that moment, or beyond that queue, is cut. A proxy in front absorbs both.
            print(f"  of which {transport} cut at the connection level (no response), "
                  f"{sum(int(row['Occurrences']) for row in rows) - transport} refused by a page")
        for row in rows[:5]:
            print(f"  failure x{row['Occurrences']}: {row['Name']}: {row['Error'][:150]}")
    print(f"connection errors: {transport}")
    return transport


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores ({model or platform.processor()}), {memory:.0f} GiB, "
          f"{platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.2f}")


def main():
    args = parse_args()
    with open(args.manifest, encoding="utf-8") as handle:
        manifest = json.load(handle)
    reported = read_submitted(args.submitted)
    with psycopg2.connect(dbname=args.db) as connection, connection.cursor() as cr:
        problems = check_database(cr, manifest, reported)
    transport = summary(args.csv)
    if args.access_log and os.path.exists(args.access_log):
        odoo_times(args.access_log)
    if transport:
        problems.append(f"{transport} request(s) cut at the connection level")
    machine()
    if args.samples and os.path.exists(args.samples):
        with open(args.samples, encoding="utf-8") as handle:
            sampled = json.load(handle)
        print("during the run: " + ", ".join(f"{key} {value}" for key, value in sampled.items()))
    for problem in problems[:50]:
        print(f"PROBLEM: {problem}")
    if not reported:
        problems.append("no submission went through")
        print("PROBLEM: no submission went through")
    print(f"check: {'FAILED, ' + str(len(problems)) + ' problem(s)' if problems else 'passed'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
