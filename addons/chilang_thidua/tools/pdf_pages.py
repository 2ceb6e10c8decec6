"""Page numbers laid onto a rendered PDF, as NĐ 30/2020 (Appendix I) numbers the pages of a
multi-page administrative document: Arabic figures centred in the top margin, 13-14 pt upright,
none on page 1 (docs/law.md §6)."""

import functools
import io
import logging
import os

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.tools.pdf import NameObject, PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

PAGE_NUMBER_PT = 14
PAGE_NUMBER_BASELINE_MM = 13  # from the paper's top edge: in the 20 mm top margin, clear of the text
PAGE_NUMBER_FONTS = (
    "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
)


@functools.cache
def page_number_font():
    """reportlab's name for the page numbers' face: the body's Tinos (Times New Roman's metrics),
    else the first serif TrueType found, else the PDF standard Times-Roman (not embedded)."""
    for path in PAGE_NUMBER_FONTS:
        if os.path.isfile(path):
            name = os.path.splitext(os.path.basename(path))[0].split("-")[0]
            try:
                pdfmetrics.registerFont(TTFont(f"thidua_{name}", path))
            except Exception:  # noqa: BLE001 - an unreadable font file: try the next one
                _logger.warning("page numbers: cannot load %s", path, exc_info=True)
                continue
            return f"thidua_{name}", name
    return "Times-Roman", ""


@functools.cache
def stamp_fonts():
    """(upright, italic) reportlab names of the body's face for what is written onto a rendered page
    (the number and date the clerk gives): Tinos Regular and Italic, else the page numbers' face."""
    font, _family = page_number_font()
    italic = PAGE_NUMBER_FONTS[0].replace("-Regular", "-Italic")
    if font == "thidua_Tinos" and os.path.isfile(italic):
        try:
            pdfmetrics.registerFont(TTFont("thidua_Tinos_Italic", italic))
            return font, "thidua_Tinos_Italic"
        except Exception:  # noqa: BLE001 - an unreadable font file: the upright face
            _logger.warning("cannot load %s", italic, exc_info=True)
    return font, font


def stamp_page_numbers(pdf, margin_left_mm, margin_right_mm):
    """``pdf`` with its page numbers drawn in the top margin from page 2 on, centred over the text
    column (between the paperformat's left and right margins), as NĐ 30/2020 numbers pages.

    wkhtmltopdf numbers pages only through a header page (``--header-html``), which the Debian
    build (unpatched Qt) ignores; the numbers are therefore laid onto the rendered PDF, the same
    on either build. Page 1 is left as it is.
    """
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    count = reader.getNumPages()
    if count < 2:
        return pdf
    font, family = page_number_font()
    overlay_stream = io.BytesIO()
    overlay = canvas.Canvas(overlay_stream, initialFontName=font, initialFontSize=PAGE_NUMBER_PT)
    for index in range(1, count):
        box = reader.getPage(index).mediaBox
        width, height = float(abs(box.getWidth())), float(abs(box.getHeight()))
        overlay.setPageSize((width, height))
        overlay.setFont(font, PAGE_NUMBER_PT)
        overlay.setFillColorRGB(0, 0, 0)
        centre = (margin_left_mm * mm + width - margin_right_mm * mm) / 2
        overlay.drawCentredString(centre, height - PAGE_NUMBER_BASELINE_MM * mm, str(index + 1))
        overlay.showPage()
    overlay.save()
    numbers = PdfFileReader(io.BytesIO(overlay_stream.getvalue()), strict=False)
    writer = PdfFileWriter()
    writer.addPage(reader.getPage(0))
    for index in range(1, count):
        page = reader.getPage(index)
        number_page = numbers.getPage(index - 1)
        if family:
            # reportlab tags its subset "AAAAAA+Tinos"; Qt names its own embedded subsets by the
            # family alone, and so does this one: every font of the document reads as Tinos
            for ref in number_page["/Resources"]["/Font"].values():
                font_dict = ref.getObject()
                font_dict[NameObject("/BaseFont")] = NameObject(f"/{family}")
                font_dict["/FontDescriptor"].getObject()[NameObject("/FontName")] = NameObject(f"/{family}")
        page.mergePage(number_page)
        writer.addPage(page)
    with io.BytesIO() as buffer:
        writer.write(buffer)
        return buffer.getvalue()
