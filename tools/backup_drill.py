#!/usr/bin/env python3
"""The backup and restore drill (``make test-backup-drill``, part of ``make test`` where Odoo is).

1. a database with chilang_thidua (no demo), a district whose certificate (a throw-away CA, as
   tests/test_signature.py makes) signs two decisions, and an evidence file on a dossier;
2. ``tools/backup.py backup`` (dump, filestore, the key's fingerprint; the key copied apart);
3. ``tools/backup.py restore`` into a NEW database, neutralized;
4. checks in the restored database: every signed PDF byte-identical to the original and still
   valid (pyHanko, the CA as trust root), every attachment readable with its checksum, and the
   next decision signed there numbered after the last one, its PDF valid too.

Both databases, their filestores and the backup are removed at the end (``--keep`` keeps them).
Without Odoo it prints one SKIPPED line and exits 0.

Usage: backup_drill.py [--db PREFIX] [--keep]
"""

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))
CONFIG = os.path.join(REPO, "odoo.conf")
PASSWORD = "drill-p12"  # noqa: S105 - a throw-away certificate made for the drill


# ----------------------------------------------------------------------------------------------
# inside Odoo (run in a child process: one database per process)
# ----------------------------------------------------------------------------------------------
def odoo_env(db):
    from odoo_suite import ADDONS, odoo_addons_path  # noqa: PLC0415

    import odoo  # noqa: PLC0415

    odoo.tools.config.parse_config(["--config", CONFIG, "--addons-path", ",".join(odoo_addons_path() + [ADDONS]),
                                    "-d", db, "--log-level", "warn"])
    registry = odoo.modules.registry.Registry(db)
    return odoo, registry


def approved_dossiers(env, campaign, unit, names):
    dossiers = env["thidua.dossier"].create([{
        "campaign_id": campaign.id, "unit_id": unit.id, "award_form_id": campaign.award_form_ids[:1].id,
        "subject_type": "civil_servant", "nominee_name": name, "job_title": "Chuyên viên",
        "achievement": "hoàn thành xuất sắc nhiệm vụ năm 2024",
    } for name in names])
    dossiers._set_state("approved")
    return dossiers


def sign_decision(env, campaign, dossiers, manager, day):
    decision = env["thidua.decision"].create({
        "campaign_id": campaign.id, "award_form_id": dossiers[:1].award_form_id.id, "date_decision": day})
    decision.action_load_dossiers()
    decision.with_user(manager).action_sign()
    return decision


