"""The award chain replayed by an attacker who controls the whole JSON-RPC call.

Every forgery below is a real ``/web/dataset/call_kw`` request of a real user of the role
concerned, sent with a context that sets every context key the addon's code reads (found by
scanning its source, so a new key joins the attack by itself) plus the keys earlier versions
used as guards. Each must be refused with a plain Odoo error and change nothing.

A new guard or a new attack is one line of ``FORGERIES``.
"""

import pathlib
import re
from datetime import date

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common_dossier import DossierCommon

ADDON = pathlib.Path(__file__).resolve().parent.parent
# Keys earlier versions of the addon trusted as guards: they must stay harmless forever.
LEGACY_KEYS = ("thidua_state_write", "thidua_decision_signing", "thidua_criteria_eval")
# Context keys of Odoo itself that would change what a create or write does.
ODOO_KEYS = ("tracking_disable", "mail_notrack", "mail_create_nolog", "install_mode", "import_file")
CONTEXT_KEY = re.compile(
    r"""with_context\(\s*(\w+)\s*=|context\.get\(\s*["'](\w+)["']|["'](\w+)["']\s+in\s+self\.env\.context"""
)
REFUSALS = ("odoo.exceptions.AccessError", "odoo.exceptions.UserError", "odoo.exceptions.ValidationError",
            "odoo.exceptions.MissingError")


def hostile_context():
    """Every context key the addon reads (True), the legacy guard keys and Odoo's tracking switches."""
    keys = set(LEGACY_KEYS) | set(ODOO_KEYS)
    for path in ADDON.glob("**/*.py"):
        if "tests" in path.parts:
            continue
        for match in CONTEXT_KEY.finditer(path.read_text(encoding="utf-8")):
            keys.add(next(group for group in match.groups() if group))
    keys -= {"lang", "tz", "active_test", "debug"}  # harmless and needed to read the answer
    return dict.fromkeys(sorted(keys), True)


def F(kind, login, model, method, args, watch, kwargs=None, context=None):  # noqa: N802, PLR0913, PLR0917
    """One forgery: ``args``/``kwargs``/``watch`` are functions of the test case."""
    return {"kind": kind, "login": login, "model": model, "method": method, "args": args,
            "kwargs": kwargs or (lambda t: {}), "watch": watch, "context": context or {}}


