#!/usr/bin/env python3
"""Generate province-sized data into an existing database that has chilang_thidua installed.

The default size is a whole province's: one province issuing body, 65 communes of ~45 units each (the
commune's People's Committee, its offices, schools and villages), a portal officer for half of
the units, five years of campaigns, ~30,000 award dossiers in the states a real year leaves them
in, and the signed decisions of the past years. ``--scale 0.05`` makes a small version (fewer
communes and dossiers, same shape).

Besides the history, it makes the deadline day: one campaign of the whole province, open, whose
registration deadline is today (Vietnam's date); part of the units have already submitted, the
others have not. ``--manifest FILE`` writes that campaign and the officers still to submit, for
the load test (tools/loadtest).

It runs through Odoo's own API as the superuser, in batches of ``create()`` with mail tracking
switched off: the addon's guard ignores the superuser, which is what this history-writing tool
needs (it sets states and dates that the workflow would have set over five years).

Usage: province_data.py -d DB [--scale 0.05] [--province "Lạng Sơn"] [--manifest FILE]
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))

from odoo_suite import ADDONS, odoo_addons_path  # noqa: E402

# history needs no chatter tracking and sends no mail now (the notifications of the past are
# queued, not sent: mail_notify_force_send)
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True,
         "mail_notrack": True, "mail_notify_force_send": False, "no_reset_password": True, "lang": "vi_VN"}
BATCH = 500
# a line of figures (and a commit) every this many registrations or dossiers
REPORT_EVERY = 2500

COMMUNE_FIRST = ["Tân", "Hòa", "Bình", "An", "Phú", "Hữu", "Minh", "Quang", "Đồng", "Vân", "Yên", "Hồng",
                 "Thiện", "Chiến", "Kim", "Lộc", "Nhân", "Tràng", "Văn", "Bắc", "Khánh", "Thụy"]
COMMUNE_SECOND = ["Thành", "Lợi", "Sơn", "Lũng", "Mỹ", "Khánh", "Định", "Quan", "Đăng", "Hưng", "Phong",
                  "Thịnh", "Lâm", "Lập", "Xá", "Cường", "Bình", "Tiến"]
VILLAGE_FIRST = ["Nà", "Bản", "Khuổi", "Pác", "Cốc", "Còn", "Khòn", "Pò", "Lũng", "Phai", "Khau", "Co", "Kéo"]
VILLAGE_SECOND = ["Pàn", "Chu", "Lầy", "Tát", "Mò", "Cằm", "Sla", "Quang", "Tâm", "Hin", "Thưa", "Rọ", "Làng",
                  "Mạ", "Đông", "Nọi", "Slằng", "Tèo", "Pục", "Dạ"]
# (code suffix, name pattern, unit type): the commune's offices and bodies
OFFICES = [
    ("VP", "Văn phòng HĐND và UBND xã {c}", "office"),
    ("VHXH", "Phòng Văn hóa – Xã hội xã {c}", "office"),
    ("KT", "Phòng Kinh tế xã {c}", "office"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam xã {c}", "office"),
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã {c}", "office"),
    ("HPN", "Hội Liên hiệp Phụ nữ xã {c}", "office"),
    ("HND", "Hội Nông dân xã {c}", "office"),
    ("CCB", "Hội Cựu chiến binh xã {c}", "office"),
    ("CA", "Công an xã {c}", "armed_force"),
    ("QS", "Ban Chỉ huy Quân sự xã {c}", "armed_force"),
    ("TYT", "Trạm Y tế xã {c}", "health"),
]
SCHOOLS = [
    ("MN", "Trường Mầm non {c}"),
    ("TH", "Trường Tiểu học {c}"),
    ("THCS", "Trường Trung học cơ sở {c}"),
    ("TH2", "Trường Tiểu học số 2 {c}"),
]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Nông", "Lăng", "Hà", "Lương", "Triệu", "Lý",
                "Đinh", "Mã", "Chu", "Dương", "Hứa", "Lộc"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Thanh", "Ngọc", "Thế", "Kim"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương",
               "Quân", "Sơn", "Thảo", "Tuấn", "Vân", "Yến", "Thắng", "Hiền", "Đức", "Trang", "Khánh", "Tâm"]
CONTENTS = [
    "Phát triển kinh tế, giảm nghèo bền vững",
    "Xây dựng nông thôn mới, đô thị văn minh",
    "Cải cách hành chính, chuyển đổi số",
    "Giữ gìn an ninh trật tự, an toàn xã hội",
    "Phát triển giáo dục, y tế, văn hóa cơ sở",
]
ITEM_NAMES = [
    ("model", "Mô hình “Đường hoa nông thôn mới” của {u}"),
    ("model", "Mô hình “Dân vận khéo” trong vận động hiến đất làm đường của {u}"),
    ("work", "Công trình bê tông hóa đường giao thông nội đồng của {u}"),
    ("work", "Công trình thắp sáng đường quê của {u}"),
    ("task", "Phần việc “Chuyển đổi số trong giải quyết thủ tục hành chính” của {u}"),
    ("task", "Phần việc thu gom, phân loại rác thải tại nguồn của {u}"),
]
# a one-page PDF: the achievement report every dossier past draft carries
REPORT_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
              b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào thi đua năm {y}"
# the years before NĐ 98/2023: its data starts on 01/01/2024. NĐ 91/2017/NĐ-CP (in force from
# 01/10/2017) [likely, docs/law.md §2b names its 0.15 for a commune Chairman's Giấy khen]
ND91 = {
    "chilang_thidua.award_form_bang_khen_tinh": (1.0, 2.0, 1.0),
    "chilang_thidua.award_form_giay_khen_huyen": (0.3, 0.6, 0.3),
    "chilang_thidua.award_form_giay_khen_xa": (0.15, 0.3, 0.15),
}
ND91_BASIS = ("Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số điều "
              "của Luật Thi đua, khen thưởng")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-d", "--database", required=True, help="an existing database with chilang_thidua")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the issue's size; 0.05 = a small version")
    parser.add_argument("--communes", type=int, help="number of communes (default 65 × scale)")
    parser.add_argument("--units-per-commune", type=int, default=45)
    parser.add_argument("--dossiers", type=int, help="number of award dossiers (default 30,000 × scale)")
    parser.add_argument("--years", type=int, default=5, help="years of campaigns, the current one included")
    parser.add_argument("--province", default="Lạng Sơn", help="the province's name (with its diacritics)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--password-rounds", type=int, default=0,
                        help="pbkdf2 rounds of the officers' passwords; 0 (default) hashes with Odoo's own "
                        "settings (600,000 rounds, ~0.25 s per user). Fewer only speeds up a throw-away database: "
                        "not for the load test, where a login may then rehash the password")
    parser.add_argument("--manifest", help="write the deadline-day campaign and the officers still to submit here")
    parser.add_argument("--config", default=os.path.join(REPO, "odoo.conf"))
    parser.add_argument("--manifest-only", action="store_true",
                        help="write --manifest for a database generated earlier (even one whose generation was "
                        "stopped after the registrations) and generate nothing")
    return parser.parse_args()


def vietnam_today():
    import pytz  # noqa: PLC0415 - Odoo's dependency

    return datetime.now(pytz.timezone("Asia/Ho_Chi_Minh")).date()


class Generator:
    def __init__(self, env, args):
        self.env = env(context=QUIET)
        self.args = args
        self.rng = random.Random(args.seed)
        self.today = vietnam_today()
        self.started = time.perf_counter()
        self.communes = []  # [{"id", "name", "code", "vhxh", "units": [unit ids, the commune's first]}]

    # ------------------------------------------------------------------
    def step(self, label, count):
        """Flush and commit a step (memory stays flat: the cache is emptied), print its figures."""
        self.env.flush_all()
        self.env.cr.commit()
        self.env.invalidate_all()
        print(f"{label:<32} {count:>7}   {time.perf_counter() - self.started:7.1f} s", flush=True)

    def create(self, model, vals_list):
        records = self.env[model]
        for start in range(0, len(vals_list), BATCH):
            records |= self.env[model].create(vals_list[start:start + BATCH])
            self.env.flush_all()
        return records

    def person(self):
        middle = self.rng.choice(MIDDLE_NAMES)
        return f"{self.rng.choice(FAMILY_NAMES)} {middle} {self.rng.choice(GIVEN_NAMES)}"

    # ------------------------------------------------------------------
    def run(self):
        self.province()
        self.units()
        self.users()
        self.campaigns()
        self.registrations()
        self.dossiers()
        self.decisions()
        self.finish_campaigns()
        total = time.perf_counter() - self.started
        print(f"{'total':<32} {'':>7}   {total:7.1f} s", flush=True)
        return total

    def province(self):
        args = self.args
        Unit = self.env["thidua.unit"]
        name = args.province
        self.root = Unit.create({
            "name": f"Ủy ban nhân dân tỉnh {name}", "code": "TINH", "unit_type": "office",
            "authority_name": f"Ủy ban nhân dân tỉnh {name}", "doc_abbreviation": "UBND", "place_name": name,
            "head_name": self.person(), "head_title": "Chủ tịch",
        })
        self.snv = Unit.create({
            "name": "Sở Nội vụ", "code": "TINH_SNV", "unit_type": "office", "parent_id": self.root.id,
            "doc_abbreviation": "SNV",
        })
        self.root.write({"appraising_office_id": self.snv.id, "appraising_office_head": "Giám đốc Sở Nội vụ"})
        # the regime of the years before 01/01/2024, when the database has none for them
        Coefficient = self.env["thidua.award.coefficient"]
        for xmlid, (individual, collective, family) in ND91.items():
            form = self.env.ref(xmlid)
            line = Coefficient.new({"award_form_id": form.id, "date_from": date(2017, 10, 1),
                                    "date_to": date(2023, 12, 31), "legal_basis": ND91_BASIS})
            if not any(line._overlaps(other) for other in form.coefficient_ids):
                Coefficient.create({"award_form_id": form.id, "date_from": date(2017, 10, 1),
                                    "date_to": date(2023, 12, 31), "legal_basis": ND91_BASIS,
                                    "bonus_coef_individual": individual, "bonus_coef_collective": collective,
                                    "bonus_coef_family": family})
        self.step("province units", 2)

    def units(self):
        args = self.args
        count = args.communes or max(1, int(65 * args.scale + 0.5))
        pairs = [(a, b) for a in COMMUNE_FIRST for b in COMMUNE_SECOND if a != b]
        self.rng.shuffle(pairs)
        names = [f"{a} {b}" for a, b in pairs[:count]]
        Unit = self.env["thidua.unit"]
        communes = Unit.create([{
            "name": f"Ủy ban nhân dân xã {name}", "code": f"X{index:02d}", "unit_type": "commune",
            "parent_id": self.root.id, "authority_name": f"Ủy ban nhân dân xã {name}",
            "authority_parent_name": f"Ủy ban nhân dân tỉnh {args.province}", "doc_abbreviation": "UBND",
            "place_name": name, "head_name": self.person(), "head_title": "Chủ tịch",
            "appraising_office_head": "Trưởng phòng Văn hóa – Xã hội",
        } for index, name in enumerate(names, start=1)])
        villages_per_commune = max(1, args.units_per_commune - 1 - len(OFFICES) - len(SCHOOLS))
        offices_vals, village_vals = [], []
        for commune, name in zip(communes, names, strict=True):
            offices_vals += [{"name": pattern.format(c=name), "code": f"{commune.code}_{suffix}",
                              "unit_type": kind, "parent_id": commune.id, "doc_abbreviation": suffix}
                             for suffix, pattern, kind in OFFICES]
            villages = set()
            while len(villages) < villages_per_commune:
                candidate = f"{self.rng.choice(VILLAGE_FIRST)} {self.rng.choice(VILLAGE_SECOND)}"
                villages.add(candidate if len(villages) < 260 else f"{candidate} {len(villages)}")
            village_vals += [{"name": f"Thôn {village}", "code": f"{commune.code}_T{index:02d}",
                              "unit_type": "village", "parent_id": commune.id}
                             for index, village in enumerate(sorted(villages), start=1)]
        offices = self.create("thidua.unit", offices_vals)
        vhxh = {office.parent_id.id: office for office in offices if office.code.endswith("_VHXH")}
        for commune in communes:
            commune.appraising_office_id = vhxh[commune.id]
        # schools are reviewed by the commune's Phòng Văn hóa – Xã hội before the appraisers
        school_vals = [{"name": pattern.format(c=name), "code": f"{commune.code}_{suffix}", "unit_type": "school",
                        "parent_id": commune.id, "review_unit_id": vhxh[commune.id].id}
                       for commune, name in zip(communes, names, strict=True) for suffix, pattern in SCHOOLS]
        schools = self.create("thidua.unit", school_vals)
        villages = self.create("thidua.unit", village_vals)
        units = communes | offices | schools | villages
        for commune, name in zip(communes, names, strict=True):
            self.communes.append({"id": commune.id, "name": name, "code": commune.code, "vhxh": vhxh[commune.id].id,
                                  "units": [commune.id]})
        index = {item["id"]: item for item in self.communes}
        for unit in offices | schools | villages:
            index[unit.parent_id.id]["units"].append(unit.id)
        self.unit_ids = units.ids
        self.step("communes", len(communes))
        self.step("units in communes", len(units) - len(communes))

    def users(self):
        """A portal officer for every other unit (login p_<code>, the password is the login),
        and the province's staff (internal users)."""
        env = self.env
        portal = env.ref("base.group_portal")
        staff = [
            ("snv_chuyenvien", "Chuyên viên Sở Nội vụ", "chilang_thidua.group_appraiser", self.snv),
            ("ubnd_lanhdao", "Lãnh đạo UBND tỉnh", "chilang_thidua.group_manager", self.root),
            ("hoidong_uyvien", "Ủy viên Hội đồng Thi đua – Khen thưởng", "chilang_thidua.group_council", None),
        ]
        units = env["thidua.unit"].browse(self.unit_ids)
        chosen = units[::2]
        vals_list = [{
            "name": self.person(), "login": f"p_{unit.code}".lower(), "email": f"p_{unit.code}@example.com".lower(),
            "groups_id": [(6, 0, portal.ids)], "lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh",
        } for unit in chosen]
        vals_list += [{"name": name, "login": login, "email": f"{login}@example.com",
                       "groups_id": [(6, 0, env.ref(group).ids)], "lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"}
                      for login, name, group, _unit in staff]
        users = self.create("res.users", vals_list)
        self.set_passwords(users)
        officers = users[:len(chosen)]
        for unit, user in zip(chosen, officers, strict=True):
            unit.officer_ids = [(6, 0, user.ids)]
        for (_login, _name, _group, unit), user in zip(staff, users[len(chosen):], strict=True):
            if unit:
                unit.officer_ids = [(4, user.id)]
        self.appraiser = users[len(chosen)]
        self.officer_of = {unit.id: user.login for unit, user in zip(chosen, officers, strict=True)}
        self.step("officers (portal users)", len(officers))
        self.step("province staff (internal)", len(staff))

    def set_passwords(self, users):
        rounds = self.args.password_rounds
        if not rounds:
            for user in users:
                user.password = user.login
                self.env.flush_all()
            return
        from passlib.hash import pbkdf2_sha512  # noqa: PLC0415 - Odoo's dependency

        # Odoo verifies any pbkdf2_sha512 hash by the rounds written in it; see --password-rounds
        hasher = pbkdf2_sha512.using(rounds=rounds)
        self.env.flush_all()
        for user in users:
            self.env.cr.execute("UPDATE res_users SET password = %s WHERE id = %s",
                                [hasher.hash(user.login), user.id])

    # ------------------------------------------------------------------
    def year_dates(self, year):
        return {"date_issued": date(year, 1, 10), "date_start": date(year, 1, 15), "date_end": date(year, 11, 30),
                "registration_deadline": date(year, 2, 28), "decision": date(year, 12, 20)}

    def campaigns(self):
        args = self.args
        this_year = self.today.year
        bk_tinh = self.env.ref("chilang_thidua.award_form_bang_khen_tinh")
        gk_xa = self.env.ref("chilang_thidua.award_form_giay_khen_xa")
        contents = [(0, 0, {"name": name, "sequence": index}) for index, name in enumerate(CONTENTS, start=1)]
        vals_list, self.campaign_info = [], []
        for year in range(this_year - args.years + 1, this_year + 1):
            dates = self.year_dates(year)
            phase = self.phase(dates)
            common = {key: dates[key] for key in ("date_issued", "date_start", "date_end", "registration_deadline")}
            common.update(state="open" if phase == "running" else "closed", content_ids=contents,
                          user_id=self.appraiser.id, signer_title="CHỦ TỊCH")
            vals_list.append(dict(
                common, name=f"Phong trào thi đua yêu nước tỉnh {args.province} năm {year}",
                document_number=f"{self.rng.randint(5, 40)}/KH-UBND", issuing_unit_id=self.root.id,
                unit_ids=[(6, 0, [item["id"] for item in self.communes])], award_form_ids=[(6, 0, bk_tinh.ids)],
                signer_name=self.person(),
            ))
            self.campaign_info.append({"year": year, "phase": phase, "commune": None, "form": bk_tinh.id,
                                       "dates": dates})
            for commune in self.communes:
                vals_list.append(dict(
                    common, name=f"Phong trào thi đua “Chung sức xây dựng nông thôn mới” xã {commune['name']} "
                                 f"năm {year}",
                    document_number=f"{self.rng.randint(5, 40)}/KH-UBND", issuing_unit_id=commune["id"],
                    unit_ids=[(6, 0, [commune["id"]])], award_form_ids=[(6, 0, gk_xa.ids)],
                    signer_name=self.person(),
                ))
                self.campaign_info.append({"year": year, "phase": phase, "commune": commune, "form": gk_xa.id,
                                           "dates": dates})
        # the deadline day: a campaign of every unit of the province, registrations due today
        vals_list.append({
            "name": f"Đợt thi đua cao điểm “Về đích nông thôn mới” tỉnh {args.province} năm {this_year}",
            "document_number": "52/KH-UBND", "issuing_unit_id": self.root.id, "state": "open",
            "date_issued": self.today - timedelta(days=21), "date_start": self.today - timedelta(days=20),
            "date_end": self.today + timedelta(days=150), "registration_deadline": self.today,
            "content_ids": contents, "user_id": self.appraiser.id, "award_form_ids": [(6, 0, bk_tinh.ids)],
            "signer_name": self.person(), "signer_title": "CHỦ TỊCH",
        })
        campaigns = self.create("thidua.campaign", vals_list)
        for info, campaign in zip(self.campaign_info, campaigns, strict=False):
            info["id"] = campaign.id
        self.deadline_campaign = campaigns[-1]
        self.step("campaigns", len(campaigns))

    def phase(self, dates):
        """Where a year's campaigns stand today: running, ended (award season), decided."""
        if self.today <= dates["date_end"]:
            return "running"
        return "decided" if self.today >= dates["decision"] else "ended"

    # ------------------------------------------------------------------
    def item_vals(self, unit_name, contents, count):
        picks = self.rng.sample(ITEM_NAMES, count)
        return [(0, 0, {"name": pattern.format(u=unit_name), "item_type": kind,
                        "content_id": self.rng.choice(contents),
                        "target": "Hoàn thành trước ngày 30/9", "progress": 0})
                for kind, pattern in picks]

    def registrations(self):
        self.names = dict(self.env["thidua.unit"].browse(self.unit_ids).mapped(lambda u: (u.id, u.name)))
        self.reviewed = set(self.env["thidua.unit"].search([("review_unit_id", "!=", False)]).ids)
        self.accepted = {}  # campaign id -> unit ids with an accepted registration (they may propose)
        total = 0
        for info in self.campaign_info + [{"id": self.deadline_campaign.id, "phase": "deadline"}]:
            total += self.campaign_registrations(info)
            if total >= REPORT_EVERY or info["phase"] == "deadline":
                self.step("registrations", total)
                total = 0

    def participants(self, info):
        """Every unit for the deadline day, a commune's units for its campaign, the communes for the province's."""
        if info["phase"] == "deadline":
            return self.unit_ids
        if info.get("commune"):
            return info["commune"]["units"]
        return [item["id"] for item in self.communes]

    def registration_plan(self, info, unit_id, deadline):
        """(state, date submitted) of a unit's registration, or None when it did not register."""
        roll = self.rng.random()
        if info["phase"] == "deadline":
            # the deadline day: a third submitted in the last days, a few drafts, the rest to come
            if roll > 0.38:
                return None
            if roll > 0.33:
                return "draft", None
            state = "forwarded" if unit_id in self.reviewed and roll < 0.1 else "submitted"
            return state, deadline - timedelta(days=self.rng.randint(0, 6))
        if roll > 0.9:
            return None  # one unit in ten does not register
        # late registrations: one in twelve, a few days after the deadline
        if self.rng.random() < 1 / 12:
            return "accepted", deadline + timedelta(days=self.rng.randint(1, 9))
        return "accepted", deadline - timedelta(days=self.rng.randint(0, 20))

    def campaign_registrations(self, info):
        campaign = self.env["thidua.campaign"].browse(info["id"])
        contents = campaign.content_ids.ids
        vals_list, plans = [], []
        for unit_id in self.participants(info):
            plan = self.registration_plan(info, unit_id, campaign.registration_deadline)
            if plan:
                vals_list.append({"campaign_id": campaign.id, "unit_id": unit_id, "item_ids": self.item_vals(
                    self.names[unit_id], contents, self.rng.randint(1, 2))})
                plans.append(plan)
        registrations = self.create("thidua.registration", vals_list)
        # history as the workflow left it (the superuser writes states: see the module's docstring)
        groups = {}
        for registration, plan in zip(registrations, plans, strict=True):
            groups.setdefault(plan, []).append(registration.id)
        for (state, day), ids in groups.items():
            if state == "draft":
                continue
            values = {"state": state, "date_submitted": day}
            if state == "forwarded":
                values["date_forwarded"] = min(day + timedelta(days=1), self.today)
            if state == "accepted":
                values["date_accepted"] = day + timedelta(days=3)
            registrations.browse(ids).write(values)
        if info["phase"] in ("ended", "decided"):
            registrations.item_ids.write({"progress": 100, "result": "Hoàn thành 100% chỉ tiêu đăng ký"})
        elif info["phase"] == "running":
            for item in registrations.item_ids:
                item.progress = self.rng.choice((20, 40, 60, 80))
        self.accepted[campaign.id] = [registration.unit_id.id for registration, (state, _day)
                                      in zip(registrations, plans, strict=True) if state == "accepted"]
        return len(registrations)

    # ------------------------------------------------------------------
    def dossiers(self):
        """Award dossiers of the ended campaigns, in the states their year leaves them in."""
        ended = [info for info in self.campaign_info if info["phase"] != "running"]
        wanted = self.args.dossiers if self.args.dossiers is not None else int(30000 * self.args.scale + 0.5)
        if not ended or not wanted:
            self.dossier_states = {}
            return
        # a province campaign's dossiers come from the communes: about one in twenty of the total
        province_share = 0.05
        per_province = max(1, int(wanted * province_share / max(1, sum(1 for i in ended if not i["commune"]))))
        per_commune_campaign = max(1, int((wanted - per_province * sum(1 for i in ended if not i["commune"]))
                                          / max(1, sum(1 for i in ended if i["commune"]))))
        Unit = self.env["thidua.unit"]
        units = {unit.id: unit for unit in Unit.browse(self.unit_ids)}
        kinds = [("civil_servant", 35), ("public_employee", 25), ("collective", 15), ("family", 15), ("farmer", 10)]
        self.dossier_states = {}
        total = 0
        for info in ended:
            count = per_commune_campaign if info["commune"] else per_province
            proposers = self.accepted.get(info["id"]) or ([info["commune"]["id"]] if info["commune"] else
                                                           [c["id"] for c in self.communes])
            vals_list = []
            for _index in range(count):
                unit = units[self.rng.choice(proposers)]
                kind = self.rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
                vals = {"campaign_id": info["id"], "unit_id": unit.id, "award_form_id": info["form"],
                        "subject_type": kind, "achievement": ACHIEVEMENT.format(y=info["year"])}
                if kind == "collective":
                    vals.update(nominee_name=unit.name, nominee_unit_id=unit.id)
                elif kind in ("family", "farmer"):
                    label = "Hộ gia đình ông/bà" if kind == "family" else "Ông/bà"
                    vals.update(nominee_name=f"{label} {self.person()}", annual_income=self.rng.choice(
                        (90_000_000, 120_000_000, 180_000_000, 250_000_000)), nominee_unit_id=unit.id)
                else:
                    vals.update(nominee_name=self.person(), nominee_unit_id=unit.id,
                                job_title=f"{self.rng.choice(('Công chức', 'Viên chức', 'Giáo viên', 'Cán bộ'))} "
                                          f"{unit.name}")
                vals_list.append(vals)
            dossiers = self.create("thidua.dossier", vals_list)
            self.set_dossier_states(dossiers, info)
            total += len(dossiers)
            if total >= REPORT_EVERY:
                self.step("dossiers", total)
                total = 0
        if total:
            self.step("dossiers", total)

    def set_dossier_states(self, dossiers, info):
        dates = info["dates"]
        if info["phase"] == "decided":
            weights = [("approved", 85), ("rejected", 8), ("returned", 4), ("draft", 3)]
        else:  # the award season of a year just ended
            weights = [("submitted", 35), ("appraised", 25), ("approved", 15), ("draft", 15), ("returned", 10)]
        picks = self.rng.choices([s for s, _w in weights], [w for _s, w in weights], k=len(dossiers))
        groups = {}
        for dossier, state in zip(dossiers, picks, strict=True):
            groups.setdefault(state, []).append(dossier.id)
        Dossier = self.env["thidua.dossier"]
        # what the unit sent: its achievement report (one small file each, the filestore keeps one
        # copy of identical contents), the criteria it ticked; the appraisers confirmed them
        sent = Dossier.browse([i for state, ids in groups.items() if state not in ("draft", "returned") for i in ids])
        attachments = self.create("ir.attachment", [{
            "name": "Báo cáo thành tích.pdf", "raw": REPORT_PDF, "mimetype": "application/pdf",
            "res_model": "thidua.dossier", "res_id": dossier.id,
        } for dossier in sent])
        for dossier, attachment in zip(sent, attachments, strict=True):
            dossier.attachment_ids = [(6, 0, attachment.ids)]
        sent.criterion_ids.filtered(lambda line: line.kind == "manual").write({"is_met": True, "confirmed": True})
        sent._evaluate_criteria()
        submitted, appraised = dates["date_end"] + timedelta(days=5), dates["date_end"] + timedelta(days=12)
        for state, ids in groups.items():
            if state == "draft":
                continue
            values = {"state": state, "date_submitted": submitted}
            if state in ("appraised", "approved", "rejected"):
                values.update(appraiser_id=self.appraiser.id, date_appraised=appraised)
            if state == "returned":
                values["review_note"] = "Bổ sung báo cáo thành tích và biên bản họp bình xét của đơn vị"
            Dossier.browse(ids).write(values)
            self.dossier_states.setdefault(info["id"], {}).setdefault(state, []).extend(ids)

    def decisions(self):
        """The signed decisions of the decided years: one per campaign, signed by the superuser.

        History written by this tool: the superuser runs ``action_sign`` (numbers from the issuing
        body's gap-free sequence, dossiers awarded, award records written); no certificate is
        configured, so no PDF is rendered.
        """
        Decision = self.env["thidua.decision"]
        total = 0
        for info in self.campaign_info:
            ids = self.dossier_states.get(info["id"], {}).get("approved")
            if info["phase"] != "decided" or not ids:
                continue
            decision = Decision.create({
                "campaign_id": info["id"], "award_form_id": info["form"], "date_decision": info["dates"]["decision"],
                "line_ids": [(0, 0, {"dossier_id": dossier_id, "sequence": index})
                             for index, dossier_id in enumerate(ids, start=1)],
            })
            decision.action_sign()
            total += 1
            if total % 50 == 0:
                self.step("decisions signed", 50)
        self.step("decisions signed", total % 50)

    def finish_campaigns(self):
        Campaign = self.env["thidua.campaign"]
        done = [info["id"] for info in self.campaign_info if info["phase"] == "decided"]
        Campaign.browse(done).write({"state": "done"})
        self.step("campaigns done", len(done))

    # ------------------------------------------------------------------
    def manifest(self):
        env = self.env
        registered = set(env["thidua.registration"].search(
            [("campaign_id", "=", self.deadline_campaign.id)]).unit_id.ids)
        officers = [{"login": login, "unit_id": unit_id} for unit_id, login in sorted(self.officer_of.items())
                    if unit_id not in registered]
        return {
            "database": self.env.cr.dbname,
            "today": self.today.isoformat(),
            "campaign_id": self.deadline_campaign.id,
            "campaign_name": self.deadline_campaign.name,
            "officers": officers,
        }


