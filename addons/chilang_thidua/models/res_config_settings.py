import urllib.parse

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.pdf_signing import timestamp_url_error
from ..tools.settings import SETTINGS


class ResConfigSettings(models.TransientModel):
    """One settings page for what an administrator tunes (Settings › Emulation and Commendation)."""

    _inherit = "res.config.settings"

    thidua_council_quorum_ratio = fields.Float(
        string="Default Quorum", config_parameter="chilang_thidua.council_quorum_ratio",
        default=SETTINGS["council_quorum_ratio"][1],
        help="For sessions without a council: share of the members who must attend (0.6667 = two thirds).",
    )
    thidua_council_approval_ratio = fields.Float(
        string="Default Approval Threshold", config_parameter="chilang_thidua.council_approval_ratio",
        default=SETTINGS["council_approval_ratio"][1],
        help="For sessions without a council: share of ALL members who must vote for a dossier.",
    )
    thidua_council_approval_inclusive = fields.Boolean(
        string="Reaching the Threshold Is Enough", config_parameter="chilang_thidua.council_approval_inclusive",
    )
    thidua_upload_max_mb = fields.Float(
        string="Largest Upload (MB)", config_parameter="chilang_thidua.upload_max_mb",
        default=SETTINGS["upload_max_mb"][1],
    )
    thidua_upload_extensions = fields.Char(
        string="File Types Accepted", config_parameter="chilang_thidua.upload_extensions",
        default=SETTINGS["upload_extensions"][1], help="Comma-separated extensions, e.g. pdf,jpg,png.",
    )
    thidua_reminder_days = fields.Char(
        string="Remind Days Before a Deadline", config_parameter="chilang_thidua.reminder_days",
        default=SETTINGS["reminder_days"][1], help="Comma-separated numbers of days, e.g. 7,3,1.",
    )
    thidua_overdue_reminder_interval = fields.Integer(
        string="Repeat Overdue Reminders Every (days)", config_parameter="chilang_thidua.overdue_reminder_interval",
        default=SETTINGS["overdue_reminder_interval"][1],
    )
    thidua_dossier_processing_days = fields.Integer(
        string="Dossier Processing Time (working days)", config_parameter="chilang_thidua.dossier_processing_days",
        default=SETTINGS["dossier_processing_days"][1],
    )
    thidua_result_report_days = fields.Integer(
        string="Result Reports Due (days after the campaign)", config_parameter="chilang_thidua.result_report_days",
        default=SETTINGS["result_report_days"][1],
    )
    thidua_bonus_rounding_step = fields.Integer(
        string="Round Bonuses Up To (đồng)", config_parameter="chilang_thidua.bonus_rounding_step",
        default=SETTINGS["bonus_rounding_step"][1],
    )
    thidua_report_css_zoom = fields.Float(
        string="Document Zoom", config_parameter="chilang_thidua.report_css_zoom",
        help="0: chosen from the wkhtmltopdf build. Set it only if printed millimetres are off.",
    )
    thidua_certificate_parallel_runs = fields.Integer(
        string="Certificate Printing Processes", config_parameter="chilang_thidua.certificate_parallel_runs",
        help="How many wkhtmltopdf processes one batch of certificates may run at once. 0: one per core. "
        "With several Odoo workers printing at the same time, 1 keeps the server responsive.",
    )
    thidua_web_base_url = fields.Char(
        string="Public Address of the Server", config_parameter="web.base.url",
        help="The address people open the server with, e.g. https://thidua.chilang.langson.gov.vn: printed in the "
        "QR code of every certificate and decision and in the links of e-mails.",
    )
    thidua_web_base_url_freeze = fields.Boolean(
        string="Keep This Address", config_parameter="web.base.url.freeze",
        help="Without it, Odoo replaces the address with the one an administrator last logged in through "
        "(a local address when logged in on the server itself).",
    )
    thidua_base_url_warning = fields.Boolean(string="Local Server Address", compute="_compute_thidua_base_url_warning")
    thidua_timestamp_url = fields.Char(
        string="Timestamp Authority URL", config_parameter="chilang_thidua.timestamp_url",
        default=SETTINGS["timestamp_url"][1] or False,
        help="RFC 3161 address (http:// or https://) of the timestamp authority every signature the server applies "
        "asks for a timestamp (PAdES B-T). Empty: signatures without timestamp.",
    )

    @api.constrains("thidua_timestamp_url")
    def _check_thidua_timestamp_url(self):
        for settings in self:
            error = timestamp_url_error(self.env, settings.thidua_timestamp_url)
            if error:
                raise ValidationError(error)

    @api.depends("thidua_web_base_url")
    def _compute_thidua_base_url_warning(self):
        for settings in self:
            settings.thidua_base_url_warning = is_local_url(settings.thidua_web_base_url)


def is_local_url(url):
    """Whether an address only the server itself can open (or none) is given."""
    host = (urllib.parse.urlsplit((url or "").strip()).hostname or "").lower()
    return not host or host in ("localhost", "0.0.0.0", "::1") or host.startswith("127.") or host.endswith(".localhost")
