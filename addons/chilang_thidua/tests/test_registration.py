import base64

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ThiduaCommon

ON_TIME = "2024-01-10"  # before the fixture campaign's deadline (20/01/2024)
LATE = "2024-01-25"


@tagged("post_install", "-at_install")
class TestRegistrationFlow(ThiduaCommon):
    """Register, review, accept: each step by the real user who does it in the plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.user_id = cls.user_appraiser
        cls._open_campaign()

    def _activity_users(self, registration):
        return registration.sudo().activity_ids.user_id

    @freeze_time(ON_TIME)
    def test_abolished_education_office_forwards_nothing(self):
        """The district's education office is abolished (archived) with a school's registration
        waiting for it: its former officer can neither read nor forward it any more; once the
        school is placed under the commune's review, the commune's officer forwards it."""
        registration = self._make_registration(self.unit_school, self.user_portal_school)
        registration.with_user(self.user_portal_school).action_submit()
        self.unit_education.action_archive()
        with self.assertRaises(AccessError):
            registration.with_user(self.user_education).action_forward()
        self.assertFalse(self.env["thidua.registration"].with_user(self.user_education).search(
            [("id", "=", registration.id)]))
        self.assertEqual(registration.state, "submitted")
        self.unit_school.review_unit_id = self.unit_commune_a
        self.assertEqual(registration.review_unit_id, self.unit_commune_a)
        registration.with_user(self.user_commune_a).action_forward()
        self.assertEqual(registration.state, "forwarded")

    @freeze_time(ON_TIME)
    def test_school_submitted_forwarded_accepted(self):
        registration = self._make_registration(self.unit_school, self.user_portal_school)
        registration.with_user(self.user_portal_school).action_submit()
        self.assertEqual(registration.state, "submitted")
        self.assertFalse(registration.is_late)
        self.assertEqual(str(registration.date_submitted), ON_TIME)
        # the Education office is told, by a to-do and a message
        self.assertEqual(self._activity_users(registration), self.user_education)
        self.assertIn(self.user_education.partner_id, registration.message_ids.partner_ids)

        # Phòng Nội vụ cannot accept before the aggregating unit forwards
        with self.assertRaises(UserError):
            registration.with_user(self.user_appraiser).action_accept()
        # an officer of another unit cannot forward it (and cannot even read it)
        with self.assertRaises(AccessError):
            registration.with_user(self.user_commune_a).action_forward()

        done = registration.with_user(self.user_education).action_forward()
        self.assertEqual(registration.state, "forwarded")
        # the button says it worked (a toast in Vietnamese), then the form reloads
        self.assertEqual((done["tag"], done["params"]["message"], done["params"]["next"]["tag"]),
                         ("display_notification", "Đã chuyển tới bộ phận thẩm định.", "soft_reload"))
        self.assertNotIn(self.user_education, self._activity_users(registration), "the review to-do is done")
        self.assertEqual(self._activity_users(registration), self.user_appraiser, "Phòng Nội vụ has a to-do")

        done = registration.with_user(self.user_appraiser).action_accept()
        self.assertEqual(registration.state, "accepted")
        self.assertEqual(done["params"]["message"], "Đã tiếp nhận đăng ký.")
        self.assertFalse(registration.sudo().activity_ids)
        last = registration.message_ids[0]
        self.assertIn(self.user_portal_school.partner_id, last.partner_ids, "the school's officer is told")
        self.assertIn("đã được tiếp nhận", last.body)

    @freeze_time(ON_TIME)
    def test_backend_form_as_unit_officer(self):
        with Form(self.env["thidua.registration"].with_user(self.user_commune_a)) as form:
            self.assertEqual(form.unit_id, self.unit_commune_a, "an officer of one unit gets it by default")
            form.campaign_id = self.campaign
            with form.item_ids.new() as item:
                item.name = "Mô hình Dân vận khéo"
                item.item_type = "model"
                item.content_id = self.campaign.content_ids[0]
                item.target = "100% thôn có tổ hòa giải"
        registration = form.record
        self.assertEqual(registration.item_ids.name, "Mô hình Dân vận khéo")
        self.assertTrue(registration.can_submit)
        registration.action_submit()
        self.assertEqual(registration.state, "submitted")
        self.assertFalse(registration.with_user(self.user_commune_a).can_submit)
        self.assertTrue(registration.with_user(self.user_appraiser).can_accept)

    @freeze_time(ON_TIME)
    def test_commune_skips_the_forward_step(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a)
        registration.with_user(self.user_commune_a).action_submit()
        self.assertEqual(self._activity_users(registration), self.user_appraiser, "Phòng Nội vụ is told at once")
        with self.assertRaises(UserError):
            registration.with_user(self.user_education).action_forward()
        registration.with_user(self.user_appraiser).action_accept()
        self.assertEqual(registration.state, "accepted")

    @freeze_time(ON_TIME)
    def test_submit_without_items_is_refused(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a, items=0)
        with self.assertRaisesRegex(UserError, "ít nhất 1"):
            registration.with_user(self.user_commune_a).action_submit()
        self.assertEqual(registration.state, "draft")

    @freeze_time(ON_TIME)
    def test_minimum_items_follow_the_campaign(self):
        self.campaign.min_items_per_unit = 2
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a, items=1)
        with self.assertRaises(UserError):
            registration.with_user(self.user_commune_a).action_submit()

    def test_submission_after_deadline_is_late(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a)
        with freeze_time(LATE):
            registration.with_user(self.user_commune_a).action_submit()
        self.assertEqual(registration.state, "submitted")
        self.assertTrue(registration.is_late)
        late = self.env["thidua.registration"].with_user(self.user_appraiser).search(
            [("is_late", "=", True), ("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(late, registration, "appraisers filter on lateness")
        self.assertIn("nộp muộn", registration.message_ids[0].subject)

    def test_second_registration_for_same_unit_is_refused(self):
        self._make_registration(self.unit_commune_a, self.user_commune_a)
        colleague = new_test_user(self.env, "t_commune_a2", groups="chilang_thidua.group_user", lang="vi_VN")
        self.unit_commune_a.officer_ids |= colleague
        with self.assertRaisesRegex(ValidationError, "đã đăng ký"):
            self._make_registration(self.unit_commune_a, colleague)

    def test_moving_a_draft_onto_an_existing_registration_is_refused(self):
        self.unit_commune_b.officer_ids |= self.user_commune_a
        self._make_registration(self.unit_commune_b, self.user_commune_b)
        draft = self.env["thidua.registration"].with_user(self.user_commune_a).create(
            {"campaign_id": self.campaign.id, "unit_id": self.unit_commune_a.id}
        )
        draft.write({"unit_id": self.unit_commune_a.id})  # unchanged: allowed
        with self.assertRaises(ValidationError):
            draft.write({"unit_id": self.unit_commune_b.id})

    def test_two_officers_share_the_unit_registration(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a)
        colleague = new_test_user(self.env, "t_commune_a2", groups="chilang_thidua.group_user", lang="vi_VN")
        self.unit_commune_a.officer_ids |= colleague
        registration.with_user(colleague).item_ids[0].name = "Đổi tên bởi đồng nghiệp"
        with freeze_time(ON_TIME):
            registration.with_user(colleague).action_submit()
        self.assertEqual(registration.state, "submitted")

    def test_cannot_register_for_another_unit(self):
        with self.assertRaises(AccessError) as caught:
            self._make_registration(self.unit_commune_b, self.user_commune_a)
        # the refusal does not reveal the name of a unit the user cannot read
        self.assertNotIn(self.unit_commune_b.name, str(caught.exception))
        self.assertIn("Bạn không phải cán bộ của đơn vị này", str(caught.exception))
        with self.assertRaises(AccessError):
            self._make_registration(self.unit_commune_a, self.user_portal_school)
        registration = self._make_registration(self.unit_commune_b, self.user_commune_b)
        with self.assertRaises(AccessError):
            registration.with_user(self.user_commune_a).read(["state"])
        self.assertFalse(self.env["thidua.registration"].with_user(self.user_commune_a).search([]))

    @freeze_time(ON_TIME)
    def test_parent_unit_officer_sees_but_does_not_act_for_sub_unit(self):
        """The commune's officer follows the village's registration; the village submits it."""
        village_officer = new_test_user(self.env, "t_village_a", groups="base.group_portal", lang="vi_VN")
        self.unit_village_a.officer_ids = village_officer
        registration = self._make_registration(self.unit_village_a, village_officer)
        self.assertTrue(registration.with_user(self.user_commune_a).read(["state"]))
        with self.assertRaisesRegex(AccessError, "Thôn Bản Mới"):
            registration.with_user(self.user_commune_a).action_submit()
        with self.assertRaises(AccessError):
            self._make_registration(self.unit_village_a, self.user_commune_b)

    def test_aggregating_officer_reads_but_cannot_edit_or_submit(self):
        registration = self._make_registration(self.unit_school, self.user_portal_school)
        self.assertTrue(registration.with_user(self.user_education).read(["state"]))
        with self.assertRaises(AccessError):
            registration.with_user(self.user_commune_a).read(["state"])
        with self.assertRaises(AccessError):
            registration.item_ids.with_user(self.user_education).write({"name": "X"})

    @freeze_time(ON_TIME)
    def test_return_with_reason_and_resubmit(self):
        registration = self._make_registration(self.unit_school, self.user_portal_school)
        registration.with_user(self.user_portal_school).action_submit()
        with self.assertRaises(UserError):
            registration.with_user(self.user_education).action_return("  ")
        # an officer of a unit that is not the aggregating one cannot return it
        with self.assertRaises(AccessError):
            registration.with_user(self.user_commune_a).action_return("Không")
        registration.with_user(self.user_education).action_return("Bổ sung chỉ tiêu cụ thể")
        self.assertEqual(registration.state, "returned")
        self.assertEqual(registration.review_note, "Bổ sung chỉ tiêu cụ thể")
        self.assertIn(self.user_portal_school.partner_id, registration.message_ids[0].partner_ids)
        # the unit corrects and submits again; the first submission date stands
        registration.item_ids.with_user(self.user_portal_school).write({"target": "Đạt 100%"})
        registration.with_user(self.user_portal_school).action_submit()
        self.assertEqual(registration.state, "submitted")
        self.assertEqual(str(registration.date_submitted), ON_TIME)

    @freeze_time(ON_TIME)
    def test_appraiser_returns_forwarded_registration(self):
        registration = self._make_registration(self.unit_school, self.user_portal_school)
        registration.with_user(self.user_portal_school).action_submit()
        registration.with_user(self.user_education).action_forward()
        with self.assertRaises(AccessError):
            registration.with_user(self.user_education).action_return("Không đạt")
        registration.with_user(self.user_appraiser).action_return("Nội dung chưa phù hợp")
        self.assertEqual(registration.state, "returned")

    @freeze_time(ON_TIME)
    def test_submitted_registration_is_locked_but_progress_is_reported(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a)
        registration.with_user(self.user_commune_a).action_submit()
        item = registration.item_ids.with_user(self.user_commune_a)
        with self.assertRaisesRegex(UserError, "chỉ có thể thay đổi"):
            item.write({"name": "Đổi sau khi nộp"})
        with self.assertRaises(UserError):
            self.env["thidua.registration.item"].with_user(self.user_commune_a).create(
                {"registration_id": registration.id, "name": "Thêm sau khi nộp"}
            )
        with self.assertRaises(UserError):
            item.unlink()
        with self.assertRaises(UserError):
            registration.with_user(self.user_commune_a).unlink()
        registration.with_user(self.user_appraiser).action_accept()
        item.write({"progress": 60, "result": "Đã hoàn thành giai đoạn 1"})
        self.assertEqual(item.progress, 60)
        with self.assertRaises(ValidationError):
            item.write({"progress": 120})

    def test_state_cannot_be_written_directly(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a)
        with self.assertRaises(AccessError):
            registration.with_user(self.user_commune_a).write({"state": "accepted"})

    def test_submit_refused_when_campaign_not_running(self):
        self.campaign.with_user(self.user_appraiser).action_close()
        registration = self.env["thidua.registration"].with_user(self.user_commune_a).create(
            {"campaign_id": self.campaign.id, "unit_id": self.unit_commune_a.id}
        )
        self.env["thidua.registration.item"].with_user(self.user_commune_a).create(
            {"registration_id": registration.id, "name": "Mô hình"}
        )
        with self.assertRaisesRegex(UserError, "không"):
            registration.with_user(self.user_commune_a).action_submit()

    @freeze_time(ON_TIME)
    def test_only_appraisers_mark_exemplary_on_accepted(self):
        registration = self._make_registration(self.unit_commune_a, self.user_commune_a)
        item = registration.item_ids
        with self.assertRaises(UserError):
            item.with_user(self.user_appraiser).action_mark_exemplary()
        registration.with_user(self.user_commune_a).action_submit()
        registration.with_user(self.user_appraiser).action_accept()
        with self.assertRaises(AccessError):
            item.with_user(self.user_commune_a).write({"is_exemplary": True})
        item.with_user(self.user_appraiser).action_mark_exemplary()
        self.assertTrue(item.is_exemplary)
        self.assertEqual(registration.exemplary_count, 1)

    def test_unregistered_units_and_counts(self):
        self._make_registration(self.unit_commune_a, self.user_commune_a)
        campaign = self.campaign.with_user(self.user_appraiser)
        missing = campaign._get_unregistered_units()
        self.assertNotIn(self.unit_commune_a, missing)
        self.assertIn(self.unit_commune_b, missing)
        self.assertIn(self.unit_school, missing)
        self.assertEqual(campaign.registration_count, 1)
        self.assertEqual(campaign.unregistered_unit_count, len(missing))
        action = campaign.action_view_unregistered_units()
        self.assertEqual(self.env["thidua.unit"].search(action["domain"]), missing)
        self.assertEqual(
            self.env["thidua.registration"].search(campaign.action_view_registrations()["domain"]).unit_id,
            self.unit_commune_a,
        )

    def test_unregistered_counts_batched_over_campaigns(self):
        """The kanban's counts: same as per campaign, in a number of queries that does not grow."""
        Campaign = self.env["thidua.campaign"]
        campaigns = Campaign.browse()
        for index in range(4):
            campaign = self.campaign.copy({"name": f"Phong trào thử {index}"})
            if index % 2:
                campaign.unit_ids = self.unit_commune_a | self.unit_education
            self._open_campaign(campaign)
            campaigns |= campaign
        self._make_registration(self.unit_village_a, self.env.user, campaign=campaigns[1])
        self._make_registration(self.unit_commune_b, self.env.user, campaign=campaigns[2])
        campaigns |= self.campaign
        expected = {}
        for campaign in campaigns:
            registered = self.env["thidua.registration"].search([("campaign_id", "=", campaign.id)]).unit_id
            expected[campaign] = campaign._get_participating_units() - registered
        self.assertNotIn(self.unit_village_a, expected[campaigns[1]])
        self.assertIn(self.unit_school, expected[campaigns[1]], "a descendant of a listed unit")
        self.assertNotIn(self.unit_commune_b, expected[campaigns[1]], "not listed")
        as_appraiser = campaigns.with_user(self.user_appraiser)

        def queries(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records.mapped("unregistered_unit_count")
            return self.cr.sql_log_count - before

        queries(as_appraiser)  # warm the caches (rules, groups)
        self.assertEqual(queries(as_appraiser), queries(as_appraiser[:2]), "five cards cost what two do")
        counts = {campaign: campaign.unregistered_unit_count for campaign in as_appraiser}
        self.assertEqual(counts, {campaign: len(units) for campaign, units in expected.items()})
        for campaign in campaigns:
            self.assertEqual(campaign._get_unregistered_units(), expected[campaign])

    def test_pivot_by_unit_type_and_state(self):
        self._make_registration(self.unit_commune_a, self.user_commune_a)
        self._make_registration(self.unit_school, self.user_portal_school)
        groups = self.env["thidua.registration"].with_user(self.user_appraiser)._read_group(
            [("campaign_id", "=", self.campaign.id)], ["unit_type", "state"], ["__count"]
        )
        self.assertEqual(sorted(groups), [("commune", "draft", 1), ("school", "draft", 1)])


@tagged("post_install", "-at_install")
class TestRegistrationEvidence(ThiduaCommon):
    """Evidence files: who may attach, which types, how large."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_campaign()
        cls.registration = cls._make_registration(cls.unit_commune_a, cls.user_commune_a)
        cls.item = cls.registration.item_ids
        # sudo: the fixture skips the review; evidence is reported on accepted registrations
        cls.registration.sudo()._set_state("accepted")

    def test_attach_evidence_to_the_item(self):
        attachment = self.item.with_user(self.user_commune_a)._attach_evidence("bien-ban.pdf", b"%PDF-1.4 test")
        self.assertEqual((attachment.res_model, attachment.res_id), ("thidua.registration.item", self.item.id))
        self.assertEqual(self.item.attachment_ids, attachment)

    def test_attach_evidence_checks_type_size_and_officer(self):
        officer_item = self.item.with_user(self.user_commune_a)
        with self.assertRaisesRegex(UserError, "không thể đính kèm"):
            officer_item._attach_evidence("virus.exe", b"MZ")
        self.env["ir.config_parameter"].sudo().set_param("chilang_thidua.upload_max_mb", "0.001")
        with self.assertRaisesRegex(UserError, "MB"):
            officer_item._attach_evidence("anh.jpg", b"x" * 2048)
        with self.assertRaises(AccessError):
            self.item.with_user(self.user_commune_b)._attach_evidence("anh.jpg", b"x")
        self.assertFalse(self.item.attachment_ids)

    def test_no_evidence_while_under_review(self):
        self.registration.sudo()._set_state("submitted")
        with self.assertRaises(UserError):
            self.item.with_user(self.user_commune_a)._attach_evidence("anh.jpg", b"x")
        with self.assertRaises(UserError):
            self.item.with_user(self.user_commune_a).write({"progress": 10})

    def test_evidence_count_in_backend(self):
        self.item.with_user(self.user_commune_a)._attach_evidence("anh.png", base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        ))
        self.assertEqual(self.item.attachment_count, 1)


@tagged("post_install", "-at_install")
class TestRegistrationDemo(ThiduaCommon):
    """The demo registrations show each step to a newcomer."""

    def test_demo_registrations(self):
        school = self.env.ref("chilang_thidua.registration_thcs_dong_mo", raise_if_not_found=False)
        if not school:
            self.skipTest("database installed without demo data")
        commune = self.env.ref("chilang_thidua.registration_xa_quang_lang")
        late = self.env.ref("chilang_thidua.registration_tt_dong_mo")
        self.assertEqual((school.state, school.is_late), ("forwarded", False))
        self.assertEqual(commune.state, "accepted")
        self.assertEqual(commune.exemplary_count, 1)
        self.assertEqual((late.state, late.is_late), ("submitted", True))
        # the demo portal officer of the school sees its registration, not the commune's
        officer = self.env.ref("chilang_thidua.user_demo_portal_school")
        self.assertEqual(self.env["thidua.registration"].with_user(officer).search([]), school)
