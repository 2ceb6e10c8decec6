"""Install hooks (they run on a new database only, never on an update)."""

# award forms of administrative levels abolished on 1 July 2025 (the two-level local government):
# a new database starts without them offered; one whose history already uses them keeps them
ABOLISHED_LEVELS = ("district",)


def post_init_hook(env):
    forms = env["thidua.award.form"].search([("level", "in", ABOLISHED_LEVELS)])
    used = (
        env["thidua.dossier"].search([("award_form_id", "in", forms.ids)]).award_form_id
        | env["thidua.decision"].search([("award_form_id", "in", forms.ids)]).award_form_id
        | env["thidua.award.record"].search([("award_form_id", "in", forms.ids)]).award_form_id
        | env["thidua.campaign"].search([("award_form_ids", "in", forms.ids)]).award_form_ids
    )
    (forms - used).write({"active": False})
