"""An attacker's probes of the scope fields the record rules use (thidua.unit.acting_user_ids,
lower_officer_ids, thidua.campaign.participant_user_ids) and of the portal lists that search
with sudo() among the user's own units.

Each probe runs as a real user of one role (portal officer of a school, a kindergarten placed
under a commune but reviewed by the education office, a hamlet three levels down; commune
officers; the education office; an officer of two branches; an officer of a unit with no
parent), through the ORM and through real HTTP (portal pages, /web/dataset/call_kw with a
context the attacker chooses). Four holes they found are closed (values of the scope fields
cached across a tree change, SQL reading unflushed review links, officers listed by unit id
through res.users): their probes stay as regression tests.
"""

import logging
import re
from datetime import date

import psycopg2

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ThiduaCommon

QUIET = ("odoo.http", "odoo.sql_db", "odoo.osv.expression", "odoo.models")
_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestScopeAttack(HttpCase, ThiduaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["thidua.unit"]
        cls._add_hamlet_and_kindergarten()
        # a sub-unit of the reviewed school, which nobody reviews
        cls.unit_kinder_class = Unit.create({"name": "Điểm trường Nà Pàn", "code": "T_MN_A1", "unit_type": "school",
                                             "parent_id": cls.unit_kinder.id})
        cls.unit_village_b = Unit.create({"name": "Thôn Bình Yên", "code": "T_THON_B", "unit_type": "village",
                                          "parent_id": cls.unit_commune_b.id})
        # a unit with no parent
        cls.unit_police = Unit.create({"name": "Công an huyện", "code": "T_CA", "unit_type": "armed_force"})
        cls.user_village_b = new_test_user(cls.env, "t_village_b", groups="chilang_thidua.group_user",
                                           name="Trưởng thôn B")
        cls.user_police = new_test_user(cls.env, "t_police", groups="chilang_thidua.group_user", name="Cán bộ CA")
        # an officer of two units in different branches (another commune's village and a school)
        cls.user_two = new_test_user(cls.env, "t_two", groups="base.group_portal", name="Cán bộ kiêm nhiệm")
        cls.unit_village_b.officer_ids = cls.user_village_b | cls.user_two
        cls.unit_school.officer_ids = cls.user_portal_school | cls.user_two
        cls.unit_police.officer_ids = cls.user_police

        # another company's unit, whose officer is the commune A officer (not a user of that company)
        cls.company2 = cls.env["res.company"].create({"name": "Đơn vị công ty khác"})
        cls.unit_c2 = Unit.create({"name": "Xã công ty khác", "code": "T_C2", "unit_type": "commune",
                                   "company_id": cls.company2.id, "officer_ids": [Command.set(cls.user_commune_a.ids)]})
        cls.campaign_c2 = cls.env["thidua.campaign"].create({
            "name": "Phong trào công ty khác", "company_id": cls.company2.id, "date_start": date(2024, 1, 1),
            "date_end": date(2024, 10, 31), "registration_deadline": date(2024, 1, 20),
            "content_ids": [Command.create({"name": "Nội dung"})],
        })
        cls.campaign_c2.action_open()
        cls.reg_c2 = cls.env["thidua.registration"].create({"campaign_id": cls.campaign_c2.id,
                                                             "unit_id": cls.unit_c2.id})

        cls._open_campaign()
        # a campaign only for commune B
        cls.campaign_b = cls.campaign.copy({"name": "Phong trào riêng xã Bình Yên",
                                            "unit_ids": [Command.set(cls.unit_commune_b.ids)]})
        cls.campaign_b.action_open()
        cls.regs = {}
        for unit, user in ((cls.unit_commune_a, cls.user_commune_a), (cls.unit_hamlet, cls.user_hamlet),
                           (cls.unit_kinder, cls.user_kinder), (cls.unit_school, cls.user_portal_school),
                           (cls.unit_commune_b, cls.user_commune_b), (cls.unit_village_b, cls.user_village_b),
                           (cls.unit_police, cls.user_police)):
            cls.regs[unit] = cls._make_registration(unit, user)
        # fixture shortcut (superuser): the sub-unit nobody reviews, and the review/acceptance states
        cls.regs[cls.unit_kinder_class] = cls.env["thidua.registration"].create({
            "campaign_id": cls.campaign.id, "unit_id": cls.unit_kinder_class.id,
            "item_ids": [Command.create({"name": "Mô hình điểm trường", "item_type": "model",
                                         "content_id": cls.campaign.content_ids[:1].id})],
        })
        cls.regs[cls.unit_kinder]._set_state("submitted")
        cls.regs[cls.unit_school]._set_state("submitted")
        cls.regs[cls.unit_commune_b]._set_state("accepted")
        cls.regs[cls.unit_kinder_class]._set_state("accepted")

        Report = cls.env["thidua.result.report"]
        cls.reports = {unit: Report.create({"campaign_id": cls.campaign.id, "unit_id": unit.id})
                       for unit in (cls.unit_commune_b, cls.unit_kinder)}

        # an ended campaign with dossiers, a decision and award records
        cls.campaign_closed = cls.campaign.copy({"name": "Phong trào đã kết thúc"})
        cls.campaign_closed.action_open()
        cls.campaign_closed.action_close()
        Dossier = cls.env["thidua.dossier"]
        cls.dossiers = {unit: Dossier.create({
            "campaign_id": cls.campaign_closed.id, "unit_id": unit.id, "award_form_id": cls.award_form.id,
            "subject_type": "collective", "nominee_name": f"Tập thể {unit.name}", "nominee_unit_id": unit.id,
        }) for unit in (cls.unit_commune_b, cls.unit_kinder, cls.unit_hamlet, cls.unit_school)}
        # the kindergarten took part in the ended campaign too (accepted, no result report yet)
        cls.env["thidua.registration"].create({"campaign_id": cls.campaign_closed.id,
                                               "unit_id": cls.unit_kinder.id})._set_state("accepted")
        cls.decision_b = cls.env["thidua.decision"].create({
            "campaign_id": cls.campaign_closed.id, "award_form_id": cls.award_form.id,
            "date_decision": date(2024, 12, 1),
        })
        cls.env["thidua.decision.line"].create({"decision_id": cls.decision_b.id,
                                                "dossier_id": cls.dossiers[cls.unit_commune_b].id})
        cls.awards = {unit: cls.env["thidua.award.record"].create({
            "nominee_name": f"Khen {unit.name}", "unit_id": unit.id, "award_form_id": cls.award_form.id,
            "subject_type": "collective", "decision_date": date(2023, 5, 1), "year": 2023,
        }) for unit in (cls.unit_commune_b, cls.unit_kinder)}
        cls.reminders = {unit: cls.env["thidua.reminder"].create({
            "name": f"Nhắc {unit.name}", "kind": "registration_due", "key": f"probe-{unit.code}",
            "campaign_id": cls.campaign.id, "unit_id": unit.id,
        }) for unit in (cls.unit_commune_b, cls.unit_kinder)}
        cls.env.flush_all()
        cls.cr.precommit.run()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _units_of(self, model, user, field="unit_id", domain=None):
        """The units of the ``model`` records ``user`` finds."""
        return self.env[model].with_user(user).search(domain or []).mapped(field)

    def _units(self, *names):
        return self.env["thidua.unit"].browse([getattr(self, f"unit_{name}").id for name in names])

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def _rpc_error(self, model, method, *args, **kwargs):
        """The name of the exception the server answers, or None when it answers."""
        try:
            with mute_logger(*QUIET):
                self._rpc(model, method, *args, **kwargs)
        except JsonRpcException as error:
            return str(error)
        return None

    def _get(self, url):
        self.env.flush_all()
        with mute_logger(*QUIET):
            return self.url_open(url)

    # ------------------------------------------------------------------
    # What each role reaches (ORM)
    # ------------------------------------------------------------------
    def test_each_role_reaches_its_own_units_records_only(self):
        """Units, registrations and items, dossiers, result reports, awards, decisions, reminders:
        each role finds those of its units (and those below), the reviewer those it reviews."""
        expected = {
            # user: (units, registrations, dossiers, result reports)
            self.user_commune_a: (("district", "commune_a", "village_a", "hamlet", "kinder", "kinder_class"),
                                  ("commune_a", "hamlet", "kinder", "kinder_class"), ("kinder", "hamlet"), ("kinder",)),
            self.user_commune_b: (("district", "commune_b", "village_b"), ("commune_b", "village_b"),
                                  ("commune_b",), ("commune_b",)),
            self.user_education: (("district", "education", "school", "kinder"), ("school", "kinder"),
                                  ("school",), ()),
            self.user_portal_school: (("district", "education", "school"), ("school",), ("school",), ()),
            self.user_hamlet: (("district", "commune_a", "village_a", "hamlet"), ("hamlet",), ("hamlet",), ()),
            self.user_kinder: (("district", "commune_a", "kinder", "kinder_class", "education"),
                               ("kinder", "kinder_class"), ("kinder",), ("kinder",)),
            self.user_two: (("district", "commune_b", "village_b", "education", "school"),
                            ("village_b", "school"), ("school",), ()),
            self.user_police: (("police",), ("police",), (), ()),
        }
        for user, (units, registrations, dossiers, reports) in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self.env["thidua.unit"].with_user(user).search([]), self._units(*units))
                self.assertEqual(self._units_of("thidua.registration", user), self._units(*registrations))
                self.assertEqual(self._units_of("thidua.registration.item", user, "registration_id.unit_id"),
                                 self._units(*registrations))
                self.assertEqual(self._units_of("thidua.dossier", user), self._units(*dossiers))
                self.assertEqual(self._units_of("thidua.result.report", user), self._units(*reports))
        # award register, decisions and reminders are for internal staff
        for user, awards, decisions, reminders in (
            (self.user_commune_a, ("kinder",), self.env["thidua.decision"], ("kinder",)),
            (self.user_commune_b, ("commune_b",), self.decision_b, ("commune_b",)),
            (self.user_education, (), self.env["thidua.decision"], ()),
            (self.user_village_b, (), self.env["thidua.decision"], ()),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._units_of("thidua.award.record", user), self._units(*awards))
                self.assertEqual(self.env["thidua.decision"].with_user(user).search([]), decisions)
                self.assertEqual(self._units_of("thidua.reminder", user), self._units(*reminders))
        # the campaign listed for commune B: its officers and those below, nobody else
        for user, sees in ((self.user_commune_b, True), (self.user_village_b, True), (self.user_two, True),
                           (self.user_commune_a, False), (self.user_education, False), (self.user_kinder, False),
                           (self.user_police, False)):
            with self.subTest(user=user.login):
                found = self.env["thidua.campaign"].with_user(user).search([("id", "=", self.campaign_b.id)])
                self.assertEqual(bool(found), sees)

    def test_reviewer_reaches_only_the_registrations_it_reviews(self):
        """The education office reviews the commune's kindergarten: it reads the kindergarten's
        registration and items, never its commune, its sub-unit, its dossiers, reports or awards,
        and it cannot act for it."""
        education = self.user_education
        kinder_reg = self.regs[self.unit_kinder]
        self.assertEqual(kinder_reg.with_user(education).read(["state"])[0]["state"], "submitted")
        for record in (self.regs[self.unit_kinder_class], self.regs[self.unit_commune_a], self.unit_commune_a,
                       self.unit_kinder_class, self.dossiers[self.unit_kinder], self.reports[self.unit_kinder],
                       self.awards[self.unit_kinder], self.reminders[self.unit_kinder]):
            with self.subTest(record=record._name), self.assertRaises(AccessError):
                record.with_user(education).read(["display_name"])
        with self.assertRaises(AccessError):
            kinder_reg.item_ids.with_user(education).write({"progress": 80})
        with self.assertRaises(AccessError):
            self.env["thidua.result.report"].with_user(education).create({
                "campaign_id": self.campaign_closed.id, "unit_id": self.unit_kinder.id})
        self.assertFalse(self.env["thidua.result.report"].search([("campaign_id", "=", self.campaign_closed.id)]))
        self.assertEqual(kinder_reg.item_ids.progress, 0)
        # its reach follows the review link: pointed elsewhere, the kindergarten is out of reach
        self.unit_kinder.review_unit_id = self.unit_commune_b
        self.env.flush_all()
        self.assertEqual(self._units_of("thidua.registration", education), self.unit_school)
        self.assertIn(self.unit_kinder, self._units_of("thidua.registration", self.user_commune_b))

    # ------------------------------------------------------------------
    # The scope fields searched by users (ORM)
    # ------------------------------------------------------------------
    def test_scope_domains_never_widen_what_the_rules_give(self):
        """Whatever operator or value a user puts on the scope fields (negations, empty values,
        paths, any, hierarchy operators, odd types), they find a subset of what they read, or a
        refusal; never another unit's record."""
        for user in (self.user_commune_a, self.user_portal_school, self.user_education):
            uid = user.id
            values = [
                ("not in", uid), ("not in", []), ("in", []), ("in", None), ("!=", uid), ("=", uid), ("in", (uid,)),
                ("in", [uid, uid]), ("in", {uid: 1}), ("any", [("id", "=", uid)]), ("not any", []),
                ("!=", False), ("=", False), ("=?", False), ("in", True), ("child_of", uid), ("parent_of", uid),
                ("ilike", "a"), ("in", [[uid]]), ("=", str(uid)), ("in", 2**70), ("in", [uid, -1]),
                ("in", [uid, self.user_commune_b.id]),
            ]
            for model, paths in (("thidua.unit", ("acting_user_ids", "lower_officer_ids", "acting_user_ids.id")),
                                 ("thidua.registration", ("unit_id.acting_user_ids", "unit_id.lower_officer_ids")),
                                 ("thidua.dossier", ("unit_id.acting_user_ids",)),
                                 ("thidua.campaign", ("participant_user_ids",))):
                Model = self.env[model].with_user(user)
                allowed = Model.search([])
                for path in paths:
                    for operator, value in values:
                        for domain in ([(path, operator, value)], ["!", (path, operator, value)],
                                       ["|", (path, operator, value), ("id", "!=", 0)]):
                            with self.subTest(user=user.login, model=model, domain=domain):
                                try:
                                    with mute_logger(*QUIET), self.env.cr.savepoint():
                                        found = Model.search(domain)
                                        count = Model.search_count(domain)
                                except (UserError, ValueError, TypeError, KeyError, psycopg2.Error):
                                    continue  # a refusal (AccessError is a UserError), never an answer
                                self.assertLessEqual(found, allowed)
                                self.assertEqual(count, len(found))
        # searched about another user, through a path included: refused, or answered within the
        # user's own scope (a path finds other users only through units the user reads)
        for user in (self.user_commune_a, self.user_portal_school):
            Unit = self.env["thidua.unit"].with_user(user)
            own = Unit.search([])
            for domain in ([("acting_user_ids", "in", [user.id, self.user_commune_b.id])],
                           [("acting_user_ids.login", "=", "t_commune_b")],
                           [("acting_user_ids.id", "!=", user.id)],
                           [("lower_officer_ids.thidua_unit_ids", "in", self.unit_commune_b.ids)]):
                with self.subTest(user=user.login, domain=domain):
                    try:
                        found = Unit.search(domain)
                    except AccessError:
                        continue
                    # answered: then only within the user's own scope (the users found through
                    # their units are found among the units the user reads)
                    self.assertLessEqual(found, own)
                    self.assertNotIn(self.unit_commune_b, found)

    def test_scope_fields_cannot_be_read_grouped_ordered_or_exported(self):
        Unit = self.env["thidua.unit"].with_user(self.user_commune_a)
        units = Unit.search([])
        self.assertFalse({"acting_user_ids", "lower_officer_ids"} & set(Unit.fields_get()))
        campaign_fields = self.env["thidua.campaign"].with_user(self.user_commune_a).fields_get()
        self.assertNotIn("participant_user_ids", campaign_fields)
        for call in (lambda: Unit.search([], order="acting_user_ids"),
                     lambda: Unit.read_group([], ["code"], ["acting_user_ids"]),
                     lambda: Unit.read_group([], ["code"], ["lower_officer_ids"])):
            with self.assertRaises(ValueError):
                call()
        for call in (lambda: Unit.web_search_read([], {"acting_user_ids": {}}),
                     lambda: units.web_read({"lower_officer_ids": {"fields": {"login": {}}}}),
                     lambda: units.read(["acting_user_ids"]),
                     lambda: units.export_data(["acting_user_ids/login"]),
                     lambda: units.export_data(["lower_officer_ids/id"])):
            with self.assertRaises(UserError):  # AccessError, or the addon's export refusal
                call()
        with self.assertRaises(UserError):
            Unit.name_search("", [("acting_user_ids", "!=", False)])

    def test_officer_of_another_company_unit_sees_nothing_of_it(self):
        """The commune A officer is listed on another company's unit, but is no user of that
        company: neither the unit nor its registration, nor with the company forced in the context."""
        Unit = self.env["thidua.unit"].with_user(self.user_commune_a)
        self.assertNotIn(self.unit_c2, Unit.search([]))
        self.assertNotIn(self.reg_c2, self.env["thidua.registration"].with_user(self.user_commune_a).search([]))
        with self.assertRaises(AccessError):
            self.reg_c2.with_user(self.user_commune_a).read(["state"])
        with self.assertRaises(AccessError):
            self.env["thidua.registration"].with_user(self.user_commune_a).with_context(
                allowed_company_ids=[self.company2.id]).search([])
        # the tree cannot cross companies
        with self.assertRaises(UserError):
            self.env["thidua.unit"].create({"name": "Lẫn", "code": "T_MIX", "company_id": self.company2.id,
                                            "parent_id": self.unit_district.id})

    # ------------------------------------------------------------------
    # Tree edge cases
    # ------------------------------------------------------------------
    def test_unit_moved_mid_campaign_changes_who_reaches_it(self):
        reg, dossier = self.regs[self.unit_hamlet], self.dossiers[self.unit_hamlet]
        self.unit_hamlet.parent_id = self.unit_village_b
        for user, sees in ((self.user_commune_a, False), (self.user_commune_b, True), (self.user_village_b, True),
                           (self.user_two, True), (self.user_hamlet, True)):
            with self.subTest(user=user.login):
                self.assertEqual(reg in self.env["thidua.registration"].with_user(user).search([]), sees)
                self.assertEqual(dossier in self.env["thidua.dossier"].with_user(user).search([]), sees)
        # the hamlet's officer now reaches the new commune above, no longer the old one
        units = self.env["thidua.unit"].with_user(self.user_hamlet).search([])
        self.assertIn(self.unit_commune_b, units)
        self.assertNotIn(self.unit_commune_a, units)
        # an ancestor moved: its whole subtree follows
        self.unit_village_b.parent_id = self.unit_commune_a
        self.assertIn(reg, self.env["thidua.registration"].with_user(self.user_commune_a).search([]))
        self.assertNotIn(reg, self.env["thidua.registration"].with_user(self.user_commune_b).search([]))

    def test_archived_ancestor_and_cycles(self):
        """An archived commune gives its officers no scope any more (as user.thidua_unit_ids, which
        skips archived units, always did) and nobody else gets its sub-units; the tree refuses
        cycles, through an archived sub-unit too."""
        self.unit_commune_a.active = False
        self.assertFalse(self._units_of("thidua.registration", self.user_commune_a))
        self.assertEqual(self._units_of("thidua.registration", self.user_commune_b),
                         self._units("commune_b", "village_b"))
        self.assertIn(self.unit_commune_a, self.env["thidua.unit"].with_user(self.user_hamlet).with_context(
            active_test=False).search([]))
        with self.assertRaises(ValidationError):
            self.unit_commune_a.write({"parent_id": self.unit_hamlet.id})
        self.unit_hamlet.active = False
        with self.assertRaises(UserError):
            self.unit_village_a.write({"parent_id": self.unit_hamlet.id})
            self.env.flush_all()

    def test_officer_removed_or_added_applies_to_searches_at_once(self):
        Registration = self.env["thidua.registration"]
        self.assertIn(self.regs[self.unit_hamlet], Registration.with_user(self.user_commune_a).search([]))
        self.unit_commune_a.officer_ids = [Command.unlink(self.user_commune_a.id)]
        self.assertFalse(Registration.with_user(self.user_commune_a).search([]))
        self.assertEqual(self.env["thidua.unit"].with_user(self.user_commune_a).search([]), self.env["thidua.unit"])
        self.user_commune_b.thidua_unit_ids = [Command.link(self.unit_village_a.id)]
        self.assertIn(self.regs[self.unit_hamlet], Registration.with_user(self.user_commune_b).search([]))
        # a fresh check (nothing computed before in this transaction) agrees
        with self.assertRaises(AccessError):
            self.regs[self.unit_commune_a].with_user(self.user_commune_a).check_access("read")

    # HOLE (same transaction): the rules are searched in SQL (fresh), but check_access() and
    # everything built on it (read of cached fields, write, _document_check_access of the portal,
    # has_access) evaluates the rule in Python through filtered_domain(), i.e. through the
    # compute _compute_scope_users, whose value stays cached: it depends only on the unit's own
    # officer_ids, parent_path and child_ids, so an ancestor's (or descendant's) officer change does
    # not invalidate it. After the user's access was once checked in a transaction, removing them
    # from the commune leaves them reading the hamlet's registration until the transaction ends.
    def test_officer_removed_is_refused_by_check_access_in_the_same_transaction(self):
        reg = self.regs[self.unit_hamlet].with_user(self.user_commune_a)
        reg.check_access("read")
        self.unit_commune_a.officer_ids = [Command.unlink(self.user_commune_a.id)]
        self.assertFalse(self.env["thidua.registration"].with_user(self.user_commune_a).search([]))
        self.assertFalse(reg.has_access("read"), "search refuses it, check_access must too")

    # HOLE (same transaction), lower_officer_ids: the district stays readable to a school officer
    # removed from the school, once the district was checked for them in the transaction.
    def test_removed_officer_loses_the_units_above_in_the_same_transaction(self):
        district = self.unit_district.with_user(self.user_portal_school)
        district.check_access("read")
        self.unit_school.officer_ids = [Command.unlink(self.user_portal_school.id)]
        self.assertNotIn(self.unit_district, self.env["thidua.unit"].with_user(self.user_portal_school).search([]))
        self.assertFalse(district.has_access("read"))

    # HOLE (same transaction), participant_user_ids: its compute depends on unit_ids only; the
    # campaign listed for commune A stays readable to the education office after the kindergarten
    # (the unit it reviewed there) is given another reviewer, even after a flush.
    def test_review_link_changed_applies_to_campaign_check_access(self):
        listed = self.campaign.copy({"name": "Riêng xã An Bình", "unit_ids": [Command.set(self.unit_commune_a.ids)]})
        listed.with_user(self.user_education).check_access("read")
        self.unit_kinder.review_unit_id = self.unit_commune_b
        self.env.flush_all()
        self.assertFalse(self.env["thidua.campaign"].with_user(self.user_education).search([("id", "=", listed.id)]))
        self.assertFalse(listed.with_user(self.user_education).has_access("read"))

    # HOLE (same transaction, before a flush): the SQL of participant_user_ids reads
    # thidua_unit.review_unit_id with no to_flush, so a review link written in the ORM and not yet
    # flushed is not seen: the old reviewer still finds the campaign, the new one does not.
    def test_review_link_changed_applies_to_campaign_search_before_flush(self):
        listed = self.campaign.copy({"name": "Riêng xã An Bình", "unit_ids": [Command.set(self.unit_commune_a.ids)]})
        self.env.flush_all()
        self.unit_kinder.review_unit_id = self.unit_commune_b
        Campaign = self.env["thidua.campaign"]
        self.assertFalse(Campaign.with_user(self.user_education).search([("id", "=", listed.id)]))
        self.assertTrue(Campaign.with_user(self.user_commune_b).search([("id", "=", listed.id)]))

    # ------------------------------------------------------------------
    # Who acts for which unit, from the users' side
    # ------------------------------------------------------------------
    def test_users_officer_units_are_not_readable_across_units(self):
        """Reading another user's units gives only the units the reader may read; portal users
        find no other user by their units."""
        read = self.user_commune_b.with_user(self.user_commune_a).read(["thidua_unit_ids"])
        self.assertEqual(read[0]["thidua_unit_ids"], [])
        self.assertFalse(self.env["thidua.unit"].with_user(self.user_commune_a).search(
            [("officer_ids", "in", self.user_commune_b.ids)]))
        for login_user in (self.user_portal_school, self.user_kinder):
            Users = self.env["res.users"].with_user(login_user)
            self.assertFalse(Users.search([("thidua_unit_ids", "in", self.unit_commune_b.ids)]))
            self.assertEqual(Users.search([("thidua_unit_ids", "!=", False)]), login_user)

    # Was a hole (information, not records): res.users.thidua_unit_ids answered "who are the
    # officers of unit N" from the relation table for any internal user (ids are sequential), and
    # ('thidua_unit_ids', '!=', False) listed them all; now only among the units the user reads.
    def test_internal_user_cannot_list_another_communes_officers(self):
        Users = self.env["res.users"].with_user(self.user_commune_a)
        self.assertFalse(Users.search([("thidua_unit_ids", "in", self.unit_commune_b.ids)]))
        self.assertNotIn(self.user_commune_b, Users.search([("thidua_unit_ids", "!=", False)]))

    # ------------------------------------------------------------------
    # HTTP: portal lists (sudo searches) and JSON-RPC
    # ------------------------------------------------------------------
    def test_portal_lists_show_only_the_users_units_whatever_is_sent(self):
        """/my/thidua, /my/thidua/results and /my/thidua/dossiers search with sudo() among the
        user's units: no search string, page number or extra parameter shows another unit."""
        cases = {
            # login: (names that must show on /my/thidua, names that must never show anywhere)
            "t_portal_school": (["Trường Tiểu học Thử"],
                                ["An Bình", "Bình Yên", "Xóm Đồi", "Bản Mới", "Nà Pàn", "Công an", "công ty khác"]),
            "t_kinder": (["Trường Mầm non An Bình"],
                         ["Bình Yên", "Xóm Đồi", "Bản Mới", "Tiểu học Thử", "Công an", "công ty khác"]),
            "t_hamlet": (["Xóm Đồi"], ["Bình Yên", "Mầm non", "Nà Pàn", "Tiểu học Thử", "Công an", "công ty khác"]),
            "t_two": (["Thôn Bình Yên", "Trường Tiểu học Thử"],
                      ["An Bình", "Xóm Đồi", "Bản Mới", "Nà Pàn", "Mầm non", "Công an", "công ty khác"]),
            # the reviewer: its schools, the kindergarten it reviews (to review), nothing of commune A's own
            "t_education": (["Trường Tiểu học Thử", "Trường Mầm non An Bình"],
                            ["Xã An Bình", "Bình Yên", "Xóm Đồi", "Bản Mới", "Nà Pàn", "Công an", "công ty khác"]),
        }
        searches = ["", "%", "_", "\\", "Bình Yên", "An Bình", "Xóm", "Mầm non", "Nà Pàn", "' OR '1'='1",
                    "%' OR 1=1 --", "a" * 300, "Phong trào", "\x00"]
        suffixes = ["", "?page=-1", "?page=0", "?page=abc", "?page=99999", f"?unit_id={self.unit_commune_b.id}"
                    f"&campaign_id={self.campaign_b.id}&search_in=unit&domain=[]&uid={self.user_commune_b.id}"]
        for login, (shown, hidden) in cases.items():
            self.authenticate(login, login)
            home = self._get("/my/thidua")
            self.assertEqual(home.status_code, 200, login)
            for name in shown:
                self.assertIn(name, home.text, (login, name))
            urls = [f"{path}{suffix}" for path in ("/my/thidua", "/my/thidua/page/2", "/my/thidua/page/999",
                                                   "/my/thidua/results", "/my/thidua/results/page/3",
                                                   "/my/thidua/dossiers", "/my/thidua/dossiers/page/2")
                    for suffix in suffixes]
            urls += [f"/my/thidua?search={search}" for search in searches]
            urls += [f"/my/thidua/results?search={search}" for search in searches[:6]]
            urls += [f"/my/thidua/dossiers?search={search}" for search in searches[:6]]
            urls += ["/my/thidua/page/2?search=%25&page=5"]
            for url in urls:
                with self.subTest(login=login, url=url):
                    response = self._get(url)
                    self.assertIn(response.status_code, (200, 404), url)
                    # the search box and the pager's links give back what was typed: not a leak
                    text = re.sub(r'<input[^>]*>|href="[^"]*"', "", response.text)
                    for name in hidden:
                        self.assertNotIn(name, text, name)

    def test_portal_records_of_other_units_answer_not_found(self):
        """The reviewer opens the registration it reviews, not the reviewed unit's sub-unit, report
        or dossier; a school officer opens none of the kindergarten's."""
        reg_kinder, reg_class = self.regs[self.unit_kinder], self.regs[self.unit_kinder_class]
        self.authenticate("t_education", "t_education")
        self.assertEqual(self._get(f"/my/thidua/registration/{reg_kinder.id}").status_code, 200)
        for url in (f"/my/thidua/registration/{reg_class.id}", f"/my/thidua/result/{self.reports[self.unit_kinder].id}",
                    f"/my/thidua/registration/{self.regs[self.unit_commune_a].id}"):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        response = self._get(f"/my/thidua/dossiers/{self.dossiers[self.unit_kinder].id}")
        self.assertNotIn("Tập thể Trường Mầm non", response.text)
        self.authenticate("t_portal_school", "t_portal_school")
        for record in (reg_kinder, reg_class, self.regs[self.unit_commune_b]):
            with self.subTest(record=record.id):
                self.assertEqual(self._get(f"/my/thidua/registration/{record.id}").status_code, 404)
        self.assertEqual(self._get(f"/my/thidua/result/{self.reports[self.unit_commune_b].id}").status_code, 404)

    def test_rpc_with_a_forged_context_reaches_nothing_more(self):
        """Over /web/dataset/call_kw, with active_test False, another language, bin_size, a forged
        uid or su, or a company the user is not in: the same records or a refusal."""
        for login, user in (("t_commune_a", self.user_commune_a), ("t_portal_school", self.user_portal_school)):
            self.authenticate(login, login)
            for model in ("thidua.unit", "thidua.registration", "thidua.registration.item", "thidua.dossier",
                          "thidua.result.report", "thidua.campaign"):
                allowed = set(self.env[model].with_user(user).with_context(active_test=False).search([]).ids)
                for context in ({"active_test": False}, {"lang": "en_US", "bin_size": True},
                                {"uid": self.user_appraiser.id, "su": True, "_force_unlink": True}):
                    with self.subTest(login=login, model=model, context=context):
                        found = self._rpc(model, "search_read", [], ["id"], context=context)
                        self.assertLessEqual({row["id"] for row in found}, allowed)
                        count = self._rpc(model, "search_count", [], context=context)
                        self.assertLessEqual(count, len(allowed))
                with self.subTest(login=login, model=model, context="company"):
                    self.assertIn("AccessError", self._rpc_error(
                        model, "search_read", [], ["id"], context={"allowed_company_ids": [self.company2.id]}))
            # the scope fields, asked about someone else or read: refused
            other = self.user_commune_b.id
            for args in (("thidua.unit", "search_read", [("acting_user_ids", "in", [user.id, other])], ["id"]),
                         ("thidua.unit", "search_read", [("lower_officer_ids.login", "=", "t_commune_b")], ["id"]),
                         ("thidua.campaign", "search_read", [("participant_user_ids", "=", other)], ["id"]),
                         ("thidua.registration", "search_read", [("unit_id.acting_user_ids", "in", other)], ["id"]),
                         ("thidua.unit", "search_read", [], ["acting_user_ids"]),
                         ("thidua.unit", "web_search_read", [], {"lower_officer_ids": {}}),
                         ("thidua.campaign", "read", [self.campaign.id], ["participant_user_ids"]),
                         ("thidua.registration", "read", [self.regs[self.unit_commune_b].id], ["state"]),
                         ("thidua.registration", "web_read", [self.regs[self.unit_village_b].id], {"state": {}})):
                with self.subTest(login=login, args=args):
                    error = self._rpc_error(*args)
                    if error is None and args[2] and "." in str(args[2][0][0]) and login == "t_portal_school":
                        # a portal user's path finds no other user: it answers nothing, refuses nothing
                        self.assertEqual(self._rpc(*args), [])
                        continue
                    self.assertIn("AccessError", error or "answered")
            self.assertFalse({"acting_user_ids", "lower_officer_ids"} & set(self._rpc("thidua.unit", "fields_get")))

    def test_officer_removed_is_refused_at_the_next_request(self):
        """No cache between requests: the kindergarten officer removed, the next page answers 404;
        put back, 200; the commune officer removed, the next RPC read is refused."""
        url = f"/my/thidua/registration/{self.regs[self.unit_kinder].id}"
        self.authenticate("t_kinder", "t_kinder")
        self.assertEqual(self._get(url).status_code, 200)
        self.unit_kinder.officer_ids = [Command.unlink(self.user_kinder.id)]
        self.assertEqual(self._get(url).status_code, 404)
        self.assertNotIn("Trường Mầm non An Bình", self._get("/my/thidua").text)
        self.unit_kinder.officer_ids = [Command.link(self.user_kinder.id)]
        self.assertEqual(self._get(url).status_code, 200)

        hamlet_reg = self.regs[self.unit_hamlet].id
        self.authenticate("t_commune_a", "t_commune_a")
        self.assertEqual(self._rpc("thidua.registration", "read", [hamlet_reg], ["id"])[0]["id"], hamlet_reg)
        self.unit_commune_a.officer_ids = [Command.unlink(self.user_commune_a.id)]
        self.env.flush_all()
        self.assertIn("AccessError", self._rpc_error("thidua.registration", "read", [hamlet_reg], ["id"]) or "")
        self.assertEqual(self._rpc("thidua.registration", "search_count", []), 0)

    def test_reviewer_portal_actions_on_the_reviewed_unit(self):
        """The reviewer forwards the kindergarten's registration but cannot change its items nor
        file its result report."""
        reg = self.regs[self.unit_kinder]
        item = reg.item_ids
        self.authenticate("t_education", "t_education")
        token = http.Request.csrf_token(self)
        with mute_logger(*QUIET):
            self.url_open(f"/my/thidua/registration/{reg.id}/item/{item.id}/progress",
                          data={"progress": "90", "csrf_token": token})
            self.url_open("/my/thidua/result/new", data={"registration_id": str(reg.id), "csrf_token": token})
        self.env.invalidate_all()
        self.assertEqual(item.progress, 0)
        self.assertFalse(self.env["thidua.result.report"].search([("unit_id", "=", self.unit_kinder.id),
                                                                   ("id", "!=", self.reports[self.unit_kinder].id)]))
