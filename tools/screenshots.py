#!/usr/bin/env python3
"""Take screenshots of a running chilang_thidua server as each demo user sees it.

Needs Debian's chromium (driven over its DevTools protocol, websocket-client as Odoo has it).
Usage:
    tools/screenshots.py [--url http://127.0.0.1:8069] [--db NAME] [--out docs] [--only NAME]
Each shot logs in as its user (password = login, the demo convention), opens the page,
waits for the web client to settle, clicks what the shot names (a notebook tab) and saves
docs/<name>.png. Phone shots emulate a 390 × 844 touch screen.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import requests
import websocket

DESKTOP = (1366, 900)
PHONE = (390, 844)

# name, login, path, (width, height)
SHOTS = [
    ("backend_campaigns", "noivu", "/odoo/action-chilang_thidua.thidua_campaign_action", (1366, 800)),
    ("backend_campaign_form", "noivu", "/odoo/action-chilang_thidua.thidua_campaign_action/{campaign}", (1366, 900)),
    ("backend_units", "noivu", "/odoo/action-chilang_thidua.thidua_unit_action", (1366, 800)),
    ("backend_registrations", "noivu", "/odoo/action-chilang_thidua.thidua_registration_action", (1366, 800)),
    ("backend_registration_form", "gddt",
     "/odoo/action-chilang_thidua.thidua_registration_action/{registration}", (1366, 900)),
    ("backend_registration_pivot", "noivu", "/odoo/action-chilang_thidua.thidua_registration_action_analysis",
     (1366, 700)),
    ("portal_my_thidua", "thcs.dongmo", "/my/thidua", (1280, 700)),
    ("portal_registration", "quanglang", "/my/thidua/registration/{accepted_registration}", (1280, 1300)),
    ("portal_registration_phone", "quanglang", "/my/thidua/registration/{accepted_registration}", (390, 1400)),
    ("public_exemplary", "quanglang", "/thidua/dien-hinh", (1280, 700)),
    # each role's main screen, on a desktop and on a phone (390 x 844)
    ("role_noivu_campaigns_phone", "noivu", "/odoo/action-chilang_thidua.thidua_campaign_action", PHONE),
    ("role_noivu_late", "noivu", "/odoo/action-chilang_thidua.thidua_registration_action_late", DESKTOP),
    ("role_gddt_registrations", "gddt", "/odoo/action-chilang_thidua.thidua_registration_action", DESKTOP),
    ("role_gddt_registrations_phone", "gddt", "/odoo/action-chilang_thidua.thidua_registration_action", PHONE),
    ("role_dongmo_registrations", "dongmo", "/odoo/action-chilang_thidua.thidua_registration_action", DESKTOP),
    ("role_dongmo_dossiers_phone", "dongmo", "/odoo/action-chilang_thidua.thidua_dossier_action", PHONE),
    ("role_hoidong_session", "hoidong",
     "/odoo/action-chilang_thidua.thidua_council_session_action/{session}", DESKTOP),
    ("role_hoidong_sessions_phone", "hoidong", "/odoo/action-chilang_thidua.thidua_council_session_action", PHONE),
    ("role_lanhdao_decision", "lanhdao", "/odoo/action-chilang_thidua.thidua_decision_action/{decision}", DESKTOP),
    ("role_lanhdao_decisions_phone", "lanhdao", "/odoo/action-chilang_thidua.thidua_decision_action", PHONE),
    ("role_thcs_dongmo_portal_phone", "thcs.dongmo", "/my/thidua", PHONE),
    ("role_thcs_dongmo_dossiers", "thcs.dongmo", "/my/thidua/dossiers", (1280, 700)),
    ("role_thcs_dongmo_dossier_phone", "thcs.dongmo", "/my/thidua/dossiers/{school_dossier}", PHONE),
]
# the first screen of each demo user right after logging in (their home action, the portal home),
# on a desktop and on a phone: README, "A day with the demo"
FIRST_SCREENS = [("noivu", "/odoo"), ("gddt", "/odoo"), ("dongmo", "/odoo"), ("hoidong", "/odoo"),
                 ("lanhdao", "/odoo"), ("thcs.dongmo", "/my"), ("quanglang", "/my")]
SHOTS += [
    (f"first_{login.replace('.', '_')}{suffix}", login, path, size)
    for login, path in FIRST_SCREENS for suffix, size in (("", DESKTOP), ("_phone", PHONE))
]
# the set-up of the signing certificate: the commune's form, tab "Chữ ký số" (a manager)
CLICKS = {
    "unit_certificate": 'a.nav-link[name="digital_signature"]',
    "unit_certificate_phone": 'a.nav-link[name="digital_signature"]',
}
SHOTS += [
    ("unit_certificate", "lanhdao", "/odoo/action-chilang_thidua.thidua_unit_action/{unit}", DESKTOP),
    ("unit_certificate_phone", "lanhdao", "/odoo/action-chilang_thidua.thidua_unit_action/{unit}", PHONE),
]


class Browser:
    """A headless Chromium and one page, driven over the DevTools protocol."""

    def __init__(self, size):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="thidua_shots_")
        self.process = subprocess.Popen([
            shutil.which("chromium") or "/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--lang=vi-VN", f"--remote-debugging-port={port}", f"--user-data-dir={self.profile}",
            f"--window-size={max(size[0], 500)},{size[1]}", "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(100):
            try:
                pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                page = next(p for p in pages if p.get("type") == "page")
                break
            except (requests.RequestException, StopIteration, ValueError):
                time.sleep(0.1)
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.counter = 0
        mobile = size[0] < 500
        self.send("Emulation.setDeviceMetricsOverride", width=size[0], height=size[1], deviceScaleFactor=1,
                  mobile=mobile)
        if mobile:
            self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        self.send("Network.enable")

    def send(self, method, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return True
            time.sleep(0.25)
        return False

    def quit(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            self.process.wait(10)
            shutil.rmtree(self.profile, ignore_errors=True)


def login(browser, url, login_name, db):
    """Authenticate over JSON-RPC and hand the session cookie to the browser."""
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": login_name, "password": login_name}},
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(f"cannot log in as {login_name}: {response.json()['error']['data']['message']}")
    browser.send("Network.setCookie", name="session_id", value=response.cookies["session_id"], url=url, path="/")


def settle(browser, path, click=None):
    if path.startswith("/odoo"):
        browser.wait_for(".o_action_manager .o_view_controller")
    else:
        browser.wait_for("body")
        # the portal home counts its documents after loading: wait for its spinner to go
        browser.wait_for("body:not(:has(.o_portal_doc_spinner, .spinner-border))", timeout=20)
    time.sleep(1.5)
    if click:
        browser.wait_for(click)
        # the clicked tab at the top of the screen (a phone shows it below the fold otherwise)
        browser.evaluate(f"(el => {{ el.click(); el.scrollIntoView({{block: 'start'}}); }})"
                         f"(document.querySelector({json.dumps(click)}))")
        time.sleep(1)


def shrink(path, limit=250 * 1024):
    """Keep the repository light: quantize a PNG above ``limit`` to 64 colours (ImageMagick)."""
    if os.path.getsize(path) > limit and shutil.which("convert"):
        subprocess.run(["convert", path, "-strip", "-colors", "64", path], check=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "docs"))
    parser.add_argument("--only", help="one shot, or a prefix of their names (e.g. role_)")
    parser.add_argument("--db", default="chilang_thidua")
    parser.add_argument("--campaign", default="1", help="id of the demo campaign")
    parser.add_argument("--registration", default="1", help="id of the school's demo registration (forwarded)")
    parser.add_argument("--accepted-registration", default="2", help="id of the commune's accepted demo registration")
    parser.add_argument("--session", default="1", help="id of the demo council session")
    parser.add_argument("--decision", default="1", help="id of the demo decision")
    parser.add_argument("--school-dossier", default="3", help="id of the school's demo dossier")
    parser.add_argument("--unit", default="1", help="id of the unit whose signing certificate is shown")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, login_name, path, size in SHOTS:
        if args.only and not name.startswith(args.only):
            continue
        browser = Browser(size)
        try:
            login(browser, args.url, login_name, args.db)
            browser.send("Page.enable")
            browser.send("Page.navigate", url=args.url + path.format(
                campaign=args.campaign, registration=args.registration,
                accepted_registration=args.accepted_registration, session=args.session,
                decision=args.decision, school_dossier=args.school_dossier, unit=args.unit,
            ))
            settle(browser, path, CLICKS.get(name))
            target = os.path.join(args.out, f"{name}.png")
            shot = browser.send("Page.captureScreenshot", format="png")
            with open(target, "wb") as handle:
                handle.write(base64.b64decode(shot["data"]))
            shrink(target)
            print("saved", target, f"{os.path.getsize(target) // 1024} KB")
        finally:
            browser.quit()


if __name__ == "__main__":
    main()
