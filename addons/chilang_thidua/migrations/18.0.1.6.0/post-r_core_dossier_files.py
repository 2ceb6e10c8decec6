"""18.0.1.6.0: a dossier holds only files uploaded to it (or to no record), so that a change of
another model's file needs no dossier search. A file of another record linked to a dossier
before this version is left where it is, and named in the log for the administrator: that
dossier's copy of it is no longer frozen with the dossier.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """SELECT rel.dossier_id, att.id, att.res_model FROM thidua_dossier_attachment_rel rel
             JOIN ir_attachment att ON att.id = rel.attachment_id
            WHERE att.res_model IS NOT NULL AND att.res_model NOT IN ('', 'thidua.dossier')"""
    )
    for dossier_id, attachment_id, res_model in cr.fetchall():
        _logger.warning("dossier %s holds attachment %s of %s: upload it to the dossier itself",
                        dossier_id, attachment_id, res_model)
