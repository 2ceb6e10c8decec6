import itertools
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# logins of the council members the tests create, unique in the process
_MEMBER_LOGINS = itertools.count(1)


def another_body(env, award_form):
    """Another district's government (company) with an approved dossier on its draft decision:
    (company, dossier, decision, campaign). Fixture shortcut: the superuser skips the workflow
    tested elsewhere."""
    company = env["res.company"].create({"name": "UBND huyện Bên Cạnh (thử)"})
    district = env["thidua.unit"].create({
        "name": "UBND huyện Bên Cạnh", "code": "T_C2_UBND", "unit_type": "office", "company_id": company.id,
        "authority_name": "Ủy ban nhân dân huyện Bên Cạnh", "doc_abbreviation": "UBND", "place_name": "Bên Cạnh",
    })
    unit = env["thidua.unit"].create({"name": "Xã Bên Cạnh", "code": "T_C2_XA", "unit_type": "commune",
                                      "parent_id": district.id, "company_id": company.id})
    campaign = env["thidua.campaign"].create({
        "name": "Phong trào huyện bên cạnh", "company_id": company.id, "issuing_unit_id": district.id,
        "date_start": date(2024, 1, 1), "date_end": date(2024, 10, 31), "registration_deadline": date(2024, 1, 20),
        "award_form_ids": [Command.set(award_form.ids)], "content_ids": [Command.create({"name": "Nội dung"})],
    })
    campaign.action_open()
    campaign.action_close()
    dossier = env["thidua.dossier"].create({
        "campaign_id": campaign.id, "unit_id": unit.id, "award_form_id": award_form.id,
        "subject_type": "civil_servant", "nominee_name": "Đinh Thị Bí Mật", "job_title": "Công chức xã bên",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ", "company_id": company.id,
    })
    dossier._set_state("approved")
    decision = env["thidua.decision"].create({
        "campaign_id": campaign.id, "award_form_id": award_form.id, "date_decision": date(2024, 12, 5),
        "company_id": company.id,
    })
    decision.action_load_dossiers()
    return company, dossier, decision, campaign


