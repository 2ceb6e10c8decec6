"""Digital signatures of the issuing body's documents (PAdES, SHA-256), with pyHanko.

Plain functions, no model: :func:`load_signer` opens and checks a PKCS#12 before anything is
numbered, :func:`sign_pdf` signs rendered bytes, :func:`check_pdf` tells a visitor whether an
uploaded file's signatures are intact. Every failure a user can cause is a :class:`UserError`.
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
    _ = env._
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(p12_data, (password or "").encode() or None)
    except ValueError:
        raise UserError(_(
            "The digital signature certificate cannot be opened: the password is wrong or the file is not a "
            "PKCS#12 (.p12, .pfx) certificate."
        )) from None
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad file for the user
        _logger.info("PKCS#12 could not be read: %s", type(error).__name__)
        raise UserError(_("The digital signature certificate file is damaged or not a PKCS#12 (.p12, .pfx) file.")) \
            from None
    if key is None:
        # a PKCS#12 exported without its key (the holder's certificate alone, or with its chain)
        raise UserError(_(
            "The digital signature certificate holds no private key: it cannot sign. Ask the certification "
            "authority for the PKCS#12 file with the private key."
        ))
    if cert is None:
        raise UserError(_("The digital signature certificate file holds no certificate."))
    at = at or vietnam_now()
    not_before = cert.not_valid_before.replace(tzinfo=timezone.utc)
    not_after = cert.not_valid_after.replace(tzinfo=timezone.utc)
    if at < not_before:
        raise UserError(_(
            "The digital signature certificate is not valid yet: it is valid from %(date)s.",
            date=not_before.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    if at > not_after:
        raise UserError(_(
            "The digital signature certificate expired on %(date)s: renew it before signing.",
            date=not_after.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    public_key = cert.public_key()
    if key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) \
            != public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise UserError(_("The private key of the digital signature certificate does not match its certificate."))

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


def sign_pdf(loaded, pdf_bytes, signing_time, reason="", location=""):
    """``pdf_bytes`` signed (PAdES baseline B, SHA-256) by ``loaded`` at ``signing_time`` (aware)."""
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
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    pdf_signer = _TimedSigner(meta, signer=loaded.signer, new_field_spec=fields.SigFieldSpec(SIGNATURE_FIELD))
    out = pdf_signer.sign_pdf(writer)
    return out.getvalue()


def check_pdf(pdf_bytes, trusted_fingerprints=()):
    """What the signatures of an uploaded PDF say: a list of dicts, empty when it has none.

    ``intact``: the signed bytes are unchanged and the signature verifies; ``whole``: the signature
    covers the entire file; ``known``: the signer's certificate is one the register vouches for.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = list(reader.embedded_signatures)
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
            })
        except Exception as error:  # noqa: BLE001 - a broken signature is a result, not a crash
            _logger.info("Signature could not be validated: %s", type(error).__name__)
            results.append({"intact": False, "whole": False, "known": False, "signer": "", "time": ""})
    return results
