"""Odoo's own models, extended by the addon only where its records are concerned: attachments of other
models and user searches that name no unit cost nothing more than in Odoo."""

import base64

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_dossier import DossierCommon


def _refuse(*args, **kwargs):
    raise AssertionError("the addon's check ran where it has nothing to check")


@tagged("post_install", "-at_install")
class TestCoreOverrides(DossierCommon):

    def _file(self, user, **values):
        return self.env["ir.attachment"].with_user(user).create(
            {"name": "ho_so.pdf", "datas": base64.b64encode(b"%PDF-1.4 test"), **values})

    def test_other_models_files_search_no_dossier(self):
        # a file of the campaign (not a dossier's): written and deleted without any dossier search
        campaign_file = self._file(self.user_appraiser, res_model="thidua.campaign", res_id=self.campaign.id)
        self.patch(type(self.env["thidua.dossier"]), "_search", _refuse)
        campaign_file.write({"name": "ke_hoach.pdf", "raw": b"%PDF-1.4 other"})
        campaign_file.unlink()

    def test_a_dossier_holds_only_its_own_files(self):
        dossier = self._dossier()
        # the campaign's plan, which the officer may read, is not a file of the dossier
        campaign_file = self.env["ir.attachment"].create({"name": "ke_hoach.pdf", "raw": b"%PDF-1.4 plan",
                                                          "res_model": "thidua.campaign", "res_id": self.campaign.id})
        with self.assertRaises(ValidationError) as caught:
            dossier.with_user(self.user_commune_a).attachment_ids = [Command.link(campaign_file.id)]
        self.assertIn("thuộc một bản ghi khác", str(caught.exception))
        # a file uploaded to no record, linked to the dossier, is frozen with it and stays its file
        self._attach(dossier)
        document = dossier.attachment_ids
        with self.assertRaises(UserError) as caught:
            document.with_user(self.user_commune_a).write({"res_model": "thidua.campaign", "res_id": self.campaign.id})
        self.assertIn("không thể chuyển sang bản ghi khác", str(caught.exception))
        dossier.with_user(self.user_commune_a).write({"achievement": "Thành tích"})
        self._tick(dossier)
        dossier.with_user(self.user_commune_a).action_submit()
        with self.assertRaises(UserError):
            document.with_user(self.user_commune_a).write({"raw": b"%PDF-1.4 forged"})
        self.assertEqual(document.raw, b"%PDF-1.4 test")

    def test_user_searches_without_units_are_left_to_odoo(self):
        Users = self.env["res.users"].with_user(self.user_commune_a)
        self.patch(type(Users), "_thidua_units_leaf", _refuse)
        self.assertTrue(Users.search([("login", "=", self.user_commune_a.login)]))

    def test_user_searches_by_unit_see_only_readable_units(self):
        Users = self.env["res.users"].with_user(self.user_commune_a)
        other = self.unit_commune_b
        self.assertTrue(other.officer_ids)
        self.assertFalse(Users.search([("thidua_unit_ids", "in", other.ids)]))
        self.assertFalse(Users.search([("thidua_unit_ids", "=", other.id)]))
