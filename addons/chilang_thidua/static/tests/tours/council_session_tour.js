/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openThiduaApp, openThiduaMenu } from "@chilang_thidua/../tests/tours/tour_helpers";

// The council meets: its secretary fills in the appraised dossiers, records the votes and closes
// the session, which approves or rejects each dossier.
registry.category("web_tour.tours").add("chilang_thidua_council_session", {
    url: "/odoo",
    steps: () => [
        ...openThiduaApp(),
        openThiduaMenu("chilang_thidua.menu_thidua_council_session", "Phiên họp Hội đồng"),
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
