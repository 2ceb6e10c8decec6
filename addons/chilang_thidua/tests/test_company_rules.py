"""Every record of the addon belongs to one government body (company).

The first test lists every ``thidua.*`` model of the registry: each has a global record rule on
its company, or a written reason in ``NO_COMPANY_RULE``. A new model joins the check by itself.
The second reads another body's lines over JSON-RPC as the users who may read all of their own.
"""


from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tests.common import JsonRpcException

from .common import ThiduaCommon, another_body

# Models without a company rule, and why. Reference data of the Law and the Decrees is the same
# for every government body of the database; only managers change it.
NO_COMPANY_RULE = {
    "thidua.award.form": "The award forms of the Law (Giấy khen, Bằng khen …): the same for every government body.",
    "thidua.award.coefficient": "The bonus coefficients of the Decree: national, by award form and date.",
    "thidua.base.salary": "The national base salary (mức lương cơ sở) by date.",
    "thidua.criterion.template": "The standards of the Law and the province by award form and subject type; "
                                 "a campaign's own list repeats public standards, nothing of a body's records.",
    "thidua.legal.document": "The laws, decrees and circulars the documents cite: public, the same for every body.",
    "thidua.statistics.form": "The statistical forms of the Home Affairs circulars: national, by year.",
    "thidua.statistics.form.line": "The rows and columns of those national forms.",
}


def company_rules(env, model):
    """The global rules of ``model`` that keep a user to their companies."""
    rules = env["ir.rule"].sudo().search([("model_id.model", "=", model), ("global", "=", True)])
    return rules.filtered(lambda rule: "company_id" in (rule.domain_force or "")
                          and "company_ids" in (rule.domain_force or ""))


@tagged("post_install", "-at_install")
class TestCompanyRuleList(TransactionCase):
    def test_every_thidua_model_has_a_company_rule_or_a_reason(self):
        models = sorted(
            name for name in self.env.registry
            if name.startswith("thidua.") and not self.env[name]._abstract and not self.env[name]._transient
        )
        self.assertIn("thidua.decision.line", models)
        for name in models:
            with self.subTest(model=name):
                if name in NO_COMPANY_RULE:
                    self.assertFalse(company_rules(self.env, name), f"{name} has a rule now: drop its reason")
                    self.assertTrue(NO_COMPANY_RULE[name].strip())
                    continue
                self.assertTrue(company_rules(self.env, name), f"{name}: no multi-company rule and no reason")
                self.assertIn("company_id", self.env[name]._fields, name)
                self.assertTrue(self.env[name]._fields["company_id"].store, f"{name}.company_id is not stored")
        self.assertLessEqual(set(NO_COMPANY_RULE), set(models), "a reason for a model that no longer exists")

    def test_lines_store_their_parents_company(self):
        for name, parent in (("thidua.decision.line", "decision_id"), ("thidua.dossier.criterion", "dossier_id")):
            with self.subTest(model=name):
                field = self.env[name]._fields["company_id"]
                self.assertEqual((field.related, field.store, bool(field.index)), (f"{parent}.company_id", True, True))


@tagged("post_install", "-at_install")
class TestCompanyRulesRpc(HttpCase, ThiduaCommon):
    """Users of the first body (appraiser, council member: they read all of their own body's lines)
    and a second body with its own dossier on its own decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2, cls.c2_dossier, cls.c2_decision, campaign = another_body(cls.env, cls.award_form)
        cls.c2_content = campaign.content_ids
        # the other body's appraiser: the lines are there for the users of that body
        cls.user_c2 = cls.env["res.users"].create({
            "name": "Chuyên viên huyện bên", "login": "t_c2_appraiser", "password": "t_c2_appraiser",
            "company_id": cls.company2.id, "company_ids": [Command.set(cls.company2.ids)],
            "groups_id": [Command.set(cls.env.ref("chilang_thidua.group_appraiser").ids)],
        })

    def _rpc(self, login, model, method, *args, **kwargs):
        self.authenticate(login, login)
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def test_other_body_lines_are_not_read(self):
        lines, criteria = self.c2_decision.line_ids, self.c2_dossier.criterion_ids
        self.assertTrue(lines and criteria)
        self.assertEqual(lines.company_id | criteria.company_id, self.company2, "the lines store their company")
        cases = (("thidua.decision.line", lines), ("thidua.dossier.criterion", criteria),
                 ("thidua.campaign.content", self.c2_content))
        for login in ("t_appraiser", "t_council", "t_manager"):
            for model, records in cases:
                with self.subTest(login=login, model=model):
                    found = self._rpc(login, model, "search_read", [], ["id"])
                    self.assertFalse({row["id"] for row in found} & set(records.ids))
                    self.assertEqual(self._rpc(login, model, "search_count", [("id", "in", records.ids)]), 0)
                    with self.assertRaises(JsonRpcException) as caught:
                        self._rpc(login, model, "read", records.ids, ["display_name"])
                    self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
            groups = self._rpc(login, "thidua.decision.line", "read_group", [], ["bonus_amount:sum"], ["company_id"])
            self.assertNotIn(self.company2.id, [group["company_id"] and group["company_id"][0] for group in groups])
        # the other body's own appraiser reads them
        found = self._rpc("t_c2_appraiser", "thidua.decision.line", "search_read", [], ["nominee_name"])
        self.assertEqual([row["nominee_name"] for row in found], ["Đinh Thị Bí Mật"])
        found = self._rpc("t_c2_appraiser", "thidua.dossier.criterion", "search_read", [], ["id"])
        self.assertEqual({row["id"] for row in found}, set(criteria.ids))
