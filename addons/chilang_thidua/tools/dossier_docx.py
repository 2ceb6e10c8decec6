"""Editable Word documents of a dossier: the achievement report (báo cáo thành tích, collective or
individual) and the proposal letter (Tờ trình), pre-filled with what the addon knows, for the unit
to complete, sign and attach back.

Layout of NĐ 30/2020 (docs/law.md §6): A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 (the
national motto 13), the two-column header, the title and subject in bold capitals, the signature
block on the right. The sections of the achievement report follow the forms of the decree's annex as
units use them (docs/law.md §5) [likely]. Plain Python: the values come from the dossier.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = 14
BLANK = "…" * 20


def _new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    # Word takes the font of Vietnamese text from the East Asian and complex-script slots too
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(6)
    return document


def _run(paragraph, text, bold=False, italic=False, size=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    return run


def _line(container, text, bold=False, italic=False, size=None, align=WD_ALIGN_PARAGRAPH.CENTER, after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _body(document, text, bold_prefix="", indent=True):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if bold_prefix:
        _run(paragraph, bold_prefix, bold=True)
    _run(paragraph, text)
    return paragraph


def _borderless(table):
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)


def _header(document, values):
    """Issuing body (left) and national motto (right), the number and the place and date."""
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].text = ""
    first = True
    for text, bold in [(values.get("parent", ""), False)] + [(line, True) for line in values.get("body_lines", [])]:
        if not text:
            continue
        paragraph = left.paragraphs[0] if first else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, text, bold=bold, size=13)
        first = False
    _line(left, "―――――", size=10)
    if values.get("number"):
        _line(left, values["number"], size=13)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _line(right, "―――――――――――", size=10)
    _line(right, values.get("date_line", ""), italic=True, size=14)


def _title(document, kind, subject_lines):
    _line(document, "", after=0)
    _line(document, kind, bold=True, size=14)
    for line in subject_lines:
        _line(document, line, bold=True, size=14)
    _line(document, "―――――", size=10, after=6)


def _signatures(document, left_lines, right_lines):
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    for cell, lines in zip(table.rows[0].cells, (left_lines, right_lines), strict=True):
        first = True
        for text, bold, italic in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            _run(paragraph, text, bold=bold, italic=italic, size=13 if italic else 14)
            first = False


def _bytes(document):
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def achievement_report(values):
    """The nominee's báo cáo thành tích as .docx bytes.

    ``values``: ``collective`` (bool), ``unit_parent``, ``unit_lines``, ``date_line``,
    ``award_title``, ``campaign_phrase``, ``nominee_name``, ``job_title``, ``unit_name``,
    ``achievement``, ``items`` (registered models, works, tasks), ``history`` (earlier awards),
    ``period``.
    """
    document = _new_document()
    _header(document, {"parent": values.get("unit_parent", ""), "body_lines": values.get("unit_lines", []),
                       "date_line": values.get("date_line", "")})
    subject = [values["award_title"]] if values.get("award_title") else []
    _title(document, "BÁO CÁO THÀNH TÍCH", subject)
    if values.get("campaign_phrase"):
        _line(document, f"(Thành tích trong {values['campaign_phrase']})", italic=True, after=6)
    if values.get("collective"):
        _line(document, f"Tên tập thể đề nghị khen thưởng: {values.get('nominee_name', '')}", bold=True,
              align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
        _line(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=3)
        _body(document, f"Trụ sở, đơn vị trực thuộc: {values.get('unit_name') or BLANK}", "1. Đặc điểm, tình hình: ")
        _body(document, BLANK, "2. Tổ chức bộ máy, số lượng cán bộ, công chức, viên chức, người lao động: ")
    else:
        _line(document, "I. SƠ LƯỢC LÝ LỊCH", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=3)
        for label, value in [
            ("Họ và tên: ", values.get("nominee_name", "")), ("Sinh ngày, tháng, năm: ", BLANK),
            ("Giới tính: ", BLANK), ("Quê quán: ", BLANK), ("Trú quán: ", BLANK),
            ("Chức vụ, đơn vị công tác: ", values.get("job_title") or values.get("unit_name") or BLANK),
            ("Trình độ chuyên môn, nghiệp vụ: ", BLANK),
        ]:
            _body(document, value, f"- {label}")
    _line(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=3)
    _body(document, BLANK, "1. Quyền hạn, nhiệm vụ được giao: ")
    _body(document, values.get("achievement") or BLANK, "2. Thành tích đạt được: ")
    if values.get("items"):
        _body(document, "", "Mô hình, công trình, phần việc đã đăng ký và kết quả thực hiện:")
        for item in values["items"]:
            _body(document, item, "- ", indent=False)
    _body(document, BLANK, "3. Các giải pháp, sáng kiến, kinh nghiệm: ")
    _line(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=3)
    for entry in values.get("history") or [BLANK]:
        _body(document, entry, "- ", indent=False)
    if values.get("collective"):
        left = [("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN", True, False), ("TRỰC TIẾP XÁC NHẬN", True, False),
                ("(Ký, đóng dấu, ghi rõ họ tên)", False, True)]
        right = [("THỦ TRƯỞNG ĐƠN VỊ", True, False), ("(Ký, đóng dấu, ghi rõ họ tên)", False, True)]
    else:
        left = [("THỦ TRƯỞNG ĐƠN VỊ", True, False), ("XÁC NHẬN, ĐỀ NGHỊ", True, False),
                ("(Ký, đóng dấu, ghi rõ họ tên)", False, True)]
        right = [("NGƯỜI BÁO CÁO THÀNH TÍCH", True, False), ("(Ký, ghi rõ họ tên)", False, True),
                 ("", False, False), ("", False, False), ("", False, False),
                 (values.get("nominee_name", ""), True, False)]
    _line(document, "")
    _signatures(document, left, right)
    return _bytes(document)


def proposal_letter(values):
    """The Tờ trình of one dossier as .docx bytes, from the values the PDF proposal prints
    (``report.chilang_thidua.report_proposal._proposal_values``)."""
    document = _new_document()
    auth = values["auth"]
    _header(document, {"parent": auth.get("parent", ""), "body_lines": auth.get("lines", []),
                       "number": f"Số: {values['number']}", "date_line": values.get("date_line", "")})
    _title(document, values.get("doc_kind", "TỜ TRÌNH"), [values.get("doc_subject", "")])
    _line(document, f"Kính gửi: {values['addressee']}.", after=6)
    for basis in values.get("bases", []):
        _body(document, f"Căn cứ {basis};")
    if values.get("plan"):
        _body(document, f"Thực hiện {values['plan']};")
    minutes = f" tại Biên bản {values['minutes']}" if values.get("minutes") else ""
    _body(document, f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {values.get('area', '')}{minutes},")
    _body(document, f"{auth['name']} kính trình {values['addressee']} xem xét, tặng {values['award_name']} cho "
                    f"{values['counts']} đã có thành tích tiêu biểu, xuất sắc trong {values['campaign_phrase']} "
                    "(có danh sách và báo cáo thành tích kèm theo).")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ("STT", "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị",
                                                    "Tóm tắt thành tích"), strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], heading, bold=True, size=13)
    for index, row in enumerate(values.get("rows", []), start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(index), row["name"], row["detail"], row["achievement"]), strict=True):
            _run(cell.paragraphs[0], text, size=13)
    _body(document, f"{auth['name']} kính trình {values['addressee']} xem xét, quyết định./.")
    recipients = [("Nơi nhận:", True, True)] + [(f"- {line};", False, False) for line in values.get("recipients", [])]
    signer = [(line, True, False) for line in values.get("signer_lines", [])] + [
        ("", False, False), ("", False, False), ("", False, False), (values.get("signer_name", ""), True, False)]
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    for cell, lines, align in ((left, recipients, WD_ALIGN_PARAGRAPH.LEFT), (right, signer, WD_ALIGN_PARAGRAPH.CENTER)):
        first = True
        for text, bold, italic in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            paragraph.alignment = align
            paragraph.paragraph_format.space_after = Pt(0)
            _run(paragraph, text, bold=bold, italic=italic, size=12 if cell is left else 14)
            first = False
    return _bytes(document)