FORGERIES = [
    # --- context keys: state and workflow fields written directly -------------------------
    F("state", "t_portal_school", "thidua.registration", "write",
      lambda t: [[t.reg_school.id], {"state": "accepted"}], lambda t: t.snap(t.reg_school, "state")),
    F("state", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"state": "approved"}], lambda t: t.snap(t.family, "state")),
    F("state", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"eligible": True}], lambda t: t.snap(t.family, "eligible")),
    F("state", "t_council", "thidua.council.session", "write",
      lambda t: [[t.closed_session.id], {"state": "draft"}], lambda t: t.snap(t.closed_session, "state")),
    F("state", "t_commune_a", "thidua.dossier", "create",
      lambda t: [t.dossier_vals(nominee_name="Hộ giả mạo")], lambda t: t.count("thidua.dossier", "approved"),
      context={"default_state": "approved", "default_eligible": True}),
    F("state", "t_appraiser", "thidua.decision", "create",
      lambda t: [{"campaign_id": t.campaign.id, "award_form_id": t.award_form.id, "state": "signed",
                  "name": "999/QĐ-UBND"}], lambda t: t.count("thidua.decision", "signed")),
    F("state", "t_appraiser", "thidua.decision", "create",
      lambda t: [{"campaign_id": t.campaign.id, "award_form_id": t.award_form.id}],
      lambda t: t.count("thidua.decision", "signed"), context={"default_state": "signed", "default_name": "998/QĐ"}),
    # --- an awarded dossier and its certificate behind the QR page ----------------------------
    F("award", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.awarded.id], {"nominee_name": "Tên giả mạo"}], lambda t: t.snap(t.awarded, "nominee_name")),
    F("award", "t_appraiser", "thidua.dossier", "write",
      lambda t: [[t.awarded.id], {"job_title": "Chức vụ giả"}], lambda t: t.snap(t.awarded, "job_title")),
    F("award", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.awarded.id], {"verify_token": "f" * 40}], lambda t: t.snap(t.awarded, "verify_token")),
    F("award", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"verify_token": "e" * 40}], lambda t: t.snap(t.family, "verify_token")),
    F("award", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"certificate_data": {"nominee": "X"}}],
      lambda t: t.snap(t.family, "certificate_data")),
    F("award", "t_manager", "thidua.dossier", "write",
      lambda t: [[t.awarded.id], {"achievement": "Thành tích khác"}], lambda t: t.snap(t.awarded, "achievement")),
    # --- a signed decision --------------------------------------------------------------
    F("decision", "t_appraiser", "thidua.decision", "write",
      lambda t: [[t.decision.id], {"signer_name": "Người khác"}], lambda t: t.snap(t.decision, "signer_name")),
    F("decision", "t_manager", "thidua.decision", "write",
      lambda t: [[t.decision.id], {"date_decision": "2025-08-01"}], lambda t: t.snap(t.decision, "date_decision")),
    F("decision", "t_appraiser", "thidua.decision.line", "unlink",
      lambda t: [t.decision.line_ids[:1].ids], lambda t: t.snap(t.decision, "amount_total", "line_count")),
    F("decision", "t_manager", "thidua.decision", "write",
      lambda t: [[t.decision.id], {"line_ids": [Command.delete(t.decision.line_ids[:1].id)]}],
      lambda t: t.snap(t.decision, "amount_total", "line_count")),
    F("decision", "t_manager", "thidua.decision.line", "write",
      lambda t: [t.decision.line_ids[:1].ids, {"bonus_amount": 1}], lambda t: t.snap(t.decision, "amount_total")),
    F("decision", "t_manager", "thidua.decision", "unlink",
      lambda t: [[t.decision.id]], lambda t: t.count("thidua.decision", "signed")),
    F("decision", "t_appraiser", "thidua.decision", "write",
      lambda t: [[t.draft_decision.id], {"name": "125/QĐ-UBND"}], lambda t: t.snap(t.draft_decision, "name")),
    # --- criteria: the failing automatic income criterion ------------------------------------
    F("criteria", "t_commune_a", "thidua.dossier.criterion", "unlink",
      lambda t: [t.income_line.ids], lambda t: t.snap(t.family, "eligible", "criterion_count")),
    F("criteria", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"criterion_ids": [Command.clear()]}],
      lambda t: t.snap(t.family, "eligible", "criterion_count")),
    F("criteria", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"criterion_ids": [Command.delete(t.income_line.id)]}],
      lambda t: t.snap(t.family, "eligible", "criterion_count")),
    F("criteria", "t_commune_a", "thidua.dossier.criterion", "write",
      lambda t: [t.income_line.ids, {"is_met": True}], lambda t: t.snap(t.family, "eligible")),
    F("criteria", "t_commune_a", "thidua.dossier.criterion", "write",
      lambda t: [t.income_line.ids, {"threshold": 1}], lambda t: t.snap(t.income_line, "threshold", "is_met")),
    F("criteria", "t_commune_a", "thidua.dossier.criterion", "write",
      lambda t: [t.income_line.ids, {"kind": "manual"}], lambda t: t.snap(t.income_line, "kind")),
    F("criteria", "t_commune_a", "thidua.dossier.criterion", "write",
      lambda t: [t.income_line.ids, {"dossier_id": t.other.id}], lambda t: t.snap(t.income_line, "dossier_id")),
    F("criteria", "t_commune_a", "thidua.dossier.criterion", "create",
      lambda t: [{"dossier_id": t.family.id, "name": "Tiêu chí tự động giả", "kind": "auto",
                  "check": "taxes_paid", "is_met": True}], lambda t: t.snap(t.family, "criterion_count")),
    F("criteria", "t_appraiser", "thidua.dossier", "action_appraise",
      lambda t: [[t.family_submitted.id]], lambda t: t.snap(t.family_submitted, "state")),
    # --- the council's rules -------------------------------------------------------------
    F("council", "t_council", "thidua.council.session", "write",
      lambda t: [[t.draft_session.id], {"quorum_ratio": 0.01, "approval_ratio": 0.01}],
      lambda t: t.snap(t.draft_session, "quorum_ratio", "approval_ratio")),
    F("council", "t_council", "thidua.council.session", "write",
      lambda t: [[t.draft_session.id], {"member_ids": [Command.set(t.draft_session.member_ids[:1].ids)]}],
      lambda t: t.snap(t.draft_session, "member_count")),
    F("council", "t_council", "thidua.council.session", "write",
      lambda t: [[t.draft_session.id], {"member_count": 1, "attendee_count": 1}],
      lambda t: t.snap(t.draft_session, "member_count", "attendee_count")),
    F("council", "t_council", "thidua.council.session", "write",
      lambda t: [[t.draft_session.id], {"approval_inclusive": True}],
      lambda t: t.snap(t.draft_session, "approval_inclusive")),
    F("council", "t_appraiser", "thidua.council.session", "write",
      lambda t: [[t.draft_session.id], {"member_count": 1}], lambda t: t.snap(t.draft_session, "member_count")),
    F("council", "t_council", "thidua.council.vote", "write",
      lambda t: [t.closed_session.vote_ids[:1].ids, {"votes_for": 9}],
      lambda t: t.snap(t.closed_session.vote_ids[:1], "votes_for")),
    F("council", "t_commune_a", "thidua.dossier", "_apply_council_vote",
      lambda t: [[t.family_submitted.id], t.draft_session.id, 9], lambda t: t.snap(t.family_submitted, "state")),
    # --- links to records the user may not read -----------------------------------------------
    F("link", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"attachment_ids": [Command.link(t.other_attachment.id)]}],
      lambda t: t.snap(t.family, "attachment_ids")),
    F("link", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"attachment_ids": [Command.set([t.other_attachment.id])]}],
      lambda t: t.snap(t.family, "attachment_ids")),
    F("link", "t_portal_school", "thidua.dossier", "create",
      lambda t: [t.dossier_vals(unit_id=t.unit_school.id, attachment_ids=[Command.link(t.other_attachment.id)])],
      lambda t: t.count("thidua.dossier")),
    F("link", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"origin_dossier_id": t.other.id}], lambda t: t.snap(t.family, "origin_dossier_id")),
    F("link", "t_village_f", "thidua.result.report.line", "write",
      lambda t: [t.report.line_ids[:1].ids, {"item_id": t.other_item.id}],
      lambda t: t.snap(t.report.line_ids[:1], "item_id")),
    F("link", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"nominee_unit_id": t.unit_commune_b.id}],
      lambda t: t.snap(t.family, "nominee_unit_id")),
    # --- stored, computed and system fields ------------------------------------------------
    F("system", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"bonus_amount": 50_000_000}], lambda t: t.snap(t.family, "bonus_amount")),
    F("system", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"decision_id": t.decision.id}], lambda t: t.snap(t.family, "decision_id")),
    F("system", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"name": "HS-GIA-MAO"}], lambda t: t.snap(t.family, "name")),
    F("system", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"currency_id": t.env.ref("base.USD").id}], lambda t: t.snap(t.family, "currency_id")),
    F("system", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"award_form_id": t.award_form_province.id}],
      lambda t: t.snap(t.family, "award_form_id")),
    F("system", "t_portal_school", "thidua.registration", "write",
      lambda t: [[t.reg_school.id], {"date_submitted": "2024-01-02", "is_late": False}],
      lambda t: t.snap(t.reg_school, "date_submitted", "is_late")),
    F("system", "t_portal_school", "thidua.registration", "write",
      lambda t: [[t.reg_school.id], {"review_unit_id": False}], lambda t: t.snap(t.reg_school, "review_unit_id")),
    # --- copies ---------------------------------------------------------------------------
    F("copy", "t_commune_a", "thidua.dossier", "copy",
      lambda t: [[t.family.id]], lambda t: t.count("thidua.dossier", "approved"),
      kwargs=lambda t: {"default": {"state": "approved", "eligible": True}}),
    F("copy", "t_commune_a", "thidua.dossier", "copy",
      lambda t: [[t.family.id]], lambda t: t.count("thidua.dossier"),
      kwargs=lambda t: {"default": {"verify_token": "d" * 40}}),
    F("copy", "t_appraiser", "thidua.decision", "copy",
      lambda t: [[t.decision.id]], lambda t: t.count("thidua.decision", "signed"),
      kwargs=lambda t: {"default": {"state": "signed", "name": "997/QĐ-UBND"}}),
    F("copy", "t_portal_school", "thidua.registration", "copy",
      lambda t: [[t.reg_school.id]], lambda t: t.count("thidua.registration", "accepted"),
      kwargs=lambda t: {"default": {"state": "accepted", "campaign_id": t.campaign.id}}),
    # --- found by the attacker review (helper): plain id lists, context defaults, documents ------
    F("link", "t_commune_a", "thidua.dossier", "write",
      lambda t: [[t.family.id], {"attachment_ids": [t.other_attachment.id]}],
      lambda t: t.snap(t.family, "attachment_ids")),
    F("link", "t_portal_school", "thidua.dossier", "write",
      lambda t: [[t.school_dossier.id], {"attachment_ids": [t.other_upload.id]}],
      lambda t: t.snap(t.school_dossier, "attachment_ids")),
    F("link", "t_commune_a", "thidua.dossier", "create",
      lambda t: [t.dossier_vals(subject_type="collective", nominee_name="Xã bên")], lambda t: t.count("thidua.dossier"),
      context={"default_nominee_unit_id": "@unit_commune_b", "default_attachment_ids": "@@other_attachment"}),
    F("unit", "t_education", "thidua.registration", "create",
      lambda t: [{"campaign_id": t.running.id}], lambda t: t.count("thidua.registration"),
      context={"default_unit_id": "@school_2"}),
    F("unit", "t_commune_a", "thidua.registration", "create",
      lambda t: [{"campaign_id": t.running.id}], lambda t: t.count("thidua.registration"),
      context={"default_unit_id": "@unit_village_a"}),
    F("parent", "t_appraiser", "thidua.decision.line", "create",
      lambda t: [{"dossier_id": t.approved_late.id}], lambda t: t.snap(t.decision, "amount_total", "line_count"),
      context={"default_decision_id": "@decision"}),
    F("parent", "t_commune_a", "thidua.registration.item", "create",
      lambda t: [{"name": "Mục giả", "item_type": "model"}], lambda t: t.snap(t.reg_b, "item_count"),
      context={"default_registration_id": "@reg_b"}),
    F("parent", "t_commune_b", "thidua.registration.item", "create",
      lambda t: [{"name": "Mục thêm khi đã nộp", "item_type": "task"}], lambda t: t.snap(t.reg_b, "item_count"),
      context={"default_registration_id": "@reg_b"}),
    F("parent", "t_village_f", "thidua.result.report.line", "create",
      lambda t: [{"item_id": t.report.line_ids[:1].item_id.id, "progress": 100, "result": "Thêm sau khi duyệt"}],
      lambda t: t.snap(t.report, "line_count"), context={"default_report_id": "@report"}),
    F("documents", "t_commune_a", "ir.attachment", "write",
      lambda t: [t.awarded_document.ids, {"datas": "JVBERiBmb3JnZWQ="}],
      lambda t: t.snap(t.awarded_document, "checksum")),
    F("documents", "t_commune_a", "ir.attachment", "unlink",
      lambda t: [t.awarded_document.ids], lambda t: t.count("ir.attachment")),
    F("documents", "t_commune_a", "thidua.dossier", "action_check_criteria",
      lambda t: [[t.awarded.id]], lambda t: t.snap(t.awarded, "eligible", "criterion_count")),
    F("council", "t_council", "thidua.council.vote", "write",
      lambda t: [t.draft_session.vote_ids.ids, {"votes_for": 7, "session_id": t.closed_session.id}],
      lambda t: t.snap(t.closed_session, "vote_ids")),
    F("decision", "t_appraiser", "thidua.decision", "action_draft",
      lambda t: [[t.cancelled.id]], lambda t: t.snap(t.awarded, "decision_id", "bonus_amount")),
    F("chatter", "t_commune_a", "mail.message", "create",
      lambda t: [{"model": "thidua.dossier", "res_id": t.family.id, "message_type": "comment",
                  "author_id": t.user_appraiser.partner_id.id, "body": "Hồ sơ đã được thẩm định: đủ tiêu chuẩn."}],
      lambda t: t.count("mail.message")),
    # --- private workflow methods are not callable over RPC -----------------------------------
    F("private", "t_commune_a", "thidua.dossier", "_set_state",
      lambda t: [[t.family.id], "approved"], lambda t: t.snap(t.family, "state")),
    F("private", "t_commune_a", "thidua.dossier", "_mark_awarded",
      lambda t: [[t.family.id], t.decision.id], lambda t: t.snap(t.family, "state", "verify_token")),
    F("private", "t_commune_a", "thidua.dossier", "_workflow_write",
      lambda t: [[t.family.id], {"eligible": True}], lambda t: t.snap(t.family, "eligible")),
]


