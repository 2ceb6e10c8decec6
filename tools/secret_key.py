#!/usr/bin/env python3
"""Create the server's secret key file named by ``thidua_secret_key_file`` in an Odoo
configuration file, when it does not exist yet (``make setup``, ``make run``, the test runner).

The key encrypts the certificate passwords the database keeps (addons/chilang_thidua/tools/
secret_box.py): it lives beside the configuration, never in the database. Losing it means typing
the certificate passwords again; it is never regenerated over an existing file.

Usage: secret_key.py [odoo.conf]
"""

import configparser
import os
import sys


def ensure(conf_path):
    parser = configparser.ConfigParser()
    parser.read(conf_path)
    if parser.has_option("options", "thidua_secret_key"):
        return None
    if not parser.has_option("options", "thidua_secret_key_file"):
        print(f"{conf_path}: no thidua_secret_key_file: certificate passwords cannot be stored", file=sys.stderr)
        return None
    path = parser.get("options", "thidua_secret_key_file").strip()
    if not os.path.isabs(path):
        path = os.path.join(os.path.dirname(os.path.abspath(conf_path)), path)
    if os.path.exists(path):
        return None
    from cryptography.fernet import Fernet

    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(Fernet.generate_key().decode() + "\n")
    print(f"created the secret key {path} (keep it with the server's configuration, out of database backups)")
    return path


if __name__ == "__main__":
    ensure(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "odoo.conf"))
