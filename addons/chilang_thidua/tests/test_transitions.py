import re
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ThiduaCommon
from .common_dossier import DossierCommon

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
# the roles _transition_roles gives (groups, the record's units, the council's chair)
KNOWN_ROLES = {"any", "appraiser", "council", "manager", "officer", "reviewer", "chair", "clerk"}


class _Undo(Exception):
    """Raised inside a savepoint to undo an action that worked."""


@tagged("post_install", "-at_install")
class TestTransitionTable(ThiduaCommon):
    """Each workflow model states its transitions once: its actions and its can_* fields read
    the same table, so what a button shows is what its action does."""

    def _succeeds(self, action):
        """Whether ``action()`` works; undone either way."""
        try:
            with self.env.cr.savepoint():
                action()
                raise _Undo
        except _Undo:
            return True
        except UserError:  # AccessError and ValidationError are UserErrors too
            return False

    def test_tables_name_real_states_roles_and_actions(self):
        workflow_models = [name for name, model in self.env.registry.items()
                           if not model._abstract and getattr(model, "_transitions", None)]
        self.assertGreaterEqual(set(workflow_models), {
            "thidua.campaign", "thidua.registration", "thidua.result.report", "thidua.dossier",
            "thidua.council.session", "thidua.decision",
        })
        for name in workflow_models:
            Model = self.env[name]
            states = {value for value, _label in Model._fields["state"]._description_selection(self.env)}
            for action, transition in Model._transitions.items():
                with self.subTest(model=name, action=action):
                    self.assertLessEqual(set(transition.states), states)
                    self.assertLessEqual(set(transition.roles), KNOWN_ROLES)
                    for role, role_states in (transition.role_states or {}).items():
                        self.assertIn(role, transition.roles)
                        self.assertLessEqual(set(role_states), set(transition.states))
                    for method in (transition.when, transition.denied):
                        if isinstance(method, str):
                            self.assertTrue(callable(getattr(Model, method, None)), method)
                    if hasattr(Model, f"action_{action}"):
                        # the action checks its own entry, in one call
                        source = Path(MODELS_DIR).glob("*.py")
                        calls = sum(text.count(f'_check_transition("{action}"') for text in (
                            path.read_text(encoding="utf-8") for path in source))
                        self.assertGreaterEqual(calls, 1, f"{name}.action_{action} does not check its transition")

    def test_no_state_list_outside_the_tables(self):
        """No action restates its states: no _check_state call, no literal "draft or returned"
        outside a model's transition table."""
        literal = re.compile(r"""\(\s*["']draft["']\s*,\s*["']returned["']""")
        table = re.compile(r"^( *)(?:TRANSITIONS|_transitions) = \{\n.*?^\1\}$", re.M | re.S)
        for path in sorted(MODELS_DIR.glob("*.py")) + sorted((MODELS_DIR.parent / "controllers").glob("*.py")):
            text = path.read_text(encoding="utf-8")
            tables = [match.span() for match in table.finditer(text)]
            with self.subTest(file=path.name):
                self.assertNotIn("._check_state(", text)
                for match in literal.finditer(text):
                    self.assertTrue(any(start <= match.start() < end for start, end in tables),
                                    f"{path.name}: a state list outside a transition table")

    def test_registration_buttons_are_what_the_actions_do(self):
        """For a registration in each state and each role, can_<action> is True exactly when
        action_<action> (or the change it stands for) works for that user."""
        self._open_campaign()
        users = {"officer": self.user_portal_school, "reviewer": self.user_education, "appraiser": self.user_appraiser}
        registration = self._make_registration(self.unit_school, self.user_portal_school)
        steps = [
            ("draft", None),
            ("submitted", lambda r: r.with_user(self.user_portal_school).action_submit()),
            ("forwarded", lambda r: r.with_user(self.user_education).action_forward()),
            ("accepted", lambda r: r.with_user(self.user_appraiser).action_accept()),
        ]
        actions = {
            "submit": lambda r: r.action_submit(),
            "forward": lambda r: r.action_forward(),
            "accept": lambda r: r.action_accept(),
            "return": lambda r: r.action_return("Bổ sung chỉ tiêu"),
            "edit": lambda r: r.item_ids[:1].write({"target": "Chỉ tiêu mới"}),
            "mark_exemplary": lambda r: r.item_ids[:1].write({"is_exemplary": True}),
        }
        checked = 0
        for state, step in steps:
            if step:
                step(registration)
            self.assertEqual(registration.state, state)
            for role, user in users.items():
                record = registration.with_user(user)
                for action, run in actions.items():
                    record.invalidate_recordset()
                    shown = record[f"can_{action}"]
                    with self.subTest(state=state, role=role, action=action):
                        self.assertEqual(shown, self._succeeds(lambda run=run, record=record: run(record)))
                        checked += 1
        # and a registration returned for correction, of a unit without an aggregating unit
        registration_a = self._make_registration(self.unit_commune_a, self.user_commune_a)
        registration_a.with_user(self.user_commune_a).action_submit()
        registration_a.with_user(self.user_appraiser).action_return("Thiếu chỉ tiêu")
        for role, user in {"officer": self.user_commune_a, "appraiser": self.user_appraiser}.items():
            record = registration_a.with_user(user)
            for action, run in actions.items():
                record.invalidate_recordset()
                with self.subTest(state="returned", role=role, action=action):
                    self.assertEqual(record[f"can_{action}"],
                                     self._succeeds(lambda run=run, record=record: run(record)))
                    checked += 1
        self.assertEqual(checked, 4 * 3 * 6 + 2 * 6)

    def test_campaign_actions_follow_the_table(self):
        """A campaign in each state: what the table allows each user is what the action does."""
        campaign = self.campaign
        users = {"appraiser": self.user_appraiser, "manager": self.user_manager, "unit": self.user_commune_a}
        path = [None, "action_open", "action_close", "action_done"]
        for step in path:
            if step:
                getattr(campaign.with_user(self.user_appraiser), step)()
            for role, user in users.items():
                record = campaign.with_user(user)
                for action in record._transitions:
                    record.invalidate_recordset()
                    with self.subTest(state=campaign.state, role=role, action=action):
                        self.assertEqual(record._transition_allowed(action),
                                         self._succeeds(lambda a=action, r=record: getattr(r, f"action_{a}")()))


