"""Who may do what: the addon's access matrix, as plain data.

This file is data only (no Odoo import): the Odoo tests (test_access_matrix.py) check every
cell with real users through the ORM and over JSON-RPC, and ``tools/security_table.py`` writes
the README's Security table from it (a static test fails when the README differs).

Letters: ``r`` read, ``w`` write, ``c`` create, ``u`` unlink (delete).
A plain string applies to every record of the model. A pair ``(own, other)`` is for models
restricted to the user's units: ``own`` on records of the user's units (their sub-units and,
for an aggregating unit, the units it reviews), ``other`` on another unit's records.
``""`` means nothing at all (the model is not even readable).

Write means "may edit a record in an editable state": the workflow (state checks, signed
decisions) is proven by the probes of test_security_probes.py, not here.
"""

# role -> (label in the README, who in the tests)
ROLES = {
    "staff": ("Unit staff", "group_user, officer of a commune"),
    "aggregator": ("Aggregating unit", "group_user, officer of Phòng GD&ĐT (reviews the schools)"),
    "portal": ("Portal officer", "base.group_portal, officer of a school"),
    "appraiser": ("Appraiser", "group_appraiser (Phòng Nội vụ)"),
    "council": ("Council member", "group_council"),
    "manager": ("Manager", "group_manager"),
    "reporting": ("Reporting", "group_reporting (read only: integrations, statistics)"),
    "clerk": ("Clerk (văn thư)", "group_thidua_clerk: reads as Reporting; gives the number and issues "
                                 "decisions the Chairman signed (action_give_number, action_issue)"),
    "internal": ("Internal user", "base.group_user without the addon's groups"),
    "public": ("Public", "base.public_user (not logged in)"),
}

NONE = ""

MATRIX = {
    "thidua.unit": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": ("r", NONE),
        "appraiser": "rwc",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # "own" campaign: one open to every unit; "other": one restricted to another unit.
    "thidua.campaign": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": ("r", NONE),
        "appraiser": "rwc",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.campaign.content": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": ("r", NONE),
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.award.form": {
        "staff": "r",
        "aggregator": "r",
        "portal": "r",
        "appraiser": "r",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.award.coefficient": {
        "staff": "r",
        "aggregator": "r",
        "portal": "r",
        "appraiser": "r",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.base.salary": {
        "staff": "r",
        "aggregator": "r",
        "portal": "r",
        "appraiser": "r",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # public law: everyone in the addon reads it; Phòng Nội vụ keeps it current, managers delete
    "thidua.legal.document": {
        "staff": "r",
        "aggregator": "r",
        "portal": "r",
        "appraiser": "rwc",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # the layouts of the statistics forms: configuration, read by whoever prepares the statistics
    "thidua.statistics.form": {
        "staff": "r",
        "aggregator": "r",
        "portal": NONE,
        "appraiser": "rwc",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.statistics.form.line": {
        "staff": "r",
        "aggregator": "r",
        "portal": NONE,
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # Only the unit's own officers edit a registration; the aggregating unit and Phòng Nội vụ act
    # through the workflow buttons (forward, accept, return), never by editing it.
    "thidua.registration": {
        "staff": ("rwcu", NONE),
        "aggregator": ("r", NONE),
        "portal": ("rwc", NONE),
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.registration.item": {
        "staff": ("rwcu", NONE),
        "aggregator": ("r", NONE),
        "portal": ("rwcu", NONE),
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # "own": dossiers proposed by the user's units and sub-units (the schools are under Phòng GD&ĐT).
    "thidua.dossier": {
        "staff": ("rwcu", NONE),
        "aggregator": ("rwcu", NONE),
        "portal": ("rwc", NONE),
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.dossier.criterion": {
        "staff": ("rwcu", NONE),
        "aggregator": ("rwcu", NONE),
        "portal": ("rwcu", NONE),
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.criterion.template": {
        "staff": "r",
        "aggregator": "r",
        "portal": "r",
        "appraiser": "rwc",
        "council": "r",
        "manager": "rwcu",
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    # a council is the Chairman's decision: only managers set it up or change it
    "thidua.council": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": "r",
        "council": "r",
        "manager": "rwcu",
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    "thidua.council.session": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": "rwcu",
        "council": "rw",
        "manager": "rwcu",
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    # the secretary (appraiser) types a paper tally; members vote through action_cast_ballot only
    "thidua.council.vote": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    # the voter roll of a secret ballot: who has voted, never how; written by the ballot itself
    "thidua.council.voter": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    # the anonymous counters of a secret ballot: nobody reads them, the closing session copies them
    "thidua.council.ballot.box": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": NONE,
        "council": NONE,
        "manager": NONE,
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    # "own": decisions that award one of the user's units' dossiers.
    "thidua.decision": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": NONE,
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.decision.line": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": NONE,
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # Reminders are written by the scheduled action only.
    "thidua.reminder": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": NONE,
        "appraiser": "r",
        "council": "r",
        "manager": "rwcu",
        "reporting": NONE,
        "clerk": NONE,
        "internal": NONE,
        "public": NONE,
    },
    "thidua.result.report": {
        "staff": ("rwcu", NONE),
        "aggregator": ("r", NONE),
        "portal": ("rwc", NONE),
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.result.report.line": {
        "staff": ("rwcu", NONE),
        "aggregator": ("r", NONE),
        "portal": ("rwc", NONE),
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # Statistics are SQL views: read-only, for Phòng Nội vụ and the council.
    "thidua.participation.statistics": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    "thidua.dossier.statistics": {
        "staff": NONE,
        "aggregator": NONE,
        "portal": NONE,
        "appraiser": "r",
        "council": "r",
        "manager": "r",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
    # The award register: "own" = awards of the user's units. The matrix checks imported rows;
    # rows written by a signed decision refuse every change (test_award_register.py).
    "thidua.award.record": {
        "staff": ("r", NONE),
        "aggregator": ("r", NONE),
        "portal": NONE,
        "appraiser": "rwcu",
        "council": "r",
        "manager": "rwcu",
        "reporting": "r",
        "clerk": "r",
        "internal": NONE,
        "public": NONE,
    },
}

OPERATIONS = "rwcu"


def split(spec):
    """``(own, other)`` letters of one cell."""
    if isinstance(spec, tuple):
        return spec
    return spec, spec


def is_scoped(model):
    return any(isinstance(spec, tuple) for spec in MATRIX[model].values())


def cell(spec):
    """The README's text for one cell."""
    own, other = split(spec)
    if own == other:
        return own or "–"
    text = f"{own or '–'} own"
    if other:
        text += f", {other} other"
    return text


def count_checks():
    """Number of (role, model, operation, own/other) checks the matrix describes."""
    return sum(len(OPERATIONS) * (2 if is_scoped(model) else 1) * len(specs) for model, specs in MATRIX.items())
