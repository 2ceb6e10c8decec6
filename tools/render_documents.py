"""Render one page of each document of the demo data into docs/ (the README's pictures).

Run in an Odoo shell on a database with the demo data; it signs the demo decision and proposes
one awardee to the province inside the shell's transaction, then (for the page-2 picture) signs
the decision again with thirty more awardees, and rolls everything back:

    python3 -m odoo shell --addons-path "$(python3 tools/odoo_suite.py --print-addons-path)" \
        -d chilang_thidua --no-http < tools/render_documents.py
"""

import subprocess

env = env(context={"lang": "vi_VN"})  # noqa: F821 - the Odoo shell provides env
R = env["ir.actions.report"]
manager = env.ref("chilang_thidua.user_demo_manager")
decision = env["thidua.decision"].search([], limit=1)
decision.with_user(manager).action_sign()
env.flush_all()


def out(ref, recs, name, pages):
    pdf, _ = R._render_qweb_pdf(ref, recs.ids)
    path = f"/tmp/chilang_{name}.pdf"
    open(path, "wb").write(pdf)
    for page, png in pages:
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page), "-l", str(page), path, f"docs/{png}"],
            check=True,
        )
    print("ok", name, decision.name)


out("chilang_thidua.action_report_decision", decision, "decision",
    [(1, "report_decision"), (2, "report_annex")])
out("chilang_thidua.action_report_certificate", decision.line_ids.dossier_id[:1], "certificate",
    [(1, "report_certificate")])
plan = env.ref("chilang_thidua.campaign_60_nam")
out("chilang_thidua.action_report_campaign_plan", plan, "plan", [(1, "report_plan")])
session = env["thidua.council.session"].search([("state", "=", "closed")], limit=1)
out("chilang_thidua.action_report_council_minutes", session, "minutes", [(1, "report_minutes")])
awarded = decision.line_ids.dossier_id[:1]
awarded.with_user(manager).action_propose_higher()
approved = env["thidua.dossier"].search([("origin_dossier_id", "=", awarded.id)])
out("chilang_thidua.action_report_proposal", approved, "proposal", [(1, "report_proposal")])
env.cr.rollback()

# a decision whose annex runs over pages 2 and 3: thirty more awardees, copies of a demo dossier
decision = env["thidua.decision"].search([], limit=1)
base = decision.line_ids.dossier_id[:1].sudo()
given = (("Thị", "Hoa"), ("Văn", "Bình"), ("Thị", "Lan"), ("Văn", "Dũng"), ("Thị", "Mai"), ("Đức", "Thắng"))
copies = env["thidua.dossier"].sudo()
for surname in ("Nguyễn", "Hoàng", "Lương", "Vi", "Nông"):
    for middle, name in given:
        copies |= base.copy({"nominee_name": f"{surname} {middle} {name}"})
copies._set_state("approved")
decision.sudo().action_load_dossiers()
decision.with_user(manager).action_sign()
out("chilang_thidua.action_report_decision", decision, "decision_long", [(2, "report_decision_page2")])
env.cr.rollback()
