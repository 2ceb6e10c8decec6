"""Deadline day on the portal: officers log in, register, add an item, upload evidence, submit.

Run by ``make loadtest`` (tools/loadtest/run.py) with Locust from its own virtualenv
(``.venv-loadtest``): Locust pins Flask and Werkzeug 3, Odoo 18 needs Werkzeug 2, so the two
cannot share one environment. Nothing here imports Odoo.

Each simulated user takes the next officer of the manifest written by tools/province_data.py
(an officer whose unit has not registered yet for the campaign whose deadline is today), goes
through the pages a person would, logs out and takes the next officer; when none is left it
stops. Every registration it saw submitted is appended to ``LOADTEST_SUBMITTED`` (JSON lines)
for tools/loadtest/check.py.

With LOADTEST_BASELINE=1 half of the users (``OdooPortal``) go through the same steps on Odoo's
own portal pages instead, in the same run: log in, ``/my/home``, ``/my/account``, save the account
form, ``/my/home`` again, log out. Their pages are named ``odoo …``: the ratio of the addon's pages
to these is its cost, whatever the machine's load.

Environment: LOADTEST_MANIFEST (required), LOADTEST_SUBMITTED (default submitted.jsonl),
LOADTEST_BASELINE (0/1).
"""

import collections
import json
import os
import re

from locust import HttpUser, between, task
from locust.exception import StopUser

with open(os.environ["LOADTEST_MANIFEST"], encoding="utf-8") as manifest_file:
    MANIFEST = json.load(manifest_file)
# Locust's users are greenlets of one process: taking the next officer needs no lock
# the deadline-day users take officers from the front, the baseline users from the back: no
# officer is used twice
OFFICERS = collections.deque(MANIFEST["officers"])
BASELINE = os.environ.get("LOADTEST_BASELINE") == "1"
ACTIVE = {"users": 0}  # users still at work: the last one to find no officer ends the run
SUBMITTED = os.environ.get("LOADTEST_SUBMITTED", "submitted.jsonl")

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
REGISTRATION_URL = re.compile(r"/my/thidua/registration/(\d+)")
ITEM_DELETE = re.compile(r"/my/thidua/registration/\d+/item/(\d+)/delete")
SUBMIT_FORM = re.compile(r'action="/my/thidua/registration/\d+/submit"')
FLASH_ERROR = re.compile(r'<div class="alert alert-danger" role="alert" style="white-space: pre-line;">(.*?)</div>',
                         re.S)
# a scanned page of evidence: a small PDF, as the upload settings allow
EVIDENCE = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
            + b"%" + b"0" * 20_000 + b"\n%%EOF\n")


def csrf_of(html):
    match = CSRF.search(html)
    return match.group(1) if match else ""


def register_form(html, campaign_id, unit_id):
    """True when the page offers to register ``unit_id`` for ``campaign_id`` (its Register button)."""
    for form in re.findall(r'<form[^>]*action="/my/thidua/register".*?</form>', html, re.S):
        if f'name="campaign_id" value="{campaign_id}"' in form and f'name="unit_id" value="{unit_id}"' in form:
            return True
    return False


class PortalUser(HttpUser):
    abstract = True
    # a person reads the page before the next click
    wait_time = between(1, 3)

    def _page(self, method, path, name, check, **kwargs):
        """One request; ``check(response)`` returns an error message (a failure) or None."""
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as response:
            flash = FLASH_ERROR.search(response.text)
            error = (f"HTTP {response.status_code}" if response.status_code >= 400 else
                     f"connection: {response.error}" if not response.status_code else
                     check(response) or (flash and re.sub(r"\s+", " ", flash.group(1)).strip()[:200]))
            if error:
                title = TITLE.search(response.text)
                response.failure(f"{error} (HTTP {response.status_code} {response.url}"
                                 f"{', page ' + title.group(1).strip()[:60] if title else ''})")
                return None
            return response

    def on_start(self):
        ACTIVE["users"] += 1

    def _next_officer(self, from_back=False):
        """The next officer, or the end of this user (and of the run, for the last one)."""
        if not OFFICERS:
            ACTIVE["users"] -= 1
            if not ACTIVE["users"] and self.environment.runner:
                self.environment.runner.quit()  # every officer has had their turn
            raise StopUser()
        self.client.cookies.clear()
        return OFFICERS.pop() if from_back else OFFICERS.popleft()

    def _login(self, login, redirect, prefix=""):
        page = self._page("GET", "/web/login", f"{prefix}/web/login",
                          lambda r: None if csrf_of(r.text) else "no csrf token")
        if not page:
            return None
        return self._page(
            "POST", "/web/login", f"{prefix}/web/login [POST]",
            lambda r: "login refused" if "/web/login" in r.url else None,
            data={"login": login, "password": login, "csrf_token": csrf_of(page.text), "redirect": redirect},
        )


