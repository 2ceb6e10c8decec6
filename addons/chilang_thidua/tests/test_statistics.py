from collections import Counter

from lxml import etree

from odoo.tests import tagged

from .common_dossier import DossierCommon
from .perf_common import chart_read_groups

SUBMITTED = ("submitted", "forwarded", "accepted")


@tagged("post_install", "-at_install")
class TestStatistics(DossierCommon):
    """The statistics views against numbers counted by hand with plain searches."""

    def _hand_count(self, campaign):
        units = campaign._get_participating_units()
        registrations = self.env["thidua.registration"].search([("campaign_id", "=", campaign.id)])
        submitted = registrations.filtered(lambda r: r.state in SUBMITTED)
        by_type = {}
        for unit in units:
            row = by_type.setdefault(unit.unit_type, Counter())
            registration = registrations.filtered(lambda r, u=unit: r.unit_id == u)
            row["unit_count"] += 1
            row["registered_count"] += int(registration in submitted and bool(registration))
            row["late_count"] += int(bool(registration.is_late))
            row["item_count"] += len(registration.item_ids)
            row["exemplary_count"] += len(registration.item_ids.filtered("is_exemplary"))
            for kind in ("model", "work", "task"):
                row[f"{kind}_count"] += len(registration.item_ids.filtered(lambda i, k=kind: i.item_type == k))
        return by_type

    def _view_count(self, campaign):
        fields = ["unit_count", "registered_count", "late_count", "item_count", "exemplary_count",
                  "model_count", "work_count", "task_count"]
        groups = self.env["thidua.participation.statistics"]._read_group(
            [("campaign_id", "=", campaign.id)], ["unit_type"], [f"{name}:sum" for name in fields]
        )
        return {unit_type: Counter({name: value or 0 for name, value in zip(fields, values, strict=True)})
                for unit_type, *values in groups}

    def _dossier_counts(self, campaign):
        """(view, hand): {(state, subject type): (dossiers, awards, bonus)} from the view and by hand."""
        domain = [("campaign_id", "=", campaign.id)]
        groups = self.env["thidua.dossier.statistics"]._read_group(
            domain, ["state", "subject_type"], ["dossier_count:sum", "awarded_count:sum", "bonus_amount:sum"]
        )
        view = {(state, subject): (count, awarded, bonus) for state, subject, count, awarded, bonus in groups}
        hand = {}
        for dossier in self.env["thidua.dossier"].search(domain):
            count, awarded, bonus = hand.get((dossier.state, dossier.subject_type), (0, 0, 0))
            is_awarded = dossier.state == "awarded"
            hand[dossier.state, dossier.subject_type] = (
                count + 1, awarded + int(is_awarded), bonus + (dossier.bonus_amount if is_awarded else 0)
            )
        return view, hand

    def test_demo_campaign_statistics(self):
        campaign = self.env.ref("chilang_thidua.campaign_60_nam", raise_if_not_found=False)
        if not campaign:
            self.skipTest("database installed without demo data")
        hand = self._hand_count(campaign)
        self.assertTrue(sum(row["registered_count"] for row in hand.values()), "the demo has registrations")
        self.assertEqual(self._view_count(campaign), hand)
        # the dashboard agrees
        self.assertEqual(campaign.registration_item_count, sum(row["item_count"] for row in hand.values()))
        self.assertEqual(campaign.exemplary_item_count, sum(row["exemplary_count"] for row in hand.values()))
        self.assertEqual(campaign.late_registration_count, sum(row["late_count"] for row in hand.values()))
        view, hand = self._dossier_counts(campaign)
        self.assertEqual(view, hand)
        self.assertEqual(campaign.dossier_count, sum(count for count, __, __ in hand.values()))

    def test_test_campaign_statistics_by_unit(self):
        rows = self.env["thidua.participation.statistics"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(rows.unit_id, self.campaign._get_participating_units())
        village = rows.filtered(lambda r: r.unit_id == self.unit_village_a)
        self.assertEqual((village.registered_count, village.item_count, village.not_reported_count), (1, 1, 1))
        self.assertEqual(sum(rows.mapped("not_registered_count")), len(rows) - 1)

    def test_dossier_statistics(self):
        first = self._eligible_individual()
        second = self._eligible_individual(nominee_name="Trần Thị Bình")
        self._approve(first)
        decision = self._decision(self.campaign.date_end.replace(month=12, day=5))
        decision.with_user(self.user_appraiser).action_load_dossiers()
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(first.state, "awarded")
        self.assertEqual(second.state, "draft")
        view, hand = self._dossier_counts(self.campaign)
        self.assertEqual(view, hand)
        self.assertEqual(view["awarded", "civil_servant"][2], first.bonus_amount)
        self.assertTrue(first.bonus_amount)
        self.assertEqual(self.campaign.dossier_count, 2)
        self.assertEqual(self.campaign.decision_count, 1)

    def test_kanban_counts_without_a_query_per_campaign(self):
        campaigns = self.env["thidua.campaign"].search([])
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=12):
            campaigns.mapped("registration_item_count")

    def test_every_pivot_and_graph_loads(self):
        # the web client asks read_group for each measure of the arch: a measure that is not
        # stored (the award register's record count was) broke the whole view with a server error
        views = self.env["ir.model.data"].search([("module", "=", "chilang_thidua"), ("model", "=", "ir.ui.view")])
        charts = self.env["ir.ui.view"].browse(views.mapped("res_id")).filtered(
            lambda view: view.type in ("pivot", "graph"))
        self.assertGreaterEqual(len(charts), 8)
        for view in charts:
            model = self.env[view.model].with_user(self.user_appraiser)
            arch = etree.fromstring(model.get_views([(view.id, view.type)])["views"][view.type]["arch"])
            with self.subTest(view=view.name):
                groups = chart_read_groups(model, arch)
                self.assertEqual(sum(group["__count"] for group in groups), model.search_count([]))
