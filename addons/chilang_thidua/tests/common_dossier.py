import base64
from datetime import date

from odoo import Command

from .common import ThiduaCommon


class DossierCommon(ThiduaCommon):
    """The common fixtures with the campaign ended (dossiers are proposed after its period),
    and helpers that take dossiers through the workflow with the real users of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.award_form_province = cls.env.ref("chilang_thidua.award_form_bang_khen_tinh")
        cls.campaign.action_open()
        cls._accept_registration(cls.unit_village_a)
        cls.campaign.action_close()
        cls.env.flush_all()
        cls.cr.precommit.run()

    @classmethod
    def _accept_registration(cls, unit, campaign=None):
        """An accepted registration of ``unit`` (fixture shortcut: the superuser skips the review)."""
        campaign = campaign or cls.campaign
        registration = cls.env["thidua.registration"].create({
            "campaign_id": campaign.id,
            "unit_id": unit.id,
            "item_ids": [Command.create({
                "name": "Mô hình thôn sáng - xanh - sạch - đẹp", "item_type": "model",
                "content_id": campaign.content_ids[:1].id,
            })],
        })
        registration._set_state("accepted")
        return registration

    def _dossier(self, user=None, **values):
        vals = {
            "campaign_id": self.campaign.id,
            "unit_id": self.unit_commune_a.id,
            "award_form_id": self.award_form.id,
            "subject_type": "civil_servant",
            "nominee_name": "Nguyễn Văn An",
            "job_title": "Công chức Văn phòng - Thống kê xã An Bình",
            "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua",
        }
        vals.update(values)
        return self.env["thidua.dossier"].with_user(user or self.user_commune_a).create(vals)

    def _attach(self, dossier, user=None):
        attachment = self.env["ir.attachment"].with_user(user or self.user_commune_a).create({
            "name": "bao_cao_thanh_tich.pdf", "datas": base64.b64encode(b"%PDF-1.4 test"),
        })
        dossier.with_user(user or self.user_commune_a).attachment_ids = [Command.link(attachment.id)]

    def _tick(self, dossier, user=None):
        manual = dossier.criterion_ids.filtered(lambda line: line.kind == "manual")
        manual.with_user(user or self.user_commune_a).write({"is_met": True})

    def _eligible_collective(self, **values):
        """A collective (the village) meeting every criterion of the plan's V.2 a)."""
        vals = {"subject_type": "collective", "nominee_name": "Thôn Bản Mới", "nominee_unit_id": self.unit_village_a.id,
                "job_title": False}
        vals.update(values)
        dossier = self._dossier(**vals)
        self._tick(dossier)
        self._attach(dossier)
        return dossier

    def _eligible_individual(self, **values):
        dossier = self._dossier(**values)
        self._tick(dossier)
        return dossier

    def _appraise(self, dossiers):
        for dossier in dossiers:
            dossier.with_user(self.user_commune_a if dossier.unit_id == self.unit_commune_a else
                              self.user_commune_b).action_submit()
        dossiers.with_user(self.user_appraiser).action_appraise()

    def _session(self, members=9, present=7, council=None, **values):
        """A session of ``council`` (else a new one of ``members``), the first ``present`` members
        recorded present by the secretary; paper ballots unless ``vote_mode`` says otherwise."""
        council = council or self._council(members)
        vals = {"campaign_id": self.campaign.id, "date": date(2024, 11, 20), "council_id": council.id,
                "attendee_ids": [(6, 0, council.member_ids[:present].ids)], "vote_mode": "paper"}
        vals.update(values)
        return self.env["thidua.council.session"].with_user(self.user_appraiser).create(vals)

    def _member_user(self, partner):
        return partner.user_ids[:1]

    def _approve(self, dossiers):
        self._appraise(dossiers)
        session = self._session()
        session.with_user(self.user_appraiser).action_load_dossiers()
        # the secretary types the counted paper ballots; the chair confirms them by closing
        session.vote_ids.with_user(self.user_appraiser).write({"votes_for": 7})
        session.with_user(self.user_council).action_close()
        return session

    def _decision(self, date_decision, award_form=None, user=None):
        return self.env["thidua.decision"].with_user(user or self.user_appraiser).create({
            "campaign_id": self.campaign.id,
            "award_form_id": (award_form or self.award_form).id,
            "date_decision": date_decision,
        })
