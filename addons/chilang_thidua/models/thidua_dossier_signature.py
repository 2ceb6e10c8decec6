"""The certificates (Giấy khen) of awarded dossiers as documents of record (see pdf_signing.py).

A digitally signed decision stores, at its signing, each of its dossiers' certificates as a signed
PDF of its own (and the batch on the decision). Printing never signs: it returns these files.
"""

from odoo import fields, models

from ..tools import pdf_signing


class ThiduaDossier(models.Model):
    _inherit = "thidua.dossier"

    certificate_pdf_id = fields.Many2one(
        "ir.attachment", string="Signed Certificate PDF", readonly=True, copy=False, index="btree_not_null",
        help="The certificate as issued: stored and digitally signed when the decision was signed.",
    )
    certificate_pdf_sha256 = fields.Char(string="SHA-256 of the Signed Certificate", readonly=True, copy=False)

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

    def _certificates_of_record(self):
        """{dossier id: the bytes of its certificate as issued} for the dossiers of ``self`` that
        have one: their own signed file, else (decisions signed before single files were kept)
        their page of the decision's stored batch, unsigned."""
        result = {}
        batches = {}
        for dossier in self.filtered(lambda d: d.state == "awarded"):
            if dossier.certificate_pdf_id:
                # sudo: whoever may read the dossier reads its certificate as issued
                raw = dossier.certificate_pdf_id.sudo().raw
                if raw:
                    result[dossier.id] = raw
                    continue
            decision = dossier._signing_decisions()[:1]
            if not decision.certificate_pdf_id:
                continue
            if decision.id not in batches:
                ordered = decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
                # sudo: the decision's stored batch, read for a dossier the user may read
                pages = pdf_signing.split_pages(decision.certificate_pdf_id.sudo().raw or b"")
                batches[decision.id] = dict(zip(ordered.ids, pages, strict=True)) if len(pages) == len(ordered) else {}
            if dossier.id in batches[decision.id]:
                result[dossier.id] = batches[decision.id][dossier.id]
        return result
