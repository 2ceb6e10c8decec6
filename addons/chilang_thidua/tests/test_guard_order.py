"""The guard's declarations: which fields the workflow owns, and where the guard runs.

The guard (``thidua.guard.mixin``) refuses a client's write of the workflow's fields and drops
the context keys that would hide a change from the chatter. It can do so only when its
``write``/``create`` run before ``mail.thread``'s: a model that names ``mail.thread`` first in
``_inherit`` would track (or skip tracking) before the guard looked. These tests fail the day a
model's ``_inherit`` is reordered, or a workflow model is added without the guard.
"""

from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.thidua_guard import ThiduaGuardMixin
from .common import ThiduaCommon


def guard_runs_before_mail_thread(model_class):
    """True when, in ``model_class``'s method resolution order, the guard's class comes before
    every class of ``mail.thread`` (Odoo's and its extensions)."""
    mro = model_class.mro()
    if ThiduaGuardMixin not in mro:
        return False
    threads = [index for index, cls in enumerate(mro) if getattr(cls, "_name", None) == "mail.thread"]
    return bool(threads) and mro.index(ThiduaGuardMixin) < min(threads)


@tagged("post_install", "-at_install")
class TestGuardOrder(ThiduaCommon):
    def _guarded_thread_models(self):
        """The addon's models that have both the guard and the chatter."""
        thread = self.env.registry["mail.thread"]
        return {
            name for name, model_class in self.env.registry.items()
            if not model_class._abstract and ThiduaGuardMixin in model_class.mro() and issubclass(model_class, thread)
        }

    def test_guard_runs_before_mail_thread_in_every_workflow_model(self):
        models = self._guarded_thread_models()
        # the workflow models, and the unit (whose officers and tree decide every right)
        self.assertTrue({"thidua.campaign", "thidua.registration", "thidua.result.report", "thidua.dossier",
                         "thidua.council.session", "thidua.decision", "thidua.unit"} <= models, models)
        for name in sorted(models):
            with self.subTest(model=name):
                self.assertTrue(guard_runs_before_mail_thread(type(self.env[name])),
                                f"{name}: put the addon's mixin before mail.thread in _inherit")

    def test_the_check_fails_when_mail_thread_comes_first(self):
        registry = self.env.registry
        # a model class as Odoo would build it from _inherit = ["mail.thread", "thidua.guard.mixin"]
        swapped = type("SwappedDossier", (registry["mail.thread"], registry["thidua.guard.mixin"]),
                       {"_register": False, "__module__": __name__})
        self.assertFalse(guard_runs_before_mail_thread(swapped))
        right = type("GuardedDossier", (registry["thidua.guard.mixin"], registry["mail.thread"]),
                     {"_register": False, "__module__": __name__})
        self.assertTrue(guard_runs_before_mail_thread(right))

    def test_declared_workflow_fields_exist(self):
        # a misspelt name would leave the real field open to clients
        for name, model_class in self.env.registry.items():
            if model_class._abstract or ThiduaGuardMixin not in model_class.mro():
                continue
            with self.subTest(model=name):
                self.assertEqual(set(model_class._workflow_fields) - set(model_class._fields), set())

    def test_every_model_with_a_workflow_state_is_guarded(self):
        for name, model_class in self.env.registry.items():
            if not name.startswith("thidua.") or model_class._abstract or model_class._transient:
                continue
            field = model_class._fields.get("state")
            if not model_class._auto or field is None or not field.store or field.compute:
                continue  # SQL views (statistics) and states computed from a parent are read, not written
            with self.subTest(model=name):
                self.assertIn(ThiduaGuardMixin, model_class.mro(), f"{name} has a state but no guard")


@tagged("post_install", "-at_install")
class TestWorkflowFields(ThiduaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_campaign()
        cls.registration = cls._make_registration(cls.unit_commune_a, cls.user_commune_a)

    def test_declared_fields_are_refused_to_clients_not_readonly_ones(self):
        Registration = self.env["thidua.registration"].with_user(self.user_commune_a)
        today = fields.Date.today()
        self.assertEqual(Registration._guard_forbidden_fields({"date_submitted": today, "color": 3}),
                         ["date_submitted"])
        # readonly=True is the form's hint: without its declaration the field would be the user's
        with patch.object(type(Registration), "_workflow_fields", frozenset({"access_token"})):
            self.assertEqual(Registration._guard_forbidden_fields({"date_submitted": today}), [])
            # what the server computes stays the server's, whatever is declared
            self.assertEqual(Registration._guard_forbidden_fields({"is_late": True, "create_uid": 1}),
                             ["is_late", "create_uid"])
        with self.assertRaises(AccessError):
            self.registration.with_user(self.user_commune_a).write({"date_submitted": today})

    def test_workflow_write_takes_declared_fields_only(self):
        dossier_model = self.env["thidua.dossier"]
        for values in ({"eligible": True}, {"state": "approved"}, {"nominee_name": "Nguyễn Văn A"}):
            with self.subTest(values=values), self.assertRaises(ValueError):
                dossier_model.browse()._workflow_write(**values)
        with self.assertRaises(ValueError):
            self.registration._set_state("submitted", item_ids=[])
        self.assertEqual(self.registration.state, "draft")
        self.registration._workflow_write(review_note="Bổ sung minh chứng")
        self.assertEqual(self.registration.review_note, "Bổ sung minh chứng")

    def test_unit_texts_and_computed_fields_go_through_the_guard(self):
        manager_units = self.env["thidua.unit"].with_user(self.user_manager)
        unit = manager_units.create({"name": "  Thôn   Khuôn  Lân ", "code": " T_KL ", "unit_type": "village",
                                     "parent_id": self.unit_commune_a.id})
        self.assertEqual((unit.name, unit.code), ("Thôn Khuôn Lân", "T_KL"))
        with self.assertRaises(AccessError):
            unit.write({"complete_name": "Đơn vị giả"})
