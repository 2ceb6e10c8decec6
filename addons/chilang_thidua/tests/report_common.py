import shutil
import subprocess
import tempfile
import unittest

from .common import ThiduaCommon


def pdf_tools_missing():
    """Name the first tool the PDF tests need that this machine lacks, or an empty string."""
    for tool in ("wkhtmltopdf", "pdftotext", "pdfinfo", "pdffonts"):
        if not shutil.which(tool):
            return tool
    return ""


class ThiduaReportCommon(ThiduaCommon):
    """Renders the addon's reports to real PDFs (wkhtmltopdf) and reads them back with poppler."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fmt = cls.env["thidua.document.mixin"]

    def render_pdf(self, report_ref, records, user=None):
        """The PDF bytes of ``report_ref`` for ``records``, rendered as ``user`` (default: admin).

        Odoo renders HTML instead of PDF in test mode unless ``force_report_rendering`` is set.
        """
        missing = pdf_tools_missing()
        if missing:
            raise unittest.SkipTest(f"PDF rendering test skipped: {missing} is not installed (see README)")
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        pdf, report_type = Report.with_context(force_report_rendering=True, lang="vi_VN")._render_qweb_pdf(
            report_ref, records.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf returned no PDF")
        return pdf

    def _poppler(self, tool, pdf, *args):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            result = subprocess.run(
                [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
                capture_output=True, check=True, timeout=120,
            )
        return result.stdout.decode("utf-8")

    def pdf_text(self, pdf, layout=False):
        """The text of the PDF as pdftotext gives it back, whitespace runs collapsed."""
        text = self._poppler("pdftotext", pdf, "-enc", "UTF-8", *(["-layout"] if layout else []))
        return text if layout else " ".join(text.split())

    def pdf_pages(self, pdf):
        for line in self._poppler("pdfinfo", pdf).splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
        return 0

    def assertFontsEmbedded(self, pdf):
        """Every font is embedded; with Tinos installed it is the only family used (no fallback font
        patched in for a Vietnamese glyph)."""
        rows = self._poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(rows, "the PDF uses no font")
        for row in rows:
            cols = row.split()
            self.assertEqual(cols[-5], "yes", f"font not embedded: {row}")
        if subprocess.run(["fc-list", "Tinos"], capture_output=True, check=False).stdout.strip():
            families = {row.split()[0].split("-")[0] for row in rows}
            self.assertEqual(families, {"Tinos"}, f"a fallback font was used: {families}")
