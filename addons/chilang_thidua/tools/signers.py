"""Who holds the issuing body's key, and how a document gets its signature: one interface, three
backends, chosen per issuing body (``thidua.unit.sign_backend``).

- :class:`Pkcs12Backend`: the PKCS#12 file on the server, its password encrypted at rest
  (tools/secret_box.py) or typed by the signer at signing;
- :class:`Pkcs11Backend`: a token or an HSM through its PKCS#11 module (pyHanko's pkcs11 support,
  python-pkcs11); the PIN typed by the signer at the moment of signing, used once and never
  stored, or, for an HSM at the clerk's station, read from the server's configuration file;
- :class:`UploadBackend`: the key never comes to the server: the signer signs the prepared PDF
  with any tool where the key is, and uploads it back; :func:`check_signed_upload` accepts it
  only when it is exactly the prepared file plus one signature by the configured certificate.

Every backend's :meth:`open` is a context manager giving a :class:`pdf_signing.LoadedSigner`
(or ``None`` when the body signs nothing), checked for the signing time and against the body's
revocation list (tools/revocation.py), with the settings' timestamp authority, before anything is
numbered (the law behind it: docs/law.md §10). Every failure a user can cause is a :class:`UserError` in plain words.
"""

import contextlib
import hashlib
import io
import logging
from datetime import timedelta, timezone

from odoo.exceptions import UserError
from odoo.tools import config

from . import pdf_signing, revocation

_logger = logging.getLogger(__name__)

PKCS11_MODULES_OPTION = "thidua_pkcs11_modules"
PKCS11_PIN_OPTION = "thidua_pkcs11_pin_"  # + the token label in lower case


def allowed_pkcs11_modules():
    """The PKCS#11 modules the server's configuration lets issuing bodies load."""
    return [path.strip() for path in (config.get(PKCS11_MODULES_OPTION) or "").split(",") if path.strip()]


def configured_pin(token_label):
    """The PIN of an HSM kept in the server's configuration file (never in the database), or None."""
    return (config.get(PKCS11_PIN_OPTION + (token_label or "").strip().lower()) or "").strip() or None


