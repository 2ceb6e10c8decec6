"""Input hygiene: what people type or upload on the portal, checked before it reaches a record.

Plain functions, no model: the portal controllers (and ``_check_upload``) call them on the raw
values of a form. A refusal is a ``ValidationError`` with a plain message that names the field,
so the form is shown again with the message and the typed values; nothing is saved.

- ``clean_text``: a name, a title or a free text. Control characters, bidirectional controls
  (which can make a name print differently from what is stored, e.g. on a certificate) and
  invisible characters are refused, not silently removed: the officer sees what was wrong.
- ``parse_amount``: an amount in đồng as people write it (85.000.000, 85,000,000, 85 000 000).
- ``clean_filename``: the name an uploaded file is stored under.
- ``parse_int`` / ``parse_id``: a number or a record id posted by a browser (None when garbage).
- ``parse_date``: a date of an imported spreadsheet as people write it (31/12/2024, 1/2/2024,
  2024-12-31), with a plain message when it is no date or not a real one (31/02/2024).
- ``normalize_name``: a person's or collective's name as the award register matches it.
- ``normalize_identity_number``: a citizen identity number (CCCD) as stored, or a plain refusal.
"""

import datetime
import os
import re
import unicodedata

from odoo.exceptions import ValidationError

# Explicit Bidi_Control characters: embeddings/overrides, isolates, marks.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)] + ["\u200e", "\u200f", "\u061c"]
)
# Zero-width and invisible characters named by the rule; every other format character
# (Unicode category Cf: tag characters, invisible operators, interlinear annotations…) is
# refused with them, as nothing typed in an administrative form needs one.
INVISIBLE = frozenset(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
# Line and paragraph separators: whitespace for Python, a line break in a multi-line text.
LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})

MAX_AMOUNT = 100_000_000_000
MAX_AMOUNT_INPUT = 20
MAX_FILENAME = 120
# int4, the type of PostgreSQL's id and integer columns
MAX_ID = 2**31 - 1

_FILENAME_FORBIDDEN = str.maketrans({ch: "_" for ch in '<>:"|?*'})
_INT_PATTERN = re.compile(r"-?[0-9]{1,18}", re.ASCII)
# the separators people put between thousands (spaces of every width) or before decimals
_AMOUNT_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_AMOUNT_PATTERN = re.compile(r"[0-9]+(?:[., ][0-9]+)*", re.ASCII)
_MINUS = ("-", "\u2212", "\u2012", "\u2013")
# dd/mm/yyyy and d/m/yyyy (also with - or . between), and ISO yyyy-mm-dd (a spreadsheet's date cell);
# a time after the date (a date-time cell) is ignored
_DATE_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})(?:[ T][0-9:.]+)?", re.ASCII)
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9:.]+)?", re.ASCII)
_SPACES = re.compile(r"\s+")
_IDENTITY = re.compile(r"[0-9]{12}", re.ASCII)
# what people put between the digits of a CCCD when they type or paste it
_IDENTITY_SEPARATORS = re.compile(r"[\s.\-]+")


def _char_code(char):
    return f"U+{ord(char):04X}"


def _forbidden_char(value, allowed=()):
    """The first character of ``value`` a form must not accept, and its kind, or (None, None)."""
    found = []
    # scan the distinct characters only: a megabyte of text has a few hundred of them
    for char in set(value):
        if char in allowed:
            continue
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            found.append((char, "bidi"))
        elif category in ("Cc", "Cs"):
            found.append((char, "control"))
        elif char in INVISIBLE or category == "Cf":
            found.append((char, "invisible"))
    if not found:
        return None, None
    return min(found, key=lambda pair: value.index(pair[0]))


def _refuse_char(env, label, char, kind):
    code = _char_code(char)
    if kind == "bidi":
        message = env._(
            "%(field)s contains a character that changes the direction of the text (%(code)s), which can "
            "make it read differently from what is recorded: type the text again without it.",
            field=label, code=code,
        )
    elif kind == "control":
        message = env._(
            "%(field)s contains a control character (%(code)s): type the text again without it.",
            field=label, code=code,
        )
    else:
        message = env._(
            "%(field)s contains an invisible character (%(code)s): type the text again without it.",
            field=label, code=code,
        )
    raise ValidationError(message)


def clean_text(env, value, label, max_length=256, multiline=False, required=False):  # noqa: PLR0917 - the agreed signature
    """``value`` NFC-normalised and trimmed (single-line: runs of whitespace made one space).

    Refuses (ValidationError naming ``label``) control characters (but line breaks and tabs
    in a multi-line text; Windows line ends become ``\\n``), bidirectional controls, zero-width
    and other invisible characters, more than ``max_length`` characters once trimmed, and an
    empty or whitespace-only value when ``required``. False and None give False.
    """
    if value is None or value is False:
        if required:
            raise ValidationError(env._("%(field)s is required.", field=label))
        return False
    if not isinstance(value, str):
        value = str(value)
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").translate(LINE_SEPARATORS)
    char, kind = _forbidden_char(value, allowed=("\n", "\t") if multiline else ())
    if char:
        _refuse_char(env, label, char, kind)
    value = value.strip() if multiline else " ".join(value.split())
    if required and not value:
        raise ValidationError(env._("%(field)s is required.", field=label))
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            env._("%(field)s is too long: %(length)s characters, at most %(max)s.",
                  field=label, length=len(value), max=max_length)
        )
    return value


def _format_vnd(amount):
    return f"{amount:,}".replace(",", ".")


