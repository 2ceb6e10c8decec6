"""Two Odoo servers on one database, as several nodes behind a proxy would run.

A database with chilang_thidua (no demo) gets a few records, then two ``odoo`` processes serve
it on two ports, each with one cron thread. Over JSON-RPC (``/web/session/authenticate``,
``/web/dataset/call_kw``), as the users themselves:

- an officer removed from a unit on node 1 loses access on node 2 at the very next request
  (the addon clears the registry cache; Odoo signals it to the other processes through the
  ``base_cache_signaling_*`` sequences);
- decisions signed at the same moment on both nodes get the numbers 1..N of their issuing body,
  none twice, none skipped, also at a body's first signing, which creates its numbering (Odoo
  retries the signer whose row lock is refused);
- the reminders' scheduled action, due and announced to both cron threads at once, runs once
  (ir_cron takes its job with FOR NO KEY UPDATE SKIP LOCKED) and mails each officer once.

Slow (60–80 s on 2 cores: an install and two servers), so it runs once in ``make test`` (and CI),
through ``make test-multinode`` (``THIDUA_MULTINODE=1``); the static run skips it, and so does any
run where ``import odoo`` fails. It cleans up its processes and its database.
"""

import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

try:
    import psycopg2
    import requests

    import odoo

    IMPORT_ERROR = None
except ImportError as error:
    IMPORT_ERROR = error

REPO = pathlib.Path(__file__).resolve().parent.parent
CONFIG = REPO / "odoo.conf"
# `make test` runs it once, through `make test-multinode`; the static run skips it
RUN = bool(os.environ.get("THIDUA_MULTINODE"))

pytestmark = [
    pytest.mark.skipif(IMPORT_ERROR is not None, reason=f"needs Odoo 18.0 (`import odoo` failed: {IMPORT_ERROR})"),
    pytest.mark.skipif(not RUN, reason="slow (~75 s, two Odoo servers): runs in `make test-multinode` "
                                       "(THIDUA_MULTINODE=1)"),
]

START_TIMEOUT = 120
RPC_TIMEOUT = 120
CRON_TIMEOUT = 150