class ThiduaCommon(TransactionCase):
    """Units, a campaign and one real user per role, shared by every test class.

    The tree mirrors the plan: the district People's Committee with its offices, two
    communes with a village, and a school reviewed by the Education office.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True, lang="vi_VN"))
        Unit = cls.env["thidua.unit"]
        cls.unit_district = Unit.create({
            "name": "UBND huyện Thử Nghiệm", "code": "T_UBND", "unit_type": "office",
            "authority_name": "Ủy ban nhân dân huyện Thử Nghiệm", "doc_abbreviation": "UBND",
            "place_name": "Thử Nghiệm",
        })
        cls.unit_home_affairs = Unit.create({
            "name": "Phòng Nội vụ (thử)", "code": "T_NV", "unit_type": "office", "parent_id": cls.unit_district.id,
            "doc_abbreviation": "NV",
        })
        cls.unit_district.write({"appraising_office_id": cls.unit_home_affairs.id,
                                 "appraising_office_head": "Trưởng phòng Nội vụ"})
        cls.unit_education = Unit.create({
            "name": "Phòng GD&ĐT (thử)", "code": "T_GDDT", "unit_type": "office", "parent_id": cls.unit_district.id,
        })
        cls.unit_commune_a = Unit.create({
            "name": "Xã An Bình", "code": "T_XA_A", "unit_type": "commune", "parent_id": cls.unit_district.id,
        })
        cls.unit_village_a = Unit.create({
            "name": "Thôn Bản Mới", "code": "T_THON_A", "unit_type": "village", "parent_id": cls.unit_commune_a.id,
        })
        cls.unit_commune_b = Unit.create({
            "name": "Xã Bình Yên", "code": "T_XA_B", "unit_type": "commune", "parent_id": cls.unit_district.id,
        })
        cls.unit_school = Unit.create({
            "name": "Trường Tiểu học Thử", "code": "T_TH", "unit_type": "school",
            "parent_id": cls.unit_education.id, "review_unit_id": cls.unit_education.id,
        })

        cls.user_appraiser = new_test_user(
            cls.env, "t_appraiser", groups="chilang_thidua.group_appraiser", name="Chuyên viên Nội vụ", lang="vi_VN"
        )
        cls.user_manager = new_test_user(
            cls.env, "t_manager", groups="chilang_thidua.group_manager", name="Lãnh đạo UBND", lang="vi_VN"
        )
        cls.user_council = new_test_user(
            cls.env, "t_council", groups="chilang_thidua.group_council", name="Ủy viên Hội đồng", lang="vi_VN"
        )
        cls.user_commune_a = new_test_user(
            cls.env, "t_commune_a", groups="chilang_thidua.group_user", name="Cán bộ xã An Bình", lang="vi_VN"
        )
        cls.user_commune_b = new_test_user(
            cls.env, "t_commune_b", groups="chilang_thidua.group_user", name="Cán bộ xã Bình Yên", lang="vi_VN"
        )
        cls.user_education = new_test_user(
            cls.env, "t_education", groups="chilang_thidua.group_user", name="Cán bộ Phòng GD&ĐT", lang="vi_VN"
        )
        cls.user_portal_school = new_test_user(
            cls.env, "t_portal_school", groups="base.group_portal", name="Cán bộ trường Tiểu học", lang="vi_VN"
        )
        cls.user_internal = new_test_user(cls.env, "t_internal", groups="base.group_user", name="Người dùng khác")
        cls.unit_home_affairs.officer_ids = cls.user_appraiser
        cls.unit_commune_a.officer_ids = cls.user_commune_a
        cls.unit_commune_b.officer_ids = cls.user_commune_b
        cls.unit_education.officer_ids = cls.user_education
        cls.unit_school.officer_ids = cls.user_portal_school

        cls.award_form = cls.env.ref("chilang_thidua.award_form_giay_khen_huyen")
        cls.campaign = cls.env["thidua.campaign"].create({
            "name": "Phong trào thử nghiệm 2024",
            "issuing_unit_id": cls.unit_district.id,
            "date_start": date(2024, 1, 1),
            "date_end": date(2024, 10, 31),
            "registration_deadline": date(2024, 1, 20),
            "signer_name": "Nguyễn Văn Chủ",
            "award_form_ids": [(6, 0, cls.award_form.ids)],
            "content_ids": [
                (0, 0, {"name": "Cải cách hành chính", "sequence": 1}),
                (0, 0, {"name": "Xây dựng nông thôn mới", "sequence": 2}),
            ],
        })
        # End the fixtures' "transaction" as a real one would end: without this, mail treats every
        # fixture record as created in the test's own transaction and tracks none of its changes.
        cls.env.flush_all()
        cls.cr.precommit.run()

    @classmethod
    def _add_hamlet_and_kindergarten(cls):
        """Two units deeper in the tree, each with its portal officer: a hamlet under the village
        (three levels below the district) and a kindergarten placed under commune A but reviewed by
        the education office (the plan's case for schools of a commune)."""
        Unit = cls.env["thidua.unit"]
        cls.unit_hamlet = Unit.create({"name": "  Xóm Đồi  ", "code": "T_XOM", "unit_type": "village",
                                       "parent_id": cls.unit_village_a.id})
        cls.unit_kinder = Unit.create({
            "name": "Trường Mầm non An Bình", "code": "T_MN_A", "unit_type": "school",
            "parent_id": cls.unit_commune_a.id, "review_unit_id": cls.unit_education.id,
        })
        cls.user_hamlet = new_test_user(cls.env, "t_hamlet", groups="base.group_portal", name="Trưởng xóm Đồi")
        cls.user_kinder = new_test_user(cls.env, "t_kinder", groups="base.group_portal", name="Cán bộ trường Mầm non")
        cls.unit_hamlet.officer_ids = cls.user_hamlet
        cls.unit_kinder.officer_ids = cls.user_kinder

    # ------------------------------------------------------------------
    # Registrations
    # ------------------------------------------------------------------
    @classmethod
    def _open_campaign(cls, campaign=None):
        """Launch the campaign as Phòng Nội vụ would."""
        campaign = campaign or cls.campaign
        campaign.with_user(cls.user_appraiser).action_open()
        return campaign

    @classmethod
    def _make_registration(cls, unit, user, items=1, campaign=None):
        """A draft registration created by ``user`` for ``unit`` with ``items`` items."""
        campaign = campaign or cls.campaign
        return cls.env["thidua.registration"].with_user(user).create({
            "campaign_id": campaign.id,
            "unit_id": unit.id,
            "item_ids": [
                (0, 0, {
                    "name": f"Mô hình thử {index + 1} của {unit.name}",
                    "item_type": "model",
                    "content_id": campaign.content_ids[:1].id,
                    "target": "Hoàn thành trước 30/9",
                })
                for index in range(items)
            ],
        })

    def _council_members(self, count):
        """The council's members, each a user of the Council Member group (a member votes from their
        own login): the test's council member (who chairs) first, then users shared by the test's
        councils (created once per test)."""
        # (users created inside a rolled-back savepoint are gone)
        pool = getattr(self, "_member_pool", self.env["res.users"]).exists()
        if len(pool) < count - 1:
            pool |= self.env["res.users"].with_context(no_reset_password=True).create([{
                "name": f"Ủy viên Hội đồng {n}", "login": f"uyvien_{next(_MEMBER_LOGINS)}",
                "groups_id": [Command.set([self.env.ref("chilang_thidua.group_council").id])],
            } for n in range(len(pool) + 2, count + 1)])
            self._member_pool = pool
        return self.user_council.partner_id | pool[:count - 1].partner_id

    def _council(self, members=9, **values):
        """A standing council as the Chairman's decision sets it up (a manager records it): the test's
        council member chairs it, the appraiser is its secretary."""
        partners = self._council_members(members) if isinstance(members, int) else members
        vals = {
            "name": "Hội đồng Thi đua – Khen thưởng (thử)", "decision_number": "15/QĐ-UBND",
            "decision_date": date(2024, 1, 5), "member_ids": [Command.set(partners.ids)],
            "chair_id": partners[:1].id, "secretary_id": self.user_appraiser.partner_id.id,
        }
        vals.update(values)
        return self.env["thidua.council"].with_user(self.user_manager).create(vals)
