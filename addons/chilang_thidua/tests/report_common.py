import shutil
import subprocess
import tempfile
import unittest
from datetime import date

from ..tools import document_format as fmt
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
        cls.fmt = fmt

    @classmethod
    def _make_dossiers(cls, collectives=1, individuals=2, families=0, award_form=None, prefix=""):
        """Approved dossiers of the test campaign: collectives first, then individuals, then families."""
        if cls.campaign.state != "closed":
            cls.campaign.sudo()._set_state("closed")
        form = award_form or cls.award_form
        vals_list = []
        for index in range(collectives):
            vals_list.append({
                "subject_type": "collective", "nominee_name": f"{prefix}Trường Tiểu học Hữu Lũng {index + 1}",
                "nominee_unit_id": cls.unit_school.id, "unit_id": cls.unit_school.id,
            })
        for index in range(individuals):
            vals_list.append({
                "subject_type": "civil_servant", "nominee_name": f"{prefix}Nguyễn Thị Thu Hường {index + 1}",
                "job_title": "Chuyên viên Phòng Nội vụ", "unit_id": cls.unit_home_affairs.id,
            })
        for index in range(families):
            vals_list.append({
                "subject_type": "family", "nominee_name": f"{prefix}Hộ ông Hoàng Văn Đẳng {index + 1}",
                "unit_id": cls.unit_commune_a.id,
            })
        for vals in vals_list:
            vals.update({
                "campaign_id": cls.campaign.id, "award_form_id": form.id,
                "achievement": "xuất sắc trong phong trào thi đua năm 2024",
            })
        # a campaign proposes only the award forms it grants
        cls.campaign.sudo().award_form_ids = [(4, form.id)]
        # sudo: fixtures skip the submission, appraisal and council steps tested elsewhere
        dossiers = cls.env["thidua.dossier"].sudo().create(vals_list)
        dossiers._set_state("approved")
        return dossiers

    @classmethod
    def _make_decision(cls, dossiers, sign=True, decision_date=date(2024, 12, 5)):
        decision = cls.env["thidua.decision"].sudo().create({
            "campaign_id": cls.campaign.id, "award_form_id": dossiers[:1].award_form_id.id,
            "date_decision": decision_date,
        })
        decision.action_load_dossiers()
        if sign:
            decision.with_user(cls.user_manager).action_sign()
        return decision

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
