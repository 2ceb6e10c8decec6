#!/usr/bin/env python3
"""The deadline-day load test, end to end (``make loadtest``).

1. database ``chilang_load`` (dropped first when it exists) with chilang_thidua, without demo;
2. tools/province_data.py at ``--scale`` (the deadline-day campaign and its manifest);
3. Odoo with ``--workers`` and ``--max-cron-threads=0`` on 127.0.0.1, and in front of it nginx
   serving deploy/nginx-chilang_thidua.conf (ports substituted, no TLS; its own prefix and
   temporary folder, not the system's nginx), Odoo in ``--proxy-mode``; ``--no-nginx`` talks to
   Odoo directly as before;
4. Locust, headless, bounded in users and time (its own virtualenv: see locustfile.py); with
   ``--baseline`` half the users go through Odoo's own portal pages in the same run;
5. Odoo stopped, then tools/loadtest/check.py on the database and Locust's CSV, with the load
   average and the Odoo processes' memory sampled every 5 s during the run.

Traffic goes to the loopback address only. The database is kept for a look afterwards (the next
run drops it, unless ``--reuse-db``: then the run takes the officers the last one left); the
outputs are in ``--out``.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tools"))

from odoo_suite import ADDONS, MODULE, free_port, odoo_addons_path  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="chilang_load")
    parser.add_argument("--scale", default="0.1", help="province_data.py --scale (1 = the issue's province)")
    parser.add_argument("--users", type=int, default=50, help="Locust users at once")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--time", default="2m", help="Locust run time (e.g. 90s, 2m)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--locust", default=os.path.join(REPO, ".venv-loadtest", "bin", "locust"))
    parser.add_argument("--out", default="/tmp/chilang_loadtest", help="manifest, logs, Locust CSV")
    parser.add_argument("--password-rounds", type=int, default=0, help="see province_data.py")
    parser.add_argument("--reuse-db", action="store_true",
                        help="keep the database and its manifest when they exist (a second run at full scale)")
    parser.add_argument("--no-nginx", dest="nginx", action="store_false", help="Locust talks to Odoo directly")
    parser.add_argument("--baseline", action="store_true", help="half the users on Odoo's own portal pages")
    parser.add_argument("--port", type=int, help="the port Locust talks to (nginx's, or Odoo's without nginx)")
    parser.add_argument("--nginx-rate", type=int,
                        help="requests/s nginx admits to Odoo (default: the deploy/ site's limit_req_zone rate)")
    parser.add_argument("--odoo-port", type=int, help="Odoo's HTTP port (default: a free one)")
    parser.add_argument("--gevent-port", type=int, help="Odoo's event port (default: a free one)")
    return parser.parse_args()


def run(cmd, **kwargs):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kwargs)


def odoo_launcher():
    """odoo-bin (or the ``odoo`` script): with ``--workers``, Odoo starts its gevent process by
    running ``sys.argv[0]`` again, which ``python -m odoo`` cannot do."""
    import odoo  # noqa: PLC0415 - needs Odoo

    script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))), "odoo-bin")
    if os.path.exists(script):
        return [sys.executable, script]
    if shutil.which("odoo"):
        return [shutil.which("odoo")]
    return [sys.executable, "-m", "odoo"]


def odoo_cmd(args):
    return odoo_launcher() + ["--config", os.path.join(REPO, "odoo.conf"),
            "--addons-path", ",".join(odoo_addons_path() + [ADDONS]), "-d", args.db, "--db-filter", f"^{args.db}$"]


def drop_database(args):
    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    from odoo.tools import config  # noqa: PLC0415 - needs Odoo

    config.parse_config(["--config", os.path.join(REPO, "odoo.conf")], setup_logging=False)
    shutil.rmtree(config.filestore(args.db), ignore_errors=True)


def pkg_resources_aliases(out):
    """A folder that lets pkg_resources find gevent's requirements, or None when it finds them.

    With ``--workers`` Odoo runs a gevent process (websocket, longpolling). gevent loads its
    plugins through pkg_resources, and an old setuptools (65 here) cannot find the metadata of
    zope.interface or zope.event installed as ``zope_interface-*.dist-info``: the process dies
    at start and Odoo starts it again, twice a second, which eats a core of a 2-core machine.
    The folder, put on the server's PYTHONPATH, names those distributions the old way; nothing
    is installed or changed in the Python environment.
    """
    import importlib.metadata  # noqa: PLC0415

    try:
        import pkg_resources  # noqa: PLC0415 - deprecated, but what gevent uses here
    except ImportError:
        return None
    folder, created = os.path.join(out, "pkg_resources_names"), False
    for _attempt in range(10):
        try:
            pkg_resources.require("gevent")
            break
        except pkg_resources.DistributionNotFound as error:
            name = error.req.project_name
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                return None
            path = os.path.join(folder, f"{name}-{version}.egg-info")
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, "PKG-INFO"), "w", encoding="utf-8") as handle:
                handle.write(f"Metadata-Version: 1.0\nName: {name}\nVersion: {version}\n")
            pkg_resources.working_set.add_entry(folder)
            created = True
        except Exception:  # noqa: BLE001 - anything else: leave the environment as it is
            return None
    return folder if created else None


def gzip_sizes(url):
    """'N → M bytes' for ``url`` asked plainly and with gzip accepted."""
    sizes = []
    for encoding in ("identity", "gzip"):
        request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request, timeout=30) as response:
            sizes.append(len(response.read()))
    return f"{sizes[0]:,} → {sizes[1]:,} bytes"


def wait_for(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(1)
    return False


def stop(process, label):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # Odoo's graceful shutdown of its workers
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print(f"{label} did not stop in 30 s: killed", flush=True)
        process.kill()
        process.wait()


def nginx_config(site, folder, listen, odoo_port, gevent_port, rate=None):
    """deploy/'s site as a test server: plain HTTP on ``listen``, the given Odoo ports, logs and
    temporary files under ``folder``."""
    with open(site, encoding="utf-8") as handle:
        text = handle.read()
    text = text.replace("127.0.0.1:8069", f"127.0.0.1:{odoo_port}")
    text = text.replace("127.0.0.1:8072", f"127.0.0.1:{gevent_port}")
    if rate:
        text = re.sub(r"(limit_req_zone .*? rate=)\d+r/s", rf"\g<1>{rate}r/s", text)
    # the redirecting port-80 server goes; the TLS server listens on the loopback without TLS
    text = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", text, count=1, flags=re.S)
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("ssl_", "listen [::]", "http2 ")):
            continue
        kept.append(f"    listen 127.0.0.1:{listen};" if stripped.startswith("listen 443") else line)
    conf = os.path.join(folder, "nginx.conf")
    temp = {name: os.path.join(folder, name) for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        os.makedirs(path, exist_ok=True)
    with open(conf, "w", encoding="utf-8") as handle:
        handle.write(f"""worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    # the time Odoo took (upstream) apart from the time in nginx's admission queue (request)
    log_format timed '$request_method $uri $status $request_time $upstream_response_time';
    access_log {folder}/access.log timed;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
