/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The council meets: its secretary fills in the appraised dossiers, records the votes and closes
// the session, which approves or rejects each dossier.
registry.category("web_tour.tours").add("chilang_thidua_council_session", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Emulation and Commendation app",
            trigger: '.o_app[data-menu-xmlid="chilang_thidua.menu_thidua_root"]',
            run: "click",
        },
        {
            content: "Open the menu Phiên họp Hội đồng (in the navbar or under its '+' overflow)",
            trigger: '.o_main_navbar [data-menu-xmlid="chilang_thidua.menu_thidua_campaign"]',
            async run() {
                // the navbar moves the sections that do not fit under its '+' menu once rendered
                const selector = '[data-menu-xmlid="chilang_thidua.menu_thidua_council_session"]';
                for (let attempt = 0; attempt < 20; attempt++) {
                    const item = document.querySelector(`.o_main_navbar ${selector}, .o-dropdown--menu ${selector}`);
                    if (item) {
                        item.click();
                        return;
                    }
                    const more = document.querySelector(".o_menu_sections_more button");
                    if (more && !document.querySelector(".o-dropdown--menu")) {
                        more.click();
                    }
                    await new Promise((resolve) => setTimeout(resolve, 250));
                }
                throw new Error("menu chilang_thidua.menu_thidua_council_session not found");
            },
        },
        {
            content: "Open today's session",
            trigger: '.o_data_row:contains("xét hồ sơ bổ sung") td[name="name"]',
            run: "click",
        },
        {
            content: "Fill in the dossiers Phòng Nội vụ appraised",
            trigger: '.o_statusbar_buttons button[name="action_load_dossiers"]',
            run: "click",
        },
        {
            content: "Record the votes in favour",
            trigger: '.o_field_widget[name="vote_ids"] .o_data_row:contains("Khối phố Hòa Bình") td[name="votes_for"]',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="vote_ids"] .o_selected_row td[name="votes_for"] input',
            run: "edit 7",
        },
        {
            trigger: '.o_form_button_save',
            run: "click",
        },
        {
            trigger: '.o_form_saved, .o_form_view:not(:has(.o_form_status_indicator_buttons:not(.invisible)))',
        },
        {
            content: "Close the session",
            trigger: '.o_statusbar_buttons button[name="action_close"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: '.modal-footer .btn-primary',
            run: "click",
        },
        {
            content: "The session is closed",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Đã kết thúc")',
        },
    ],
});
