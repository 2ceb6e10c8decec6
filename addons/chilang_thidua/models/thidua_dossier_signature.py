"""The certificates (Giấy khen) of awarded dossiers, digitally signed (see pdf_signing.py)."""

import logging

from odoo import models
from odoo.exceptions import UserError

from . import pdf_signing

_logger = logging.getLogger(__name__)


class ThiduaDossier(models.Model):
    _inherit = "thidua.dossier"

    def _signing_decisions(self):
        return self.decision_line_ids.decision_id.filtered(lambda decision: decision.state == "signed")

    def _signed_certificates_bytes(self):
        """The certificates stored at signing, when ``self`` is exactly one decision's awardees in its order."""
        decisions = self._signing_decisions()
        if len(decisions) != 1 or not decisions.certificate_pdf_id:
            return None
        if any(dossier.state != "awarded" for dossier in self):
            return None
        ordered = decisions.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
        if ordered.ids != self.ids:
            return None
        # sudo: the reader may read the decision's dossiers; the stored certificates are its own
        return decisions.certificate_pdf_id.sudo().raw or None

    def _certificates_signing(self):
        """How to sign a print of these certificates now, or None (previews, several issuing bodies,
        a decision signed without a certificate, a certificate no longer usable)."""
        if not self or any(dossier.state != "awarded" for dossier in self):
            return None
        decisions = self._signing_decisions()
        if not decisions or not all(decisions.mapped("is_digitally_signed")):
            return None
        authority = decisions.number_authority_id
        if len(authority) != 1:
            return None
        signing_time = pdf_signing.vietnam_now()
        try:
            loaded = authority._thidua_load_signer(at=signing_time)
        except UserError as error:
            _logger.warning("Certificates of %s printed without a digital signature: %s", authority.name, error)
            return None
        if not loaded:
            return None
        return {
            "signer": loaded, "time": signing_time,
            "visible": authority._visible_signature_info(loaded, signing_time),
            "reason": self.env._("Certificates of decision %(numbers)s", numbers=", ".join(decisions.mapped("name"))),
            "location": authority.place_name or "",
        }