def _check_validity(env, not_before, not_after, at):
    if at < not_before:
        raise UserError(env._(
            "The digital signature certificate is not valid yet: it is valid from %(date)s.",
            date=not_before.astimezone(pdf_signing.VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))
    if at > not_after:
        raise UserError(env._(
            "The digital signature certificate expired on %(date)s: renew it before signing.",
            date=not_after.astimezone(pdf_signing.VIETNAM_TZ).strftime("%d/%m/%Y %H:%M"),
        ))


def describe_certificate(cert):
    """(holder, sha256 fingerprint, not before, not after) of an asn1crypto certificate."""
    validity = cert["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native.astimezone(timezone.utc)
    not_after = validity["not_after"].native.astimezone(timezone.utc)
    holder = cert.subject.native.get("common_name") or cert.subject.human_friendly
    return holder, hashlib.sha256(cert.dump()).hexdigest(), not_before, not_after


def load_certificate(data):
    """An asn1crypto certificate from a .cer/.crt/.pem file's bytes, or None."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    if not data:
        return None
    try:
        if pem.detect(data):
            _type, _headers, data = pem.unarmor(data)
        cert = asn1_x509.Certificate.load(data)
        cert.native  # noqa: B018 - parses it all: a damaged file fails here
        return cert
    except Exception:  # noqa: BLE001 - any parser failure is a bad file for the user
        return None


class SignerBackend:
    """What every backend offers. ``needs_secret``: the signer must type a PIN or password."""

    kind = None
    needs_secret = False
    # the key never comes to the server: the signed file is uploaded back
    signs_elsewhere = False
    # the certification authority's revocation list (DER or PEM) the body keeps for this key
    crl = None
    # called with the certificate (DER) once it passed every check: the body remembers a token's
    on_certificate = None

    @contextlib.contextmanager
    def open(self, env, at, secret=None):
        yield None

    def _checked(self, env, loaded, at, chain=()):
        """``loaded``, valid for ``at``, once the revocation list does not refuse its certificate,
        with the settings' timestamp authority (asked once now: a silent one refuses here)."""
        cert = loaded.signer.signing_cert
        revocation.check_certificate(env, self.crl, cert, chain=chain, at=at)
        loaded.timestamper = pdf_signing.timestamper(env)
        if self.on_certificate:
            self.on_certificate(cert.dump())
        return loaded


class Pkcs12Backend(SignerBackend):
    kind = "pkcs12"

    def __init__(self, p12_data, stored_password):
        self.p12_data = p12_data
        self.stored_password = stored_password
        self.needs_secret = bool(p12_data) and not stored_password

    @contextlib.contextmanager
    def open(self, env, at, secret=None):
        if not self.p12_data:
            yield None
            return
        loaded = pdf_signing.load_signer(env, self.p12_data, secret or self.stored_password, at=at)
        yield self._checked(env, loaded, at, chain=list(loaded.signer.cert_registry))


def pin_refusal(env, token_flags):
    """The refusal of a wrong PIN, with what the token tells of the tries left."""
    from pkcs11 import TokenFlag

    if token_flags & TokenFlag.USER_PIN_LOCKED:
        return env._("The PIN is wrong and the token is now locked: its holder unlocks it with the tool of the "
                 "certification authority. Nothing was numbered or signed.")
    if token_flags & TokenFlag.USER_PIN_FINAL_TRY:
        return env._("The PIN is wrong: one try is left before the token locks itself. Nothing was numbered or signed.")
    if token_flags & TokenFlag.USER_PIN_COUNT_LOW:
        return env._("The PIN is wrong: few tries are left before the token locks itself. Nothing was numbered or "
                 "signed.")
    return env._("The PIN is wrong. Nothing was numbered or signed.")


class Pkcs11Backend(SignerBackend):
    kind = "pkcs11"

    def __init__(self, module, token_label, key_label, cert_label=None):
        self.module = (module or "").strip()
        self.token_label = (token_label or "").strip()
        self.key_label = (key_label or "").strip()
        self.cert_label = (cert_label or "").strip() or self.key_label
        self.needs_secret = not configured_pin(self.token_label)

    def _token(self, env):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as p11

        if not (self.module and self.token_label and self.key_label):
            raise UserError(env._("Set the PKCS#11 module, the token label and the key label of the issuing body "
                              "before signing with a token."))
        if self.module not in allowed_pkcs11_modules():
            # a module is code loaded into the server: only those the server's configuration lists
            raise UserError(env._(
                "The PKCS#11 module %(module)s is not one the server's configuration allows "
                "(thidua_pkcs11_modules): the administrator adds it there.", module=self.module,
            ))
        try:
            slots = p11.p11_lib(self.module).get_slots()
            token = p11.find_token(slots, token_criteria=TokenCriteria(label=self.token_label))
        except Exception as error:  # noqa: BLE001 - a missing driver or device is the user's to fix
            _logger.info("PKCS#11 module %s: %s", self.module, error)
            token = None
        if token is None:
            raise UserError(env._("The token %(label)s is not connected to the server (or its driver cannot find "
                              "it). Nothing was numbered or signed.", label=self.token_label))
        return token

    @contextlib.contextmanager
    def open(self, env, at, secret=None):
        try:
            import pkcs11
            from pyhanko.sign import pkcs11 as p11
        except ImportError:
            # optional: only the bodies signing with a token need it (requirements.txt)
            raise UserError(env._("Signing with a token needs the python-pkcs11 package on the server: the "
                              "administrator installs it (make setup).")) from None
        pin = secret or configured_pin(self.token_label)
        if not pin:
            raise UserError(env._("Type the PIN of the token to sign."))
        token = self._token(env)
        try:
            session = token.open(user_pin=pin)
        except (pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinLenRange, pkcs11.exceptions.PinInvalid):
            raise UserError(pin_refusal(env, self._token(env).flags)) from None
        except pkcs11.exceptions.PinLocked:
            raise UserError(pin_refusal(env, pkcs11.TokenFlag.USER_PIN_LOCKED)) from None
        del pin, secret
        try:
            signer = p11.PKCS11Signer(session, cert_label=self.cert_label, key_label=self.key_label)
            try:
                cert = signer.signing_cert
            except Exception as error:  # noqa: BLE001 - a token without this key or certificate
                _logger.info("PKCS#11 token %s: %s", self.token_label, error)
                raise UserError(env._("The token %(label)s holds no certificate and key labelled %(key)s.",
                                  label=self.token_label, key=self.key_label)) from None
            holder, fingerprint, not_before, not_after = describe_certificate(cert)
            _check_validity(env, not_before, not_after, at)
            loaded = pdf_signing.LoadedSigner(signer=signer, subject=holder, fingerprint=fingerprint,
                                              not_before=not_before, not_after=not_after)
            yield self._checked(env, loaded, at)
        finally:
            session.close()


class UploadBackend(SignerBackend):
    kind = "upload"
    signs_elsewhere = True

    def __init__(self, cert_data):
        self.cert = load_certificate(cert_data)

    def check_certificate(self, env, at):
        """Refuse, before a number is given to the PDF to sign, a configured certificate that is
        expired, not yet valid or revoked: the signed file would be refused on upload."""
        if self.cert is None:
            return
        _holder, _fingerprint, not_before, not_after = describe_certificate(self.cert)
        _check_validity(env, not_before, not_after, at)
        revocation.check_certificate(env, self.crl, self.cert, at=at)

    @contextlib.contextmanager
    def open(self, env, at, secret=None):
        raise UserError(env._(
            "This issuing body signs elsewhere: prepare the PDF, sign it with the token's tool and upload the "
            "signed file."
        ))
        yield  # pragma: no cover


# annotations a signing tool may add beside its signature widget: the agency's tool writes the
# number and date it gives as text on the page (NĐ 30/2020 Art. 32, docs/law.md §10)
TEXT_ANNOTATIONS = frozenset({"/FreeText", "/Stamp"})


def check_signed_upload(env, prepared, uploaded, expected_cert, previous_signatures=(),
                        allowed_annotations=frozenset(), crl=None, prepared_at=None):
    """The signature of ``uploaded`` when it is ``prepared`` signed once by ``expected_cert``
    (asn1crypto) and nothing else, a certificate ``crl`` (the body's revocation list) does not name:
    ``{"holder", "fingerprint", "time" (aware)}``; UserError naming the reason otherwise.

    ``previous_signatures``: the SHA-256 fingerprints of the certificates of the signatures
    ``prepared`` already carries, in signing order (the Chairman's before the agency's): each must
    still be there, by the same certificate and valid for its revision. ``allowed_annotations``: the
    annotation subtypes (``TEXT_ANNOTATIONS``) the signing revision may add besides its widget.
    ``prepared_at`` (aware): when the file to sign was made; the signing time the signer's tool
    writes may not be earlier (nor later than now)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if expected_cert is None:
        raise UserError(env._("Upload the signer's certificate (.cer, .crt) in the issuing body's settings first: the "
                          "signed file is checked against it."))
    if not uploaded or not uploaded.startswith(b"%PDF"):
        raise UserError(env._("The uploaded file is not a PDF."))
    # a signature is an incremental update: the signed file begins with the prepared one, unchanged
    if len(uploaded) <= len(prepared) or uploaded[:len(prepared)] != prepared:
        raise UserError(env._(
            "The uploaded file is not the prepared PDF signed: its content differs from the prepared file (another "
            "version was signed, or the signing tool rewrote the file). Sign the prepared PDF as it is."
        ))
    try:
        reader = PdfFileReader(io.BytesIO(uploaded), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 - an uploaded file may be anything
        _logger.info("Uploaded signed PDF could not be read: %s", type(error).__name__)
        raise UserError(env._("The uploaded PDF cannot be read.")) from None
    _check_signature_count(env, signatures, list(previous_signatures))
    signature = signatures[-1]
    cert = signature.signer_cert
    if cert is None or cert.dump() != expected_cert.dump():
        raise UserError(env._(
            "The uploaded PDF is signed by %(holder)s, not with the certificate configured for this signer "
            "(%(expected)s).", holder=cert.subject.human_friendly if cert else "?",
            expected=describe_certificate(expected_cert)[0],
        ))
    context = ValidationContext(trust_roots=[expected_cert], allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except Exception as error:  # noqa: BLE001 - a broken signature is a refusal
        _logger.info("Uploaded signature could not be validated: %s", type(error).__name__)
        raise UserError(env._("The signature of the uploaded PDF is not valid.")) from None
    if not (status.intact and status.valid):
        raise UserError(env._("The signature of the uploaded PDF is not valid: the signed content was changed."))
    if getattr(status.coverage, "name", "") != "ENTIRE_FILE":
        raise UserError(env._(
            "Something was added to the uploaded PDF after it was signed (an incremental update): upload the file "
            "as the signing tool saved it."
        ))
    # what the signing revision added to the prepared file: a signature field and its widget only
    try:
        changed = _pages_changed(PdfFileReader(io.BytesIO(prepared), strict=False), reader,
                                 allowed_annotations=allowed_annotations)
    except Exception as error:  # noqa: BLE001 - a page that cannot be compared is not the prepared one
        _logger.info("Pages of the uploaded PDF could not be compared: %s", error)
        changed = True
    if changed:
        raise UserError(env._(
            "The signing added more than a signature to the prepared PDF (its pages or content were changed): sign "
            "the prepared PDF without editing it."
        ))
    holder, fingerprint, not_before, not_after = describe_certificate(cert)
    moment = _signing_moment(env, status.signer_reported_dt, prepared_at)
    _check_validity(env, not_before, not_after, moment)
    # the list is current today, whatever time the signer's tool wrote in the file
    revocation.check_certificate(env, crl, cert, at=pdf_signing.vietnam_now())
    return {"holder": holder, "fingerprint": fingerprint, "time": moment}


def _check_signature_count(env, signatures, previous_signatures):
    """The uploaded file carries the signatures of the file to sign, each still by its certificate
    and valid for its revision, and exactly one more."""
    if not previous_signatures and len(signatures) != 1:
        raise UserError(env._("The uploaded PDF must carry exactly one signature; it carries %(count)s.",
                          count=len(signatures)))
    if len(signatures) != len(previous_signatures) + 1:
        raise UserError(env._(
            "The uploaded PDF must carry the %(before)s signature(s) of the file to sign and exactly one more; it "
            "carries %(count)s.", before=len(previous_signatures), count=len(signatures),
        ))
    # in signing order: those of the file to sign, then the new one
    for earlier, fingerprint in zip(signatures, previous_signatures, strict=False):
        _check_previous_signature(env, earlier, fingerprint)


def _signing_moment(env, reported, prepared_at):
    """The signing time the signer's tool wrote in the file (aware), refused when it is before the
    file to sign existed or after now: a tool's clock cannot date a signature back into a
    certificate's validity (nor forward)."""
    now = pdf_signing.vietnam_now()
    if reported is None:
        return now
    # a minute's leeway for the clocks of the signer's computer and the server
    slack = timedelta(minutes=1)
    if (prepared_at and reported < prepared_at - slack) or reported > now + slack:
        raise UserError(env._(
            "The signing time written in the uploaded PDF (%(time)s) is not between the preparation of the file "
            "to sign and now: check the clock of the computer that signed it and sign the file again.",
            time=reported.astimezone(pdf_signing.VIETNAM_TZ).strftime("%d/%m/%Y %H:%M:%S"),
        ))
    return reported


def _check_previous_signature(env, signature, fingerprint):
    """``signature`` (one the file to sign carried) is still by the certificate of ``fingerprint``
    and valid for the revision it signed."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    cert = signature.signer_cert
    if cert is None or hashlib.sha256(cert.dump()).hexdigest() != fingerprint:
        raise UserError(env._(
            "A signature of the file to sign was removed or replaced in the uploaded PDF (it is now by %(holder)s). "
            "Sign the downloaded file as it is.", holder=cert.subject.human_friendly if cert else "?",
        ))
    holder = describe_certificate(cert)[0]
    try:
        # its certificate was checked when it signed: here only that what it signed is untouched
        # (what the later revision changed on the pages is compared by _pages_changed)
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[cert], allow_fetching=False),
                                        skip_diff=True)
        valid = status.intact and status.valid
    except Exception as error:  # noqa: BLE001 - a broken signature is a refusal
        _logger.info("Earlier signature of an uploaded PDF could not be validated: %s", type(error).__name__)
        valid = False
    if not valid:
        raise UserError(env._("The signature of %(holder)s in the uploaded PDF is no longer valid: what it signed "
                              "was changed.", holder=holder))


def _page_list(reader):
    pages = []

    def walk(node, depth=0):
        node = node.get_object()
        if depth > 32:
            raise ValueError("page tree too deep")
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node["/Kids"]:
                walk(kid, depth + 1)
        else:
            pages.append(node)

    walk(reader.root["/Pages"])
    return pages


def _contents(page):
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return b"\n".join(stream.get_object().data for stream in streams)


def _is_signature_widget(annotation):
    annotation = annotation.get_object()
    field = annotation
    for _depth in range(8):
        if field.get("/FT") == "/Sig":
            return annotation.get("/Subtype") == "/Widget"
        if "/Parent" not in field:
            return False
        field = field["/Parent"].get_object()
    return False


def _annotation_refs(page):
    annotations = page.get("/Annots")
    if annotations is None:
        return []
    return list(annotations.get_object())


def _is_number_slot(ref):
    """An empty field of the file to sign where the number and date are written (a tool may fill it)."""
    field = ref.get_object()
    return field.get("/FT") == "/Tx" and str(field.get("/T", "")) in pdf_signing.SLOT_FIELDS.values()


def _pages_changed(old_reader, new_reader, allowed_annotations=frozenset()):
    """True when a page of ``new_reader`` differs from ``old_reader``'s other than by signature widgets
    (and new annotations of the ``allowed_annotations`` subtypes)."""
    old_pages, new_pages = _page_list(old_reader), _page_list(new_reader)
    if len(old_pages) != len(new_pages):
        return True
    for old, new in zip(old_pages, new_pages, strict=True):
        for key in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate"):
            if str(old.get(key)) != str(new.get(key)):
                return True
        if _contents(old) != _contents(new):
            return True
        old_annotations = {(ref.idnum, ref.generation) for ref in _annotation_refs(old) if hasattr(ref, "idnum")}
        for ref in _annotation_refs(new):
            if hasattr(ref, "idnum") and (ref.idnum, ref.generation) in old_annotations:
                # an annotation of the file to sign, redefined by the signing revision (the appearance
                # of an earlier signature's widget drawn anew, say), changes what the page shows
                if new_reader.xrefs.get_last_change(ref) >= old_reader.xrefs.total_revisions \
                        and not _is_number_slot(ref):
                    return True
                continue
            if not _is_signature_widget(ref) and ref.get_object().get("/Subtype") not in allowed_annotations:
                return True
    return False
