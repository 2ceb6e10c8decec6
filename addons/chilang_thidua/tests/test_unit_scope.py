from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ThiduaCommon


@tagged("post_install", "-at_install")
class TestUnitScope(ThiduaCommon):
    """Who acts for which unit, as the record rules ask it in SQL (issue 16): the same answers as
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

    def test_same_records_as_odoo_tree_operators(self):
        """Odoo's own child_of / parent_of (what the rules were written with before) as the
        oracle: every unit officer sees the same units, campaigns and registrations, before and
        after the tree changes (a village moved to the other commune, the hamlet archived)."""
        self.env["thidua.campaign"].create({
            "name": "Phong trào riêng của xã An Bình", "issuing_unit_id": self.unit_district.id,
            "date_start": self.campaign.date_start, "date_end": self.campaign.date_end,
            "registration_deadline": self.campaign.registration_deadline,
            "unit_ids": [(6, 0, self.unit_commune_a.ids)],
        })
        self.env["thidua.campaign"].create({
            "name": "Phong trào của các trường", "issuing_unit_id": self.unit_district.id,
            "date_start": self.campaign.date_start, "date_end": self.campaign.date_end,
            "registration_deadline": self.campaign.registration_deadline,
            "unit_ids": [(6, 0, self.unit_kinder.ids)],
        })
        users = (self.user_commune_a | self.user_commune_b | self.user_education | self.user_portal_school
                 | self.user_hamlet | self.user_kinder)

        def oracle(user):
            units = user.thidua_unit_ids
            reviewed = units.reviewed_unit_ids
            company = [("company_id", "in", user.company_ids.ids)]
            return {
                "thidua.unit": ['|', '|', '|', ("id", "child_of", units.ids), ("id", "parent_of", units.ids),
                                ("review_unit_id", "in", units.ids), ("reviewed_unit_ids", "in", units.ids)] + company,
                "thidua.campaign": ['|', '|', ("unit_ids", "=", False), ("unit_ids", "parent_of", units.ids),
                                    ("unit_ids", "parent_of", reviewed.ids)] + company,
                "thidua.registration": ['|', ("unit_id", "child_of", units.ids),
                                        ("review_unit_id", "in", units.ids)] + company,
            }

        def compare():
            for user in users:
                for model, domain in oracle(user).items():
                    Model = self.env[model].with_context(active_test=False)
                    self.assertEqual(Model.with_user(user).search([]), Model.search(domain), (user.login, model))

        compare()
        self.unit_village_a.parent_id = self.unit_commune_b
        self.unit_hamlet.active = False
        self.unit_commune_b.officer_ids |= self.user_education
        compare()

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
