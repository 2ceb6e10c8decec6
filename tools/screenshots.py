#!/usr/bin/env python3
"""Take screenshots of a running chilang_thidua server as each demo user sees it.

Needs Debian's chromium + chromium-driver and `pip install selenium`. Usage:
    tools/screenshots.py [--url http://127.0.0.1:8069] [--out docs] [--only NAME]
Each shot logs in as its user (password = login, the demo convention), opens the page,
waits for the web client to settle and saves docs/<name>.png. Phone shots use a 390 px viewport.
"""

import argparse
import os
import shutil
import subprocess
import time

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

DESKTOP = (1366, 768)
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


def driver_for(size):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=vi-VN", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if size[0] < 500:
        # headless Chromium keeps windows at least 500 px wide: emulate the phone's viewport instead
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True,
        })
    return driver


def login(driver, url, login_name, db):
    """Authenticate over JSON-RPC and hand the session cookie to the browser."""
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": login_name, "password": login_name}},
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(f"cannot log in as {login_name}: {response.json()['error']['data']['message']}")
    driver.get(f"{url}/web/login")
    driver.add_cookie({"name": "session_id", "value": response.cookies["session_id"], "path": "/"})


def settle(driver, path):
    if path.startswith("/odoo"):
        WebDriverWait(driver, 30).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, ".o_action_manager .o_view_controller"))
        )
    time.sleep(1.5)


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
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, login_name, path, size in SHOTS:
        if args.only and not name.startswith(args.only):
            continue
        driver = driver_for(size)
        try:
            login(driver, args.url, login_name, args.db)
            driver.get(args.url + path.format(
                campaign=args.campaign, registration=args.registration,
                accepted_registration=args.accepted_registration, session=args.session,
                decision=args.decision, school_dossier=args.school_dossier,
            ))
            settle(driver, path)
            target = os.path.join(args.out, f"{name}.png")
            driver.save_screenshot(target)
            shrink(target)
            print("saved", target, f"{os.path.getsize(target) // 1024} KB")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
