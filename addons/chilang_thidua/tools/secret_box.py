"""Secrets the database must not reveal (the PKCS#12 password), encrypted with a key kept in the
server's configuration file, never in the database: a dump or a copy of the database alone gives
nothing back.

The key is a Fernet key (``cryptography``, AES-128-CBC + HMAC-SHA256), read from the Odoo
configuration file:

- ``thidua_secret_key_file = /etc/odoo/thidua_secret.key`` (a file holding the key; a relative path
  is taken from the configuration file's folder; ``make setup`` and ``make run`` create
  ``.thidua_secret_key`` beside ``odoo.conf`` when it is absent), or
- ``thidua_secret_key = <the key itself>``.

Stored values carry a prefix: a value without it is a password written before encryption existed,
kept as it was until the key is configured (see :func:`encrypt_legacy_values`).
"""

import logging
import os

from odoo.tools import config

_logger = logging.getLogger(__name__)

PREFIX = "fernet1:"
KEY_OPTION = "thidua_secret_key"
KEY_FILE_OPTION = "thidua_secret_key_file"


class SecretKeyMissing(Exception):
    """The server's configuration names no usable key."""


class SecretUnreadable(Exception):
    """A stored secret does not decrypt with the configured key (the key was changed)."""


def generate_key():
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def ensure_key_file(path):
    """Create ``path`` holding a new key (mode 600) when it does not exist; True when created."""
    if os.path.exists(path):
        return False
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(generate_key() + "\n")
    return True


def _configured_key():
    key = (config.get(KEY_OPTION) or "").strip()
    if key:
        return key
    path = (config.get(KEY_FILE_OPTION) or "").strip()
    if not path:
        return None
    if not os.path.isabs(path) and config.rcfile:
        path = os.path.join(os.path.dirname(os.path.abspath(config.rcfile)), path)
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip() or None
    except OSError as error:
        _logger.warning("%s = %s cannot be read: %s", KEY_FILE_OPTION, path, error.strerror)
        return None


def _fernet():
    from cryptography.fernet import Fernet

    key = _configured_key()
    if not key:
        raise SecretKeyMissing()
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError):
        _logger.warning("%s is not a valid Fernet key (44 characters of url-safe base64)", KEY_OPTION)
        raise SecretKeyMissing() from None


def has_key():
    try:
        _fernet()
    except SecretKeyMissing:
        return False
    return True


def is_encrypted(stored):
    return bool(stored) and stored.startswith(PREFIX)


def encrypt(plain):
    """The stored form of ``plain`` (None stays None); SecretKeyMissing without a key."""
    if not plain:
        return None
    return PREFIX + _fernet().encrypt(plain.encode()).decode()


def decrypt(stored):
    """The secret behind ``stored``; a legacy plain value is returned as it is (the caller decides
    whether it may be used). SecretKeyMissing / SecretUnreadable for an encrypted value."""
    if not stored:
        return None
    if not is_encrypted(stored):
        return stored
    from cryptography.fernet import InvalidToken

    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        raise SecretUnreadable() from None


def encrypt_legacy_values(cr, table, column):
    """Encrypt in place the plain values of ``table.column``; without a key leave them as they are
    (never lose a password) and say so. Returns the number of values still plain."""
    cr.execute(f'SELECT id, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL '  # noqa: S608
               f'AND "{column}" NOT LIKE %s', [PREFIX + "%"])
    rows = cr.fetchall()
    if not rows:
        return 0
    if not has_key():
        _logger.warning(
            "%s plain certificate password(s) in %s.%s stay unencrypted: the server's configuration has no "
            "%s (or %s). Signing with them is refused until the key is configured and the module updated.",
            len(rows), table, column, KEY_FILE_OPTION, KEY_OPTION,
        )
        return len(rows)
    for row_id, plain in rows:
        cr.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [encrypt(plain), row_id])  # noqa: S608
    _logger.info("%s certificate password(s) in %s.%s encrypted with the server's key", len(rows), table, column)
    return 0
