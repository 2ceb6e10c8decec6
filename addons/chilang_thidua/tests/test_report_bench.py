import logging
import time

from odoo.tests import tagged

from .report_common import ThiduaReportCommon

_logger = logging.getLogger(__name__)

BATCH = 300


@tagged("bench", "post_install", "-at_install")
class BenchCertificates(ThiduaReportCommon):
    """300 certificates in one call: one PDF of 300 pages, and how long it takes (make bench)."""

    def test_bench_300_certificates(self):
        dossiers = self._make_dossiers(collectives=100, individuals=BATCH - 100, prefix="Bench ")
        self._make_decision(dossiers)
        report_ref = "chilang_thidua.action_report_certificate"

        start = time.perf_counter()
        pdf = self.render_pdf(report_ref, dossiers)
        total = time.perf_counter() - start
        pages = self.pdf_pages(pdf)
        self.assertEqual(pages, BATCH)

        # the same HTML through wkhtmltopdf alone: what Odoo's own work (values, QWeb, QR codes,
        # splitting and merging the PDF) adds on top of the converter
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        start = time.perf_counter()
        html = Report._render_qweb_html(report_ref, dossiers.ids)[0]
        qweb = time.perf_counter() - start
        report = Report._get_report(report_ref)
        bodies, _ids, header, footer, args = report._prepare_html(html, report_model=report.model)
        start = time.perf_counter()
        Report._run_wkhtmltopdf(bodies, report_ref=report_ref, header=header, footer=footer,
                                specific_paperformat_args=args)
        raw = time.perf_counter() - start
        _logger.info(
            "BENCH certificates: %d pages in one PDF (%d KB) in %.1f s (%.3f s/page); QWeb HTML %.1f s, "
            "wkhtmltopdf alone %.1f s (%.3f s/page)",
            pages, len(pdf) // 1024, total, total / pages, qweb, raw, raw / pages,
        )
