"""Formatting rules of administrative documents (Nghị định 30/2020/NĐ-CP, docs/law.md §6) shared by
the reports: dates, numbers, amounts, the issuing body's header, the signer, QR codes. Plain
functions: reports and models import them (``from ..tools import document_format as fmt``)."""

import base64
import io
import re
import unicodedata

# A body whose name starts with its kind is printed on two lines in the issuing-body block
# (NĐ 30/2020, Phụ lục I): "ỦY BAN NHÂN DÂN" / "HUYỆN …". This is Vietnamese administrative
# grammar, not a locality: any People's Committee or Council (commune, district, province) fits.
_COLLECTIVE_BODY = re.compile(r"^\s*((?:ủy|uỷ) ban nhân dân|hội đồng nhân dân)\s+(.+)$", re.IGNORECASE)
# The governing body's line may abbreviate these common phrases (NĐ 30/2020, Phụ lục I):
# "UBND TỈNH LẠNG SƠN" fits the header's left column where the full name would wrap.
_GOVERNING_ABBREVIATIONS = ((re.compile(r"(?:ủy|uỷ) ban nhân dân", re.IGNORECASE), "UBND"),
                            (re.compile(r"hội đồng nhân dân", re.IGNORECASE), "HĐND"))
# Campaigns are often named with their kind ("Phong trào thi đua …"), which the documents and
# messages already write before the name ("trong phong trào …").
_CAMPAIGN_KIND = re.compile(r"^phong\s+trào(?:\s+|$)", re.IGNORECASE)
_THI_DUA = re.compile(r"^Thi\s+đua\b")
_DOUBLED_CAMPAIGN_KIND = re.compile(r"\b(phong\s+trào)\s+phong\s+trào\b", re.IGNORECASE)


def campaign_name_in_text(name):
    """The campaign's name as it follows "phong trào" in a sentence, without a leading
    "Phong trào" of its own (any case or spacing) and with a lower-case first word:
    ``Phong trào thi đua “Dân vận khéo”`` and ``Thi đua “Dân vận khéo”`` both give
    ``thi đua “Dân vận khéo”``; ``Phong trào Xanh - Sạch - Đẹp`` gives ``Xanh - Sạch - Đẹp``."""
    text = " ".join(unicodedata.normalize("NFC", name or "").split())
    text = _CAMPAIGN_KIND.sub("", text, count=1)
    # only the common noun is lowered ("Thi đua …" → "thi đua …"): the rest may be a slogan or a
    # proper name ("Xanh - Sạch - Đẹp", "Chuyển đổi số") that keeps its capital
    if _THI_DUA.match(text):
        text = "t" + text[1:]
    return text


def without_doubled_campaign_kind(text):
    """``… trong phong trào Phong trào thi đua …`` → ``… trong phong trào thi đua …`` (texts typed or
    stored before the names were cleaned, e.g. a decision's subject line)."""
    return _DOUBLED_CAMPAIGN_KIND.sub(r"\1", text or "")


def report_values(records, key, record_values):
    """Values of a report printing one document per record: the usual ``docs`` and, under
    ``key``, each record's document values by record id (``record_values(record)``)."""
    return {
        "doc_ids": records.ids,
        "doc_model": records._name,
        "docs": records,
        key: {record.id: record_values(record) for record in records},
    }


# Dates and numbers
def day_month(date):
    """Day and month as the decree writes them: a leading 0 for days below 10 and for
    months 1 and 2 only (``05`` / ``01``, ``15`` / ``3``)."""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return day, month


def date_text(date):
    """``ngày 05 tháng 01 năm 2024``; empty when there is no date."""
    if not date:
        return ""
    day, month = day_month(date)
    return f"ngày {day} tháng {month} năm {date.year}"


def date_line(place, date):
    """The place-and-date line: ``Chi Lăng, ngày 05 tháng 12 năm 2024``.

    An undated draft keeps blanks where the clerk writes the day and month by hand.
    """
    blank = "\u00a0" * 6
    text = date_text(date) if date else f"ngày{blank}tháng{blank}năm"
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def date_short(date):
    """``05/12/2024``, the form used in references to other documents."""
    return date.strftime("%d/%m/%Y") if date else ""


def document_number(number, type_code, abbreviation):
    """``125/QĐ-UBND``; below 10 the number takes a leading 0 (``05/QĐ-UBND``).

    ``number`` may be an integer, a string of digits or a full reference such as
    ``125/QĐ-UBND`` (returned as it is). A missing number leaves the blank a draft has.
    """
    suffix = "-".join(part for part in (type_code, abbreviation) if part)
    if number and not str(number).isdigit():
        return str(number)
    digits = f"{int(number):02d}" if number else "\u00a0" * 8
    return f"{digits}/{suffix}"


