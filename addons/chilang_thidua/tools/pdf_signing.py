"""Digital signatures of the issuing body's documents (PAdES, SHA-256), with pyHanko.

Plain functions, no model: :func:`load_signer` opens and checks a PKCS#12 before anything is
numbered, :func:`sign_pdf` signs rendered bytes (called by the decision's signing only),
:func:`split_pages` cuts a batch into its single documents, :func:`compilation` merges stored
documents for printing (unsigned, said so on its first page), :func:`check_pdf` tells a visitor
whether an uploaded file's signatures are intact. Every failure a user can cause is a
:class:`UserError`.
"""

import contextlib
import contextvars
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_FIELD = "ChuKySoCoQuan"
# The public check examines at most this many signature fields and revisions: the documents of
# record carry one signature in two revisions; a file with more is refused unexamined (validating
# one signature costs ~50 ms, and a crafted file may point hundreds of fields at one signature).
MAX_SIGNATURE_FIELDS = 4
MAX_REVISIONS = 12

# What the page being rendered for signing prints as its visible signature (NĐ 30/2020 Appendix I):
# set by server code around the rendering only, never by a client (no context key can forge it).
_VISIBLE = contextvars.ContextVar("thidua_visible_signature", default=None)


@contextlib.contextmanager
def visible_signature(info):
    """Render the documents of this block with ``info`` (signed_by, body, time, images) printed."""
    token = _VISIBLE.set(info)
    try:
        yield info
    finally:
        _VISIBLE.reset(token)


def current_visible_signature():
    return _VISIBLE.get()


# The draft decision whose certificates are being rendered to be signed before it is issued (by
# the Chairman before the clerk's number, or prepared to be signed elsewhere): (decision id,
# awaiting_number). Its certificates print as final; set by server code only, like _VISIBLE.
_ISSUING = contextvars.ContextVar("thidua_issuing_decision", default=None)


@contextlib.contextmanager
def issuing_decision(decision_id, awaiting_number=False):
    """Render the certificates of draft decision ``decision_id`` as final (without its number and
    date when ``awaiting_number``)."""
    token = _ISSUING.set((decision_id, bool(awaiting_number)))
    try:
        yield
    finally:
        _ISSUING.reset(token)


def current_issuing_decision():
    return _ISSUING.get()


def vietnam_now():
    """Now, to the second, in Vietnam time (UTC+07:00)."""
    return datetime.now(tz=VIETNAM_TZ).replace(microsecond=0)


def iso_vietnam(moment):
    """``2026-07-15T09:30:00+07:00`` (NĐ 30/2020 Appendix I) for an aware or a naive-UTC datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM_TZ).replace(microsecond=0).isoformat()


def sha256_hex(data):
    return hashlib.sha256(data or b"").hexdigest()


def _subject_name(cert):
    """The certificate holder's common name (or its whole subject)."""
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else cert.subject.rfc4514_string()


@dataclass
class LoadedSigner:
    signer: object
    subject: str
    fingerprint: str
    not_before: datetime
    not_after: datetime


