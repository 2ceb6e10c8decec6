"""Certificate revocation lists (CRL, RFC 5280) an issuing body uploads for its certificates.

The server fetches nothing: the list is the file a manager downloaded from the certification
authority (DER or PEM). What is checked, at signing, when the body keeps a list:

- the list is the certificate issuer's (the same issuer name): another authority's is refused (on
  upload already, when the certificate is known then);
- its signature, when the issuer's certificate is known (in the PKCS#12's chain, or a CA
  certificate in the same PEM file); without it the list is used unverified: a forged list can
  only refuse a signing, never let a revoked certificate sign;
- a list past its next update is refused: it no longer says anything about today;
- a certificate the list names is refused, with its revocation date, whatever the reason given
  (a suspended certificate, certificateHold, included).

Not checked: OCSP (never queried), delta and indirect lists, the list's distribution point.
"""

import logging
from datetime import timezone

from odoo.exceptions import UserError

from . import pdf_signing

_logger = logging.getLogger(__name__)


def _date(moment):
    """dd/mm/yyyy in Vietnam of a ``cryptography`` time (naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(pdf_signing.VIETNAM_TZ).strftime("%d/%m/%Y")


def _cryptography_cert(cert):
    """A ``cryptography`` certificate from an asn1crypto one (or itself)."""
    from cryptography import x509

    return x509.load_der_x509_certificate(cert.dump()) if hasattr(cert, "dump") else cert


def load_crl(data):
    """(the CRL, [CA certificates given with it]) from a DER or PEM file (``cryptography``
    objects), or None when the file holds no readable list."""
    from asn1crypto import pem
    from cryptography import x509

    if not data:
        return None
    try:
        if not pem.detect(data):
            return x509.load_der_x509_crl(data), []
        crl, certs = None, []
        for kind, _headers, der in pem.unarmor(data, multiple=True):
            if kind == "X509 CRL" and crl is None:
                crl = x509.load_der_x509_crl(der)
            elif kind == "CERTIFICATE":
                certs.append(x509.load_der_x509_certificate(der))
        if crl is None:
            return None
        crl.next_update  # noqa: B018 - parses its header: a damaged list fails here
        return crl, certs
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad file for the user
        _logger.info("CRL could not be read: %s", type(error).__name__)
        return None


def _issuer_name(crl):
    from cryptography.x509.oid import NameOID

    names = crl.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else crl.issuer.rfc4514_string()


def _check_issuer(env, crl, certs, cert):
    """The list is ``cert``'s issuer's, and its signature holds when the issuer's certificate is
    among ``certs`` (the certificate's chain and those given with the list)."""
    if crl.issuer != cert.issuer:
        raise UserError(env._(
            "The revocation list is issued by %(crl_issuer)s, not by the authority that issued the certificate of "
            "%(holder)s: upload the revocation list of that certification authority.",
            crl_issuer=_issuer_name(crl), holder=pdf_signing._subject_name(cert),
        ))
    issuers = [candidate for candidate in certs if candidate.subject == crl.issuer]
    if issuers and not any(_signature_holds(crl, issuer) for issuer in issuers):
        raise UserError(env._(
            "The signature of the revocation list does not verify with the certificate of %(crl_issuer)s: the file "
            "was changed or does not come from that authority.", crl_issuer=_issuer_name(crl),
        ))


def _signature_holds(crl, issuer):
    try:
        return crl.is_signature_valid(issuer.public_key())
    except Exception:  # noqa: BLE001 - an unsupported key type is a signature that cannot be checked
        return False


def check_upload(env, data, certs=()):
    """A plain refusal when ``data`` is not a revocation list for ``certs`` (the certificates the body
    signs with, as far as the server knows them now)."""
    loaded = load_crl(data)
    if loaded is None:
        raise UserError(env._("The revocation list file cannot be read: upload the CRL file (.crl, DER or PEM) of "
                              "the certification authority."))
    crl, given = loaded
    for cert in map(_cryptography_cert, certs):
        _check_issuer(env, crl, list(given) + [cert], cert)


def check_certificate(env, data, cert, chain=(), at=None):
    """Refuse ``cert`` (asn1crypto or cryptography) when the list ``data`` names it, or when the list
    cannot vouch for ``at`` (aware); nothing to do without a list."""
    if not data:
        return
    loaded = load_crl(data)
    if loaded is None:
        raise UserError(env._("The revocation list file cannot be read: upload the CRL file (.crl, DER or PEM) of "
                              "the certification authority."))
    crl, given = loaded
    cert = _cryptography_cert(cert)
    _check_issuer(env, crl, list(given) + [_cryptography_cert(c) for c in chain], cert)
    at = at or pdf_signing.vietnam_now()
    next_update = crl.next_update
    if next_update is not None and at > next_update.replace(tzinfo=timezone.utc):
        raise UserError(env._(
            "The revocation list of %(crl_issuer)s was valid until %(date)s: download the current list from the "
            "certification authority and upload it in the issuing body's settings. Nothing was numbered or signed.",
            crl_issuer=_issuer_name(crl), date=_date(next_update),
        ))
    revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if revoked is not None:
        raise UserError(env._(
            "The digital signature certificate of %(holder)s was revoked on %(date)s: it can no longer sign. Nothing "
            "was numbered or signed.", holder=pdf_signing._subject_name(cert), date=_date(revoked.revocation_date),
        ))
