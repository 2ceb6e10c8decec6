from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .test_portal_input import PortalInputCommon

# In a frame as wide as a phone (390 px): every cell, badge and button of the lists is on the screen
# (not scrolled away to the right inside a .table-responsive), the registrations list shows each
# row's deadline, and no status badge covers a title.
PHONE_LAYOUT_CHECK = """
(async () => {
    const report = [];
    for (const [url, deadline] of %(pages)s) {
        const frame = document.createElement("iframe");
        frame.style.cssText = "width: 390px; height: 844px; border: 0;";
        await new Promise((resolve) => { frame.onload = resolve; frame.src = url; document.body.append(frame); });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const doc = frame.contentDocument;
        const screen = doc.documentElement.clientWidth;
        const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden";
        const cut = [...doc.querySelectorAll("main td, main th, main .badge, main .btn")]
            .filter((el) => shown(el) && el.getBoundingClientRect().right > screen + 1);
        if (cut.length) {
            const shown_cut = cut.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)).join(" | ");
            console.error(`${url}: off the ${screen}px screen: ${shown_cut}`);
            return;
        }
        if (deadline && !doc.body.innerText.includes(deadline)) {
            console.error(`${url}: the deadline ${deadline} is not shown`);
            return;
        }
        for (const badge of [...doc.querySelectorAll("main .badge")].filter(shown)) {
            const b = badge.getBoundingClientRect();
            for (const title of doc.querySelectorAll("main h3")) {
                if (title.contains(badge)) {
                    continue;
                }
                const t = title.getBoundingClientRect();
                if (b.left < t.right && t.left < b.right && b.top < t.bottom - 1 && t.top < b.bottom - 1) {
                    console.error(`${url}: the badge "${badge.innerText}" covers the title "${title.innerText}"`);
                    return;
                }
            }
        }
        report.push(url);
        frame.remove();
    }
    console.log("phone layout " + report.join(", "));
    console.log("test successful");
})();
"""


@tagged("post_install", "-at_install")
class TestPortalPhoneLayout(HttpCase, PortalInputCommon):
    """390 x 844: the lists keep what the officer acts on on the screen."""

    browser_size = "390x844"
    touch_enabled = True

    def test_lists_fit_a_phone(self):
        reviewer = new_test_user(self.env, "t_portal_gddt", groups="base.group_portal", lang="vi_VN",
                                 name="Cán bộ Phòng Giáo dục và Đào tạo của huyện")
        self.unit_education.officer_ids |= reviewer
        # a long-named school waiting for the office's review, and the office's own row of a past campaign
        school = self.env["thidua.unit"].create({
            "name": "Trường Phổ thông Dân tộc Nội trú Trung học cơ sở và Trung học phổ thông huyện",
            "code": "T_PTDTNT", "unit_type": "school", "parent_id": self.unit_education.id,
            "review_unit_id": self.unit_education.id, "officer_ids": [Command.set(self.user_portal_school.ids)],
        })
        waiting = self._make_registration(school, self.user_portal_school, campaign=self.campaign_running)
        waiting.with_user(self.user_portal_school).action_submit()
        history = self.env["thidua.campaign"].create({
            "name": "Thi đua đặc biệt chào mừng 60 năm Ngày thành lập huyện (16/12/1964 - 16/12/2024)",
            "issuing_unit_id": self.unit_district.id, "date_start": date(2024, 1, 1), "date_end": date(2024, 12, 31),
            "registration_deadline": date(2024, 1, 20), "signer_name": "Nguyễn Văn Chủ",
            "award_form_ids": [Command.set(self.award_form.ids)],
            "content_ids": [Command.create({"name": "Xây dựng huyện giàu đẹp", "sequence": 1})],
        })
        self._open_campaign(history)
        dossier = self._dossier(user=self.user_portal_school, unit_id=self.unit_school.id,
                                subject_type="public_employee",
                                nominee_name="Hoàng Thị Phương Thảo Nguyễn Lê Minh Châu Anh")
        school_pages = [["/my/thidua", "20/01/2025"], ["/my/thidua/dossiers", ""],
                        [f"/my/thidua/dossiers/{dossier.id}", ""], [self.registration.access_url, ""]]
        code = PHONE_LAYOUT_CHECK % {"pages": repr(school_pages).replace("'", '"')}
        self.browser_js("/my", code, login="t_portal_school", timeout=240)
        code = PHONE_LAYOUT_CHECK % {"pages": repr([["/my/thidua", "20/01/2024"]]).replace("'", '"')}
        self.browser_js("/my", code, login="t_portal_gddt", timeout=240)