def load_signer(env, p12_data, password, at=None):
    """Open the PKCS#12 and check it can sign at ``at``; a plain message for every failure."""
    if not p12_data:
        return None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(p12_data, (password or "").encode() or None)
    except ValueError:
        raise UserError(env._(
            "The digital signature certificate cannot be opened: the password is wrong or the file is not a "
            "PKCS#12 (.p12, .pfx) certificate."
        )) from None
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad file for the user
        _logger.info("PKCS#12 could not be read: %s", type(error).__name__)
        raise UserError(env._(
            "The digital signature certificate file is damaged or not a PKCS#12 (.p12, .pfx) file."
        )) from None
    if key is None:
        # a PKCS#12 exported without its key (the holder's certificate alone, or with its chain)
        raise UserError(env._(
            "The digital signature certificate holds no private key: it cannot sign. Ask the certification "
            "authority for the PKCS#12 file with the private key."
        ))
    if cert is None:
        raise UserError(env._("The digital signature certificate file holds no certificate."))
    at = at or vietnam_now()
    not_before = cert.not_valid_before.replace(tzinfo=timezone.utc)
    not_after = cert.not_valid_after.replace(tzinfo=timezone.utc)
    if at < not_before:
        raise UserError(env._(
            "The digital signature certificate is not valid yet: it is valid from %(date)s.",
            date=not_before.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    if at > not_after:
        raise UserError(env._(
            "The digital signature certificate expired on %(date)s: renew it before signing.",
            date=not_after.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    public_key = cert.public_key()
    if key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) \
            != public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise UserError(env._("The private key of the digital signature certificate does not match its certificate."))

    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = cert.public_bytes(serialization.Encoding.DER)
    key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    store = SimpleCertificateStore()
    store.register_multiple([asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                             for c in (extra or [])])
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der), signing_key=key_info, cert_registry=store
    )
    return LoadedSigner(signer=signer, subject=_subject_name(cert), fingerprint=sha256_hex(der),
                        not_before=not_before, not_after=not_after)


def sign_pdf(loaded, pdf_bytes, signing_time, reason="", location="", field_name=SIGNATURE_FIELD,
             appearance=None):
    """``pdf_bytes`` signed (PAdES baseline B, SHA-256) by ``loaded`` at ``signing_time`` (aware), as
    an incremental update: a signature already in the file stays valid. ``appearance``: (a one-page
    PDF drawn for the signature's box, (x1, y1, x2, y2) on page 1) for a visible signature field."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    class _TimedSigner(signers.PdfSigner):
        # the time printed on the page is the time in the signature: one value, fixed by the caller
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = signing_time
            return session

    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    if appearance is None:
        pdf_signer = _TimedSigner(meta, signer=loaded.signer, new_field_spec=fields.SigFieldSpec(field_name))
        return pdf_signer.sign_pdf(writer).getvalue()
    import tempfile

    from pyhanko.stamp import StaticStampStyle

    drawing, box = appearance
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(drawing)
        handle.flush()
        style = StaticStampStyle.from_pdf_file(handle.name, border_width=0)
        pdf_signer = _TimedSigner(meta, signer=loaded.signer, stamp_style=style,
                                  new_field_spec=fields.SigFieldSpec(field_name, on_page=0, box=box))
        return pdf_signer.sign_pdf(writer).getvalue()


def agency_appearance(font, lines, box):
    """The agency signature's box (reportlab, Times-like ``font``): its ``lines`` in Times New Roman
    10 (NĐ 30/2020 Appendix I), the number and date first; returns (pdf, box) for :func:`sign_pdf`."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen import canvas

    width, height = box[2] - box[0], box[3] - box[1]
    stream = io.BytesIO()
    page = canvas.Canvas(stream, pagesize=(width, height))
    page.setFillColor(HexColor("#c00000"))
    y = height - 12
    for index, line in enumerate(lines):
        page.setFont(font, 11 if index < 2 else 9)
        page.drawString(2, y, line)
        y -= 12 if index < 2 else 10.5
    page.showPage()
    page.save()
    return stream.getvalue(), box


def _count_signature_fields(reader, limit):
    """The number of signature fields of ``reader``, counted up to ``limit`` + 1 only."""
    from pyhanko.sign.fields import enumerate_sig_fields

    count = 0
    for _field in enumerate_sig_fields(reader, filled_status=None):
        count += 1
        if count > limit:
            break
    return count


def check_pdf(pdf_bytes, trusted_fingerprints=()):
    """What the signatures of an uploaded PDF say: a list of dicts, empty when it has none; None
    when the file cannot be read; ``{"too_many": "fields" or "revisions", "limit": n}``, before
    validating anything, when the file has more signature fields or revisions than a document of
    record could have.

    ``intact``: the signed bytes are unchanged and the signature verifies; ``whole``: the signature
    covers the entire file; ``known``: the signer's certificate is one the register vouches for.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        revisions = reader.xrefs.total_revisions
        fields_count = None if revisions > MAX_REVISIONS else _count_signature_fields(reader, MAX_SIGNATURE_FIELDS)
    except Exception as error:  # noqa: BLE001 - a visitor's file may be anything
        _logger.info("Uploaded PDF could not be read: %s", type(error).__name__)
        return None
    if revisions > MAX_REVISIONS:
        return {"too_many": "revisions", "limit": MAX_REVISIONS}
    if fields_count > MAX_SIGNATURE_FIELDS:
        return {"too_many": "fields", "limit": MAX_SIGNATURE_FIELDS}
    try:
        embedded = list(reader.embedded_signatures)[:MAX_SIGNATURE_FIELDS]
    except Exception as error:  # noqa: BLE001 - a visitor's file may be anything
        _logger.info("Uploaded PDF could not be read: %s", type(error).__name__)
        return None
    results = []
    for signature in embedded:
        try:
            cert = signature.signer_cert
            fingerprint = sha256_hex(cert.dump())
            known = fingerprint in trusted_fingerprints
            context = ValidationContext(trust_roots=[cert] if known else [], allow_fetching=False)
            status = validate_pdf_signature(signature, signer_validation_context=context)
            coverage = getattr(status.coverage, "name", "")
            results.append({
                "intact": bool(status.intact and status.valid),
                "whole": coverage == "ENTIRE_FILE",
                "known": known,
                "signer": cert.subject.native.get("common_name", "") if cert else "",
                "time": iso_vietnam(status.signer_reported_dt) if status.signer_reported_dt else "",
                # the person with authority signs first, the agency's signature closes the file
                "role": "agency" if signature.field_name == SIGNATURE_FIELD else "person",
            })
        except Exception as error:  # noqa: BLE001 - a broken signature is a result, not a crash
            _logger.info("Signature could not be validated: %s", type(error).__name__)
            results.append({"intact": False, "whole": False, "known": False, "signer": "", "time": "", "role": ""})
    for index, result in enumerate(results):
        # a signature followed only by a later, whole signature (the clerk's after the Chairman's)
        result["countersigned"] = any(later["intact"] and later["whole"] and later["known"]
                                      for later in results[index + 1:])
    return results


# ----------------------------------------------------------------------
# Documents of record: single files and printed compilations
# ----------------------------------------------------------------------
def page_count(pdf_bytes):
    from odoo.tools.pdf import PdfFileReader as OdooReader

    return OdooReader(io.BytesIO(pdf_bytes), strict=False).getNumPages()


def split_pages(pdf_bytes):
    """``pdf_bytes`` as one PDF per page, in order (a batch of certificates, one page each)."""
    from odoo.tools.pdf import PdfFileReader as OdooReader
    from odoo.tools.pdf import PdfFileWriter as OdooWriter

    reader = OdooReader(io.BytesIO(pdf_bytes), strict=False)
    pages = []
    for index in range(reader.getNumPages()):
        writer = OdooWriter()
        writer.addPage(reader.getPage(index))
        with io.BytesIO() as buffer:
            writer.write(buffer)
            pages.append(buffer.getvalue())
    return pages


def _is_signature_annotation(annotation):
    from odoo.tools.pdf import NameObject

    annotation = annotation.getObject()
    field = annotation
    for _depth in range(8):
        if field.get("/FT") == NameObject("/Sig"):
            return True
        if "/Parent" not in field:
            return False
        field = field["/Parent"].getObject()
    return False


def compilation(cover_pdf, documents):
    """One PDF to print several documents at once: ``cover_pdf`` (the page saying what this is),
    then every page of each of ``documents`` (PDF bytes), without their signature fields.

    The result carries no signature and no form: a merge cannot keep the signatures of its parts,
    and leaving their widgets would let a reader show a signature the merge does not have.
    """
    from odoo.tools.pdf import ArrayObject, NameObject
    from odoo.tools.pdf import PdfFileReader as OdooReader
    from odoo.tools.pdf import PdfFileWriter as OdooWriter

    writer = OdooWriter()
    for document in (cover_pdf, *documents):
        reader = OdooReader(io.BytesIO(document), strict=False)
        for index in range(reader.getNumPages()):
            page = reader.getPage(index)
            annotations = page.get("/Annots")
            if annotations is not None:
                kept = [ref for ref in annotations.getObject() if not _is_signature_annotation(ref)]
                if kept:
                    page[NameObject("/Annots")] = ArrayObject(kept)
                else:
                    del page["/Annots"]
            writer.addPage(page)
    with io.BytesIO() as buffer:
        writer.write(buffer)
        return buffer.getvalue()


def compilation_cover(font, title, paragraphs, items, landscape=True):
    """The first page of a compilation (reportlab): ``title``, ``paragraphs`` of explanation and
    the list ``items`` of what follows (cut short on a long list). ``font``: a registered name."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = to_landscape(A4) if landscape else A4
    margin = 25 * mm
    stream = io.BytesIO()
    page = canvas.Canvas(stream, pagesize=(width, height))
    page.setTitle(title)
    y = height - margin
    page.setFont(font, 18)
    page.drawCentredString(width / 2, y, title)
    y -= 14 * mm
    page.setFont(font, 13)
    for paragraph in paragraphs:
        for line in simpleSplit(paragraph, font, 13, width - 2 * margin):
            page.drawString(margin, y, line)
            y -= 6.5 * mm
        y -= 3 * mm
    page.setFont(font, 12)
    shown = 0
    for item in items:
        if y < margin + 12 * mm:
            break
        page.drawString(margin + 6 * mm, y, f"{shown + 1}. {item}")
        y -= 6 * mm
        shown += 1
    if shown < len(items):
        page.drawString(margin + 6 * mm, y, f"… và {len(items) - shown} giấy khen khác.")
    page.showPage()
    page.save()
    return stream.getvalue()
