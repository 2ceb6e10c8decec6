"""The access matrix (access_matrix.py) checked cell by cell with real users.

For every role × model × operation (× own/other for unit-restricted models) the ORM test makes
a fresh record as administrator, tries the operation as the role's user inside a savepoint that
is always rolled back, and compares "allowed" / "AccessError" with the table. The RPC test does
the same through ``/web/dataset/call_kw`` on the test server.
"""

import itertools
import json
import logging
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from . import access_matrix
from .common import ThiduaCommon

_logger = logging.getLogger(__name__)


class _Rollback(Exception):
    """Raised to undo an operation that succeeded."""


class AccessFixtures:
    """One fresh record per (model, role, own/other) and the values to create one.

    Each model of the matrix has a ``_fx_<model>`` method returning ``(make, vals, field)``:
    ``make(role, own)`` creates a record as administrator, ``vals(role, own)`` gives create
    values, ``field`` is the field read and rewritten (with its own value) for r and w.
    """

    @classmethod
    def _setup_access_fixtures(cls):
        # thousands of throw-away records: no chatter messages for them
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user_public = cls.env.ref("base.public_user")
        cls.user_reporting = new_test_user(cls.env, "t_reporting", groups="chilang_thidua.group_reporting",
                                           name="Hệ thống thống kê", lang="vi_VN")
        cls.user_clerk = new_test_user(cls.env, "t_clerk", groups="chilang_thidua.group_thidua_clerk",
                                       name="Văn thư", lang="vi_VN")
        # role -> (user, own unit, another unit)
        cls.access_roles = {
            "staff": (cls.user_commune_a, cls.unit_commune_a, cls.unit_commune_b),
            "aggregator": (cls.user_education, cls.unit_school, cls.unit_commune_b),
            "portal": (cls.user_portal_school, cls.unit_school, cls.unit_commune_b),
            "appraiser": (cls.user_appraiser, cls.unit_commune_a, cls.unit_commune_b),
            "council": (cls.user_council, cls.unit_commune_a, cls.unit_commune_b),
            "manager": (cls.user_manager, cls.unit_commune_a, cls.unit_commune_b),
            "reporting": (cls.user_reporting, cls.unit_commune_a, cls.unit_commune_b),
            "clerk": (cls.user_clerk, cls.unit_commune_a, cls.unit_commune_b),
            "internal": (cls.user_internal, cls.unit_commune_a, cls.unit_commune_b),
            "public": (cls.user_public, cls.unit_commune_a, cls.unit_commune_b),
        }
        cls.campaign_other = cls.env["thidua.campaign"].create({
            "name": "Phong trào riêng của xã Bình Yên",
            "date_start": date(2024, 1, 1),
            "date_end": date(2024, 12, 31),
            "registration_deadline": date(2024, 2, 1),
            "unit_ids": [(6, 0, cls.unit_commune_b.ids)],
            "content_ids": [(0, 0, {"name": "Nội dung riêng"})],
        })
        cls._fx_counter = itertools.count(1)
        # dossiers are proposed once a campaign has ended
        cls.campaign_ended = cls.env["thidua.campaign"].create({
            "name": "Phong trào đã kết thúc",
            "date_start": date(2023, 1, 1),
            "date_end": date(2023, 12, 31),
            "registration_deadline": date(2023, 2, 1),
            "award_form_ids": [(6, 0, cls.award_form.ids)],
            "content_ids": [(0, 0, {"name": "Nội dung"})],
        })
        cls.campaign_ended._set_state("closed")

    def _unit_of(self, role, own):
        __, own_unit, other_unit = self.access_roles[role]
        return own_unit if own else other_unit

    def _uid(self):
        return next(self._fx_counter)

    # -- foundation models -------------------------------------------------------------
    def _fx_thidua_unit(self):
        def vals(role, own):
            return {"name": "Tổ thử", "code": f"T_FX_{self._uid()}", "parent_id": self._unit_of(role, own).id}

        def make(role, own):
            if role in ("staff", "aggregator", "portal"):
                return self._unit_of(role, own) if own else self.unit_commune_b
            return self.env["thidua.unit"].create(vals(role, own))

        # a role's own unit is never deleted: the staff roles may not delete anyway; other
        # roles get a fresh leaf unit they may delete
        return make, vals, "name"

    def _campaign_vals(self, own):
        return {
            "name": f"Phong trào thử {self._uid()}",
            "date_start": date(2025, 1, 1),
            "date_end": date(2025, 12, 31),
            "registration_deadline": date(2025, 2, 1),
            "unit_ids": [] if own else [(6, 0, self.unit_commune_b.ids)],
        }

    def _fx_thidua_campaign(self):
        def make(role, own):
            return self.env["thidua.campaign"].create(self._campaign_vals(own))

        return make, lambda role, own: self._campaign_vals(own), "name"

    def _fx_thidua_campaign_content(self):
        def vals(role, own):
            campaign = self.campaign if own else self.campaign_other
            return {"name": f"Nội dung {self._uid()}", "campaign_id": campaign.id}

        return (lambda role, own: self.env["thidua.campaign.content"].create(vals(role, own))), vals, "name"

    def _fx_thidua_award_form(self):
        def vals(role, own):
            n = self._uid()
            return {
                "name": f"Giấy khen thử {n}", "code": f"T_GK_{n}", "level": "commune",
                "grantor_title": "Chủ tịch UBND xã",
            }

        return (lambda role, own: self.env["thidua.award.form"].create(vals(role, own))), vals, "name"

    def _fx_thidua_award_coefficient(self):
        def vals(role, own):
            start = date(1990, 1, 1) + timedelta(days=2 * self._uid())
            return {"award_form_id": self.award_form.id, "date_from": start, "date_to": start,
                    "bonus_coef_individual": 0.3, "legal_basis": "Nghị định thử"}

        return (lambda role, own: self.env["thidua.award.coefficient"].create(vals(role, own))), vals, "legal_basis"

    def _fx_thidua_legal_document(self):
        def vals(role, own):
            return {"kind": "decision", "number": f"{self._uid()}/QĐ-THU", "date_effective": date(2025, 1, 1)}

        return (lambda role, own: self.env["thidua.legal.document"].create(vals(role, own))), vals, "number"

    def _fx_thidua_statistics_form(self):
        def vals(role, own):
            return {"code": f"T{self._uid()}.N", "name": "BIỂU THỬ", "year_from": 2020, "source": "campaign",
                    "legal_document_id": self.env.ref("chilang_thidua.legal_document_tt_02_2023_bnv").id}

        return (lambda role, own: self.env["thidua.statistics.form"].create(vals(role, own))), vals, "name"

    def _fx_thidua_statistics_form_line(self):
        def vals(role, own):
            return {"form_id": self.env.ref("chilang_thidua.statistics_form_0601_tt02_2023").id,
                    "label": f"Dòng thử {self._uid()}", "criterion": "all"}

        return (lambda role, own: self.env["thidua.statistics.form.line"].create(vals(role, own))), vals, "label"

    def _fx_thidua_base_salary(self):
        def vals(role, own):
            return {"date_from": date(1990, 1, 1) + timedelta(days=self._uid()), "amount": 1_000_000}

        return (lambda role, own: self.env["thidua.base.salary"].create(vals(role, own))), vals, "amount"

    # -- registrations -----------------------------------------------------------------
    def _fresh_campaign(self):
        return self.env["thidua.campaign"].create(dict(self._campaign_vals(True), content_ids=[(0, 0, {"name": "ND"})]))

    def _registration_vals(self, role, own):
        return {"campaign_id": self._fresh_campaign().id, "unit_id": self._unit_of(role, own).id}

    def _fx_thidua_registration(self):
        def make(role, own):
            return self.env["thidua.registration"].create(self._registration_vals(role, own))

        return make, self._registration_vals, "unit_id"

    def _fx_thidua_registration_item(self):
        def vals(role, own):
            registration = self.env["thidua.registration"].create(self._registration_vals(role, own))
            return {"registration_id": registration.id, "name": f"Mô hình {self._uid()}", "item_type": "model"}

        return (lambda role, own: self.env["thidua.registration.item"].create(vals(role, own))), vals, "name"

    # -- dossiers, council, decisions ----------------------------------------------------
    def _dossier_vals(self, role, own):
        return {
            "campaign_id": self.campaign_ended.id, "unit_id": self._unit_of(role, own).id,
            "award_form_id": self.award_form.id, "subject_type": "civil_servant",
            "nominee_name": f"Nguyễn Văn {self._uid()}",
        }

    def _make_dossier(self, role, own, state="draft"):
        dossier = self.env["thidua.dossier"].create(self._dossier_vals(role, own))
        if state != "draft":
            dossier._set_state(state)
        return dossier

    def _fx_thidua_dossier(self):
        return self._make_dossier, self._dossier_vals, "nominee_name"

    def _fx_thidua_dossier_criterion(self):
        def vals(role, own):
            return {"dossier_id": self._make_dossier(role, own).id, "name": "Tiêu chí thử", "kind": "manual"}

        return (lambda role, own: self.env["thidua.dossier.criterion"].create(vals(role, own))), vals, "note"

    def _fx_thidua_criterion_template(self):
        def vals(role, own):
            return {
                "name": f"Tiêu chí {self._uid()}", "award_form_id": self.award_form.id,
                "subject_type": "farmer", "kind": "manual",
            }

        return (lambda role, own: self.env["thidua.criterion.template"].create(vals(role, own))), vals, "name"

    def _fx_thidua_council(self):
        def vals(role, own):
            return {"name": f"Hội đồng {self._uid()}", "quorum_ratio": 0.8}

        return (lambda role, own: self.env["thidua.council"].create(vals(role, own))), vals, "name"

    def _session_vals(self, role, own):
        council = self.env["thidua.council"].create({"name": f"Hội đồng {self._uid()}"})
        return {"name": f"Phiên họp {self._uid()}", "campaign_id": self.campaign_ended.id, "date": date(2024, 1, 5),
                "council_id": council.id}

    def _fx_thidua_council_session(self):
        def make(role, own):
            return self.env["thidua.council.session"].create(self._session_vals(role, own))

        # what a council member writes on a session: its minutes
        return make, self._session_vals, "minutes"

    def _fx_thidua_council_vote(self):
        def vals(role, own):
            session = self.env["thidua.council.session"].create(self._session_vals(role, own))
            return {"session_id": session.id, "dossier_id": self._make_dossier(role, own, "appraised").id}

        return (lambda role, own: self.env["thidua.council.vote"].create(vals(role, own))), vals, "note"

    def _fx_thidua_council_voter(self):
        def vals(role, own):
            vote = self._fx_thidua_council_vote()[0](role, own)
            return {"session_id": vote.session_id.id, "vote_id": vote.id,
                    "partner_id": self.user_council.partner_id.id, "company_id": vote.company_id.id}

        return (lambda role, own: self.env["thidua.council.voter"].create(vals(role, own))), vals, "partner_id"

    def _fx_thidua_council_ballot_box(self):
        def make(role, own):
            vote = self._fx_thidua_council_vote()[0](role, own)
            return self.env["thidua.council.ballot.box"].search([("vote_id", "=", vote.id)])

        def vals(role, own):
            vote = self._fx_thidua_council_vote()[0](role, own)
            return {"vote_id": vote.id, "company_id": vote.company_id.id}

        return make, vals, "count_for"

    def _decision_vals(self, role, own, with_line=True):
        vals = {
            "campaign_id": self.campaign_ended.id, "award_form_id": self.award_form.id,
            "issuing_unit_id": self.unit_district.id, "date_decision": date(2024, 1, 10),
        }
        if with_line:
            vals["line_ids"] = [(0, 0, {"dossier_id": self._make_dossier(role, own, "approved").id})]
        return vals

    def _fx_thidua_decision(self):
        def make(role, own):
            return self.env["thidua.decision"].create(self._decision_vals(role, own))

        return make, self._decision_vals, "signer_name"

    def _fx_thidua_decision_line(self):
        def vals(role, own):
            decision = self.env["thidua.decision"].create(self._decision_vals(role, own, with_line=False))
            return {"decision_id": decision.id, "dossier_id": self._make_dossier(role, own, "approved").id}

        def make(role, own):
            return self.env["thidua.decision"].create(self._decision_vals(role, own)).line_ids

        return make, vals, "sequence"

    # -- reminders, result reports, statistics -----------------------------------------
    def _fx_thidua_reminder(self):
        def vals(role, own):
            n = self._uid()
            return {"name": f"Nhắc việc {n}", "kind": self.env["thidua.reminder"]._fields["kind"].selection[0][0],
                    "key": f"thu-{n}", "campaign_id": self.campaign.id, "unit_id": self._unit_of(role, own).id}

        return (lambda role, own: self.env["thidua.reminder"].create(vals(role, own))), vals, "name"

    def _report_vals(self, role, own):
        registration = self.env["thidua.registration"].create(dict(
            self._registration_vals(role, own), item_ids=[(0, 0, {"name": "Mô hình", "item_type": "model"})],
        ))
        return {"campaign_id": registration.campaign_id.id, "unit_id": registration.unit_id.id}

    def _fx_thidua_result_report(self):
        def make(role, own):
            return self.env["thidua.result.report"].create(self._report_vals(role, own))

        return make, self._report_vals, "summary"

    def _fx_thidua_result_report_line(self):
        def vals(role, own):
            report = self.env["thidua.result.report"].create(self._report_vals(role, own))
            return {"report_id": report.id, "item_id": report.registration_id.item_ids[:1].id}

        def make(role, own):
            return self.env["thidua.result.report"].create(self._report_vals(role, own)).line_ids[:1]

        return make, vals, "result"

    def _statistics(self, model):
        def make(role, own):
            self._make_dossier(role, own)
            self.env.flush_all()
            return self.env[model].search([], limit=1)

        return make, lambda role, own: {}, "campaign_id"

    def _fx_thidua_participation_statistics(self):
        return self._statistics("thidua.participation.statistics")

    def _fx_thidua_dossier_statistics(self):
        return self._statistics("thidua.dossier.statistics")

    def _fx_thidua_award_record(self):
        def vals(role, own):
            n = self._uid()
            return {"nominee_name": f"Trần Văn {n}", "award_form_id": self.award_form.id, "year": 2020,
                    "decision_number": f"{n}/QĐ-UBND", "unit_id": self._unit_of(role, own).id}

        return (lambda role, own: self.env["thidua.award.record"].create(vals(role, own))), vals, "nominee_name"

    # -- running one check -------------------------------------------------------------
    def _fixture(self, model):
        return getattr(self, "_fx_" + model.replace(".", "_"))()

    def _cases(self):
        """(model, role, op, own, expected) for every cell of the matrix."""
        for model, specs in access_matrix.MATRIX.items():
            sides = (True, False) if access_matrix.is_scoped(model) else (True,)
            for role, spec in specs.items():
                own_ops, other_ops = access_matrix.split(spec)
                for own in sides:
                    for op in access_matrix.OPERATIONS:
                        yield model, role, op, own, op in (own_ops if own else other_ops)

    def _same_value(self, record, field):
        """The record's own value of ``field``, as a write would send it."""
        value = record[field]
        return value.id if hasattr(value, "_name") else value

    def _label(self, model, role, op, own):
        side = "own" if own else "other"
        return f"{role} {op} {model} ({side})"


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessFixtures, ThiduaCommon):
    """Every cell through the ORM, as the role's real user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_access_fixtures()

    def _try(self, model, role, op, own):
        """True when the operation succeeds, False on AccessError; rolled back either way."""
        user = self.access_roles[role][0]
        make, vals, field = self._fixture(model)
        try:
            with self.env.cr.savepoint():
                if op == "c":
                    values = vals(role, own)
                    self.env[model].with_user(user).create(values)
                else:
                    record = make(role, own)
                    self.env.flush_all()
                    as_user = record.with_user(user)
                    if op == "r":
                        as_user.read([field])
                    elif op == "w":
                        as_user.write({field: self._same_value(record, field)})
                    else:
                        as_user.unlink()
                self.env.flush_all()
                raise _Rollback
        except _Rollback:
            return True
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()

    def test_access_matrix_orm(self):
        checked = 0
        for model, role, op, own, expected in self._cases():
            with self.subTest(role=role, model=model, op=op, own=own):
                allowed = self._try(model, role, op, own)
                self.assertEqual(
                    allowed, expected,
                    f"{self._label(model, role, op, own)}: expected {'allow' if expected else 'deny'}",
                )
            checked += 1
        self.assertEqual(checked, access_matrix.count_checks())
        _logger.info(
            "access matrix (ORM): %s checks = %s roles × %s models × %s operations (× own/other where scoped)",
            checked, len(access_matrix.ROLES), len(access_matrix.MATRIX), len(access_matrix.OPERATIONS),
        )

    def test_matrix_covers_every_model_and_role(self):
        """A new model of the addon must get its row in the matrix (and so in the README)."""
        model_ids = self.env["ir.model.data"].search(
            [("module", "=", "chilang_thidua"), ("model", "=", "ir.model")]
        ).mapped("res_id")
        addon_models = {
            m.model for m in self.env["ir.model"].browse(model_ids)
            if m.model.startswith("thidua.") and not self.env[m.model]._abstract and not self.env[m.model]._transient
        }
        self.assertEqual(addon_models, set(access_matrix.MATRIX))
        for model, specs in access_matrix.MATRIX.items():
            self.assertEqual(set(specs), set(access_matrix.ROLES), model)


@tagged("post_install", "-at_install")
class TestAccessMatrixRpc(AccessFixtures, HttpCase, ThiduaCommon):
    """The same cells over JSON-RPC (``/web/dataset/call_kw``) on the test server.

    A representative subset, the complete matrix being proven through the ORM: every read (own
    and other), every denied write/create/unlink on another unit's records and every denied
    write/create/unlink on models not restricted to units. Allowed changes, refusals on the
    user's own records and changes by roles that cannot even read the model are left to the
    ORM test, to keep the request count reasonable.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_access_fixtures()

    def _call(self, model, method, args):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": json.loads(json.dumps(args, default=str)),
            "kwargs": {"context": {"lang": "vi_VN"}},
        })

    def _try_rpc(self, model, role, op, own):
        make, vals, field = self._fixture(model)
        if op == "c":
            args = [vals(role, own)]
            method = "create"
        else:
            record = make(role, own)
            method = {"r": "read", "w": "write", "u": "unlink"}[op]
            if op == "r":
                args = [record.ids, [field]]
            elif op == "w":
                args = [record.ids, {field: self._same_value(record, field)}]
            else:
                args = [record.ids]
        self.env.flush_all()
        try:
            self._call(model, method, args)
            return True
        except JsonRpcException as exc:
            # the public user has no session: the server refuses before reaching the model
            denial = "SessionExpired" if role == "public" else "odoo.exceptions.AccessError"
            self.assertIn(denial, str(exc), self._label(model, role, op, own))
            return False
        finally:
            self.env.invalidate_all()

    def test_access_matrix_rpc(self):
        checked = 0
        by_role = {}
        for case in self._cases():
            by_role.setdefault(case[1], []).append(case)
        for role, cases in by_role.items():
            user = self.access_roles[role][0]
            if role == "public":
                self.authenticate(None, None)
            else:
                self.authenticate(user.login, user.login)
            for model, __, op, own, expected in cases:
                no_access = not any(access_matrix.split(access_matrix.MATRIX[model][role]))
                if op != "r" and (expected or no_access or (own and access_matrix.is_scoped(model))):
                    continue
                allowed = self._try_rpc(model, role, op, own)
                self.assertEqual(
                    allowed, expected,
                    f"RPC {self._label(model, role, op, own)}: expected {'allow' if expected else 'deny'}",
                )
                checked += 1
        _logger.info("access matrix (JSON-RPC): %s checks", checked)
