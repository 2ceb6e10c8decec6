#!/usr/bin/env python3
"""Back up and restore an office's database: ``make backup DB=…`` and ``make restore``.

A backup is a folder ``<out>/<db>-<UTC time>/`` holding

- ``database.dump``: ``pg_dump --format=custom`` (compressed; ``pg_restore`` can list and pick);
- ``filestore.tar.gz``: Odoo's filestore of the database (evidence, signed PDFs: the database only
  names them);
- ``manifest.json``: the database, Odoo's and the addon's versions, the size and SHA-256 of each
  file above, the SHA-256 of every signed PDF of record, and the fingerprint (not the value) of the
  key that encrypts the certificate passwords.

The key itself (the server configuration's ``thidua_secret_key_file`` or ``thidua_secret_key``) is
NOT put beside the dump: a stolen backup must not open the certificates. ``--key-out DIR`` copies it
(mode 600) to a place of its own, which the office keeps apart (README, "Backup and restore").

``restore`` makes a NEW database from a backup (it refuses an existing one), puts the filestore
back, checks every file against the manifest and, with ``--neutralize``, runs Odoo's neutralize so
that a copy restored for a drill sends no mail and runs no scheduled action. It then says whether
the configured key is the one the backup was made with.

Usage: backup.py backup -d DB [--out DIR] [--key-out DIR] [--config odoo.conf]
       backup.py restore BACKUP_DIR -d NEW_DB [--neutralize] [--config odoo.conf]
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY_OPTION, KEY_FILE_OPTION = "thidua_secret_key", "thidua_secret_key_file"
# the attachments that are documents of record: their bytes must come back unchanged
SIGNED_SQL = """
    SELECT a.id, a.name, a.checksum, a.store_fname FROM ir_attachment a
     WHERE a.id IN (SELECT signed_pdf_id FROM thidua_decision UNION SELECT certificate_pdf_id FROM thidua_decision
                    UNION SELECT certificate_pdf_id FROM thidua_dossier)
     ORDER BY a.id"""


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def odoo_config(config_path):
    from odoo.tools import config  # noqa: PLC0415 - needs Odoo

    config.parse_config(["--config", config_path], setup_logging=False)
    return config


def key_material(config):
    """(key bytes or None, where it comes from): the server's key for the certificate passwords."""
    key = (config.get(KEY_OPTION) or "").strip()
    if key:
        return key.encode(), f"{KEY_OPTION} in {config.rcfile}"
    path = (config.get(KEY_FILE_OPTION) or "").strip()
    if not path:
        return None, None
    if not os.path.isabs(path):
        path = os.path.join(os.path.dirname(os.path.abspath(config.rcfile)), path)
    if not os.path.exists(path):
        return None, path
    with open(path, "rb") as handle:
        return handle.read().strip(), path


def psql(db, sql):
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-d", db, "-c", sql], check=True,
                         capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def signed_documents(db):
    try:
        return [{"id": int(i), "name": n, "sha1": c, "store_fname": f} for i, n, c, f in psql(db, SIGNED_SQL)]
    except subprocess.CalledProcessError:  # the addon is not installed in this database
        return []


def backup(args):
    config = odoo_config(args.config)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = os.path.join(args.out, f"{args.db}-{stamp}")
    os.makedirs(folder)
    dump = os.path.join(folder, "database.dump")
    # one snapshot for the dump; the filestore is copied after it, so every file the dump names is
    # there (Odoo never rewrites a stored file: a file added meanwhile is an extra, never a hole)
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", dump, args.db], check=True)
    filestore = config.filestore(args.db)
    archive = os.path.join(folder, "filestore.tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        if os.path.isdir(filestore):
            tar.add(filestore, arcname="filestore")
    documents = signed_documents(args.db)
    for document in documents:
        path = os.path.join(filestore, document["store_fname"] or "")
        document["sha256"] = sha256_file(path) if document["store_fname"] and os.path.exists(path) else None
    versions = dict(psql(args.db, "SELECT name, latest_version FROM ir_module_module "
                                  "WHERE name IN ('base', 'chilang_thidua') AND state = 'installed'"))
    key, key_source = key_material(config)
    manifest = {
        "database": args.db, "made_at": stamp, "versions": versions,
        "files": {name: {"bytes": os.path.getsize(os.path.join(folder, name)),
                         "sha256": sha256_file(os.path.join(folder, name))}
                  for name in ("database.dump", "filestore.tar.gz")},
        "signed_documents": documents,
        # a fingerprint tells which key a restore needs without revealing it
        "secret_key_sha256": hashlib.sha256(key).hexdigest() if key else None,
        "secret_key_source": key_source,
    }
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, ensure_ascii=False)
    print(f"backup of {args.db}: {folder} (dump {manifest['files']['database.dump']['bytes']:,} bytes, "
          f"filestore {manifest['files']['filestore.tar.gz']['bytes']:,} bytes, "
          f"{len(documents)} signed documents)")
    if key and args.key_out:
        os.makedirs(args.key_out, mode=0o700, exist_ok=True)
        target = os.path.join(args.key_out, f"{args.db}-{stamp}.thidua_secret_key")
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key + b"\n")
        print(f"the certificate passwords' key: {target} (mode 600; keep it apart from the backup)")
    elif key:
        fingerprint = manifest["secret_key_sha256"][:16]
        print(f"the certificate passwords' key is NOT in the backup (fingerprint {fingerprint}…):"
              f" keep a copy of {key_source} apart (--key-out DIR)")
    else:
        print("no certificate passwords' key configured (thidua_secret_key_file): nothing to keep apart")
    return folder