def parse_amount(env, raw, label):
    """The whole number of đồng in ``raw`` as people type it; empty gives 0.

    Accepted: 120000000, 120.000.000, 120,000,000, 120 000 000, and a fraction of zeros
    (120.000.000,00). Refused (ValidationError naming ``label``): letters (inf, nan, 1e9),
    negative numbers, a fraction other than zeros (12,5), a grouping that is not by thousands,
    more than 20 characters, more than 100.000.000.000.
    """
    if raw is None or raw is False:
        return 0
    text = unicodedata.normalize("NFC", str(raw)).translate(_AMOUNT_SPACES).strip()
    if not text:
        return 0
    example = "85.000.000"
    if len(text) > MAX_AMOUNT_INPUT:
        raise ValidationError(
            env._("%(field)s is too long to be an amount: write it in digits, e.g. %(example)s.",
                  field=label, example=example)
        )
    if text.startswith(_MINUS):
        raise ValidationError(env._("%(field)s cannot be negative.", field=label))
    if not _AMOUNT_PATTERN.fullmatch(text):
        raise ValidationError(
            env._("%(field)s is an amount in VND written in digits, e.g. %(example)s.", field=label, example=example)
        )
    groups = re.split(r"[., ]", text)
    separators = re.findall(r"[., ]", text)
    if separators:
        last = separators[-1]
        # the last separator is a decimal one when fewer or more than three digits follow it:
        # 120.000 is thousands, 12,5 and 120.000,00 have a fraction; 1.000,000 is refused below
        # (thousands or a fraction of three digits? nobody can tell)
        decimal = last != " " and len(groups[-1]) != 3
        if decimal:
            if set(groups[-1]) != {"0"}:
                raise ValidationError(
                    env._("%(field)s is a whole number of đồng: %(value)s has a fraction.", field=label, value=text)
                )
            groups, separators = groups[:-1], separators[:-1]
        if separators and (
            len(set(separators)) != 1 or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:])
        ):
            raise ValidationError(
                env._("%(field)s: %(value)s is not grouped by thousands; write it e.g. %(example)s.",
                      field=label, value=text, example=example)
            )
    amount = int("".join(groups))
    if amount > MAX_AMOUNT:
        raise ValidationError(
            env._("%(field)s cannot exceed %(max)s đồng.", field=label, max=_format_vnd(MAX_AMOUNT))
        )
    return amount


def clean_filename(name, default="file"):
    """The name an uploaded file is stored under: its base name only, NFC, without control,
    bidirectional or invisible characters, ``<>:"|?*`` and leading dots made ``_``, whitespace
    collapsed, at most 120 characters (the extension kept). Empty gives ``default``."""
    if not name or not isinstance(name, str):
        return default
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        char for char in name
        if char not in BIDI_CONTROLS and char not in INVISIBLE and unicodedata.category(char) not in ("Cc", "Cf", "Cs")
    )
    name = " ".join(name.translate(_FILENAME_FORBIDDEN).split())
    # trailing dots and spaces vanish on Windows ("report.pdf." opens as "report.pdf")
    name = name.rstrip(" .")
    stripped = name.lstrip(".")
    name = "_" * (len(name) - len(stripped)) + stripped
    if not name.strip("_ "):
        return default
    if len(name) > MAX_FILENAME:
        stem, extension = os.path.splitext(name)
        if extension and len(extension) <= 16:
            name = stem[:MAX_FILENAME - len(extension)].rstrip(" .") + extension
        else:
            name = name[:MAX_FILENAME].rstrip(" .")
    return name or default


def parse_int(raw):
    """An integer posted by a browser (ASCII digits, an optional minus, spaces around), or None."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    return int(text) if _INT_PATTERN.fullmatch(text) else None


def parse_id(raw):
    """A record id posted by a browser: an integer from 1 to 2**31 - 1, or None for anything else
    (empty, "abc", "1e5", "-3", or a number PostgreSQL's integer columns cannot hold)."""
    value = parse_int(raw)
    if value is None or not 0 < value <= MAX_ID:
        return None
    return value


def parse_date(env, raw):
    """The date in ``raw`` (a ``date``/``datetime`` or a text: dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd);
    empty gives False. Refused with a ValueError whose message says, in the user's language, that
    the text is no date or that the date does not exist (31/02/2024); the caller names the cell."""
    if raw in (None, False, ""):
        return False
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = " ".join(str(raw).split())
    if not text:
        return False
    match = _DATE_DMY.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _DATE_ISO.fullmatch(text)
        if not match:
            raise ValueError(env._("%(value)s is not a date: write it as day/month/year, e.g. 15/02/2024.",
                                   value=text))
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        # formatted apart: the translation extractor reads only plain strings inside the call
        written = f"{day:02d}/{month:02d}/{year}"
        raise ValueError(env._("the date %(value)s does not exist.", value=written)) from None


def normalize_name(name):
    """The name as the register matches it: NFC, lower-case, single spaces; diacritics kept
    (Nguyễn Thị Hoa and Nguyễn Thi Hoa are two names)."""
    if not name:
        return False
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().lower() or False


def normalize_identity_number(env, value, label=None):
    """A CCCD as stored: its 12 digits, without the spaces, dots or dashes typed between them.

    Empty stays empty; anything else that is not 12 digits is refused with a plain message.
    """
    if value in (False, None):
        return False
    text = _IDENTITY_SEPARATORS.sub("", str(value))
    if not text:
        return False
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]  # a number cell of a spreadsheet read as a float
    if not _IDENTITY.fullmatch(text):
        digits = sum(char.isdigit() for char in text)
        raise ValidationError(env._(
            "%(label)s '%(value)s' is not a citizen identity number (CCCD): it must have exactly 12 digits, "
            "this one has %(digits)s. In a spreadsheet, format the column as text so that the leading 0 is kept.",
            label=label or env._("Identity Number"), value=value, digits=digits,
        ))
    return text