class Officer(PortalUser):

    @task
    def deadline_day(self):
        officer = self._next_officer()
        campaign_id, unit_id, login = MANIFEST["campaign_id"], officer["unit_id"], officer["login"]
        if not self._login(login, "/my/thidua"):
            return
        self.wait()
        listing = self._page("GET", "/my/thidua", "/my/thidua", lambda r: None if register_form(
            r.text, campaign_id, unit_id) else "no Register button for the deadline campaign")
        if not listing:
            return
        self.wait()
        registration = self._page(
            "POST", "/my/thidua/register", "/my/thidua/register [POST]",
            lambda r: None if REGISTRATION_URL.search(r.url) else "not registered",
            data={"csrf_token": csrf_of(listing.text), "campaign_id": campaign_id, "unit_id": unit_id},
        )
        if not registration:
            return
        registration_id = int(REGISTRATION_URL.search(registration.url).group(1))
        base = f"/my/thidua/registration/{registration_id}"
        self.wait()
        item_page = self._page(
            "POST", f"{base}/item", "/my/thidua/registration/[id]/item [POST]",
            lambda r: None if ITEM_DELETE.search(r.text) else "item not saved",
            data={"csrf_token": csrf_of(registration.text), "name": "Mô hình “Ngày thứ Bảy xanh” của đơn vị",
                  "item_type": "model", "content_id": "", "target": "Hoàn thành trước ngày 30/6",
                  "description": "Ra quân vệ sinh đường làng, ngõ xóm vào thứ Bảy hằng tuần"},
        )
        if not item_page:
            return
        item_id = ITEM_DELETE.search(item_page.text).group(1)
        self.wait()
        # the evidence of the item (the server takes it on a draft registration too)
        evidence = self._page(
            "POST", f"{base}/item/{item_id}/progress", "/my/thidua/registration/[id]/item/[id]/progress [POST]",
            lambda r: None if "/evidence/" in r.text else "evidence not attached",
            data={"csrf_token": csrf_of(item_page.text), "progress": "10"},
            files={"evidence": ("Ảnh ra quân ngày thứ Bảy.pdf", EVIDENCE, "application/pdf")},
        )
        if not evidence:
            return
        self.wait()
        submitted = self._page(
            "POST", f"{base}/submit", "/my/thidua/registration/[id]/submit [POST]",
            lambda r: "still submittable" if SUBMIT_FORM.search(r.text) else None,
            data={"csrf_token": csrf_of(evidence.text)},
        )
        if submitted:
            with open(SUBMITTED, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"login": login, "unit_id": unit_id, "campaign_id": campaign_id,
                                         "registration_id": registration_id}) + "\n")
        self._page("GET", "/web/session/logout", "/web/session/logout", lambda r: None)


COUNTRY = re.compile(r'<option value="(\d+)"[^>]*>\s*(?:Việt Nam|Vietnam)\s*</option>')
INPUT_VALUE = r'name="{}"[^>]*value="([^"]*)"'


class OdooPortal(PortalUser):
    """The same steps on Odoo's own portal pages: the baseline of the addon's cost."""

    abstract = not BASELINE

    @task
    def my_account(self):
        officer = self._next_officer(from_back=True)
        login = officer["login"]
        if not self._login(login, "/my/home", prefix="odoo "):
            return
        self.wait()
        if not self._page("GET", "/my/home", "odoo /my/home", lambda r: None if "o_portal" in r.text else "no portal"):
            return
        self.wait()
        account = self._page("GET", "/my/account", "odoo /my/account",
                             lambda r: None if csrf_of(r.text) else "no account form")
        if not account:
            return
        self.wait()
        name = re.search(INPUT_VALUE.format("name"), account.text)
        country = COUNTRY.search(account.text)
        saved = self._page(
            "POST", "/my/account", "odoo /my/account [POST]",
            lambda r: None if r.url.rstrip("/").endswith("/my/home") else "account not saved",
            data={"csrf_token": csrf_of(account.text), "name": name.group(1) if name else login,
                  "email": f"{login}@example.gov.vn", "phone": "0205 3820 111", "street": "Thôn Bản Mới",
                  "city": "Lạng Sơn", "zipcode": "240000", "country_id": country.group(1) if country else "",
                  "state_id": "", "vat": "", "company_name": ""},
        )
        if not saved:
            return
        self.wait()
        self._page("GET", "/my/home", "odoo /my/home", lambda r: None)
        self._page("GET", "/web/session/logout", "odoo /web/session/logout", lambda r: None)
