"""Render the first page of the demo decision, digitally signed, into docs/report_decision_signed.png.

Run in an Odoo shell on a database with the demo data. A throw-away certification authority and
PKCS#12 are made here (as the tests do), with stand-in signature and seal images; the issuing
body is configured, the decision signed, its stored signed PDF rendered; then everything is
rolled back:

    python3 -m odoo shell --addons-path "$(python3 tools/odoo_suite.py --print-addons-path)" \
        -d chilang_thidua --no-http < tools/render_signed_decision.py
"""

import base64
import subprocess

from odoo.addons.chilang_thidua.tests.test_signature import PASSWORD, make_pki, png

env = env(context={"lang": "vi_VN"})  # noqa: F821 - the Odoo shell provides env
manager = env.ref("chilang_thidua.user_demo_manager")
decision = env["thidua.decision"].search([("state", "=", "draft")], limit=1)
authority = decision.issuing_unit_id._get_document_authority()
_ca, _cert, p12 = make_pki(holder=authority.authority_name)
authority.with_user(manager).write({
    "sign_certificate": base64.b64encode(p12), "sign_certificate_filename": "ubnd.p12",
    "sign_certificate_password": PASSWORD,
    "sign_signature_image": png((20, 50, 170, 255)), "sign_seal_image": png((200, 20, 20, 230), (300, 300)),
})
decision.with_user(manager).action_sign()
env.flush_all()
path = "/tmp/chilang_decision_signed.pdf"
open(path, "wb").write(decision.signed_pdf_id.raw)
subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", "1", "-l", "1", path,
                "docs/report_decision_signed"], check=True)
print("ok", decision.name, decision.signature_time, decision.signed_pdf_sha256)
env.cr.rollback()
