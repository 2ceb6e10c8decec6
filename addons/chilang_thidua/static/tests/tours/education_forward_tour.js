/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openThiduaApp } from "@chilang_thidua/../tests/tours/tour_helpers";

// Phòng GD&ĐT aggregates its schools: a school's submitted registration waits for it; it forwards it.
registry.category("web_tour.tours").add("chilang_thidua_education_forward", {
    url: "/odoo",
    steps: () => [
        ...openThiduaApp(),
        {
            trigger: '.o_main_navbar button:contains("Đăng ký thi đua")',
            run: "click",
        },
        {
            trigger: '.dropdown-menu a[data-menu-xmlid="chilang_thidua.menu_thidua_registration"]',
            run: "click",
        },
        {
            content: "The school's registration to the new campaign is waiting",
            trigger: '.o_kanban_group:contains("Đã nộp") .o_kanban_record:contains("Dạy tốt - Học tốt")',
            run: "click",
        },
        {
            content: "Forward it to the appraising office",
            trigger: '.o_statusbar_buttons button[name="action_forward"]:contains("Chuyển cơ quan thẩm định")',
            run: "click",
        },
        {
            content: "The registration is forwarded",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Đã chuyển tiếp")',
        },
    ],
});