def amount(amount, unit="đ"):
    """Whole đồng with dots for thousands, never decimals: ``1.410.000 đ`` (``unit='đồng'`` for
    the long form)."""
    text = f"{round(amount or 0):,}".replace(",", ".")
    return f"{text} {unit}" if unit else text


def percent(ratio):
    """A share (0–1) as the documents write it: ``80%``, ``85,7%`` (6/7), ``66,7%`` (2/3)."""
    text = f"{(ratio or 0) * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


def amount_words(amount):
    """``Hai triệu tám trăm ba mươi nghìn đồng`` (num2words speaks Vietnamese)."""
    from num2words import num2words  # noqa: PLC0415 - Odoo's own dependency, imported where used

    words = num2words(round(amount or 0), lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"


# Issuing body and signer
def authority(unit):
    """What the header needs from the issuing unit (or its nearest ancestor carrying the data).

    Returns a dict: ``parent`` (governing body line, upper case, may be empty), ``lines``
    (the body's own name in capitals, one or two lines), ``collective`` (``ỦY BAN NHÂN DÂN``
    when the body decides as a collective, for ``TM.`` signatures), ``place``,
    ``abbreviation``, ``name`` (as written in running text), ``area`` (``huyện Chi Lăng``, for
    "trên địa bàn …") and ``unit``.
    """
    authority = unit._get_document_authority() if unit else unit
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
        "parent": governing_line(authority.authority_parent_name),
        "lines": lines,
        "collective": collective,
        "place": authority.place_name or "",
        "abbreviation": authority.doc_abbreviation or "",
        "name": name,
        "area": area,
    }


def governing_line(name):
    """The governing body's line of the header: capitals, common phrases abbreviated
    (``Ủy ban nhân dân tỉnh Lạng Sơn`` → ``UBND TỈNH LẠNG SƠN``)."""
    text = " ".join((name or "").split())
    for pattern, abbreviation in _GOVERNING_ABBREVIATIONS:
        text = pattern.sub(abbreviation, text)
    return text.upper()


def grantor(form, authority):
    """Who grants ``form``, as the documents of the body ``authority`` name it.

    A form shared by every body of its level names the grantor without the place ("Chủ tịch
    Ủy ban nhân dân xã"): the body completes it with its own name ("Chủ tịch Ủy ban nhân dân
    xã Chi Lăng"). A grantor that names another body (a higher level's) stays as it is.
    """
    grantor = " ".join((form.grantor_title or "").split())
    name = " ".join(((authority.authority_name or authority.name) if authority else "").split())
    if not grantor or not name or name.casefold() in grantor.casefold():
        return grantor
    words = grantor.split(" ")
    # the longest tail of the grantor that begins the body's name, of three words at least
    # ("Ủy ban nhân dân xã", "Sở Nội vụ"): a shorter one would be a coincidence
    for start in range(1, len(words) - 2):
        if (name.casefold() + " ").startswith(" ".join(words[start:]).casefold() + " "):
            return " ".join([*words[:start], name])
    return grantor


def text_lines(text):
    """Non-empty lines of a multi-line text field, stripped of list marks and end punctuation."""
    lines = []
    for raw in (text or "").splitlines():
        line = raw.strip().lstrip("-–•").strip().rstrip(";.").strip()
        if line:
            lines.append(line)
    return lines


def campaign_phrase(campaign):
    """The campaign as it continues a sentence: ``phong trào thi đua đặc biệt chào mừng …``,
    never ``phong trào Phong trào …`` (see :func:`campaign_name_in_text`)."""
    if not (campaign.name or "").strip():
        return ""
    return " ".join(("phong trào", campaign_name_in_text(campaign.name))).strip()


def count(count):
    """Counts in running text take a leading 0 below 10 (``02 tập thể``)."""
    return f"{count:02d}"


def signer_lines(title):
    """Signer title lines in capitals: ``KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH`` gives two lines."""
    return [line.strip().upper() for line in (title or "").splitlines() if line.strip()]


# QR codes
def qr_data_uri(env, value):
    """A QR code as a ``data:`` PNG URI, so that wkhtmltopdf needs no HTTP round trip.

    python-qrcode (an Odoo requirement) writes a 1-bit PNG of a few hundred bytes in ~25 ms;
    reportlab's barcode (Odoo's ``/report/barcode``) takes ~170 ms and 12 KB, which a batch of
    300 certificates feels. reportlab remains the fallback.
    """
    try:
        import qrcode  # noqa: PLC0415 - optional at import time, Odoo lists it as a requirement
    except ImportError:
        png = env["ir.actions.report"].barcode("QR", value, width=264, height=264, barLevel="M")
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