def write_manifest_only(env, args):
    """The deadline-day manifest of a generated database: the last campaign made (the deadline
    campaign) and each portal officer (``p_<code>``) whose unit has not registered for it."""
    if not args.manifest or not env["thidua.unit"].search_count([("code", "=", "TINH")]):
        sys.exit("--manifest-only needs --manifest and a generated database")
    campaign = env["thidua.campaign"].search([], order="id desc", limit=1)
    registered = set(env["thidua.registration"].search([("campaign_id", "=", campaign.id)]).unit_id.ids)
    env.cr.execute("""SELECT r.unit_id, u.login FROM thidua_unit_officer_rel r JOIN res_users u ON u.id = r.user_id
                       WHERE u.login LIKE 'p\\_%%' ORDER BY r.unit_id""")
    officers = [{"login": login, "unit_id": unit_id} for unit_id, login in env.cr.fetchall()
                if unit_id not in registered]
    manifest = {"database": env.cr.dbname, "today": vietnam_today().isoformat(), "campaign_id": campaign.id,
                "campaign_name": campaign.name, "officers": officers}
    with open(args.manifest, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1)
    print(f"deadline day: campaign {campaign.id} ({manifest['today']}), {len(officers)} officers still to submit")
    return 0


def main():
    args = parse_args()
    import odoo  # noqa: PLC0415 - needs Odoo
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    odoo.tools.config.parse_config([
        "--config", args.config, "--addons-path", ",".join(odoo_addons_path() + [ADDONS]),
        "-d", args.database, "--log-level", "warn", "--max-cron-threads", "0",
    ])
    registry = odoo.modules.registry.Registry(args.database)
    print(f"province_data: database {args.database}, scale {args.scale:g}", flush=True)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if args.manifest_only:
            return write_manifest_only(env, args)
        if env["thidua.unit"].search_count([("code", "=", "TINH")]):
            sys.exit(f"{args.database} already has generated data (unit TINH): use a fresh database")
        generator = Generator(env, args)
        generator.run()
        manifest = generator.manifest()
        cr.commit()
        counts = {
            "units": env["thidua.unit"].search_count([]),
            "officers": len(generator.officer_of),
            "campaigns": env["thidua.campaign"].search_count([]),
            "registrations": env["thidua.registration"].search_count([]),
            "items": env["thidua.registration.item"].search_count([]),
            "dossiers": env["thidua.dossier"].search_count([]),
            "decisions signed": env["thidua.decision"].search_count([("state", "=", "signed")]),
            "award records": env["thidua.award.record"].search_count([]),
        }
    print("counts: " + ", ".join(f"{key} {value}" for key, value in counts.items()), flush=True)
    print(f"deadline day: campaign {manifest['campaign_id']} ({manifest['today']}), "
          f"{len(manifest['officers'])} officers still to submit", flush=True)
    # what autovacuum does to a database minutes after such a load: without it the planner takes
    # the new tables for near empty (the scope table's rows for one a user) and the pages measured
    # on the province pay its nested loops (/my/thidua of an officer of 429 units: 122 ms, 25 ms after)
    with registry.cursor() as cr:
        cr._cnx.autocommit = True  # VACUUM runs outside a transaction
        cr.execute("VACUUM ANALYZE")
    print("vacuum analyze: done", flush=True)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
