#!/usr/bin/env python3
"""Say exactly which prerequisite of chilang_thidua is missing on this machine."""

import shutil
import subprocess
import sys

missing = []
try:
    import odoo  # noqa: F401

    version = odoo.release.version_info[:2]
    if version != (18, 0):
        missing.append(f"Odoo 18.0 (found {odoo.release.version})")
    else:
        print(f"ok   Odoo {odoo.release.version} at {odoo.__path__[0]}")
except ImportError as exc:
    missing.append(f"Odoo 18.0 importable as `odoo` from {sys.executable} ({exc})")

try:
    out = subprocess.run(["psql", "-d", "postgres", "-Atc", "select version()"], capture_output=True, text=True,
                         timeout=20, check=False)
    if out.returncode == 0:
        print("ok   " + out.stdout.strip().split(",")[0])
    else:
        missing.append(f"a running PostgreSQL that this user can reach ({out.stderr.strip()})")
except FileNotFoundError:
    missing.append("PostgreSQL client tools (psql, createdb, dropdb)")

try:
    import gevent  # noqa: F401

    print(f"ok   gevent {gevent.__version__} (Odoo's event process with --workers)")
except ImportError:
    missing.append("gevent (make setup installs Odoo's pin) for the event process Odoo starts with --workers")

if shutil.which("wkhtmltopdf"):
    print("ok   wkhtmltopdf at " + shutil.which("wkhtmltopdf"))
else:
    missing.append("wkhtmltopdf (Debian: apt-get install wkhtmltopdf) for the PDF reports")
try:
    tinos = subprocess.run(["fc-list", "Tinos"], capture_output=True, text=True, timeout=20, check=False).stdout
except FileNotFoundError:
    tinos = ""
if tinos.strip():
    print("ok   font Tinos (the documents' Times New Roman twin with Vietnamese glyphs)")
else:
    missing.append("font Tinos (Debian: apt-get install fonts-croscore) for the PDF documents")
if not shutil.which("pdftotext"):
    missing.append("pdftotext (Debian: apt-get install poppler-utils) for the report tests")
if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
    missing.append("Chromium (Debian: apt-get install chromium) for the browser tours (they are skipped without it)")
try:
    import websocket  # noqa: F401
except ImportError:
    missing.append("websocket-client (make setup installs it) for the browser tours")
if not shutil.which("zbarimg"):
    missing.append("zbarimg (Debian: apt-get install zbar-tools) to scan the certificates' QR codes in a test")
if not (shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")):
    missing.append("SoftHSM2 and OpenSC (Debian: apt-get install softhsm2 opensc) for the token signing tests")
try:
    import pkcs11  # noqa: F401
except ImportError:
    missing.append("python-pkcs11 (make setup installs it; needs a C compiler) to sign with a token or an HSM")

for item in missing:
    print("MISSING " + item)
sys.exit(1 if missing else 0)