@tagged("post_install", "-at_install")
class TestForgery(HttpCase, DossierCommon):
    """Each forgery of FORGERIES, as a JSON-RPC call with a hostile context, is refused."""

    def setUp(self):
        super().setUp()
        self.user_village = new_test_user(self.env, "t_village_f", groups="base.group_portal",
                                          name="Cán bộ thôn Bản Mới", lang="vi_VN")
        self.unit_village_a.officer_ids = self.user_village
        # a family far below the income threshold, its judgement criteria ticked
        self.family = self._dossier(subject_type="family", nominee_name="Hộ bà Lò Thị Hoa", annual_income=1_000,
                                    job_title=False)
        self._tick(self.family)
        self.income_line = self.family.criterion_ids.filtered(lambda line: line.check == "min_income")
        self.family_submitted = self._dossier(subject_type="family", nominee_name="Hộ ông Vi Văn Thắng",
                                              annual_income=2_000, job_title=False)
        self._tick(self.family_submitted)
        self.family_submitted.with_user(self.user_commune_a).action_submit()
        # another unit's pending dossier and its document
        self.other = self._dossier(user=self.user_commune_b, unit_id=self.unit_commune_b.id,
                                   nominee_name="Nguyễn Thị Xã Bên")
        self._attach(self.other, user=self.user_commune_b)
        self.other_attachment = self.other.attachment_ids
        self.other_upload = self.env["ir.attachment"].create({
            "name": "to_trinh_xa_binh_yen_MAT.pdf", "datas": "JVBERiBzZWNyZXQ=",
            "res_model": "thidua.dossier", "res_id": self.other.id,
        })
        self.school_dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                            nominee_name="Cô giáo Lan")
        # two awarded individuals of a signed decision, one with its achievement report attached;
        # an earlier draft of that decision was cancelled
        awarded = self._eligible_individual(nominee_name="Nguyễn Văn Được") | self._eligible_individual(
            nominee_name="Hoàng Thị Khen")
        self._attach(awarded[0])
        self.awarded_document = awarded[0].attachment_ids
        self.closed_session = self._approve(awarded)
        self.cancelled = self._decision(date(2024, 12, 1))
        self.cancelled.with_user(self.user_appraiser).action_load_dossiers()
        self.cancelled.with_user(self.user_appraiser).action_cancel()
        self.decision = self._decision(date(2024, 12, 5))
        self.decision.with_user(self.user_appraiser).action_load_dossiers()
        self.decision.with_user(self.user_manager).action_sign()
        self.awarded = awarded[0]
        self.approved_late = self._eligible_individual(nominee_name="Lương Văn Muộn")
        self._approve(self.approved_late)
        self.draft_decision = self._decision(date(2024, 12, 6))
        waiting = self._eligible_individual(nominee_name="Lương Văn Chờ")
        self._appraise(waiting)
        self.draft_session = self._session()
        self.draft_session.with_user(self.user_appraiser).action_load_dossiers()
        # the portal school's draft registration to a running campaign
        running = self.env["thidua.campaign"].create({
            "name": "Phong trào đang chạy", "issuing_unit_id": self.unit_district.id,
            "date_start": date(2024, 11, 1), "date_end": date(2025, 12, 31), "registration_deadline": date(2025, 1, 1),
            "content_ids": [Command.create({"name": "Dạy tốt, học tốt"})],
        })
        running.with_user(self.user_appraiser).action_open()
        self.running = running
        self.school_2 = self.env["thidua.unit"].create({
            "name": "Trường THCS Thử", "code": "T_THCS", "unit_type": "school",
            "parent_id": self.unit_commune_a.id, "review_unit_id": self.unit_education.id,
        })
        self.reg_school = self._make_registration(self.unit_school, self.user_portal_school, campaign=running)
        self.reg_b = self._make_registration(self.unit_commune_b, self.user_commune_b, campaign=running)
        self.reg_b.with_user(self.user_commune_b).action_submit()
        # the village's result report, and an item of another unit
        self.report = self.env["thidua.result.report"].with_user(self.user_village).create({
            "campaign_id": self.campaign.id, "unit_id": self.unit_village_a.id,
        })
        self.other_item = self._accept_registration(self.unit_commune_b).item_ids[:1]
        self.report._set_state("accepted")
        self.env.flush_all()

    # -- helpers used by FORGERIES ---------------------------------------------------------
    def snap(self, record, *names):
        record = record.sudo()
        record.invalidate_recordset()
        values = []
        for name in names:
            if name in ("item_count", "line_count") and record._name != "thidua.decision":
                values.append(len(record.item_ids if name == "item_count" else record.line_ids))
            elif name == "criterion_count":
                values.append((len(record.criterion_ids), sorted(record.criterion_ids.mapped("is_met"))))
            else:
                value = record[name]
                values.append(value.ids if hasattr(value, "ids") else value)
        return tuple(values)

    def count(self, model, state=None):
        return self.env[model].sudo().search_count([("state", "=", state)] if state else [])

    def dossier_vals(self, **values):
        return {"campaign_id": self.campaign.id, "unit_id": self.unit_commune_a.id,
                "award_form_id": self.award_form.id, "subject_type": "family", "annual_income": 1_000} | values

    def _context_of(self, forgery):
        """The forgery's own context keys: '@name' is the id of the test's record ``name``, '@@name'
        the x2many value that sets its records."""
        def resolve(value):
            if isinstance(value, str) and value.startswith("@@"):
                return [[6, 0, getattr(self, value[2:]).ids]]
            if isinstance(value, str) and value.startswith("@"):
                return getattr(self, value[1:]).id
            return value
        return {key: resolve(value) for key, value in forgery["context"].items()}

    def _rpc(self, login, model, method, args, kwargs, context):  # noqa: PLR0917 - one RPC call's parts
        self.authenticate(login, login)
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": args,
            "kwargs": dict(kwargs, context=dict(hostile_context(), lang="vi_VN", **context)),
        })

    # -- the replay --------------------------------------------------------------------------
    def test_hostile_context_covers_the_legacy_keys(self):
        context = hostile_context()
        for key in LEGACY_KEYS + ODOO_KEYS:
            self.assertIn(key, context)

    def test_every_forgery_is_refused(self):
        refused = {}
        for index, forgery in enumerate(FORGERIES):
            with self.subTest(index=index, kind=forgery["kind"], login=forgery["login"], model=forgery["model"],
                              method=forgery["method"]):
                before = forgery["watch"](self)
                with self.assertRaises(JsonRpcException) as caught:
                    self._rpc(forgery["login"], forgery["model"], forgery["method"], forgery["args"](self),
                              forgery["kwargs"](self), self._context_of(forgery))
                # a refusal of the kind a user sees, not a crash of the test's own making
                self.assertIn(str(caught.exception), REFUSALS)
                self.assertEqual(forgery["watch"](self), before, "the forgery changed something")
                refused[forgery["kind"]] = refused.get(forgery["kind"], 0) + 1
        # the note of issue 12 quotes these figures
        self.assertEqual(sum(refused.values()), len(FORGERIES), refused)

    def test_the_failing_income_criterion_still_fails_appraisal(self):
        """After every criteria forgery above, the 1,000 đ family is still refused by the appraiser."""
        self.family.with_user(self.user_commune_a).action_submit()
        with self.assertRaisesRegex(Exception, "1.000"):
            self.family.with_user(self.user_appraiser).action_appraise()
        self.assertEqual(self.family.state, "submitted")

    def test_verification_page_keeps_what_was_signed(self):
        """Renaming the unit or the award form later does not change what the QR page vouches for."""
        token = self.awarded.verify_token
        self.unit_commune_a.name = "Xã Đổi Tên"
        self.award_form.sudo().name = "Hình thức đổi tên"
        page = self.url_open(f"/thidua/verify/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Nguyễn Văn Được", page.text)
        self.assertNotIn("Xã Đổi Tên", page.text)
        self.assertNotIn("Hình thức đổi tên", page.text)

    def test_wildcard_name_reveals_no_other_unit(self):
        """A nominee named '%' matches the name '%' only, and shows no other unit's pending nominee."""
        self._tick(self.other, user=self.user_commune_b)
        self.other.with_user(self.user_commune_b).action_submit()
        self.authenticate("t_commune_a", "t_commune_a")
        for name in ("%", "_%", "Nguyễn Thị Xã Bên"):
            with self.subTest(name=name):
                dossier_id = self._rpc("t_commune_a", "thidua.dossier", "create",
                                       [self.dossier_vals(nominee_name=name, subject_type="civil_servant")], {}, {})
                [values] = self._rpc("t_commune_a", "thidua.dossier", "read",
                                     [[dossier_id], ["duplicate_warning", "award_history"]], {}, {})
                self.assertNotIn("Xã Bên", str(values["duplicate_warning"] or ""))
        # the awarded nominees of signed decisions are public record, wherever they were proposed
        dossier_id = self._rpc("t_commune_b", "thidua.dossier", "create", [
            self.dossier_vals(unit_id=self.unit_commune_b.id, nominee_name="Nguyễn  Văn Được ",
                              subject_type="civil_servant")], {}, {})
        [values] = self._rpc("t_commune_b", "thidua.dossier", "read", [[dossier_id], ["award_history"]], {}, {})
        self.assertIn(self.decision.name, values["award_history"])