def restore(args):
    config = odoo_config(args.config)
    folder = args.backup
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    for name, expected in manifest["files"].items():
        if sha256_file(os.path.join(folder, name)) != expected["sha256"]:
            sys.exit(f"{name} does not match the manifest: the backup is damaged")
    if not args.db.isidentifier():
        sys.exit(f"{args.db}: a database name of letters, digits and _")
    if psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{args.db}'"):
        sys.exit(f"database {args.db} exists: restore makes a new one (drop it first, or choose another name)")
    filestore = config.filestore(args.db)
    if os.path.exists(filestore):
        sys.exit(f"{filestore} exists: restore makes a new filestore")
    subprocess.run(["createdb", args.db], check=True)
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", args.db,
                    os.path.join(folder, "database.dump")], check=True)
    parent = os.path.dirname(filestore)
    os.makedirs(parent, exist_ok=True)
    staging = os.path.join(parent, f".{args.db}.restoring")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(os.path.join(folder, "filestore.tar.gz")) as tar:
        tar.extractall(staging, filter="data")
    source = os.path.join(staging, "filestore")
    os.rename(source if os.path.isdir(source) else staging, filestore)
    shutil.rmtree(staging, ignore_errors=True)
    damaged = [d["name"] for d in manifest["signed_documents"] if d.get("sha256") and (
        not os.path.exists(os.path.join(filestore, d["store_fname"]))
        or sha256_file(os.path.join(filestore, d["store_fname"])) != d["sha256"])]
    if damaged:
        sys.exit(f"signed documents changed or missing after restore: {damaged}")
    if args.neutralize:
        from loadtest.run import odoo_launcher  # noqa: PLC0415 - odoo-bin

        subprocess.run(odoo_launcher() + ["neutralize", "--config", args.config, "-d", args.db], check=True)
    key, key_source = key_material(config)
    expected = manifest.get("secret_key_sha256")
    if expected and not key:
        verdict = "MISSING: put the backed-up key where thidua_secret_key_file says, or signing stays closed"
    elif expected and hashlib.sha256(key).hexdigest() != expected:
        verdict = f"DIFFERENT from the backup's ({key_source}): the stored certificate passwords will not open"
    elif expected:
        verdict = f"the backup's key ({key_source})"
    else:
        verdict = "none needed (the backup had none)"
    print(f"restored {manifest['database']} ({manifest['made_at']}) as {args.db}: "
          f"{len(manifest['signed_documents'])} signed documents identical; key: {verdict}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup")
    make.add_argument("-d", "--db", required=True)
    make.add_argument("--out", default=os.path.join(REPO, "backups"))
    make.add_argument("--key-out", help="also copy the certificate passwords' key here (a place of its own)")
    back = sub.add_parser("restore")
    back.add_argument("backup", help="a folder made by `backup`")
    back.add_argument("-d", "--db", required=True, help="the new database")
    back.add_argument("--neutralize", action="store_true", help="no mail, no scheduled actions (a drill's copy)")
    for command in (make, back):
        command.add_argument("--config", default=os.path.join(REPO, "odoo.conf"))
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(REPO, "tools"))
    if args.command == "backup":
        backup(args)
        return 0
    return restore(args)


if __name__ == "__main__":
    sys.exit(main())
