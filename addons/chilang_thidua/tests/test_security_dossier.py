"""Probes on dossiers, council votes and signed decisions, and two-transaction concurrency tests."""

import re
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_dossier import DossierCommon


@tagged("post_install", "-at_install")
class TestDossierProbes(DossierCommon):
    """What a unit officer or a hurried appraiser might try on dossiers and decisions."""

    def test_workflow_fields_cannot_be_forged(self):
        """Protection (added here): eligibility, verification token, dates and appraiser are
        written by the workflow only; they used to be writable by anyone who may edit the dossier."""
        dossier = self._dossier()
        self.assertFalse(dossier.eligible)
        for vals in ({"eligible": True}, {"verify_token": "gia-mao"}, {"date_awarded": "2024-12-01"},
                     {"appraiser_id": self.user_appraiser.id}, {"review_note": "x"}):
            for user in (self.user_commune_a, self.user_appraiser):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(AccessError) as caught:
                    dossier.with_user(user).write(vals)
                self.assertIn("do quy trình tự ghi", str(caught.exception))
        dossier.invalidate_recordset()
        self.assertEqual((dossier.eligible, dossier.verify_token), (False, False))
        # so an ineligible dossier is still refused at appraisal
        dossier.with_user(self.user_commune_a).write({"achievement": "Thành tích"})
        dossier.with_user(self.user_commune_a).action_submit()
        with self.assertRaises(UserError):
            dossier.with_user(self.user_appraiser).action_appraise()

    def test_dossier_cannot_be_moved_or_acted_on_by_another_unit(self):
        """Protection: record rules; dossier.write re-checks the rules when unit_id changes (added)."""
        dossier = self._eligible_individual()
        with self.assertRaises(AccessError):
            dossier.with_user(self.user_commune_a).write({"unit_id": self.unit_commune_b.id})
        dossier.invalidate_recordset()
        self.assertEqual(dossier.unit_id, self.unit_commune_a)
        criterion = dossier.criterion_ids[:1]
        other = self._dossier(user=self.user_commune_b, unit_id=self.unit_commune_b.id)
        with self.assertRaises(AccessError):
            criterion.with_user(self.user_commune_a).write({"dossier_id": other.id})
        for method, args in (("action_submit", ()), ("action_appraise", ()), ("action_return", ("x",)),
                             ("action_propose_higher", ()), ("unlink", ())):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(dossier.with_user(self.user_commune_b), method)(*args)
        self.assertEqual(dossier.state, "draft")

    def test_absurd_incomes_are_refused(self):
        dossier = self._dossier(subject_type="farmer", nominee_name="Hoàng Văn Nông", job_title=False)
        for income, message in ((-1, "không được là số âm"), (5e12, "không hợp lý")):
            with self.subTest(income=income), self.assertRaises(ValidationError) as caught:
                dossier.with_user(self.user_commune_a).write({"annual_income": income})
            self.assertIn(message, str(caught.exception))
        dossier.invalidate_recordset()
        self.assertEqual(dossier.annual_income, 0)

    def test_signed_decision_and_its_lines_never_change(self):
        """Protection: decision/line write and unlink guards; a draft line cannot be moved into a
        signed decision (added here)."""
        dossiers = self._eligible_individual() | self._eligible_individual(nominee_name="Lò Thị Bình")
        self._approve(dossiers)
        signed = self._decision(date(2024, 12, 5))
        signed.line_ids = [(0, 0, {"dossier_id": dossiers[0].id})]
        draft = self._decision(date(2024, 12, 5))
        draft.line_ids = [(0, 0, {"dossier_id": dossiers[1].id})]
        signed.with_user(self.user_manager).action_sign()
        number, amount = signed.name, signed.line_ids.bonus_amount
        line = signed.line_ids
        for user in (self.user_appraiser, self.user_manager):
            for attempt in (
                lambda u: line.with_user(u).write({"bonus_amount": 1}),
                lambda u: line.with_user(u).unlink(),
                lambda u: draft.line_ids.with_user(u).write({"decision_id": signed.id}),
                lambda u: self.env["thidua.decision.line"].with_user(u).create(
                    {"decision_id": signed.id, "dossier_id": dossiers[1].id}),
                lambda u: signed.with_user(u).write({"name": "999/QĐ-UBND"}),
                lambda u: signed.with_user(u).write({"state": "draft"}),
            ):
                with self.subTest(user=user.login), self.assertRaises(UserError):
                    attempt(user)
        signed.invalidate_recordset()
        self.assertEqual((signed.name, signed.line_ids, signed.line_ids.bonus_amount), (number, line, amount))
        self.assertEqual(draft.line_ids.dossier_id, dossiers[1])


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    """Two transactions at once, as two browsers would run them (two real cursors, committed).

    Odoo runs each request in a REPEATABLE READ transaction and retries it on a serialization
    failure or a lock not available; these tests play both requests and the retry by hand. The
    data is committed, so the class deletes it at the end.
    """

    def setUp(self):
        super().setUp()
        self.created = {}
        self.addCleanup(self._cleanup)
        demo = self.env.ref("chilang_thidua.user_demo_dong_mo", raise_if_not_found=False)
        if not demo:
            self.skipTest("needs the demo users")

    def _commit(self, func):
        with self.registry.cursor() as cr:
            return func(api.Environment(cr, SUPERUSER_ID, {"lang": "vi_VN", "tracking_disable": True}))

    def _remember(self, records):
        self.created.setdefault(records._name, set()).update(records.ids)
        return records.ids

    def _cleanup(self):
        def delete(env):
            cr = env.cr
            order = ("thidua.decision.line", "thidua.decision", "thidua.dossier.criterion", "thidua.dossier",
                     "thidua.registration.item", "thidua.registration", "thidua.campaign.content",
                     "thidua.campaign", "ir.sequence", "thidua.unit")
            for model in order:
                ids = tuple(self.created.get(model, ()))
                if model == "thidua.decision.line" and self.created.get("thidua.decision"):
                    # the award register rows the signing wrote
                    cr.execute("DELETE FROM thidua_award_record WHERE decision_id IN %s",
                               [tuple(self.created["thidua.decision"])])
                if model == "thidua.dossier.criterion" and self.created.get("thidua.dossier"):
                    cr.execute("DELETE FROM thidua_dossier_criterion WHERE dossier_id IN %s",
                               [tuple(self.created["thidua.dossier"])])
                if model == "ir.sequence" and self.created.get("thidua.unit"):
                    codes = tuple(f"thidua.decision.{uid}" for uid in self.created["thidua.unit"])
                    cr.execute("DELETE FROM ir_sequence WHERE code IN %s", [codes])
                if ids:
                    cr.execute(f'DELETE FROM "{env[model]._table}" WHERE id IN %s', [ids])  # noqa: S608
        self._commit(delete)

    def _setup(self, env):
        unit = env["thidua.unit"].create({
            "name": "UBND thử đồng thời", "code": "T_CC_UB", "authority_name": "Ủy ban nhân dân thử",
            "doc_abbreviation": "TDT", "place_name": "Thử",
        })
        commune = env.ref("chilang_thidua.user_demo_dong_mo").thidua_unit_ids[:1]
        award = env.ref("chilang_thidua.award_form_giay_khen_huyen")
        campaign = env["thidua.campaign"].create({
            "name": "Phong trào thử đồng thời", "issuing_unit_id": unit.id, "date_start": date(2024, 1, 1),
            "date_end": date(2024, 10, 31), "registration_deadline": date(2024, 1, 20), "signer_name": "Người ký",
            "award_form_ids": [(6, 0, award.ids)], "content_ids": [(0, 0, {"name": "ND"})],
        })
        self._remember(unit)
        self._remember(campaign)
        self._remember(campaign.content_ids)
        return unit, commune, award, campaign

    def _env(self, cr, xmlid):
        # mails of the notifications stay queued: no mail server in the tests
        return api.Environment(cr, self.env.ref(xmlid).id, {"lang": "vi_VN", "mail_notify_force_send": False})

    def test_duplicate_registration_at_the_same_moment(self):
        def setup(env):
            __, commune, __, campaign = self._setup(env)
            campaign._set_state("open")
            return {"campaign_id": campaign.id, "unit_id": commune.id}
        vals = self._commit(setup)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, "chilang_thidua.user_demo_dong_mo")
            env_b = self._env(cr_b, "chilang_thidua.user_demo_dong_mo")
            cr_b.execute("SELECT count(*) FROM thidua_registration")  # B's snapshot: before A commits
            self._remember(env_a["thidua.registration"].create(vals))
            cr_a.commit()
            with self.assertRaises(ValidationError) as caught, mute_logger("odoo.sql_db"):
                env_b["thidua.registration"].create(vals)
            self.assertIn("đã đăng ký phong trào này", str(caught.exception))
            cr_b.rollback()
        count = self._commit(lambda env: env["thidua.registration"].search_count([
            ("campaign_id", "=", vals["campaign_id"])]))
        self.assertEqual(count, 1)

    def test_two_decisions_signed_at_once_get_consecutive_numbers(self):
        def setup(env):
            __, commune, award, campaign = self._setup(env)
            campaign._set_state("closed")
            decisions = env["thidua.decision"]
            for name in ("Nguyễn Văn Một", "Trần Thị Hai"):
                dossier = env["thidua.dossier"].create({
                    "campaign_id": campaign.id, "unit_id": commune.id, "award_form_id": award.id,
                    "subject_type": "civil_servant", "nominee_name": name, "achievement": "Xuất sắc",
                })
                dossier._set_state("approved")
                self._remember(dossier)
                decisions |= env["thidua.decision"].create({
                    "campaign_id": campaign.id, "award_form_id": award.id, "date_decision": date(2024, 12, 5),
                    "line_ids": [(0, 0, {"dossier_id": dossier.id})],
                })
            self._remember(decisions.line_ids)
            return self._remember(decisions)
        first, second = self._commit(setup)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, "chilang_thidua.user_demo_manager")
            env_b = self._env(cr_b, "base.user_admin")
            env_a["thidua.decision"].browse(first).action_sign()
            # B signs while A's transaction is open: refused at once (no wait, no duplicate number);
            # Odoo's request loop retries it
            with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                env_b["thidua.decision"].browse(second).action_sign()
            cr_b.rollback()
            cr_a.commit()
            env_b.invalidate_all()
            env_b["thidua.decision"].browse(second).action_sign()
            cr_b.commit()

        names = self._commit(lambda env: env["thidua.decision"].browse([first, second]).mapped("name"))
        numbers = [int(re.match(r"(\d+)/QĐ-TDT", name).group(1)) for name in names]
        self.assertEqual(numbers[1], numbers[0] + 1, names)

    def test_two_appraisers_on_one_dossier_no_lost_update(self):
        def setup(env):
            __, commune, award, campaign = self._setup(env)
            campaign._set_state("closed")
            dossier = env["thidua.dossier"].create({
                "campaign_id": campaign.id, "unit_id": commune.id, "award_form_id": award.id,
                "subject_type": "civil_servant", "nominee_name": "Nguyễn Văn Ba", "achievement": "Xuất sắc",
            })
            dossier._set_state("submitted")
            return self._remember(dossier)[0]
        dossier_id = self._commit(setup)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, "chilang_thidua.user_demo_appraiser")
            env_b = self._env(cr_b, "base.user_admin")
            self.assertEqual(env_b["thidua.dossier"].browse(dossier_id).state, "submitted")  # B has read it
            env_a["thidua.dossier"].browse(dossier_id).action_return("Thiếu báo cáo thành tích")
            cr_a.commit()
            # B's snapshot still says "submitted": its update is refused, not written over A's
            with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
                env_b["thidua.dossier"].browse(dossier_id).action_return("Lý do khác")
                env_b.flush_all()
            cr_b.rollback()
            env_b.invalidate_all()
            # the retry sees A's change and says why it cannot act
            with self.assertRaises(UserError):
                env_b["thidua.dossier"].browse(dossier_id).action_return("Lý do khác")
            cr_b.rollback()

        def final(env):
            dossier = env["thidua.dossier"].browse(dossier_id)
            return dossier.state, dossier.review_note
        self.assertEqual(self._commit(final), ("returned", "Thiếu báo cáo thành tích"))
