/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Phòng Nội vụ's morning: open the app, find the running campaign, read its content areas.
registry.category("web_tour.tours").add("chilang_thidua_appraiser_campaign", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Emulation and Commendation app",
            trigger: '.o_app[data-menu-xmlid="chilang_thidua.menu_thidua_root"]',
            run: "click",
        },
        {
            content: "The running campaign is in the 'Đang diễn ra' column",
            trigger: '.o_kanban_group:contains("Đang diễn ra") .o_kanban_record:contains("60 năm")',
            run: "click",
        },
        {
            content: "The campaign opens with its plan number",
            trigger: '.o_form_view .o_field_widget[name="document_number"] input:value("245/KH-UBND")',
        },
        {
            content: "Its content areas are listed",
            trigger: '.o_field_widget[name="content_ids"] .o_data_row:contains("cải cách hành chính")',
        },
        {
            content: "The statusbar shows the campaign is running",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Đang diễn ra")',
        },
    ],
});
