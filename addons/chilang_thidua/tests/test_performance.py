from odoo import Command
from odoo.tests import tagged

from .perf_common import PerformanceCommon, PortalPerformanceCommon

# Queries to render each page, whatever the number of records: the web client's list
# (web_search_read with the list view's fields, 80 rows), form (web_read) and the portal page.
# A page whose count grows with the records fails here with "Query count more than expected";
# a render below its budget only logs "less than expected" (a user's rules or company already cached).
BUDGETS = {
    # the lists show the activity column: with the demo's to-dos among the rows, reading the
    # activities, their types and users costs 6 queries a page, whatever the number of rows
    "campaign list": 13,
    "registration list": 15,
    "dossier list": 15,
    # with the dashboard's buttons (participation, dossiers, result reports) and the legal bases cited
    "campaign form": 24,
    "registration form": 12,
    "dossier form": 17,  # with what the transition table lets the user do (the can_* fields)
    "portal /my/thidua": 11,  # with the search bar and pager; every campaign's units counted and paged in one query
}
SIZES = (10, 200)


class QueryCountMixin:
    def _assert_constant(self, label, render):
        """One budget for every size: warm the caches (twice: the first render may fill registry
        caches the second reads), then count a render with a cold record cache, as a new request has."""
        for size in SIZES:
            self._grow(size)
            for _warmup in range(2):
                render()
                self.env.flush_all()
                self.env.invalidate_all()
            with self.assertQueryCount(BUDGETS[label]):
                render()


@tagged("post_install", "-at_install")
class TestQueryCounts(QueryCountMixin, PerformanceCommon):
    """The backend pages of Phòng Nội vụ cost the same number of queries at 10 and 200 records."""

    def test_campaign_list(self):
        self._assert_constant("campaign list", lambda: self._list("thidua.campaign", self.user_appraiser))

    def test_registration_list(self):
        self._assert_constant("registration list", lambda: self._list("thidua.registration", self.user_appraiser))

    def test_dossier_list(self):
        self._assert_constant("dossier list", lambda: self._list("thidua.dossier", self.user_appraiser))

    def test_campaign_form(self):
        """The campaign's smart buttons count its registrations and units, in SQL, not in Python."""
        self._assert_constant("campaign form", lambda: self._form(self.campaign, self.user_appraiser))

    def test_registration_form(self):
        """A registration with 10 or 200 items: the items list reads them in one batch."""
        self._assert_constant("registration form", lambda: self._form(self.registrations[0], self.user_appraiser))

    def test_dossier_form(self):
        self._assert_constant("dossier form", lambda: self._form(self.dossiers[0], self.user_appraiser))


@tagged("post_install", "-at_install")
class TestPortalQueryCounts(QueryCountMixin, PortalPerformanceCommon):
    """/my/thidua of an officer acting for 10 or 200 schools costs the same number of queries."""

    def test_portal_my_thidua(self):
        self.authenticate("t_portal_school", "t_portal_school")
        self._assert_constant("portal /my/thidua", self._portal)

    def test_portal_my_thidua_campaigns(self):
        """/my/thidua counts and pages the officer's units of 2 or 6 running campaigns in the same
        number of queries (one for all campaigns), and lists the school under each campaign it takes
        part in: one listing the school, a unit above it or no unit; not one listing another commune."""
        self.authenticate("t_portal_school", "t_portal_school")
        budgets = []
        for listed in ((), (self.unit_school,), (self.unit_education,), (self.unit_district,),
                       (self.unit_commune_a,)):
            campaign = self.env["thidua.campaign"].create({
                "name": f"Phong trào đang chạy {len(budgets) + 1}", "issuing_unit_id": self.unit_district.id,
                "date_start": self.campaign.date_start, "date_end": self.campaign.date_end,
                "registration_deadline": self.campaign.registration_deadline,
                "award_form_ids": [Command.set(self.award_form.ids)],
                "unit_ids": [Command.set([unit.id for unit in listed])],
                "content_ids": [Command.create({"name": "Cải cách hành chính", "sequence": 1})],
            })
            campaign.action_open()
            budgets.append((campaign, listed))
            if len(budgets) in (1, 5):
                for _warmup in range(2):
                    self._portal()
                    self.env.flush_all()
                    self.env.invalidate_all()
                with self.assertQueryCount(BUDGETS["portal /my/thidua"]):
                    budgets[-1] = (campaign, listed, self._count_queries(self._portal))
        self.assertEqual(budgets[0][2], budgets[-1][2], "queries of /my/thidua with 2 and 6 running campaigns")
        page = self._portal().text
        for campaign, listed, *_count in budgets:
            if listed == (self.unit_commune_a,):
                self.assertNotIn(campaign.name, page)
            else:
                self.assertIn(campaign.name, page)
