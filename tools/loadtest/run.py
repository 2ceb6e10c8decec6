#!/usr/bin/env python3
"""The deadline-day load test, end to end (``make loadtest``).

1. database ``chilang_load`` (dropped first when it exists) with chilang_thidua, without demo;
2. tools/province_data.py at ``--scale`` (the deadline-day campaign and its manifest);
3. Odoo with ``--workers=2 --max-cron-threads=0`` on 127.0.0.1 and free ports;
4. Locust, headless, bounded in users and time (its own virtualenv: see locustfile.py);
5. Odoo stopped, then tools/loadtest/check.py on the database and Locust's CSV.

Traffic goes to the loopback address only. The database is kept for a look afterwards (the next
run drops it); the outputs are in ``--out``.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
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


def main():
    args = parse_args()
    if not os.path.exists(args.locust):
        sys.exit(f"{args.locust} not found: `make loadtest` creates .venv-loadtest with Locust")
    os.makedirs(args.out, exist_ok=True)
    manifest = os.path.join(args.out, "manifest.json")
    submitted = os.path.join(args.out, "submitted.jsonl")
    csv_prefix = os.path.join(args.out, "locust")
    log = os.path.join(args.out, "odoo.log")
    for stale in (submitted, manifest, log):
        if os.path.exists(stale):
            os.remove(stale)
    started = time.time()

    drop_database(args)
    run(odoo_cmd(args) + ["-i", MODULE, "--without-demo=all", "--load-language", "vi_VN", "--stop-after-init",
                          "--no-http", "--max-cron-threads", "0", "--log-level", "warn"])
    generator = [sys.executable, os.path.join(REPO, "tools", "province_data.py"), "-d", args.db, "--scale",
                 str(args.scale), "--manifest", manifest]
    if args.password_rounds:
        generator += ["--password-rounds", str(args.password_rounds)]
    run(generator)

    port, gevent_port = free_port(), free_port()
    server_env = dict(os.environ)
    aliases = pkg_resources_aliases(args.out)
    if aliases:
        print(f"gevent's requirements named for pkg_resources in {aliases} (see run.py)", flush=True)
        server_env["PYTHONPATH"] = os.pathsep.join(filter(None, [aliases, os.environ.get("PYTHONPATH")]))
    server = subprocess.Popen(odoo_cmd(args) + [
        f"--workers={args.workers}", "--max-cron-threads=0", "--http-interface=127.0.0.1",
        f"--http-port={port}", f"--gevent-port={gevent_port}", f"--logfile={log}", "--log-level=warn",
    ], env=server_env)
    host = f"http://127.0.0.1:{port}"
    locust_code = 1
    try:
        if not wait_for(f"{host}/web/login", 120):
            sys.exit(f"Odoo did not answer on {host} within 120 s: see {log}")
        print(f"odoo: {args.workers} workers on {host}, log {log}", flush=True)
        env = dict(os.environ, LOADTEST_MANIFEST=manifest, LOADTEST_SUBMITTED=submitted)
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
        stop(server, "odoo")
    check = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), "--db", args.db, "--manifest", manifest,
                            "--submitted", submitted, "--csv", csv_prefix], check=False)
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
