/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openThiduaApp } from "@chilang_thidua/../tests/tours/tour_helpers";

// Phòng Nội vụ's morning: open the running campaign, see which units registered late, accept one.
registry.category("web_tour.tours").add("chilang_thidua_appraiser_campaign", {
    url: "/odoo",
    steps: () => [
        ...openThiduaApp(),
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
        {
            content: "Open the late registrations",
            trigger: '.o_main_navbar button:contains("Đăng ký thi đua")',
            run: "click",
        },
        {
            trigger: '.dropdown-menu a:contains("Đăng ký nộp muộn")',
            run: "click",
        },
        {
            content: "Thị trấn Đồng Mỏ submitted after the deadline",
            trigger: '.o_list_view .o_data_row:contains("Thị trấn Đồng Mỏ") td[name="unit_id"]',
            run: "click",
        },
        {
            content: "The form carries the 'late' ribbon",
            trigger: '.o_form_view .ribbon:contains("Nộp muộn")',
        },
        {
            content: "Accept the registration",
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_accept"]',
            run: "click",
        },
        {
            content: "The registration is accepted",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Đã tiếp nhận")',
        },
    ],
});
