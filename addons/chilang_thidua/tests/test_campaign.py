from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ThiduaCommon


@tagged("post_install", "-at_install")
class TestCampaign(ThiduaCommon):
    def test_lifecycle(self):
        campaign = self.campaign.with_user(self.user_appraiser)
        self.assertEqual(campaign.state, "draft")
        campaign.action_open()
        self.assertEqual(campaign.state, "open")
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        campaign.action_done()
        self.assertEqual(campaign.state, "done")
        # no going back from done, not even by cancelling
        with self.assertRaises(UserError) as caught:
            campaign.action_cancel()
        self.assertIn("Hoàn thành", str(caught.exception))

    def test_lifecycle_is_tracked_in_chatter(self):
        campaign = self.campaign.with_user(self.user_appraiser)
        campaign.action_open()
        self.env.flush_all()
        self.cr.precommit.run()  # tracking values are written when the transaction commits
        self.campaign.invalidate_recordset(["message_ids"])
        tracked = self.campaign.message_ids.sudo().tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertTrue(tracked, "opening the campaign is logged in its chatter")

    def test_cannot_open_without_contents(self):
        self.campaign.content_ids.unlink()
        with self.assertRaises(UserError) as caught:
            self.campaign.with_user(self.user_appraiser).action_open()
        self.assertIn("chưa có nội dung thi đua", str(caught.exception))
        self.assertEqual(self.campaign.state, "draft")

    def test_wrong_state_refused(self):
        with self.assertRaises(UserError):
            self.campaign.with_user(self.user_appraiser).action_close()
        self.assertEqual(self.campaign.state, "draft")

    def test_unit_staff_cannot_change_state(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_commune_a).action_open()
        self.assertEqual(self.campaign.state, "draft")

    def test_state_cannot_be_written_directly(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_manager).write({"state": "done"})
        self.assertEqual(self.campaign.state, "draft")

    def test_cancel_and_reset(self):
        campaign = self.campaign.with_user(self.user_manager)
        campaign.action_cancel()
        self.assertEqual(campaign.state, "cancelled")
        campaign.action_draft()
        self.assertEqual(campaign.state, "draft")

    def test_end_before_start_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["thidua.campaign"].create({
                "name": "Sai ngày",
                "date_start": date(2024, 10, 31),
                "date_end": date(2024, 1, 1),
                "registration_deadline": date(2024, 1, 20),
            })
        self.assertIn("phải kết thúc sau khi bắt đầu", str(caught.exception))
        self.assertFalse(self.env["thidua.campaign"].search([("name", "=", "Sai ngày")]))

    def test_deadline_after_period_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.campaign.registration_deadline = date(2024, 11, 15)
        self.assertIn("Hạn đăng ký (15/11/2024)", str(caught.exception))

    def test_min_items_at_least_one(self):
        with self.assertRaises(ValidationError):
            self.campaign.min_items_per_unit = 0

    def test_form_creates_campaign_like_a_user(self):
        with Form(self.env["thidua.campaign"].with_user(self.user_appraiser)) as form:
            form.name = "Phong trào thi đua năm 2025"
            form.date_start = date(2025, 1, 1)
            form.date_end = date(2025, 11, 30)
            form.registration_deadline = date(2025, 2, 15)
            with form.content_ids.new() as content:
                content.name = "Chuyển đổi số"
        campaign = form.save()
        self.assertEqual(campaign.min_items_per_unit, 1)
        self.assertEqual(campaign.content_count, 1)
        self.assertEqual(campaign.user_id, self.user_appraiser)

    def test_participating_units(self):
        self.assertIn(self.unit_school, self.campaign._get_participating_units())
        self.campaign.unit_ids = self.unit_commune_a
        self.assertEqual(self.campaign._get_participating_units(), self.unit_commune_a | self.unit_village_a)

    def test_place_name_from_issuing_body(self):
        self.assertEqual(self.campaign.place_name, "Thử Nghiệm")
