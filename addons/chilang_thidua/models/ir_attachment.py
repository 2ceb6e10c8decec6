from odoo import models
from odoo.exceptions import UserError

# What makes a document: changing these on a dossier's evidence changes the dossier.
CONTENT_FIELDS = {"datas", "raw", "db_datas", "name", "url", "type", "res_model", "res_id", "res_field"}
# the models whose signed files are documents of record
RECORD_MODELS = ("thidua.decision", "thidua.dossier")
# the files a dossier may hold: uploaded to it, or to no record (thidua.dossier refuses the others)
DOSSIER_FILE_MODELS = (False, "thidua.dossier")


class IrAttachment(models.Model):
    """A dossier's documents are part of it: frozen with it.

    Odoo lets whoever may write a record (or created the file) rewrite or delete its attachments;
    the documents of a dossier under appraisal, voted on or awarded must stay what the appraiser,
    the council and the decision saw.
    """

    _inherit = "ir.attachment"

    def _thidua_check_dossier_documents(self, vals=None):
        if self.env.su or not self:
            return
        # sudo: the files' own links, read whatever the user's rights on them
        files = self.sudo()
        # another model's files (a partner's, a message's …): no dossier holds them, no search
        if not any((attachment.res_model or False) in DOSSIER_FILE_MODELS for attachment in files):
            return
        # sudo: which dossiers hold these files, whatever the user may read of them
        Dossier = self.env["thidua.dossier"].sudo()
        attached = [a.res_id for a in files if a.res_model == "thidua.dossier" and a.res_id]
        dossiers = Dossier.search(["|", ("attachment_ids", "in", self.ids), ("id", "in", attached)])
        # the dossier's own "edit" states, for the user's role (the appraisers' include "submitted")
        roles = {"appraiser"} if self.env.user.has_group("chilang_thidua.group_appraiser") else {"officer"}
        open_states = Dossier._editable_states(roles)
        if vals and (vals.get("res_model") or False) not in DOSSIER_FILE_MODELS:
            # a dossier's file handed to another model would escape the early exit above
            holding = dossiers.filtered(lambda dossier: dossier.attachment_ids & files)
            if holding:
                raise UserError(self.env._(
                    "These documents belong to the dossier %(dossier)s: they cannot be moved to another record.",
                    dossier=holding[0].name,
                ))
        locked = dossiers.filtered(lambda dossier: dossier.state not in open_states)
        if locked:
            raise UserError(
                self.env._("These documents belong to the dossier %(dossier)s, which is %(state)s: they can no "
                           "longer be changed or deleted.", dossier=locked[0].name, state=locked[0]._state_label())
            )

    def _thidua_check_documents_of_record(self):
        """The files issued by a signed decision (its signed PDFs, each awarded dossier's signed
        certificate) are never changed in any field, made public, moved or deleted: only the
        signing writes them (as the superuser)."""
        if self.env.su or not self:
            return
        # sudo: the files' own links, read whatever the user's rights on them
        files = self.sudo()
        if not any(attachment.res_model in RECORD_MODELS for attachment in files):
            return
        # sudo: which decisions and dossiers hold these files as their record, whatever the user may read
        decision = self.env["thidua.decision"].sudo().search(
            ["|", "|", "|", "|", ("signed_pdf_id", "in", self.ids), ("certificate_pdf_id", "in", self.ids),
             ("prepared_pdf_id", "in", self.ids), ("prepared_certificate_pdf_id", "in", self.ids),
             ("line_ids.prepared_certificate_pdf_id", "in", self.ids)], limit=1)
        if decision:
            raise UserError(
                self.env._("This file is the signed document of record of decision %(decision)s: it cannot be "
                           "changed or deleted.", decision=decision.name)
            )
        # sudo: as above, for the certificates stored on the dossiers
        dossier = self.env["thidua.dossier"].sudo().search([("certificate_pdf_id", "in", self.ids)], limit=1)
        if dossier:
            raise UserError(
                self.env._("This file is the certificate of %(dossier)s as issued by decision %(decision)s: it "
                           "cannot be changed or deleted.", dossier=dossier.name, decision=dossier.decision_id.name)
            )

    def write(self, vals):
        # every field of a document of record, ``public`` and ``access_token`` included
        self._thidua_check_documents_of_record()
        if CONTENT_FIELDS & set(vals):
            self._thidua_check_dossier_documents(vals)
        return super().write(vals)

    def unlink(self):
        self._thidua_check_dossier_documents()
        self._thidua_check_documents_of_record()
        return super().unlink()
