import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools import unit_scope
from .common import ThiduaCommon


@tagged("post_install", "-at_install")
class TestUnitScope(ThiduaCommon):
    """Who acts for which unit, as the record rules ask it in SQL: the same answers as
    the tree gives, at once after a change, whatever the depth, with archived units counted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_hamlet_and_kindergarten()
        cls._open_campaign()
        # each registered by its own officer
        cls.registrations = {
            unit: cls._make_registration(unit, user)
            for unit, user in ((cls.unit_hamlet, cls.user_hamlet), (cls.unit_kinder, cls.user_kinder),
                               (cls.unit_school, cls.user_portal_school), (cls.unit_commune_b, cls.user_commune_b))
        }

    def _visible_units(self, user):
        return self.env["thidua.unit"].with_user(user).search([])

    def _visible_registrations(self, user):
        return self.env["thidua.registration"].with_user(user).search([]).unit_id

    def test_full_refresh_leaves_statistics_to_the_planner(self):
        """After the rows are all written again (install, update) the planner knows how many
        there are: taking the table for near empty, it rescanned a user's rows for each unit a
        search of /my/thidua met (5 times the page's time for an officer of 429 units)."""
        Unit = self.env["thidua.unit"]
        schools = Unit.create([{"name": f"Scope statistics school {index}", "code": f"T_SS{index}",
                                "unit_type": "school", "parent_id": self.unit_commune_a.id} for index in range(60)])
        schools.officer_ids = self.user_portal_school
        unit_scope.refresh(self.env)
        self.env.cr.execute("SELECT count(*) FROM thidua_unit_scope")
        rows = self.env.cr.fetchone()[0]
        self.env.cr.execute("SELECT reltuples FROM pg_class WHERE relname = 'thidua_unit_scope'")
        self.assertEqual(self.env.cr.fetchone()[0], rows)

    def test_units_and_registrations_each_user_reaches(self):
        # the commune's officer: the commune, all under it (3 levels), the district above
        self.assertEqual(self._visible_units(self.user_commune_a),
                         self.unit_district | self.unit_commune_a | self.unit_village_a | self.unit_hamlet
                         | self.unit_kinder)
        self.assertEqual(self._visible_registrations(self.user_commune_a), self.unit_hamlet | self.unit_kinder)
        # the education office: its school, the commune's school it reviews (not its commune)
        education = self._visible_units(self.user_education)
        self.assertIn(self.unit_kinder, education)
        self.assertNotIn(self.unit_village_a, education)
        self.assertEqual(self._visible_registrations(self.user_education), self.unit_school | self.unit_kinder)
        # the other commune sees nothing of the first
        self.assertEqual(self._visible_registrations(self.user_commune_b), self.unit_commune_b)
        self.assertNotIn(self.unit_hamlet, self._visible_units(self.user_commune_b))

    def test_campaigns_of_listed_units_reach_the_units_below_and_reviewers(self):
        listed = self.campaign.copy({"name": "Phong trào riêng của xã An Bình",
                                     "unit_ids": [(6, 0, self.unit_commune_a.ids)]})
        Campaign = self.env["thidua.campaign"]
        self.assertIn(listed, Campaign.with_user(self.user_commune_a).search([]))
        self.assertNotIn(listed, Campaign.with_user(self.user_commune_b).search([]))
        # the hamlet's own officer, three levels down, and the education office (it reviews the
        # commune's school) see it; the school of the education office does not
        self.assertIn(listed, Campaign.with_user(self.user_hamlet).search([]))
        self.assertIn(listed, Campaign.with_user(self.user_education).search([]))
        self.assertNotIn(listed, Campaign.with_user(self.user_portal_school).search([]))
        # the field the rules ask, read and searched
        self.assertEqual(listed.participant_user_ids, self.user_commune_a | self.user_hamlet
                         | self.user_kinder | self.user_education)
        self.assertEqual(Campaign.search([("participant_user_ids", "in", self.user_education.id),
                                          ("id", "in", (listed | self.campaign).ids)]), listed)

    def test_changes_apply_at_once(self):
        """Officers replaced and a village moved to the other commune: no cache to clear."""
        self.assertIn(self.unit_hamlet, self._visible_registrations(self.user_commune_a))
        self.unit_village_a.parent_id = self.unit_commune_b
        self.assertNotIn(self.unit_hamlet, self._visible_registrations(self.user_commune_a))
        self.assertIn(self.unit_hamlet, self._visible_registrations(self.user_commune_b))
        # the commune's officer replaced mid-campaign
        self.unit_commune_b.officer_ids = self.user_commune_a
        self.assertFalse(self._visible_registrations(self.user_commune_b))
        self.assertEqual(self._visible_registrations(self.user_commune_a),
                         self.unit_hamlet | self.unit_kinder | self.unit_commune_b)
        # an archived hamlet stays its commune's: its registration is not lost from sight
        self.unit_hamlet.active = False
        self.assertIn(self.unit_hamlet, self._visible_registrations(self.user_commune_a))

    def test_scope_fields_search_and_read(self):
        Unit = self.env["thidua.unit"]
        self.assertEqual(Unit.search([("acting_user_ids", "in", [self.user_commune_a.id, self.user_education.id]),
                                      ("code", "=like", "T_%")]),
                         self.unit_commune_a | self.unit_village_a | self.unit_hamlet | self.unit_kinder
                         | self.unit_education | self.unit_school)
        self.assertNotIn(self.unit_hamlet, Unit.search([("acting_user_ids", "not in", self.user_commune_a.id)]))
        self.assertEqual(Unit.search([("lower_officer_ids", "in", self.user_portal_school.id)]),
                         self.unit_district | self.unit_education | self.unit_school)
        self.assertEqual(self.unit_hamlet.acting_user_ids, self.user_hamlet | self.user_commune_a)
        for bad in (("acting_user_ids", "ilike", "a"), ("acting_user_ids", "in", ["1; DROP TABLE x"]),
                    ("lower_officer_ids", "in", True)):
            with self.assertRaises(UserError, msg=bad):
                Unit.search([bad])

    def test_scope_fields_do_not_list_officers_to_users(self):
        """The district is readable to the school's officer (a unit above theirs); the officers of
        every unit below it are not, nor who takes part in a campaign."""
        for record, field in ((self.unit_district, "lower_officer_ids"), (self.unit_hamlet, "acting_user_ids"),
                              (self.campaign, "participant_user_ids")):
            for user in (self.user_portal_school, self.user_commune_a, self.user_appraiser):
                with self.assertRaises(AccessError, msg=(field, user.login)):
                    record.with_user(user).read([field])
        # nor searched about someone else: whom another user acts for is not the user's to probe
        School = self.env["thidua.unit"].with_user(self.user_portal_school)
        for field in ("acting_user_ids", "lower_officer_ids"):
            with self.assertRaises(AccessError, msg=field):
                School.search([(field, "in", self.user_commune_a.id)])
            self.assertIn(self.unit_school, School.search([(field, "in", self.user_portal_school.id)]))
        with self.assertRaises(AccessError):
            self.env["thidua.campaign"].with_user(self.user_portal_school).search(
                [("participant_user_ids", "in", [self.user_portal_school.id, self.user_commune_a.id])])
        # the rules still use them: the school's officer reaches the district and the campaign
        self.assertIn(self.unit_district, self._visible_units(self.user_portal_school))
        self.assertIn(self.campaign, self.env["thidua.campaign"].with_user(self.user_portal_school).search([]))

    def _campaigns_of_listed_units(self):
        for name, units in (("Phong trào riêng của xã An Bình", self.unit_commune_a),
                            ("Phong trào của các trường", self.unit_kinder)):
            self.env["thidua.campaign"].create({
                "name": name, "issuing_unit_id": self.unit_district.id,
                "date_start": self.campaign.date_start, "date_end": self.campaign.date_end,
                "registration_deadline": self.campaign.registration_deadline, "unit_ids": [(6, 0, units.ids)],
            })

    def _assert_same_as_tree(self, users, step):
        """Odoo's own child_of / parent_of (what the rules were written with before) as the
        oracle: each user sees these units, campaigns and registrations; and the scope table is
        what a rebuild from scratch would write (no user's rows left behind by a change)."""
        for user in users:
            units = user.thidua_unit_ids
            reviewed = units.reviewed_unit_ids
            company = [("company_id", "in", user.company_ids.ids)]
            oracle = {
                "thidua.unit": ['|', '|', '|', ("id", "child_of", units.ids), ("id", "parent_of", units.ids),
                                ("review_unit_id", "in", units.ids), ("reviewed_unit_ids", "in", units.ids)] + company,
                "thidua.campaign": ['|', '|', ("unit_ids", "=", False), ("unit_ids", "parent_of", units.ids),
                                    ("unit_ids", "parent_of", reviewed.ids)] + company,
                "thidua.registration": ['|', ("unit_id", "child_of", units.ids),
                                        ("review_unit_id", "in", units.ids)] + company,
            }
            for model, domain in oracle.items():
                Model = self.env[model].with_context(active_test=False)
                self.assertEqual(Model.with_user(user).search([]), Model.search(domain), (step, user.login, model))
        query = "SELECT user_id, kind, unit_id FROM thidua_unit_scope ORDER BY 1, 2, 3"
        self.env.cr.execute(query)
        kept = self.env.cr.fetchall()
        unit_scope.refresh(self.env)
        self.env.cr.execute(query)
        self.assertEqual(kept, self.env.cr.fetchall(), step)

    def test_same_records_as_odoo_tree_operators(self):
        """Every unit officer sees what the tree says, before and after it changes (a village
        moved to the other commune, the hamlet archived, an officer added)."""
        self._campaigns_of_listed_units()
        users = (self.user_commune_a | self.user_commune_b | self.user_education | self.user_portal_school
                 | self.user_hamlet | self.user_kinder)
        self._assert_same_as_tree(users, "before")
        self.unit_village_a.parent_id = self.unit_commune_b
        self.unit_hamlet.active = False
        self.unit_commune_b.officer_ids |= self.user_education
        self._assert_same_as_tree(users, "after")

    def test_scope_follows_every_kind_of_change(self):
        """Each way the tree or its officers change, from either side, one at a time: a commune
        with officers below it moved under another, a reviewer changed, officers set from the
        user's form and replaced mid-campaign, a unit created under an officer's unit and
        reviewed by another, deleted, archived and restored; a user deleted."""
        self._campaigns_of_listed_units()
        replacement = new_test_user(self.env, "t_kinder_new", groups="base.group_portal", name="Cán bộ mới")
        users = (self.user_commune_a | self.user_commune_b | self.user_education | self.user_portal_school
                 | self.user_hamlet | self.user_kinder | replacement)
        made = {}

        def create_school():
            made["school"] = self.env["thidua.unit"].create({
                "name": "Điểm trường Bản Mới", "code": "T_DT_BM", "unit_type": "school",
                "parent_id": self.unit_village_a.id, "review_unit_id": self.unit_education.id,
                "officer_ids": [(4, self.user_portal_school.id)]})

        def delete_school():
            made["school"].unlink()

        steps = [
            ("commune A under commune B", lambda: self.unit_commune_a.write({"parent_id": self.unit_commune_b.id})),
            ("kindergarten reviewed by commune B",
             lambda: self.unit_kinder.write({"review_unit_id": self.unit_commune_b.id})),
            ("officer replaced from the user's side",
             lambda: self.user_kinder.write({"thidua_unit_ids": [(5, 0, 0)]})
             or replacement.write({"thidua_unit_ids": [(4, self.unit_kinder.id)]})),
            ("new school under the village, reviewed by education", create_school),
            ("village archived", lambda: self.unit_village_a.write({"active": False})),
            ("village restored", lambda: self.unit_village_a.write({"active": True})),
            ("new school deleted", delete_school),
            ("commune A back under the district",
             lambda: self.unit_commune_a.write({"parent_id": self.unit_district.id})),
            ("education office archived", lambda: self.unit_education.write({"active": False})),
            ("replacement officer deleted", replacement.unlink),
        ]
        for step, change in steps:
            change()
            users = users.exists()
            self._assert_same_as_tree(users, step)

    def test_unit_moved_with_its_sub_units_in_one_write(self):
        """A list's mass edit moves a village and the hamlet under it to another commune at once:
        every unit's path is its parent's (Odoo's own update mixed the moved units' paths up: the
        hamlet's officer then read the village's old commune, and kept it after the next move)."""
        Unit = self.env["thidua.unit"].with_context(active_test=False)
        moved = self.unit_village_a | self.unit_hamlet
        users = self.user_commune_a | self.user_commune_b | self.user_hamlet

        def assert_paths(step):
            for unit in Unit.search([]):
                self.assertEqual(unit.parent_path, f"{unit.parent_id.parent_path or ''}{unit.id}/", (step, unit.name))

        moved.write({"parent_id": self.unit_commune_b.id})
        assert_paths("village and hamlet moved together")
        self.assertEqual(moved.parent_id, self.unit_commune_b)
        self._assert_same_as_tree(users, "village and hamlet moved together")
        self.assertFalse(self.unit_commune_a.with_user(self.user_hamlet).has_access("read"))
        self.unit_village_a.write({"parent_id": self.unit_commune_a.id})
        assert_paths("village moved back alone")
        self._assert_same_as_tree(users, "village moved back alone")

    def test_check_access_agrees_with_the_search(self):
        """check_access() evaluates the rules in Python from the fields' values, the searches in
        SQL: both say the same, for the archived commune's officer too (who keeps no scope)."""
        registration = self.registrations[self.unit_hamlet]
        self.assertTrue(registration.with_user(self.user_commune_a).has_access("read"))
        self.assertTrue(self.unit_district.with_user(self.user_hamlet).has_access("read"))
        self.assertFalse(registration.with_user(self.user_commune_b).has_access("read"))
        self.unit_commune_a.active = False
        self.assertFalse(self.env["thidua.registration"].with_user(self.user_commune_a).search(
            [("id", "=", registration.id)]))
        self.assertFalse(registration.with_user(self.user_commune_a).has_access("read"))
        with self.assertRaises(AccessError):
            registration.with_user(self.user_commune_a).write({"review_note": "Sửa hộ"})


@tagged("post_install", "-at_install")
class TestScopeConcurrency(TransactionCase):
    """Two requests at once on the scope table, with two real cursors (committed data, deleted
    at the end): Odoo runs each in REPEATABLE READ and retries it on a serialization failure."""

    def _commit(self, func):
        with self.registry.cursor() as cr:
            return func(api.Environment(cr, SUPERUSER_ID, {"lang": "vi_VN", "tracking_disable": True}))

    def _cleanup(self, unit_ids, user_id):
        def delete(env):
            env["thidua.unit"].browse(unit_ids).exists().sorted("parent_path", reverse=True).unlink()
            user = env["res.users"].browse(user_id)
            partner = user.partner_id
            user.unlink()
            partner.unlink()
        self._commit(delete)

    def _rows(self, env, user_id):
        env.cr.execute("SELECT kind, unit_id FROM thidua_unit_scope WHERE user_id = %s ORDER BY 1, 2", [user_id])
        return env.cr.fetchall()

    def test_officer_removed_while_a_unit_moves_under_their_unit(self):
        """Removing the commune's officer while another request moves a village under the
        commune: the move read the officer list before the removal; had it written the officer's
        rows again, they would keep the whole commune. It fails to serialize instead, and its
        retry leaves the officer nothing there."""
        def setup(env):
            user = env["res.users"].create({"name": "Cán bộ xã thử đồng thời", "login": "t_scope_race",
                                            "groups_id": [(6, 0, env.ref("base.group_portal").ids)]})
            commune = env["thidua.unit"].create({"name": "Xã thử đồng thời", "code": "T_RACE_XA",
                                                 "unit_type": "commune", "officer_ids": [(4, user.id)]})
            village = env["thidua.unit"].create({"name": "Thôn thử đồng thời", "code": "T_RACE_THON",
                                                 "unit_type": "village"})
            return user.id, commune.id, village.id

        user_id, commune_id, village_id = self._commit(setup)
        self.addCleanup(self._cleanup, [village_id, commune_id], user_id)
        context = {"lang": "vi_VN", "tracking_disable": True}
        with self.registry.cursor() as cr_remove, self.registry.cursor() as cr_move:
            remove = api.Environment(cr_remove, SUPERUSER_ID, context)
            move = api.Environment(cr_move, SUPERUSER_ID, context)
            cr_move.execute("SELECT 1")  # the second request is already running: its snapshot is taken
            remove["thidua.unit"].browse(commune_id).write({"officer_ids": [(3, user_id)]})
            cr_remove.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
                move["thidua.unit"].browse(village_id).write({"parent_id": commune_id})
            cr_move.rollback()
        # Odoo's retry, with a fresh snapshot
        self._commit(lambda env: env["thidua.unit"].browse(village_id).write({"parent_id": commune_id}))
        self.assertEqual(self._commit(lambda env: self._rows(env, user_id)), [])
        self._commit(lambda env: env["thidua.unit"].browse(commune_id).write({"officer_ids": [(4, user_id)]}))
        rows = self._commit(lambda env: self._rows(env, user_id))
        self.assertIn(("below", village_id), rows)
        self.assertIn(("own", commune_id), rows)

    def _rows_match_a_rebuild(self, user_ids):
        def check(env):
            query = "SELECT user_id, kind, unit_id FROM thidua_unit_scope WHERE user_id = ANY(%s) ORDER BY 1, 2, 3"
            env.cr.execute(query, [list(user_ids)])
            kept = env.cr.fetchall()
            unit_scope.refresh(env)
            env.cr.execute(query, [list(user_ids)])
            fresh = env.cr.fetchall()
            env.cr.rollback()
            return kept, fresh
        kept, fresh = self._commit(check)
        self.assertEqual(kept, fresh)

    def _two_requests(self, first, second):
        """``first`` commits while ``second`` is running; ``second`` then fails to serialize, and
        Odoo's retry (a fresh snapshot) runs it again."""
        context = {"lang": "vi_VN", "tracking_disable": True}
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            cr2.execute("SELECT 1")  # the second request is already running: its snapshot is taken
            first(api.Environment(cr1, SUPERUSER_ID, context))
            cr1.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
                second(api.Environment(cr2, SUPERUSER_ID, context))
            cr2.rollback()
        self._commit(second)

    def _three_units(self, env, tag, officer=None):
        Unit = env["thidua.unit"]
        first = Unit.create({"name": f"Xã {tag} một", "code": f"T_RACE_{tag}_1", "unit_type": "commune",
                             "officer_ids": [(4, officer.id)] if officer else []})
        second = Unit.create({"name": f"Xã {tag} hai", "code": f"T_RACE_{tag}_2", "unit_type": "commune"})
        village = Unit.create({"name": f"Thôn {tag}", "code": f"T_RACE_{tag}_3", "unit_type": "village",
                               "parent_id": first.id})
        return first.id, second.id, village.id

    def _portal_user(self, env, login):
        return env["res.users"].create({"name": f"Cán bộ {login}", "login": login,
                                        "groups_id": [(6, 0, env.ref("base.group_portal").ids)]})

    def test_officer_added_while_a_unit_moves_out_of_their_unit(self):
        """A new officer of the commune is saved from their user form while another request moves
        a village out of the commune: the move's snapshot does not know the new officer, so its
        refresh left them the village (a lock per user never met). It fails to serialize now."""
        def setup(env):
            user = self._portal_user(env, "t_scope_race_new")
            return (user.id, *self._three_units(env, "MOI", officer=self._portal_user(env, "t_scope_race_old")))

        user_id, commune_id, other_id, village_id = self._commit(setup)
        old_id = self._commit(lambda env: env["res.users"].search([("login", "=", "t_scope_race_old")]).id)
        self.addCleanup(self._cleanup, [village_id, commune_id, other_id], old_id)
        self.addCleanup(self._cleanup, [], user_id)
        self._two_requests(
            lambda env: env["res.users"].browse(user_id).write({"thidua_unit_ids": [(4, commune_id)]}),
            lambda env: env["thidua.unit"].browse(village_id).write({"parent_id": other_id}))
        self.assertNotIn(("below", village_id), self._commit(lambda env: self._rows(env, user_id)))
        self._rows_match_a_rebuild([user_id, old_id])

    def test_two_moves_that_meet(self):
        """A village moved under a commune while the commune moves under an office with an
        officer: neither request saw the other's move, and the office's officer lacked the
        village. The second fails to serialize; its retry sees both moves."""
        def setup(env):
            officer = self._portal_user(env, "t_scope_race_office")
            office = env["thidua.unit"].create({"name": "Văn phòng thử đồng thời", "code": "T_RACE_VP",
                                                "unit_type": "office", "officer_ids": [(4, officer.id)]})
            return (officer.id, office.id, *self._three_units(env, "GAP"))

        officer_id, office_id, commune_id, other_id, village_id = self._commit(setup)
        self.addCleanup(self._cleanup, [village_id, commune_id, other_id, office_id], officer_id)
        self._two_requests(
            lambda env: env["thidua.unit"].browse(village_id).write({"parent_id": other_id}),
            lambda env: env["thidua.unit"].browse(other_id).write({"parent_id": office_id}))
        self.assertIn(("below", village_id), self._commit(lambda env: self._rows(env, officer_id)))
        self._rows_match_a_rebuild([officer_id])
