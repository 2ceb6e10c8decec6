"""The award chain replayed by an attacker who controls the whole JSON-RPC call.

Every forgery below is a real ``/web/dataset/call_kw`` request of a real user of the role
concerned, sent with a context that sets every context key the addon's code reads (found by
scanning its source, so a new key joins the attack by itself) plus the keys earlier versions
used as guards. Each must be refused with a plain Odoo error and change nothing.

The *insider* rows (kinds ``insider:…``) are what a user with real rights tries beyond them:
writing the chatter in someone else's name, reading another body's lines, learning another
unit's awards from an identity number. Some of these calls are allowed to answer (posting a
comment, saving one's own draft): ``expect=HARMLESS`` rows must then leave ``watch`` unchanged
and ``leak`` false on the answer.

A new guard or a new attack is one line of ``FORGERIES``.
"""

import pathlib
import re
from datetime import date

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import another_body
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


# What a forgery's call must do: be refused with a plain Odoo error, or (a call the role may
# make, such as posting a comment) answer or refuse, as long as nothing is forged or leaked.
REFUSED, HARMLESS = "refused", "harmless"
# An identity number (CCCD) of an awarded person of another unit, and what a forged sender says.
OTHER_CCCD = "020190005678"
FORGED_SENDER = "Chủ tịch UBND huyện Thử Nghiệm <chu.tich@ubnd.example.vn>"


def F(kind, login, model, method, args, watch, kwargs=None, context=None,  # noqa: N802, PLR0913, PLR0917
      expect=REFUSED, leak=None):
    """One forgery: ``args``/``kwargs``/``watch`` are functions of the test case; ``leak(t, answer)``
    says whether an answer gave away what the user may not know."""
    return {"kind": kind, "login": login, "model": model, "method": method, "args": args,
            "kwargs": kwargs or (lambda t: {}), "watch": watch, "context": context or {}, "expect": expect,
            "leak": leak or (lambda t, answer: False)}


def tracking_command(t, old="Đã thẩm định", new="Hội đồng phê duyệt"):
    """A tracking value as the chatter shows a state change, forged by the client."""
    field = t.env["ir.model.fields"]._get("thidua.dossier", "state")
    return [[0, 0, {"field_id": field.id, "old_value_char": old, "new_value_char": new}]]


def message_vals(t, **values):
    return {"model": "thidua.dossier", "res_id": t.family.id, "body": "Hồ sơ đã được Hội đồng phê duyệt.",
            "message_type": "comment"} | values


def names_awarded(t, answer):
    """The answer names the other unit's awarded person or their decision."""
    return any(secret in str(answer) for secret in (t.decision.name, "Nguyễn Văn Được"))


def rows_of(records):
    """leak(): the answer lists one of ``records(t)`` or names the other body's nominee."""
    def leak(t, answer):
        ids = records(t).ids
        return t.c2_dossier.nominee_name in str(answer) or any(
            isinstance(row, dict) and row.get("id") in ids for row in (answer or []))
    return leak


