import base64
import io
import re

from odoo import api, models

# A body whose name starts with its kind is printed on two lines in the issuing-body block
# (NĐ 30/2020, Phụ lục I): "ỦY BAN NHÂN DÂN" / "HUYỆN …". This is Vietnamese administrative
# grammar, not a locality: any People's Committee or Council (commune, district, province) fits.
_COLLECTIVE_BODY = re.compile(r"^\s*((?:ủy|uỷ) ban nhân dân|hội đồng nhân dân)\s+(.+)$", re.IGNORECASE)


class ThiduaDocumentMixin(models.AbstractModel):
    """Formatting rules of administrative documents (Nghị định 30/2020/NĐ-CP) shared by the reports.

    Every helper is an ``api.model`` method so that templates and report models can call them as
    ``env['thidua.document.mixin']._doc_date_line(...)``; models that print documents may also
    inherit the mixin.
    """

    _name = "thidua.document.mixin"
    _description = "Administrative Document Formatting"

    @api.model
    def _doc_report_values(self, records, key, record_values):
        """Values of a report printing one document per record: the usual ``docs`` and, under
        ``key``, each record's document values by record id (``record_values(record)``)."""
        return {
            "doc_ids": records.ids,
            "doc_model": records._name,
            "docs": records,
            key: {record.id: record_values(record) for record in records},
        }

    # ------------------------------------------------------------------
    # Dates and numbers
    # ------------------------------------------------------------------
    @api.model
    def _doc_day_month(self, date):
        """Day and month as the decree writes them: a leading 0 for days below 10 and for
        months 1 and 2 only (``05`` / ``01``, ``15`` / ``3``)."""
        day = f"{date.day:02d}"
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        return day, month

    @api.model
    def _doc_date_text(self, date):
        """``ngày 05 tháng 01 năm 2024``; empty when there is no date."""
        if not date:
            return ""
        day, month = self._doc_day_month(date)
        return f"ngày {day} tháng {month} năm {date.year}"

    @api.model
    def _doc_date_line(self, place, date):
        """The place-and-date line: ``Chi Lăng, ngày 05 tháng 12 năm 2024``.

        An undated draft keeps blanks where the clerk writes the day and month by hand.
        """
        blank = "\u00a0" * 6
        text = self._doc_date_text(date) if date else f"ngày{blank}tháng{blank}năm"
        return f"{place}, {text}" if place else text[:1].upper() + text[1:]

    @api.model
    def _doc_date_short(self, date):
        """``05/12/2024``, the form used in references to other documents."""
        return date.strftime("%d/%m/%Y") if date else ""

    @api.model
    def _doc_number(self, number, type_code, abbreviation):
        """``125/QĐ-UBND``; below 10 the number takes a leading 0 (``05/QĐ-UBND``).

        ``number`` may be an integer, a string of digits or a full reference such as
        ``125/QĐ-UBND`` (returned as it is). A missing number leaves the blank a draft has.
        """
        suffix = "-".join(part for part in (type_code, abbreviation) if part)
        if number and not str(number).isdigit():
            return str(number)
        digits = f"{int(number):02d}" if number else "\u00a0" * 8
        return f"{digits}/{suffix}"

    @api.model
    def _doc_amount(self, amount, unit="đ"):
        """Thousands with dots: ``1.410.000 đ`` (``unit='đồng'`` for the long form)."""
        text = f"{round(amount or 0):,}".replace(",", ".")
        return f"{text} {unit}" if unit else text

    @api.model
    def _doc_amount_words(self, amount):
        """``Hai triệu tám trăm ba mươi nghìn đồng`` (num2words speaks Vietnamese)."""
        from num2words import num2words  # noqa: PLC0415 - Odoo's own dependency, imported where used

        words = num2words(round(amount or 0), lang="vi")
        return f"{words[:1].upper()}{words[1:]} đồng"

    # ------------------------------------------------------------------
    # Issuing body and signer
    # ------------------------------------------------------------------
    @api.model
    def _doc_authority(self, unit):
        """What the header needs from the issuing unit (or its nearest ancestor carrying the data).

        Returns a dict: ``parent`` (governing body line, upper case, may be empty), ``lines``
        (the body's own name in capitals, one or two lines), ``collective`` (``ỦY BAN NHÂN DÂN``
        when the body decides as a collective, for ``TM.`` signatures), ``place``,
        ``abbreviation``, ``name`` (as written in running text), ``area`` (``huyện Chi Lăng``, for
        "trên địa bàn …") and ``unit``.
        """
        authority = unit._get_document_authority() if unit else self.env["thidua.unit"]
        name = (authority.authority_name or authority.name or "").strip()
        match = _COLLECTIVE_BODY.match(name)
        if match:
            lines = [match.group(1).upper(), match.group(2).upper()]
            collective, area = match.group(1).upper(), match.group(2)
        else:
            lines = [name.upper()] if name else []
            collective, area = "", authority.place_name or ""
        return {
            "unit": authority,
            "parent": (authority.authority_parent_name or "").strip().upper(),
            "lines": lines,
            "collective": collective,
            "place": authority.place_name or "",
            "abbreviation": authority.doc_abbreviation or "",
            "name": name,
            "area": area,
        }

    @api.model
    def _doc_lines(self, text):
        """Non-empty lines of a multi-line text field, stripped of list marks and end punctuation."""
        lines = []
        for raw in (text or "").splitlines():
            line = raw.strip().lstrip("-–•").strip().rstrip(";.").strip()
            if line:
                lines.append(line)
        return lines

    @api.model
    def _doc_campaign_phrase(self, campaign):
        """The campaign as it continues a sentence: ``phong trào thi đua đặc biệt chào mừng …``."""
        name = (campaign.name or "").strip()
        if name.lower().startswith("phong trào "):
            name = name[len("phong trào "):]
        return f"phong trào {name[:1].lower()}{name[1:]}" if name else ""

    @api.model
    def _doc_count(self, count):
        """Counts in running text take a leading 0 below 10 (``02 tập thể``)."""
        return f"{count:02d}"

    @api.model
    def _doc_signer_lines(self, title):
        """Signer title lines in capitals: ``KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH`` gives two lines."""
        return [line.strip().upper() for line in (title or "").splitlines() if line.strip()]

    # ------------------------------------------------------------------
    # QR codes
    # ------------------------------------------------------------------
    @api.model
    def _doc_qr_data_uri(self, value):
        """A QR code as a ``data:`` PNG URI, so that wkhtmltopdf needs no HTTP round trip.

        python-qrcode (an Odoo requirement) writes a 1-bit PNG of a few hundred bytes in ~25 ms;
        reportlab's barcode (Odoo's ``/report/barcode``) takes ~170 ms and 12 KB, which a batch of
        300 certificates feels. reportlab remains the fallback.
        """
        try:
            import qrcode  # noqa: PLC0415 - optional at import time, Odoo lists it as a requirement
        except ImportError:
            png = self.env["ir.actions.report"].barcode("QR", value, width=264, height=264, barLevel="M")
        else:
            # a fixed mask pattern (any of the eight is valid, ISO/IEC 18004) skips trying all eight
            # for the best one: 3 ms instead of 10 ms a code, which a batch of certificates feels
            code = qrcode.QRCode(
                border=0, box_size=8, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0,
            )
            code.add_data(value)
            code.make(fit=True)
            buffer = io.BytesIO()
            code.make_image().save(buffer)
            png = buffer.getvalue()
        return "data:image/png;base64," + base64.b64encode(png).decode()
