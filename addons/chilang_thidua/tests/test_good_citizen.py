"""A guest in a shared Odoo: updating the addon leaves the database's own records as they are
(currencies, the company, other modules' groups), and amounts still read in whole đồng."""

from odoo.modules.module import get_manifest
from odoo.tests import tagged
from odoo.tools.convert import convert_file

from .report_common import ThiduaReportCommon


@tagged("post_install", "-at_install")
class TestGoodCitizen(ThiduaReportCommon):

    def _global_state(self):
        """What an office's administrator owns: currencies switched on, the main company, and the
        groups of other modules with what they imply and who is in them."""
        env = self.env(context={"active_test": False})
        groups = env["res.groups"].search([]).filtered(
            lambda g: not g.get_external_id().get(g.id, "").startswith("chilang_thidua."))
        company = env.ref("base.main_company")
        return {
            "active currencies": sorted(env["res.currency"].search([("active", "=", True)]).mapped("name")),
            "main company": {name: company[name] for name in
                             ("name", "currency_id", "partner_id", "email", "phone", "report_header",
                              "resource_calendar_id")},
            "groups": {g.id: (sorted(g.implied_ids.ids), sorted(g.users.ids)) for g in groups},
        }

    def test_update_leaves_global_records(self):
        """An administrator turned VND off: updating the addon's data (as ``-u chilang_thidua``
        does, outside noupdate) turns nothing back on and changes no one else's group."""
        vnd = self.env.ref("base.VND")
        vnd.active = False
        before = self._global_state()
        manifest = get_manifest("chilang_thidua")
        for filename in manifest["data"]:
            if filename.startswith(("data/", "security/")) and filename.endswith(".xml"):
                convert_file(self.env, "chilang_thidua", filename, {}, mode="update", noupdate=False)
        self.env.invalidate_all()
        self.assertFalse(vnd.active, "VND stays as the administrator left it")
        self.assertEqual(self._global_state(), before)
        self.assertNotIn(self.env.ref("base.group_multi_currency"),
                         self.env.ref("base.group_user").implied_ids)

    def test_amounts_in_dong_with_vnd_inactive(self):
        self.env.ref("base.VND").active = False
        decision = self._make_decision(self._make_dossiers(collectives=1, individuals=2))
        html = self.env["ir.actions.report"]._render_qweb_html(
            "chilang_thidua.action_report_decision", decision.ids)[0].decode()
        text = " ".join(html.split())
        for expected in ("1.410.000 đồng", "710.000 đồng", "2.830.000 đồng",
                         "Hai triệu tám trăm ba mươi nghìn đồng"):
            self.assertIn(expected, text)
        # the web client's list of currencies knows VND's whole đồng (no ",00")
        vnd = self.env.ref("base.VND")
        self.assertEqual(self.env["ir.http"].get_currencies()[vnd.id]["digits"], [69, 0])
        self.assertEqual(decision.currency_id, vnd)
        self.assertEqual(decision.amount_total, 2830000)