# Run in a subprocess through Odoo's API, as the superuser (history is set directly: states).
SEED = r'''
import json, sys
from datetime import timedelta
import odoo
from odoo import SUPERUSER_ID, api, fields

db, config, addons = sys.argv[1:4]
odoo.tools.config.parse_config(["--config", config, "--addons-path", addons, "-d", db, "--log-level", "warn"])
with odoo.modules.registry.Registry(db).cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True,
                                             "mail_notify_force_send": False})
    # remind every day of the week before a deadline: the test does not depend on today's offset
    env["ir.config_parameter"].set_param("chilang_thidua.reminder_days", "0,1,2,3,4,5,6,7")
    Unit = env["thidua.unit"]
    body = Unit.create({"name": "Ủy ban nhân dân xã Hai Nút", "code": "HN", "unit_type": "commune",
                        "authority_name": "Ủy ban nhân dân xã Hai Nút", "doc_abbreviation": "UBND",
                        "place_name": "Hai Nút"})
    unit_a, unit_b = Unit.create([
        {"name": "Thôn Nà Pàn", "code": "HN_A", "unit_type": "village", "parent_id": body.id},
        {"name": "Thôn Bản Chu", "code": "HN_B", "unit_type": "village", "parent_id": body.id},
    ])
    portal = env.ref("base.group_portal")
    officer_a, officer_b, signer = env["res.users"].create([
        {"name": "Lăng Văn Pàn", "login": "p_hn_a", "password": "p_hn_a", "email": "p_hn_a@example.com",
         "groups_id": [(6, 0, portal.ids)]},
        {"name": "Vi Thị Chu", "login": "p_hn_b", "password": "p_hn_b", "email": "p_hn_b@example.com",
         "groups_id": [(6, 0, portal.ids)]},
        {"name": "Hoàng Văn Ký", "login": "m_sign", "password": "m_sign", "email": "m_sign@example.com",
         "groups_id": [(6, 0, env.ref("chilang_thidua.group_manager").ids)]},
    ])
    unit_a.officer_ids = officer_a
    unit_b.officer_ids = officer_b
    today = fields.Date.today()
    award = env.ref("chilang_thidua.award_form_giay_khen_xa")
    common = {"issuing_unit_id": body.id, "unit_ids": [(6, 0, body.ids)], "award_form_ids": [(6, 0, award.ids)],
              "content_ids": [(0, 0, {"name": "Xây dựng nông thôn mới", "sequence": 1})],
              "signer_name": "Hoàng Văn Ký", "signer_title": "CHỦ TỊCH"}
    running = env["thidua.campaign"].create(dict(
        common, name="Phong trào thi đua “Hai nút” đang chạy", state="open", date_start=today - timedelta(days=10),
        date_end=today + timedelta(days=100), registration_deadline=today + timedelta(days=3)))
    # three issuing bodies: a body's first signing creates its numbering, the riskiest moment
    others = Unit.create([{"name": f"Ủy ban nhân dân xã {name}", "code": code, "unit_type": "commune",
                           "authority_name": f"Ủy ban nhân dân xã {name}", "doc_abbreviation": "UBND",
                           "place_name": name} for name, code in (("Ba Nút", "BN"), ("Bốn Nút", "FN"))])
    ended = env["thidua.campaign"].create([dict(
        common, issuing_unit_id=issuer.id, unit_ids=[(6, 0, issuer.ids)], state="closed",
        name=f"Phong trào thi đua năm trước của {issuer.name}", date_start=today - timedelta(days=200),
        date_end=today - timedelta(days=20), registration_deadline=today - timedelta(days=180),
    ) for issuer in body | others])
    registration = env["thidua.registration"].create({
        "campaign_id": running.id, "unit_id": unit_a.id,
        "item_ids": [(0, 0, {"name": "Mô hình “Đường hoa nông thôn mới”", "item_type": "model"})]})
    # signed in pairs, one on each node: the first body's first two, the second's, the third's, the
    # first body's last two (its numbering exists by then)
    plan = [ended[0]] * 2 + [ended[1]] * 2 + [ended[2]] * 2 + [ended[0]] * 2
    dossiers = env["thidua.dossier"].create([{
        "campaign_id": campaign.id, "unit_id": unit_a.id, "award_form_id": award.id,
        "subject_type": "civil_servant", "nominee_name": f"Nguyễn Văn Số {n}", "nominee_unit_id": unit_a.id,
        "achievement": "Đã có thành tích xuất sắc",
    } for n, campaign in enumerate(plan, start=1)])
    dossiers.write({"state": "approved"})  # the council's vote, as history
    decisions = env["thidua.decision"].create([{
        "campaign_id": dossier.campaign_id.id, "award_form_id": award.id, "date_decision": today,
        "line_ids": [(0, 0, {"dossier_id": dossier.id, "sequence": 1})]} for dossier in dossiers])
    print(json.dumps({"registration": registration.id, "unit_a": unit_a.id, "officer_a": officer_a.id,
                      "decisions": decisions.ids, "partners": (officer_a | officer_b).partner_id.ids,
                      "running_campaign": running.id}))
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_launcher():
    # the odoo-bin next to the installed package, else `python -m odoo`
    root = pathlib.Path(odoo.__file__).resolve().parent.parent
    script = root / "odoo-bin"
    return [sys.executable, str(script)] if script.exists() else [sys.executable, "-m", "odoo"]


def addons_path():
    sys.path.insert(0, str(REPO / "tools"))
    from odoo_suite import ADDONS, odoo_addons_path  # noqa: PLC0415

    return ",".join(odoo_addons_path() + [ADDONS])


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name


class Client:
    """A user's session on one node, over JSON-RPC."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        self._post("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def _post(self, path, params):
        response = self.session.post(self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params},
                                     timeout=RPC_TIMEOUT)
        response.raise_for_status()
        data = response.json()
        if "error" in data:
            error = data["error"].get("data", {})
            raise RpcError(error.get("name", "?"), error.get("message", data["error"].get("message")))
        return data["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post("/web/dataset/call_kw", {"model": model, "method": method, "args": list(args),
                                                   "kwargs": kwargs})


class Node:
    def __init__(self, name, db, addons, logdir):
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logdir / f"{name}.log"
        self.process = subprocess.Popen(
            odoo_launcher() + ["--config", str(CONFIG), "--addons-path", addons, "-d", db, "--db-filter", f"^{db}$",
                               "--http-interface", "127.0.0.1", "--http-port", str(self.port),
                               "--max-cron-threads", "1", "--workers", "0", "--logfile", str(self.log),
                               "--log-level", "info"],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )

    def wait_ready(self):
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}): see {self.log}")
            try:
                if requests.get(f"{self.url}/web/login", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"{self.name} did not answer within {START_TIMEOUT} s")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def text(self):
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    db = f"chilang_multinode_{os.getpid()}"
    logdir = tmp_path_factory.mktemp("multinode")
    addons = addons_path()
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    nodes = []
    try:
        subprocess.run(odoo_launcher() + [
            "--config", str(CONFIG), "--addons-path", addons, "-d", db, "--db-filter", f"^{db}$", "-i",
            "chilang_thidua", "--without-demo=all", "--stop-after-init", "--no-http", "--max-cron-threads", "0",
            "--log-level", "warn", "--logfile", str(logdir / "install.log"),
        ], check=True, timeout=600)
        seed = subprocess.run([sys.executable, "-c", SEED, db, str(CONFIG), addons], check=True, timeout=300,
                              capture_output=True, text=True)
        data = json.loads(seed.stdout.strip().splitlines()[-1])
        nodes = [Node("node1", db, addons, logdir), Node("node2", db, addons, logdir)]
        for node in nodes:
            node.wait_ready()
        connection = psycopg2.connect(dbname=db)
        connection.autocommit = True
        yield {"db": db, "nodes": nodes, "data": data, "sql": connection.cursor()}
        connection.close()
    finally:
        for node in nodes:
            node.stop()
        subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
        from odoo.tools import config  # noqa: PLC0415

        config.parse_config(["--config", str(CONFIG)], setup_logging=False)
        shutil.rmtree(config.filestore(db), ignore_errors=True)


def test_officer_removed_on_one_node_loses_access_on_the_other(cluster):
    node1, node2 = cluster["nodes"]
    db, data = cluster["db"], cluster["data"]
    officer_on_2 = Client(node2.url, db, "p_hn_a", "p_hn_a")
    manager_on_1 = Client(node1.url, db, "m_sign", "m_sign")
    # node 2 evaluates (and caches) the officer's record rules: the registration is theirs
    assert officer_on_2.call("thidua.registration", "read", [data["registration"]], ["name"])

    manager_on_1.call("thidua.unit", "write", [data["unit_a"]], {"officer_ids": [(3, data["officer_a"])]})

    # the very next request on node 2: no access any more. The cached rule holds no unit ids: it
    # asks the officer lists in SQL at each query, so nothing has to be invalidated on node 2
    assert officer_on_2.call("thidua.registration", "search_count", [("id", "=", data["registration"])]) == 0
    with pytest.raises(RpcError) as refused:
        officer_on_2.call("thidua.registration", "read", [data["registration"]], ["name"])
    assert refused.value.name in ("odoo.exceptions.AccessError", "odoo.exceptions.MissingError")
    # and back: added again on node 1, the officer reads it on node 2 at once
    manager_on_1.call("thidua.unit", "write", [data["unit_a"]], {"officer_ids": [(4, data["officer_a"])]})
    assert officer_on_2.call("thidua.registration", "read", [data["registration"]], ["name"])


def test_decisions_signed_at_once_on_both_nodes_are_numbered_without_gaps(cluster):
    node1, node2 = cluster["nodes"]
    db, data, sql = cluster["db"], cluster["data"], cluster["sql"]
    signers = [Client(node1.url, db, "m_sign", "m_sign"), Client(node2.url, db, "m_sign", "m_sign")]
    decisions = data["decisions"]
    rounds = [decisions[index:index + 2] for index in range(0, len(decisions), 2)]
    barrier = threading.Barrier(2, timeout=RPC_TIMEOUT)
    errors = []

    def sign(client, side):
        for pair in rounds:
            barrier.wait()  # both nodes send action_sign at the same moment
            try:
                client.call("thidua.decision", "action_sign", [pair[side]])
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(f"{pair[side]}: {error}")

    threads = [threading.Thread(target=sign, args=(client, side)) for side, client in enumerate(signers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=RPC_TIMEOUT * len(rounds))
    assert not errors, errors
    sql.execute("SELECT name, state, number_authority_id FROM thidua_decision WHERE id = ANY(%s)", [decisions])
    rows = sql.fetchall()
    assert {state for _name, state, _body in rows} == {"signed"}
    numbers = {}
    for name, _state, body in rows:
        numbers.setdefault(body, []).append(int(re.match(r"(\d+)/", name).group(1)))
    # per issuing body (and year): 1..N, none twice, none skipped
    assert sorted(sorted(values) for values in numbers.values()) == [[1, 2], [1, 2], [1, 2, 3, 4]], numbers
    # Odoo logs "<error code>, N tries left, try again in … sec" for each retried request
    retried = sum(text.count("tries left") for text in (node1.text(), node2.text()))
    print(f"{len(decisions)} decisions signed in pairs on two nodes: numbers by body {numbers}; "
          f"{retried} concurrency retries logged")


def notify_crons(db):
    """Wake every cron thread at once, as Odoo's own ``_trigger`` does (NOTIFY on 'postgres')."""
    with psycopg2.connect(dbname="postgres") as connection:
        connection.autocommit = True
        connection.cursor().execute("SELECT pg_notify('cron_trigger', %s)", [db])


def job_lines(nodes, cron_name, cron_id, what):
    """The log lines ``Job '<name>' (<id>) <what>`` of each node."""
    marker = f"Job {cron_name!r} ({cron_id}) {what}"
    return [[line for line in node.text().splitlines() if marker in line] for node in nodes]


def test_scheduled_action_runs_once_with_crons_on_both_nodes(cluster):
    nodes = cluster["nodes"]
    data, sql = cluster["data"], cluster["sql"]
    sql.execute("""SELECT c.id, c.cron_name FROM ir_cron c
                     JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
                    WHERE d.module = 'chilang_thidua' AND d.name = 'ir_cron_reminders'""")
    cron_id, cron_name = sql.fetchone()
    # not due, and not running (a run that started with the servers has ended): a clean start
    sql.execute("UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' + interval '1 day' WHERE id = %s", [cron_id])
    sql.execute("DELETE FROM ir_cron_trigger WHERE cron_id = %s", [cron_id])
    deadline = time.time() + CRON_TIMEOUT
    before = [len(lines) for lines in job_lines(nodes, cron_name, cron_id, "starting")]
    while time.time() < deadline:
        time.sleep(3)
        now = [len(lines) for lines in job_lines(nodes, cron_name, cron_id, "starting")]
        if now == before:
            break
        before = now
    sql.execute("SELECT count(*) FROM thidua_reminder")
    reminders_before = sql.fetchone()[0]
    sql.execute("SELECT now() AT TIME ZONE 'UTC'")  # Odoo's datetimes are naive UTC
    started = sql.fetchone()[0]

    # due now, and both cron threads woken at the same moment
    sql.execute("UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 minute', active = true "
                "WHERE id = %s", [cron_id])
    notify_crons(cluster["db"])
    while time.time() < deadline:
        if sum(len(lines) for lines in job_lines(nodes, cron_name, cron_id, "processed")) > sum(before):
            break
        time.sleep(1)
    else:
        pytest.fail(f"the reminders' scheduled action did not run within {CRON_TIMEOUT} s")
    # wake both again: the job, done for today, must not run a second time
    notify_crons(cluster["db"])
    time.sleep(10)

    starts = [lines[count:] for lines, count in zip(job_lines(nodes, cron_name, cron_id, "starting"), before,
                                                      strict=True)]
    runs = sum(len(lines) for lines in starts)
    sql.execute("SELECT count(*), max(remaining) FROM ir_cron_progress WHERE cron_id = %s AND create_date >= %s",
                [cron_id, started])
    batches, remaining = sql.fetchone()
    assert runs == 1 and batches == 1, (
        f"the job ran {runs} times (node1 {len(starts[0])}, node2 {len(starts[1])}) in {batches} batches"
        + (f": its progress said {remaining} task(s) remaining, so Odoo ran it again as 'partially done'"
           if remaining else ""))
    sql.execute("SELECT count(*), count(DISTINCT key) FROM thidua_reminder")
    reminders, keys = sql.fetchone()
    assert reminders == keys
    # officer B's unit has not registered: reminded today, by one mail
    sql.execute("""SELECT p.res_partner_id, count(*) FROM mail_mail_res_partner_rel p
                     JOIN mail_mail m ON m.id = p.mail_mail_id JOIN mail_message msg ON msg.id = m.mail_message_id
                    WHERE msg.model = 'thidua.reminder' AND p.res_partner_id = ANY(%s)
                    GROUP BY p.res_partner_id""", [data["partners"]])
    per_partner = dict(sql.fetchall())
    assert per_partner and set(per_partner.values()) == {1}, per_partner
    print(f"reminders' job ran once ({'node1' if starts[0] else 'node2'}); {reminders} reminder(s) in all "
          f"({reminders - reminders_before} by this run), mails per officer {per_partner}")
