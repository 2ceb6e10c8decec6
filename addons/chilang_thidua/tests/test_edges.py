"""Unfinished edges a district office notices: form 0603.N says who reports to whom and is signed;
the public verification page gives the signing time as people read it."""

import base64
import io
import re
import shutil
import unittest

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_dossier import DossierCommon
from .test_signature import SignatureCommon


@tagged("post_install", "-at_install")
class TestForm0603Sheet(DossierCommon):

    def _sheet(self, report):
        report.action_export_xlsx()
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file))).active

    def test_units_and_signatures(self):
        self.unit_district.write({"authority_parent_name": "Ủy ban nhân dân tỉnh Thử Nghiệm"})
        report = self.env["thidua.award.report.0603"].with_user(self.user_appraiser).create({
            "year": 2024, "issuing_unit_id": self.unit_district.id})
        self.assertEqual((report.reporting_unit, report.receiving_unit),
                         ("Ủy ban nhân dân huyện Thử Nghiệm", "Ủy ban nhân dân tỉnh Thử Nghiệm"))
        texts = [cell.value for row in self._sheet(report).iter_rows() for cell in row if cell.value]
        self.assertIn("Đơn vị báo cáo: Ủy ban nhân dân huyện Thử Nghiệm", texts)
        self.assertIn("Đơn vị nhận báo cáo: Ủy ban nhân dân tỉnh Thử Nghiệm", texts)
        today = fields.Date.context_today(report)
        self.assertIn(f"Thử Nghiệm, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}", texts)
        for text in ("Người lập biểu", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ tên)", "(Ký, đóng dấu, ghi rõ họ tên)"):
            self.assertIn(text, texts)

        # typed by the officer, the receiving unit is what they typed
        report.receiving_unit = "Ban Thi đua - Khen thưởng tỉnh Thử Nghiệm"
        texts = [cell.value for row in self._sheet(report).iter_rows() for cell in row if cell.value]
        self.assertIn("Đơn vị nhận báo cáo: Ban Thi đua - Khen thưởng tỉnh Thử Nghiệm", texts)

    def test_an_office_reports_to_its_parent(self):
        report = self.env["thidua.award.report.0603"].with_user(self.user_appraiser).create({
            "year": 2024, "issuing_unit_id": self.unit_home_affairs.id})
        self.assertEqual((report.reporting_unit, report.receiving_unit),
                         ("Phòng Nội vụ (thử)", "Ủy ban nhân dân huyện Thử Nghiệm"))


@tagged("post_install", "-at_install")
class TestVerifyPageTime(HttpCase, SignatureCommon):

    def test_signing_time_in_vietnamese_format(self):
        if not shutil.which("wkhtmltopdf"):
            raise unittest.SkipTest("wkhtmltopdf is not installed")
        dossiers = self._make_dossiers(collectives=0, individuals=1, prefix="Giờ ký ")
        decision = self._make_decision(dossiers)
        self.assertRegex(decision.signature_time, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        page = self.url_open(f"/thidua/verify/{dossiers[0].verify_token}").text
        iso = decision.signature_time
        expected = f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]} {iso[11:16]}"
        self.assertIn(f"lúc {expected}.", re.sub(r"\s+", " ", page))
        self.assertNotIn(iso, page)
