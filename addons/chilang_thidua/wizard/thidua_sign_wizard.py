import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


class ThiduaSignWizard(models.TransientModel):
    """The moment of signing a decision: the token's PIN typed (used for this signature only, never
    written anywhere), or the file signed elsewhere uploaded back."""

    _name = "thidua.sign.wizard"
    _description = "Sign a Decision"

    decision_id = fields.Many2one("thidua.decision", required=True, readonly=True,
                                  ondelete="cascade")
    mode = fields.Selection([("secret", "Type the PIN"), ("issue", "Type the agency token's PIN"),
                             ("upload", "Upload the signed file"),
                             ("issue_upload", "Upload the file signed with the agency's certificate")],
                            default="secret", required=True, readonly=True)
    # Not stored: the value a client sends is taken out of the values before anything is written
    # (create, write) and handed to the signing; the table has no column for it.
    pin = fields.Char(string="PIN or Password", compute="_compute_pin", inverse="_inverse_pin",
                      help="The token's PIN (or the certificate's password): used for this signature, never kept.")
    prepared_pdf_id = fields.Many2one(related="decision_id.prepared_pdf_id", string="PDF to Sign")
    # what the agency's tool writes as it signs: the number and date the clerk gave
    decision_number = fields.Char(related="decision_id.name", string="Number")
    decision_date = fields.Date(related="decision_id.date_decision", string="Date")
    prepared_pdf = fields.Binary(string="Download the PDF to sign", compute="_compute_prepared_pdf")
    prepared_pdf_name = fields.Char(compute="_compute_prepared_pdf")
    signed_file = fields.Binary(string="Signed PDF", attachment=False)
    signed_file_name = fields.Char()
    # the certificates (Giấy khen) of the decision, prepared with it as one batch to sign
    prepared_certificates = fields.Binary(string="Download the certificates to sign",
                                          compute="_compute_prepared_pdf")
    prepared_certificates_name = fields.Char(compute="_compute_prepared_pdf")
    signed_certificates_file = fields.Binary(attachment=False)
    signed_certificates_file_name = fields.Char()
    done = fields.Boolean(readonly=True)

    def _compute_pin(self):
        for wizard in self:
            wizard.pin = False

    def _inverse_pin(self):
        """Never called with a value: create and write take the PIN out first."""

    @api.depends("decision_id")
    def _compute_prepared_pdf(self):
        for wizard in self:
            decision = wizard.decision_id
            # sudo: the decision's own file to sign, shown to the manager signing it, and only to a user
            # who may read the decision (a dialog can be created naming any decision id)
            attachment = decision.prepared_pdf_id.sudo() if decision.has_access("read") else False
            wizard.prepared_pdf = attachment.datas if attachment else False
            wizard.prepared_pdf_name = attachment.name if attachment else False
            # sudo: the same, for the certificates prepared with the decision
            certificates = decision.prepared_certificate_pdf_id.sudo() if attachment else False
            wizard.prepared_certificates = certificates.datas if certificates else False
            wizard.prepared_certificates_name = certificates.name if certificates else False

    @api.model
    def _open_for(self, decision, upload=False, issue=False):
        decision.ensure_one()
        mode = ("issue_upload" if issue else "upload") if upload else "issue" if issue else "secret"
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign Decision"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_decision_id": decision.id, "default_mode": mode},
        }
        if upload:
            # a saved dialog: the browser offers a binary field for download only on a saved record, and
            # the PDF to sign is downloaded from this dialog
            action["res_id"] = self.create({"decision_id": decision.id, "mode": mode}).id
        return action

    @api.model_create_multi
    def create(self, vals_list):
        secrets = [vals.pop("pin", None) for vals in vals_list]
        wizards = super().create(vals_list)
        for wizard, secret in zip(wizards, secrets, strict=True):
            if secret:
                wizard._sign_with(secret)
        return wizards

    def write(self, vals):
        secret = vals.pop("pin", None) if "pin" in vals else None
        result = super().write(vals)
        if secret:
            for wizard in self:
                wizard._sign_with(secret)
        return result

    def _sign_with(self, secret):
        self.ensure_one()
        if self.done:
            return
        if self.mode == "issue":
            self.decision_id._issue(secret=secret)
        else:
            self.decision_id._sign(secret=secret)
        self.done = True

    def action_confirm(self):
        self.ensure_one()
        if self.mode in ("upload", "issue_upload"):
            if not self.signed_file:
                raise UserError(self.env._("Choose the signed PDF to upload."))
            if self.mode == "issue_upload":
                self.decision_id._accept_agency_upload(base64.b64decode(self.signed_file))
            else:
                certificates = self.signed_certificates_file
                self.decision_id._accept_signed_upload(
                    base64.b64decode(self.signed_file),
                    certificates=base64.b64decode(certificates) if certificates else None,
                    names={"decision": self.signed_file_name, "certificates": self.signed_certificates_file_name},
                )
            self.done = True
        elif not self.done:
            raise UserError(self.env._("Type the PIN of the token to sign."))
        return {"type": "ir.actions.act_window_close"}