def seed(db, workdir):
    """The office's history: two signed decisions and a dossier's evidence, committed."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

    odoo, registry = odoo_env(db)
    # the tests' throw-away PKI; Odoo logs an error when its test framework loads outside test mode
    odoo.tools.config["test_enable"] = True
    from odoo.addons.chilang_thidua.tests.test_signature import make_pki  # noqa: PLC0415 - once Odoo knows the addons
    ca, _cert, p12 = make_pki(password=PASSWORD)
    with open(os.path.join(workdir, "ca.pem"), "wb") as handle:
        handle.write(ca.public_bytes(serialization.Encoding.PEM))
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "vi_VN", "no_reset_password": True,
                                                           "tracking_disable": True})
        district = env["thidua.unit"].create({
            "name": "UBND huyện Diễn Tập", "code": "DT_UBND", "unit_type": "office",
            "authority_name": "Ủy ban nhân dân huyện Thử Nghiệm", "doc_abbreviation": "UBND",
            "place_name": "Diễn Tập",
        })
        manager = env["res.users"].create({
            "name": "Lãnh đạo UBND (diễn tập)", "login": "dt_manager",
            "groups_id": [(6, 0, env.ref("chilang_thidua.group_manager").ids)],
        })
        district.with_user(manager).write({
            "sign_certificate": base64.b64encode(p12), "sign_certificate_filename": "ubnd.p12",
            "sign_certificate_password": PASSWORD})
        campaign = env["thidua.campaign"].create({
            "name": "Phong trào diễn tập 2024", "issuing_unit_id": district.id,
            "date_start": date(2024, 1, 1), "date_end": date(2024, 10, 31),
            "registration_deadline": date(2024, 1, 20), "signer_name": "Nguyễn Văn Chủ",
            # a commune's Giấy khen: district-level forms are archived in a new database (hooks.py)
            "award_form_ids": [(6, 0, env.ref("chilang_thidua.award_form_giay_khen_xa").ids)],
        })
        campaign._set_state("closed")
        first = sign_decision(env, campaign, approved_dossiers(env, campaign, district, ["Nguyễn Thị A", "Lê Văn B"]),
                              manager, date(2024, 12, 5))
        second = sign_decision(env, campaign, approved_dossiers(env, campaign, district, ["Hoàng Văn C"]),
                               manager, date(2024, 12, 6))
        evidence = approved_dossiers(env, campaign, district, ["Vi Thị D"])
        env["ir.attachment"].create({"name": "Minh chứng.pdf", "raw": b"%PDF-1.4 minh chung\n%%EOF\n",
                                     "res_model": "thidua.dossier", "res_id": evidence.id})
        state = {"campaign_id": campaign.id, "district_id": district.id, "manager_id": manager.id,
                 "evidence_dossier_id": evidence.id,
                 "decisions": {d.name: d.signed_pdf_sha256 for d in first | second}}
    with open(os.path.join(workdir, "seed.json"), "w", encoding="utf-8") as handle:
        json.dump(state, handle, ensure_ascii=False)
    print(f"seeded {db}: decisions {', '.join(state['decisions'])}", flush=True)


def pdf_valid(pdf, ca_pem):
    from asn1crypto import pem  # noqa: PLC0415
    from asn1crypto import x509 as asn1_x509  # noqa: PLC0415
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415

    _type, _headers, der = pem.unarmor(ca_pem)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)
    signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    if len(signatures) != 1:
        return False
    status = validate_pdf_signature(signatures[0], signer_validation_context=context)
    return bool(status.intact and status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE")


def check(db, workdir, backup_dir):
    """Run in the restored database; prints one line per check, exits 1 on the first failure."""
    import hashlib  # noqa: PLC0415

    odoo, registry = odoo_env(db)
    with open(os.path.join(workdir, "seed.json"), encoding="utf-8") as handle:
        state = json.load(handle)
    with open(os.path.join(workdir, "ca.pem"), "rb") as handle:
        ca_pem = handle.read()
    with open(os.path.join(backup_dir, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    failures = []

    def expect(ok, message):
        print(("ok    " if ok else "FAIL  ") + message, flush=True)
        if not ok:
            failures.append(message)

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "vi_VN", "tracking_disable": True})
        documents = manifest["signed_documents"]
        expect(len(documents) >= 6, f"{len(documents)} signed documents in the backup (2 decisions, 2 certificate "
                                    "batches, 3 certificates)")
        for document in documents:
            attachment = env["ir.attachment"].browse(document["id"])
            raw = attachment.raw or b""
            expect(hashlib.sha256(raw).hexdigest() == document["sha256"] and pdf_valid(raw, ca_pem),
                   f"{document['name']}: byte-identical and its signature valid")
        for name, sha in state["decisions"].items():
            decision = env["thidua.decision"].search([("name", "=", name)])
            expect(decision.signed_pdf_sha256 == sha == hashlib.sha256(decision.signed_pdf_id.raw).hexdigest(),
                   f"decision {name}: the SHA-256 of record matches its file")
        stored = env["ir.attachment"].search([("type", "=", "binary"), ("store_fname", "!=", False)])
        unreadable = [a.name for a in stored if a.checksum != hashlib.sha1(a.raw or b"").hexdigest()]
        count = len(stored)
        expect(not unreadable, f"{count} stored attachments readable, checksums right {unreadable or ''}")
        evidence = env["ir.attachment"].search([("res_model", "=", "thidua.dossier"),
                                                ("res_id", "=", state["evidence_dossier_id"])])
        expect(evidence.raw == b"%PDF-1.4 minh chung\n%%EOF\n", "a dossier's evidence reads back")
        # the office goes on: the next decision continues the numbering and is signed with the
        # certificate whose password the restored key opens
        campaign = env["thidua.campaign"].browse(state["campaign_id"])
        district = env["thidua.unit"].browse(state["district_id"])
        manager = env["res.users"].browse(state["manager_id"])
        last = max(int(name.split("/")[0]) for name in state["decisions"])
        try:
            decision = sign_decision(env, campaign, approved_dossiers(env, campaign, district, ["Lăng Văn E"]),
                                     manager, date(2024, 12, 9))
            expect(decision.name == f"{last + 1:02d}/QĐ-UBND", f"next decision numbered {decision.name} after "
                                                               f"{last:02d}/QĐ-UBND")
            expect(decision.is_digitally_signed and pdf_valid(decision.signed_pdf_id.raw, ca_pem),
                   "the restored database signs it (certificate password opened by the restored key)")
        except Exception as error:  # noqa: BLE001 - reported as the drill's failure
            expect(False, f"signing the next decision: {error}")
        cr.rollback()
    return 1 if failures else 0


# ----------------------------------------------------------------------------------------------
# the drill, outside Odoo
# ----------------------------------------------------------------------------------------------
def run(cmd, **kwargs):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kwargs)


def drop(db):
    from odoo.tools import config  # noqa: PLC0415

    subprocess.run(["dropdb", "--if-exists", db], check=True)
    config.parse_config(["--config", CONFIG], setup_logging=False)
    shutil.rmtree(config.filestore(db), ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=f"chilang_drill_{os.getpid()}", help="prefix of the two databases")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--template", help="copy this database (chilang_thidua installed, no demo) instead of "
                        "installing one")
    parser.add_argument("--phase", choices=["seed", "check"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--backup-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "seed":
        seed(args.db, args.workdir)
        return 0
    if args.phase == "check":
        return check(args.db, args.workdir, args.backup_dir)
    try:
        import odoo  # noqa: F401, PLC0415
    except ImportError:
        print("BACKUP DRILL SKIPPED: Odoo 18.0 is not importable")
        return 0
    from loadtest.run import odoo_launcher  # noqa: PLC0415
    from odoo_suite import ADDONS, odoo_addons_path  # noqa: PLC0415

    if os.path.exists(os.path.join(REPO, "tools", "secret_key.py")):
        run([sys.executable, os.path.join(REPO, "tools", "secret_key.py"), CONFIG])
    source, restored = f"{args.db}_src", f"{args.db}_restored"
    workdir = tempfile.mkdtemp(prefix="chilang_drill_")
    me = [sys.executable, os.path.abspath(__file__), "--workdir", workdir]
    code = 1
    try:
        for db in (source, restored):
            drop(db)
        if args.template:
            from odoo.tools import config  # noqa: PLC0415

            run(["createdb", "-T", args.template, source])
            shutil.copytree(config.filestore(args.template), config.filestore(source))
        else:
            run(odoo_launcher() + ["--config", CONFIG, "--addons-path", ",".join(odoo_addons_path() + [ADDONS]),
                                   "-d", source, "-i", "chilang_thidua", "--without-demo", "all", "--stop-after-init",
                                   "--no-http", "--max-cron-threads", "0", "--log-level", "warn"])
        run(me + ["--phase", "seed", "--db", source])
        out = subprocess.run([sys.executable, os.path.join(REPO, "tools", "backup.py"), "backup", "-d", source,
                              "--out", os.path.join(workdir, "backups"), "--key-out", os.path.join(workdir, "keys"),
                              "--config", CONFIG], check=True, capture_output=True, text=True).stdout
        print(out, end="", flush=True)
        backups = os.path.join(workdir, "backups")
        backup_dir = os.path.join(backups, os.listdir(backups)[0])
        run([sys.executable, os.path.join(REPO, "tools", "backup.py"), "restore", backup_dir, "-d", restored,
             "--neutralize", "--config", CONFIG])
        code = subprocess.run(me + ["--phase", "check", "--db", restored, "--backup-dir", backup_dir],
                              check=False).returncode
    finally:
        if not args.keep:
            for db in (source, restored):
                drop(db)
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {source}, {restored} and {workdir}")
    print("backup drill: " + ("passed" if code == 0 else "FAILED"))
    return code


if __name__ == "__main__":
    sys.exit(main())
