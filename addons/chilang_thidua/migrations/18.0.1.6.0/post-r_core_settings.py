"""18.0.1.6.0: the settings' defaults live in one place, ``tools/settings.py`` (SETTINGS).

Nine system parameters used to be created by data files with the same defaults. The files are
gone; a database installed before keeps each parameter and its value (an administrator may have
changed it), only its link to the addon's data (the xmlid) is dropped: the parameter is then an
ordinary setting, as the settings page creates it on a new database. Without this, the
parameters would stay linked to data the addon no longer has.
"""

XMLIDS = (
    "config_reminder_days",
    "config_overdue_reminder_interval",
    "config_dossier_processing_days",
    "config_upload_max_mb",
    "config_upload_extensions",
    "param_council_quorum_ratio",
    "param_council_approval_ratio",
    "param_council_approval_inclusive",
    "param_bonus_rounding_step",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'chilang_thidua' AND model = 'ir.config_parameter' AND name IN %s",
        (XMLIDS,),
    )
