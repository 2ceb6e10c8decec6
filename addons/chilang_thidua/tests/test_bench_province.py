"""Query counts of the pages people use every day, on a generated province.

Runs only on a database made by ``tools/province_data.py`` (``tools/province_pages.py`` makes two,
of different sizes, runs this on both and compares): the pages must cost the same number of
queries on a province of 65 communes as on one of 3. Skipped elsewhere (``make bench`` leaves it
out). The counts go to the JSON file named by ``THIDUA_PAGES_OUT``.
"""

import json
import logging
import os

from lxml import etree

from odoo import fields
from odoo.tests import HttpCase, tagged

from .perf_common import capture_queries, chart_read_groups, view_spec

_logger = logging.getLogger(__name__)

# (model, pivot view's xml id): the pivots of the backend menus
PIVOTS = (
    ("thidua.registration", "chilang_thidua.thidua_registration_view_pivot"),
    ("thidua.dossier", "chilang_thidua.thidua_dossier_view_pivot"),
    ("thidua.award.record", "chilang_thidua.thidua_award_record_view_pivot"),
    ("thidua.participation.statistics", "chilang_thidua.thidua_participation_statistics_view_pivot"),
    ("thidua.registration.item", "chilang_thidua.thidua_registration_item_view_pivot_statistics"),
    ("thidua.dossier.statistics", "chilang_thidua.thidua_dossier_statistics_view_pivot"),
)


# Queries of each page, at most, on a province of any size. Measured on 137 and 2,927 units, the
# counts move only where the records picked differ in shape, never with the size: a unit with or
# without an officer, review units among the rows' units or not (+1), a nominee with namesakes
# in other dossiers (+2: those dossiers and their campaigns, in one batch each), a pivot of more
# than 1,000 groups (+1: the ORM reads their names 1,000 at a time).
PAGE_BUDGETS = {
    "list thidua.campaign": 7, "list thidua.registration": 9, "list thidua.dossier": 9,
    "list thidua.award.record": 5,
    "form campaign": 21, "form registration": 13, "form dossier": 29,
    "pivot thidua.registration": 4, "pivot thidua.dossier": 4, "pivot thidua.award.record": 7,
    "pivot thidua.participation.statistics": 4, "pivot thidua.registration.item": 9,
    "pivot thidua.dossier.statistics": 7,
    "portal /my/thidua": 12, "portal /my/thidua/results": 12, "portal /my/thidua/dossiers": 12,
    "portal registration page": 22,
}


@tagged("bench", "province", "post_install", "-at_install")
class BenchProvincePages(HttpCase):

    def setUp(self):
        super().setUp()
        Unit = self.env["thidua.unit"].with_context(active_test=False)
        if not Unit.search_count([("code", "=", "TINH")]):
            self.skipTest("not a generated province (tools/province_data.py): nothing to measure")
        self.counts, self.queries = {}, {}

    def _count(self, label, render):
        self.env.flush_all()
        self.env.invalidate_all()
        render()  # the first call fills Odoo's caches (views, rules, translations)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        # the statements too (numbers masked): province_pages.py shows them where two sizes differ
        self.queries[label] = capture_queries(self.env, render)
        self.counts[label] = self.cr.sql_log_count - before

    def _arch(self, model, view_type, view=None):
        views = model.get_views([(view.id if view else False, view_type)])["views"][view_type]
        return etree.fromstring(views["arch"])

    def _list(self, model):
        model = model.with_context(force_search_count=True)
        return model.web_search_read([], view_spec(model, self._arch(model, "list")), limit=80)

    def _form(self, record):
        return record.web_read(view_spec(record, self._arch(record, "form")))

    def test_pages(self):
        env = self.env
        appraiser = env["res.users"].search([("login", "=", "snv_chuyenvien")])
        self.assertTrue(appraiser, "the generator's appraiser (snv_chuyenvien) is missing")
        as_appraiser = env(user=appraiser)
        for model_name in ("thidua.campaign", "thidua.registration", "thidua.dossier", "thidua.award.record"):
            self._count(f"list {model_name}", lambda name=model_name: self._list(as_appraiser[name]))

        # records of the same shape on every size: the deadline-day campaign (every unit of the
        # province takes part), its first submitted registration of a unit with an officer and an
        # aggregating unit, the first approved dossier of a public employee
        today = fields.Date.context_today(env["thidua.campaign"].with_context(tz="Asia/Ho_Chi_Minh"))
        campaign = as_appraiser["thidua.campaign"].search(
            [("registration_deadline", "=", today), ("state", "=", "open")], order="id desc", limit=1)
        self.assertTrue(campaign, "the generator's deadline-day campaign is missing")
        submitted = [("campaign_id", "=", campaign.id), ("state", "=", "submitted")]
        registration = as_appraiser["thidua.registration"].search(
            submitted + [("unit_id.officer_ids", "!=", False), ("review_unit_id", "!=", False)], order="id", limit=1)
        dossier = as_appraiser["thidua.dossier"].search([
            ("criterion_ids", "!=", False), ("state", "=", "approved"), ("subject_type", "=", "public_employee"),
        ], order="id", limit=1)
        for label, record in (("campaign", campaign), ("registration", registration), ("dossier", dossier)):
            self._count(f"form {label}", lambda record=record: self._form(record))

        for model_name, xmlid in PIVOTS:
            view = env.ref(xmlid)
            self._count(f"pivot {model_name}", lambda name=model_name, view=view: chart_read_groups(
                as_appraiser[name], self._arch(as_appraiser[name], "pivot", view)))

        # the portal as the officer of a commune's People's Committee (it acts for the ~45 units of
        # the commune) and as a school's officer, the first of each whose unit submitted on the
        # deadline day
        Unit = env["thidua.unit"]
        registered = env["thidua.registration"].search(submitted).unit_id.filtered("officer_ids")
        commune = Unit.search([("id", "in", registered.ids), ("unit_type", "=", "commune")], order="code", limit=1)
        school = Unit.search([("id", "in", registered.ids), ("unit_type", "=", "school")], order="code", limit=1)
        self.assertTrue(commune and school, "no commune or school officer has submitted on the deadline day")
        for label, unit in (("commune officer", commune), ("school officer", school)):
            login = unit.officer_ids[:1].login
            self.authenticate(login, login)
            for path in ("/my/thidua", "/my/thidua/results", "/my/thidua/dossiers"):
                self._count(f"portal {path} ({label})", lambda path=path: self.url_open(path).raise_for_status())
            mine = env["thidua.registration"].search(submitted + [("unit_id", "=", unit.id)])
            path = f"/my/thidua/registration/{mine.id}"
            self._count(f"portal registration page ({label})", lambda path=path: self.url_open(path).raise_for_status())
            self.logout()

        sizes = {
            "units": env["thidua.unit"].search_count([]),
            "registrations": env["thidua.registration"].search_count([]),
            "dossiers": env["thidua.dossier"].search_count([]),
        }
        for label, count in self.counts.items():
            _logger.info("BENCH province pages (%s units, %s dossiers): %-60s %3d queries",
                         sizes["units"], sizes["dossiers"], label, count)
        for label, count in self.counts.items():
            with self.subTest(page=label):
                self.assertLessEqual(count, PAGE_BUDGETS[label.split(" (")[0]], label)
        out = os.environ.get("THIDUA_PAGES_OUT")
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                json.dump({"sizes": sizes, "counts": self.counts, "queries": self.queries}, handle,
                          ensure_ascii=False, indent=1)