@tagged("post_install", "-at_install")
class TestReviewerNotParent(HttpCase, DossierCommon):
    """Real data: a commune's kindergarten, placed under its commune, reviewed by Phòng GD&ĐT."""

    def setUp(self):
        super().setUp()
        self.kindergarten = self.env["thidua.unit"].create({
            "name": "  Trường Mầm non   An Bình ", "code": "T_MN_AB", "unit_type": "school",
            "parent_id": self.unit_commune_a.id, "review_unit_id": self.unit_education.id,
        })
        self.officer = new_test_user(self.env, "t_mamnon", groups="base.group_portal", name="Cô Hiệu trưởng",
                                     lang="vi_VN")
        self.kindergarten.officer_ids = self.officer
        self.running = self.env["thidua.campaign"].create({
            "name": "Phong trào Mầm non", "issuing_unit_id": self.unit_district.id,
            "date_start": date(2024, 11, 1), "date_end": date(2025, 12, 31), "registration_deadline": date(2025, 1, 1),
            "content_ids": [Command.create({"name": "Chăm sóc trẻ"})],
        })
        self.running.with_user(self.user_appraiser).action_open()
        self.registration = self._make_registration(self.kindergarten, self.officer, campaign=self.running)
        self.registration.with_user(self.officer).action_submit()

    def _rpc(self, login, model, method, *args, **kwargs):
        self.authenticate(login, login)
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def test_aggregating_unit_reads_forwards_and_returns(self):
        found = self._rpc("t_education", "thidua.registration", "search_read",
                          [("state", "=", "submitted")], ["unit_id", "can_forward"])
        self.assertEqual([row["id"] for row in found], self.registration.ids)
        self.assertTrue(found[0]["can_forward"])
        # the unit it reviews is readable (named in lists), its items too
        self._rpc("t_education", "thidua.unit", "read", self.kindergarten.ids, ["name"])
        self._rpc("t_education", "thidua.registration.item", "read", self.registration.item_ids.ids, ["name"])
        # the commune, its parent, sees it but does not act for it
        with self.assertRaises(JsonRpcException):
            self._rpc("t_commune_a", "thidua.registration", "action_forward", self.registration.ids)
        self._rpc("t_education", "thidua.registration", "action_return", self.registration.ids, "Bổ sung chỉ tiêu")
        self.assertEqual((self.registration.state, self.registration.review_note), ("returned", "Bổ sung chỉ tiêu"))
        self.registration.with_user(self.officer).action_submit()
        self._rpc("t_education", "thidua.registration", "action_forward", self.registration.ids)
        self.assertEqual(self.registration.state, "forwarded")
        # the name typed with stray spaces is stored as a person reads it
        self.assertEqual(self.kindergarten.name, "Trường Mầm non An Bình")

    def test_officer_replaced_mid_campaign(self):
        """In the running server: the removed officer loses the unit at once, the new one gains it."""
        successor = new_test_user(self.env, "t_mamnon_moi", groups="base.group_portal", name="Cô Hiệu trưởng mới",
                                  lang="vi_VN")
        url = f"/my/thidua/registration/{self.registration.id}"
        self.authenticate("t_mamnon", "t_mamnon")
        self.assertEqual(self.url_open(url).status_code, 200)
        self.authenticate("t_mamnon_moi", "t_mamnon_moi")
        self.assertEqual(self.url_open(url).status_code, 404)
        # the administrator hands the school to the successor
        self.kindergarten.officer_ids = successor
        self.assertEqual(self.url_open(url).status_code, 200)
        self._rpc("t_mamnon_moi", "thidua.registration", "read", self.registration.ids, ["state"])
        self.authenticate("t_mamnon", "t_mamnon")
        self.assertEqual(self.url_open(url).status_code, 404)
        with self.assertRaises(JsonRpcException):
            self._rpc("t_mamnon", "thidua.registration", "read", self.registration.ids, ["state"])
        response = self.url_open(f"{url}/submit", data={"csrf_token": http.Request.csrf_token(self)})
        self.assertIn(response.status_code, (403, 404))