@tagged("post_install", "-at_install")
class TestReviewNoteMigration(ThiduaCommon):
    """A database of 18.0.1.5 kept its dossiers' reasons for return in ``return_reason``."""

    def test_return_reason_becomes_review_note(self):
        import importlib.util  # noqa: PLC0415 - the migration is a file, not a module of the addon

        path = MODELS_DIR.parent / "migrations" / "18.0.1.6.0" / "pre-r_flow_review_note.py"
        spec = importlib.util.spec_from_file_location("r_flow_review_note", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        cr = self.env.cr
        self.env.flush_all()
        # the 18.0.1.5 layout, with a reason given
        cr.execute("ALTER TABLE thidua_dossier RENAME COLUMN review_note TO return_reason")
        cr.execute("UPDATE ir_model_fields SET name = 'return_reason' WHERE model = 'thidua.dossier' "
                   "AND name = 'review_note' RETURNING id")
        field_id = cr.fetchone()[0]
        cr.execute("UPDATE ir_model_data SET name = 'field_thidua_dossier__return_reason' "
                   "WHERE module = 'chilang_thidua' AND name = 'field_thidua_dossier__review_note'")
        migration.migrate(cr, "18.0.1.5.0")
        cr.execute("SELECT id FROM ir_model_fields WHERE model = 'thidua.dossier' AND name = 'review_note'")
        self.assertEqual(cr.fetchone()[0], field_id, "the field keeps its record (and the chatter's tracking)")
        self.assertEqual(self.env.ref("chilang_thidua.field_thidua_dossier__review_note").id, field_id)
        cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'thidua_dossier' "
                   "AND column_name IN ('return_reason', 'review_note')")
        self.assertEqual([row[0] for row in cr.fetchall()], ["review_note"])
        # run twice (an update started again): nothing left to do
        migration.migrate(cr, "18.0.1.5.0")


@tagged("post_install", "-at_install")
class TestDossierButtons(DossierCommon):
    """A dossier's buttons (can_*) are its transition table's answer for the user, and what the
    actions then do."""

    _succeeds = TestTransitionTable._succeeds

    def test_dossier_buttons_are_what_the_actions_do(self):
        dossier = self._eligible_collective()
        users = {"officer": self.user_commune_a, "appraiser": self.user_appraiser,
                 "council": self.user_council}
        actions = {
            "submit": lambda d: d.action_submit(),
            "appraise": lambda d: d.action_appraise(),
            "return": lambda d: d.action_return("Bổ sung biên bản"),
            "check_criteria": lambda d: d.action_check_criteria(),
            "edit": lambda d: d.write({"job_title": "Thôn Bản Mới, xã An Bình"}),
        }
        steps = [("draft", None), ("submitted", lambda: dossier.with_user(self.user_commune_a).action_submit()),
                 ("appraised", lambda: dossier.with_user(self.user_appraiser).action_appraise())]
        checked = 0
        for state, step in steps:
            if step:
                step()
            self.assertEqual(dossier.state, state)
            for role, user in users.items():
                record = dossier.with_user(user)
                for action, run in actions.items():
                    record.invalidate_recordset()
                    with self.subTest(state=state, role=role, action=action):
                        self.assertEqual(record[f"can_{action}"],
                                         self._succeeds(lambda run=run, record=record: run(record)))
                        checked += 1
        self.assertEqual(checked, 3 * 3 * 5)