""" + "\n".join(kept) + "\n}\n")
    return conf


class Sampler(threading.Thread):
    """Load average and the resident memory of the Odoo processes, every 5 s."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stopped = pid, [], threading.Event()

    def tree(self):
        children = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                        parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(int(entry))
                except (OSError, ValueError, IndexError):
                    continue
        todo, found = [self.pid], []
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def rss_mb(self, pid):
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def run(self):
        while not self.stopped.wait(5):
            sizes = [self.rss_mb(pid) for pid in self.tree()]
            self.samples.append({"load": os.getloadavg()[0], "max_rss_mb": max(sizes, default=0),
                                 "total_rss_mb": sum(sizes)})

    def summary(self):
        if not self.samples:
            return {}
        loads = [s["load"] for s in self.samples]
        return {"load_average_mean": round(sum(loads) / len(loads), 2), "load_average_max": round(max(loads), 2),
                "largest_process_mb": round(max(s["max_rss_mb"] for s in self.samples)),
                "all_odoo_processes_mb": round(max(s["total_rss_mb"] for s in self.samples))}


def main():  # noqa: PLR0915 - one run, in order
    args = parse_args()
    if not os.path.exists(args.locust):
        sys.exit(f"{args.locust} not found: `make loadtest` creates .venv-loadtest with Locust")
    os.makedirs(args.out, exist_ok=True)
    manifest = os.path.join(args.out, "manifest.json")
    submitted = os.path.join(args.out, "submitted.jsonl")
    csv_prefix = os.path.join(args.out, "locust")
    log = os.path.join(args.out, "odoo.log")
    reuse = args.reuse_db and os.path.exists(manifest) and not subprocess.run(
        ["psql", "-d", args.db, "-Atc", "select 1"], capture_output=True, check=False).returncode
    for stale in (submitted, log) if reuse else (submitted, manifest, log):
        if os.path.exists(stale):
            os.remove(stale)
    started = time.time()

    if reuse:
        # the officers who submitted in an earlier run are not offered again
        with open(manifest, encoding="utf-8") as handle:
            data = json.load(handle)
        sql = f"select unit_id from thidua_registration where campaign_id = {int(data['campaign_id'])}"
        done = subprocess.run(["psql", "-d", args.db, "-Atc", sql], capture_output=True, text=True,
                              check=True).stdout.split()
        data["officers"] = [o for o in data["officers"] if str(o["unit_id"]) not in set(done)]
        with open(manifest, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        print(f"reusing {args.db}: {len(data['officers'])} officers still to submit", flush=True)
    else:
        drop_database(args)
        run(odoo_cmd(args) + ["-i", MODULE, "--without-demo=all", "--load-language", "vi_VN", "--stop-after-init",
                              "--no-http", "--max-cron-threads", "0", "--log-level", "warn"])
        generator = [sys.executable, os.path.join(REPO, "tools", "province_data.py"), "-d", args.db, "--scale",
                     str(args.scale), "--manifest", manifest]
        if args.password_rounds:
            generator += ["--password-rounds", str(args.password_rounds)]
        run(generator)

    port, gevent_port = args.odoo_port or free_port(), args.gevent_port or free_port()
    server_env = dict(os.environ)
    aliases = pkg_resources_aliases(args.out)
    if aliases:
        print(f"gevent's requirements named for pkg_resources in {aliases} (see run.py)", flush=True)
        server_env["PYTHONPATH"] = os.pathsep.join(filter(None, [aliases, os.environ.get("PYTHONPATH")]))
    server = subprocess.Popen(odoo_cmd(args) + [
        f"--workers={args.workers}", "--max-cron-threads=0", "--http-interface=127.0.0.1",
        f"--http-port={port}", f"--gevent-port={gevent_port}", f"--logfile={log}", "--log-level=warn",
        *(["--proxy-mode"] if args.nginx else []),
    ], env=server_env)
    host = f"http://127.0.0.1:{port}"
    locust_code = 1
    nginx, sampler = None, Sampler(server.pid)
    try:
        if not wait_for(f"{host}/web/login", 120):
            sys.exit(f"Odoo did not answer on {host} within 120 s: see {log}")
        print(f"odoo: {args.workers} workers on {host}, log {log}", flush=True)
        if args.nginx:
            folder = tempfile.mkdtemp(prefix="nginx_", dir=args.out)
            os.chmod(folder, 0o755)
            listen = args.port or free_port()
            conf = nginx_config(os.path.join(REPO, "deploy", "nginx-chilang_thidua.conf"), folder, listen, port,
                                gevent_port, args.nginx_rate)
            run(["nginx", "-t", "-q", "-c", conf, "-p", folder])
            nginx = subprocess.Popen(["nginx", "-c", conf, "-p", folder])
            host = f"http://127.0.0.1:{listen}"
            if not wait_for(f"{host}/web/login", 30):
                sys.exit(f"nginx did not answer on {host}: see {folder}/error.log")
            with open(conf, encoding="utf-8") as handle:
                admitted = re.search(r"rate=(\d+r/s)", handle.read())
            print(f"nginx: {host} in front of Odoo (deploy/nginx-chilang_thidua.conf, {conf}), admits "
                  f"{admitted.group(1) if admitted else 'all'}", flush=True)
            print(f"gzip: /web/login {gzip_sizes(host + '/web/login')}", flush=True)
        sampler.start()
        env = dict(os.environ, LOADTEST_MANIFEST=manifest, LOADTEST_SUBMITTED=submitted,
                   LOADTEST_BASELINE="1" if args.baseline else "0")
        cmd = [args.locust, "--headless", "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.time,
               "--host", host, "-f", os.path.join(HERE, "locustfile.py"), "--csv", csv_prefix,
               "--only-summary", "--stop-timeout", "30"]
        print("+ " + " ".join(cmd), flush=True)
        # bounded twice: Locust's own -t, and a hard timeout here should it hang
        seconds = parse_seconds(args.time) + 120
        with open(os.path.join(args.out, "locust.log"), "w", encoding="utf-8") as locust_log:
            locust_code = subprocess.run(cmd, env=env, timeout=seconds, check=False, stdout=locust_log,
                                         stderr=subprocess.STDOUT).returncode
    finally:
        sampler.stopped.set()
        if nginx:
            stop(nginx, "nginx")
        stop(server, "odoo")
    samples = os.path.join(args.out, "samples.json")
    with open(samples, "w", encoding="utf-8") as handle:
        json.dump(dict(sampler.summary(), workers=args.workers, users=args.users, nginx=args.nginx), handle)
    access = [os.path.join(folder, "access.log")] if nginx else []
    check = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), "--db", args.db, "--manifest", manifest,
                            "--submitted", submitted, "--csv", csv_prefix, "--samples", samples,
                            *(["--access-log", *access] if access else [])], check=False)
    print(f"loadtest: {time.time() - started:.0f} s in all (locust exit code {locust_code})", flush=True)
    return check.returncode


def parse_seconds(value):
    units = {"s": 1, "m": 60, "h": 3600}
    total, number = 0, ""
    for char in value:
        if char.isdigit():
            number += char
        elif char in units and number:
            total, number = total + int(number) * units[char], ""
    return total + int(number or 0)


if __name__ == "__main__":
    sys.exit(main())
