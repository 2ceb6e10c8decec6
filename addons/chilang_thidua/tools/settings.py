"""The addon's settings: one table of names, types and defaults, one reader.

Administrators change them on Settings › Emulation and Commendation (``res.config.settings``);
they are stored as system parameters ``chilang_thidua.<name>``. A value that does not parse
(typed by hand in the technical menu) falls back to the default, with a warning in the log.
The defaults below are the only ones: no data file creates the parameters, and the settings page
shows these until an administrator saves another value.
"""

import logging

_logger = logging.getLogger(__name__)

# name: (type, default)
SETTINGS = {
    # a council meets with two thirds of its members; a proposal passes with more than half of ALL
    # members (docs/law.md §4)
    "council_quorum_ratio": (float, 2 / 3),
    "council_approval_ratio": (float, 0.5),
    "council_approval_inclusive": (bool, False),
    "upload_max_mb": (float, 10.0),
    # the public verification page takes one signed PDF (a decision with its annex may be large)
    "verify_max_mb": (float, 30.0),
    "upload_extensions": (str, "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,odt,ods,ppt,pptx,txt"),
    "reminder_days": (str, "7,3,1"),
    "overdue_reminder_interval": (int, 7),
    "dossier_processing_days": (int, 20),  # working days from a complete dossier (docs/law.md §5)
    "result_report_days": (int, 15),
    "bonus_rounding_step": (int, 10000),  # bonuses rounded up to the next 10,000 đồng (docs/law.md §2)
    "report_css_zoom": (float, 0.0),  # 0: detected from the wkhtmltopdf build
    "certificate_parallel_runs": (int, 0),  # 0: one wkhtmltopdf per usable core
    # RFC 3161 timestamp authority every signature the server applies asks (PAdES B-T); "": none
    "timestamp_url": (str, ""),
}


def thidua_setting(env, name):
    """The value of setting ``name`` (see SETTINGS), parsed, or its default."""
    kind, default = SETTINGS[name]
    # sudo: the settings are read by every user's actions (portal uploads, bonus computation …)
    raw = env["ir.config_parameter"].sudo().get_param(f"chilang_thidua.{name}")
    if raw in (None, False, ""):
        return default
    try:
        if kind is bool:
            return raw.strip().lower() in ("1", "true", "yes")
        value = kind(raw)
    except ValueError:
        _logger.warning("Ignoring chilang_thidua.%s=%r: not a %s", name, raw, kind.__name__)
        return default
    if kind in (int, float) and value < 0:
        return default
    return value
