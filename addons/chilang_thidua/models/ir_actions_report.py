import io
from collections import OrderedDict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.pdf import merge_pdf

from ..tools import pdf_pages, pdf_render, pdf_signing

# The addon's reports that need more than Odoo's rendering; the PDF work itself is in
# tools/pdf_render.py (wkhtmltopdf runs, CSS zoom) and tools/pdf_pages.py (page numbers).
DECISION_PACKAGE = "chilang_thidua.report_decision_package"
# electronic copies (bản sao điện tử) of the documents of record: their stored signed file with the
# copy's mark, never rendered, never signed (the server signs only inside issuance)
COPIES = frozenset({"chilang_thidua.report_decision_copy", "chilang_thidua.report_certificate_copy"})
DECISION = "chilang_thidua.report_decision"
CERTIFICATE = "chilang_thidua.report_certificate"
# The multi-page documents, numbered per NĐ 30/2020 (docs/law.md §6): none on page 1.
PAGE_NUMBERED = frozenset({
    DECISION,
    "chilang_thidua.report_campaign_plan",
    "chilang_thidua.report_council_minutes",
    "chilang_thidua.report_proposal",
})


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """The addon's administrative documents use their own page shell.

        Odoo's ``web.minimal_layout`` links the company report assets (Bootstrap …), which
        wkhtmltopdf fetches over HTTP for every body and which fight the decree's typography;
        ours carries its stylesheet inline and renders no header/footer page (the documents keep
        everything in the body, as the unpatched-Qt wkhtmltopdf of Debian requires).
        """
        if len(self) == 1 and (self.report_name or "").startswith("chilang_thidua."):
            layout = self.env.ref("chilang_thidua.report_minimal_layout", raise_if_not_found=False)
            if layout:
                return layout
        return super()._get_layout()

    @api.model
    def _thidua_css_zoom(self):
        """CSS zoom of the addon's documents (``report_minimal_layout`` reads it): see
        ``pdf_render.css_zoom``."""
        return pdf_render.css_zoom(self.env)

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """Issued certificates print as stored (``_thidua_issued_certificates``), never signed anew,
        and electronic copies are made of stored files, in tests too (where Odoo otherwise renders
        HTML)."""
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        report = self._get_report(report_ref)
        if report.report_name in COPIES:
            # a stored file with a mark, whatever the mode (tests render HTML otherwise)
            return self._thidua_electronic_copy(report, res_ids), "pdf"
        if report.report_name == CERTIFICATE and res_ids and not pdf_signing.current_visible_signature():
            issued = self._thidua_issued_certificates(res_ids, data)
            if issued:
                return issued, "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _run_wkhtmltopdf(  # noqa: PLR0917 - Odoo's positional signature
        self, bodies, report_ref=False, header=None, footer=None, landscape=False,
        specific_paperformat_args=None, set_viewport_size=False,
    ):
        """The numbered documents run one wkhtmltopdf per document, so that each one's pages count
        from 1 (and the unpatched-Qt build, which prints one HTML file per run, prints them all),
        then get their page numbers (``stamp_page_numbers``)."""
        report = self._get_report(report_ref) if report_ref else self.browse()
        if report.report_name not in PAGE_NUMBERED:
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
        paperformat = report.get_paperformat()
        pdfs = []
        for body in bodies:
            pdf = super()._run_wkhtmltopdf(
                [body], report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
            pdfs.append(pdf_pages.stamp_page_numbers(pdf, paperformat.margin_left, paperformat.margin_right))
        return pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Odoo calls this when it renders a PDF (in tests: only with ``force_report_rendering``).

        - The decision package is the decision (portrait) followed by its certificates (landscape):
          one wkhtmltopdf run has one orientation, so both are rendered and merged into one PDF.
        - Certificates are converted by parallel wkhtmltopdf runs (``pdf_render``), never signed:
          a preview (marked DỰ THẢO) for a dossier not awarded, the signed decision's wording for
          an awarded one. Only the decision's signing renders them for its key
          (``pdf_signing.visible_signature`` set by that code). A report given an ``attachment``
          by an administrator is left to Odoo, which stores and reuses it.
        - A digitally signed decision prints as its document of record, the stored signed PDF,
          byte for byte; the others are rendered.

        Odoo's ``attachment`` / ``attachment_use`` is not used for the documents of record: it
        finds a stored file by its name among the record's attachments, and anyone who may attach a
        file to a decision or a dossier could give one that name. The signed files are the
        record's own fields (``signed_pdf_id``, ``certificate_pdf_id``), written by the signing
        only; a certificate is a page of a batch, not one file per print.
        """
        report = self._get_report(report_ref)
        if res_ids and report.report_name == DECISION_PACKAGE:
            return self._thidua_one_stream(self._render_thidua_decision_package(res_ids, data))
        if res_ids and report.report_name == CERTIFICATE and not report.attachment:
            return self._thidua_one_stream(pdf_render.render_certificate_runs(self, report, res_ids, data))
        if report.report_name != DECISION or not res_ids:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        decisions = self.env["thidua.decision"].browse(res_ids)
        stored = {decision.id: decision._signed_pdf_bytes() for decision in decisions}
        stored = {res_id: raw for res_id, raw in stored.items() if raw}
        if not stored:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        rest = [res_id for res_id in res_ids if res_id not in stored]
        rendered = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=rest) if rest else {}
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in stored:
                streams[res_id] = {"stream": io.BytesIO(stored[res_id]), "attachment": None}
            elif res_id in rendered:
                streams[res_id] = rendered.pop(res_id)
        streams.update(rendered)  # a multi-record render Odoo could not split (key False)
        return streams

    @api.model
    def _thidua_electronic_copy(self, report, res_ids):
        """The electronic copy of one signed document (``_electronic_copy_bytes`` of the record,
        which checks that the user may read it): one file, its signatures kept."""
        records = self.env[report.model].browse(res_ids or [])
        if len(records) != 1:
            raise UserError(self.env._("Make the electronic copy of one document at a time."))
        return records._electronic_copy_bytes()

    @api.model
    def _thidua_one_stream(self, pdf):
        """``pdf``, a whole document that Odoo must not split per record, as Odoo's streams."""
        return OrderedDict({False: {"stream": io.BytesIO(pdf), "attachment": None}})

    def _thidua_issued_certificates(self, res_ids, data=None):
        """The certificates as issued, or None when none of ``res_ids`` has a stored one.

        One dossier: its stored file, byte for byte. Exactly one decision's awardees in its order:
        the signed batch stored with the decision. Any other selection: a compilation, whose first
        page says so (the digital signatures are in the single files), of the stored files and of
        the others rendered (previews, awards of decisions signed without a certificate).
        """
        ids = list(dict.fromkeys(res_ids))
        dossiers = self.env["thidua.dossier"].browse(ids)
        # the stored files are read as the superuser below: the user must read every dossier asked for
        dossiers.check_access("read")
        # a compilation takes a dossier's page of a signed batch (signed elsewhere), a single print the whole file
        stored = dossiers._certificates_of_record(pages=len(ids) > 1)
        if not stored:
            return None
        if len(ids) == 1:
            return stored[ids[0]]
        batch = dossiers._signed_certificates_bytes()
        if batch:
            return batch
        rest = [res_id for res_id in ids if res_id not in stored]
        rendered = []
        if rest:
            rendered = [self.with_context(force_report_rendering=True)._render_qweb_pdf(CERTIFICATE, rest, data)[0]]
        documents = [stored[res_id] for res_id in ids if res_id in stored] + rendered
        ordered = dossiers.browse([res_id for res_id in ids if res_id in stored] + rest)
        return pdf_signing.compilation(self._thidua_compilation_cover(ordered, len(rest)), documents)

    def _thidua_compilation_cover(self, dossiers, rendered_count):
        """The first page of a compilation of certificates, in Vietnamese (a document's language)."""
        env = self.with_context(lang="vi_VN").env
        paragraphs = [
            env._("This file compiles %(count)s certificates to print or read them at once. It is not an issued "
                  "document and carries no digital signature.", count=len(dossiers)),
            env._("The digital signature of the issuing body is in the single file of each certificate, stored "
                  "when the decision was signed. Check a certificate on the verification page of the QR code "
                  "printed on it, with its single file."),
        ]
        if rendered_count:
            paragraphs.append(env._(
                "The last %(count)s pages are printed from the system, not from an issued file: drafts (marked "
                "DỰ THẢO) or awards of decisions signed without a digital signature.", count=rendered_count))
        draft = env._("draft (not issued)")
        items = [
            " – ".join(filter(None, [dossier.nominee_name or dossier.name,
                                     dossier.decision_id.name if dossier.state == "awarded" else draft]))
            for dossier in dossiers
        ]
        font, _family = pdf_pages.page_number_font()
        return pdf_signing.compilation_cover(font, env._("COMPILATION OF CERTIFICATES (NOT SIGNED)"), paragraphs,
                                             items)

    def _render_thidua_decision_package(self, decision_ids, data=None):
        pdfs = []
        for decision in self.env["thidua.decision"].browse(decision_ids):
            pdfs.append(self._render_qweb_pdf("chilang_thidua.action_report_decision", decision.ids, data)[0])
            dossiers = decision.line_ids.sorted(lambda line: (line.sequence, line.id)).dossier_id
            if dossiers:
                pdfs.append(self._render_qweb_pdf("chilang_thidua.action_report_certificate", dossiers.ids, data)[0])
        return merge_pdf(pdfs)