c2_lines = rows_of(lambda t: t.c2_decision.line_ids)
c2_criteria = rows_of(lambda t: t.c2_dossier.criterion_ids)


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
    # --- insider: the chatter is the audit trail (no other author, sender, kind or tracked change) ----
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, message_type="notification", author_id=False, email_from="Phòng Nội vụ <nv@ex.vn>",
                              tracking_value_ids=tracking_command(t))], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, message_type="notification")], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, message_type="auto_comment")], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, author_id=False)], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, email_from="Phòng Nội vụ <nv@ex.vn>")], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, tracking_value_ids=tracking_command(t))], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t, date="2024-11-20 08:00:00")], lambda t: t.messages(t.family)),
    F("insider:chatter", "t_council", "mail.message", "create",
      lambda t: [message_vals(t)], lambda t: t.messages(t.family),
      context={"default_message_type": "notification", "default_author_id": False}),
    F("insider:chatter", "t_commune_a", "thidua.dossier", "message_notify",
      lambda t: [[t.family.id]], lambda t: t.messages(t.family),
      kwargs=lambda t: {"partner_ids": t.user_manager.partner_id.ids, "body": "Hồ sơ đã được phê duyệt."}),
    F("insider:chatter", "t_commune_a", "mail.message", "write",
      lambda t: [t.own_comment.ids, {"author_id": t.user_appraiser.partner_id.id}], lambda t: t.forged(t.family)),
    F("insider:chatter", "t_commune_a", "mail.message", "write",
      lambda t: [t.own_comment.ids, {"message_type": "notification", "email_from": FORGED_SENDER}],
      lambda t: t.forged(t.family)),
    F("insider:chatter", "t_commune_a", "mail.message", "write",
      lambda t: [t.own_comment.ids, {"tracking_value_ids": tracking_command(t)}], lambda t: t.forged(t.family)),
    F("insider:chatter", "t_council", "thidua.dossier", "message_post",
      lambda t: [[t.family.id]], lambda t: t.forged(t.family), expect=HARMLESS,
      kwargs=lambda t: {"body": "Đã thẩm định.", "message_type": "notification", "author_id": False,
                        "email_from": "Phòng Nội vụ <nv@ex.vn>", "subtype_xmlid": "mail.mt_comment",
                        "tracking_value_ids": tracking_command(t), "date": "2024-11-20 08:00:00"}),
    F("insider:chatter", "t_portal_school", "thidua.dossier", "message_post",
      lambda t: [[t.school_dossier.id]], lambda t: t.forged(t.school_dossier), expect=HARMLESS,
      kwargs=lambda t: {"body": "Đồng ý đề nghị khen thưởng.", "email_from": FORGED_SENDER,
                        "message_type": "auto_comment"}),
    # --- insider: another government body's lines (the company rules) --------------------------
    F("insider:company", "t_appraiser", "thidua.decision.line", "search_read",
      lambda t: [[]], lambda t: 0, expect=HARMLESS, leak=c2_lines,
      kwargs=lambda t: {"fields": ["nominee_name", "bonus_amount", "company_id"]}),
    F("insider:company", "t_council", "thidua.decision.line", "search_read",
      lambda t: [[("decision_id", "=", t.c2_decision.id)]], lambda t: 0, expect=HARMLESS, leak=c2_lines,
      kwargs=lambda t: {"fields": ["nominee_name", "bonus_amount"]}),
    F("insider:company", "t_appraiser", "thidua.dossier.criterion", "search_read",
      lambda t: [[("dossier_id", "=", t.c2_dossier.id)]], lambda t: 0, expect=HARMLESS, leak=c2_criteria,
      kwargs=lambda t: {"fields": ["name", "is_met"]}),
    F("insider:company", "t_council", "thidua.decision.line", "read",
      lambda t: [t.c2_decision.line_ids.ids, ["nominee_name", "bonus_amount"]], lambda t: 0, expect=HARMLESS,
      leak=c2_lines),
    F("insider:company", "t_appraiser", "thidua.decision.line", "search_read",
      lambda t: [[]], lambda t: 0, leak=c2_lines, kwargs=lambda t: {"fields": ["nominee_name"]},
      context={"allowed_company_ids": lambda t: t.company2.ids}),
    # --- insider: an identity number typed into one's own draft shows no other unit's award ------
    F("insider:history", "t_portal_school", "thidua.dossier", "web_save",
      lambda t: [[t.school_dossier.id], {"identity_number": OTHER_CCCD}], lambda t: 0, expect=HARMLESS,
      leak=names_awarded, kwargs=lambda t: {"specification": {"award_history": {}, "duplicate_warning": {}}}),
    F("insider:history", "t_commune_b", "thidua.dossier", "web_save",
      lambda t: [[t.other.id], {"identity_number": OTHER_CCCD}], lambda t: 0, expect=HARMLESS,
      leak=names_awarded, kwargs=lambda t: {"specification": {"award_history": {}, "duplicate_warning": {}}}),
    F("insider:history", "t_commune_b", "thidua.dossier", "web_save",
      lambda t: [[t.other.id], {"nominee_name": "Nguyễn  Văn Được"}], lambda t: 0, expect=HARMLESS,
      leak=lambda t, answer: t.decision.name in str(answer),
      kwargs=lambda t: {"specification": {"award_history": {}, "duplicate_warning": {}}}),
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
        awarded = self._eligible_individual(nominee_name="Nguyễn Văn Được", identity_number=OTHER_CCCD) | \
            self._eligible_individual(
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
        # insiders: the roles below the appraiser, and a comment commune A wrote on its dossier
        self.insiders = (self.user_council | self.user_commune_a | self.user_commune_b | self.user_portal_school
                         | self.user_village)
        self.own_comment = self.family.with_user(self.user_commune_a).message_post(
            body="Đã bổ sung xác nhận thu nhập.", message_type="comment", subtype_xmlid="mail.mt_comment")
        self._another_body()
        self.env.flush_all()

    def _another_body(self):
        """Another district's government (company): an approved dossier on its draft decision
        (fixture shortcut: the superuser skips the workflow tested elsewhere)."""
        self.company2, self.c2_dossier, self.c2_decision, _campaign = another_body(self.env, self.award_form)
        self.assertTrue(self.c2_decision.line_ids and self.c2_dossier.criterion_ids, "the other body's lines exist")

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

    def messages(self, record):
        """How many messages the record's chatter holds."""
        return self.env["mail.message"].sudo().search_count([("model", "=", record._name), ("res_id", "=", record.id)])

    def forged(self, record):
        """The record's messages written by a user (not the server) that are not a plain comment,
        note or sent mail in their own name: another author or sender, another kind, tracked changes."""
        messages = self.env["mail.message"].sudo().search([("model", "=", record._name), ("res_id", "=", record.id)])
        messages.invalidate_recordset()
        return len(messages.filtered(lambda message: message.create_uid in self.insiders and not (
            message.message_type in ("comment", "email_outgoing") and not message.tracking_value_ids
            and message.author_id == message.create_uid.partner_id
            and message.email_from in (False, message.create_uid.partner_id.email_formatted)
            and message.date >= message.create_date.replace(microsecond=0)
        )))

    def count(self, model, state=None):
        return self.env[model].sudo().search_count([("state", "=", state)] if state else [])

    def dossier_vals(self, **values):
        return {"campaign_id": self.campaign.id, "unit_id": self.unit_commune_a.id,
                "award_form_id": self.award_form.id, "subject_type": "family", "annual_income": 1_000} | values

    def _context_of(self, forgery):
        """The forgery's own context keys: '@name' is the id of the test's record ``name``, '@@name'
        the x2many value that sets its records, a function of the test case its value."""
        def resolve(value):
            if callable(value):
                return value(self)
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
                args = (forgery["login"], forgery["model"], forgery["method"], forgery["args"](self),
                        forgery["kwargs"](self), self._context_of(forgery))
                if forgery["expect"] == REFUSED:
                    with self.assertRaises(JsonRpcException) as caught:
                        self._rpc(*args)
                    # a refusal of the kind a user sees, not a crash of the test's own making
                    self.assertIn(str(caught.exception), REFUSALS)
                    answer = None
                else:
                    try:
                        answer = self._rpc(*args)
                    except JsonRpcException as error:
                        self.assertIn(str(error), REFUSALS)
                        answer = None
                self.assertFalse(forgery["leak"](self, answer), f"the answer gave away too much: {answer}")
                self.assertEqual(forgery["watch"](self), before, "the forgery changed something")
                refused[forgery["kind"]] = refused.get(forgery["kind"], 0) + 1
        # every forgery in the list is refused, none slips through unnoticed
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
        # another unit's awarded nominee is counted, not named: no award, decision or date
        dossier_id = self._rpc("t_commune_b", "thidua.dossier", "create", [
            self.dossier_vals(unit_id=self.unit_commune_b.id, nominee_name="Nguyễn  Văn Được ",
                              subject_type="civil_servant")], {}, {})
        [values] = self._rpc("t_commune_b", "thidua.dossier", "read", [[dossier_id], ["award_history"]], {}, {})
        self.assertNotIn(self.decision.name, values["award_history"])
        self.assertIn("2024: 1 khen thưởng khác cùng năm — liên hệ cơ quan thẩm định", values["award_history"])

    # -- insiders: the chatter and the award history, the answers they get ------------------------
    def _last_message(self, record):
        return self.env["mail.message"].sudo().search([("model", "=", record._name), ("res_id", "=", record.id)],
                                                     order="id desc", limit=1)

    def _assert_own_comment(self, message, user, subtype="mail.mt_comment"):
        self.assertEqual(message.create_uid, user)
        self.assertEqual(message.author_id, user.partner_id)
        self.assertEqual(message.email_from, user.partner_id.email_formatted)
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.subtype_id, self.env.ref(subtype))
        self.assertFalse(message.tracking_value_ids)

    def test_chatter_posts_are_in_the_posters_name(self):
        """The portal chatter's route and message_post over RPC write a comment in the poster's name,
        whatever type, subtype, author, sender or tracked change the client sends."""
        self.authenticate("t_portal_school", "t_portal_school")
        self.make_jsonrpc_request("/mail/message/post", {
            "thread_model": "thidua.dossier", "thread_id": self.school_dossier.id,
            "post_data": {"body": "Nhà trường xin ý kiến.", "message_type": "notification",
                          "subtype_xmlid": "mail.mt_note", "author_id": self.user_manager.partner_id.id,
                          "email_from": FORGED_SENDER, "tracking_value_ids": tracking_command(self)},
            "context": dict(hostile_context(), mail_post_autofollow=False),
        })
        message = self._last_message(self.school_dossier)
        self.assertIn("Nhà trường xin ý kiến.", message.body)
        self._assert_own_comment(message, self.user_portal_school)
        self._rpc("t_portal_school", "thidua.dossier", "message_post", [[self.school_dossier.id]], {
            "body": "Đồng ý.", "email_from": FORGED_SENDER, "author_id": self.user_manager.partner_id.id,
            "message_type": "notification", "subtype_xmlid": "mail.mt_comment",
            "tracking_value_ids": tracking_command(self)}, {})
        message = self._last_message(self.school_dossier)
        self.assertNotIn("Chủ tịch", message.email_from or "")
        self._assert_own_comment(message, self.user_portal_school)
        # an internal user's note stays a note, in their name
        self.authenticate("t_council", "t_council")
        self.make_jsonrpc_request("/mail/message/post", {
            "thread_model": "thidua.dossier", "thread_id": self.family.id,
            "post_data": {"body": "Ghi chú của ủy viên.", "message_type": "auto_comment",
                          "subtype_xmlid": "mail.mt_note"},
        })
        self._assert_own_comment(self._last_message(self.family), self.user_council, subtype="mail.mt_note")

    def test_composer_writes_in_own_name(self):
        """The mail composer (comment or mass mail) records on a dossier in the sender's own name."""
        for mode in ("mass_mail", "comment"):
            with self.subTest(mode=mode):
                before = self.forged(self.family)
                composer = self._rpc("t_commune_a", "mail.compose.message", "create", [{
                    "composition_mode": mode, "model": "thidua.dossier", "res_ids": str(self.family.ids),
                    "subject": "Phê duyệt", "body": "Hồ sơ đã được phê duyệt.", "message_type": "notification",
                    "author_id": self.user_appraiser.partner_id.id, "email_from": FORGED_SENDER,
                }], {}, {})
                self._rpc("t_commune_a", "mail.compose.message", "action_send_mail", [[composer]], {}, {})
                self.assertEqual(self.forged(self.family), before)
                message = self._last_message(self.family)
                self.assertEqual((message.author_id, message.create_uid),
                                 (self.user_commune_a.partner_id, self.user_commune_a))
                self.assertNotIn("Chủ tịch", message.email_from)

    def test_server_chatter_still_writes(self):
        """Tracking, the workflow's notices and Odoo's activity notices keep their kind and values;
        other models' chatter is Odoo's own."""
        # end the fixtures' transaction: mail tracks no change of a record created in the same one
        self.env.flush_all()
        self.cr.precommit.run()
        self.family.with_user(self.user_commune_a).action_submit()
        self.env.flush_all()
        self.cr.precommit.run()
        self.family.with_user(self.user_appraiser).action_return("Bổ sung xác nhận thu nhập")
        self.env.flush_all()
        self.cr.precommit.run()
        messages = self.env["mail.message"].search([("model", "=", "thidua.dossier"), ("res_id", "=", self.family.id)])
        tracked = messages.filtered("tracking_value_ids")
        self.assertTrue(tracked, "the submission's state change is tracked")
        self.assertEqual(tracked.author_id, self.user_commune_a.partner_id | self.user_appraiser.partner_id)
        self.assertIn("notification", messages.mapped("message_type"))
        # an appraiser gives the manager a to-do on the dossier: Odoo tells the manager in their inbox
        self.family_submitted.with_user(self.user_appraiser).activity_schedule(
            "mail.mail_activity_data_todo", summary="Xem hồ sơ", user_id=self.user_manager.id)
        notice = self.env["mail.message"].search([("model", "=", "thidua.dossier"),
                                                  ("res_id", "=", self.family_submitted.id),
                                                  ("message_type", "=", "user_notification")])
        self.assertEqual(notice.author_id, self.user_appraiser.partner_id)
        # a partner's chatter (not an emulation record) is left to Odoo
        partner = self.env["res.partner"].create({"name": "Công ty đối tác"})
        message = partner.with_user(self.env.ref("base.user_admin")).message_post(
            body="Thư đến", email_from="Đối tác <doi.tac@example.vn>", author_id=False, message_type="email")
        self.assertEqual((message.email_from, message.message_type), ("Đối tác <doi.tac@example.vn>", "email"))

    def test_identity_number_shows_only_readable_awards(self):
        """A portal officer and a unit user type another unit's awarded person's CCCD into their own
        draft: the award is counted, without name, decision or date; the appraiser and the person's
        own unit see it in full."""
        counted = "1 khen thưởng khác cùng năm — liên hệ cơ quan thẩm định"
        self._rpc("t_portal_school", "thidua.dossier", "write",
                  [[self.school_dossier.id], {"identity_number": OTHER_CCCD}], {}, {})
        page = self.url_open(f"/my/thidua/dossiers/{self.school_dossier.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(counted, page.text)
        for secret in (self.decision.name, "Nguyễn Văn Được", "05/12/2024"):
            self.assertNotIn(secret, page.text)
        self._rpc("t_commune_b", "thidua.dossier", "write", [[self.other.id], {"identity_number": OTHER_CCCD}], {}, {})
        [values] = self._rpc("t_commune_b", "thidua.dossier", "read",
                             [[self.other.id], ["award_history", "duplicate_warning"]], {}, {})
        self.assertIn(counted, values["award_history"])
        self.assertIn(counted, values["duplicate_warning"])
        self.assertFalse(names_awarded(self, values), values)
        [values] = self._rpc("t_appraiser", "thidua.dossier", "read", [[self.other.id], ["award_history"]], {}, {})
        self.assertTrue(names_awarded(self, values), values)
        self.assertNotIn(counted, values["award_history"])
        self._rpc("t_commune_a", "thidua.dossier", "write", [[self.family.id], {"identity_number": OTHER_CCCD}], {}, {})
        [values] = self._rpc("t_commune_a", "thidua.dossier", "read", [[self.family.id], ["award_history"]], {}, {})
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
