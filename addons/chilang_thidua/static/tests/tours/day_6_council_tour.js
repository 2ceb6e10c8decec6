/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openTodo } from "@chilang_thidua/../tests/tours/tour_helpers";

// 6. hoidong (council member): the meeting of the day after tomorrow, its dossiers loaded.
registry.category("web_tour.tours").add("chilang_thidua_day_6_council", {
    url: "/odoo",
    steps: () => [
        ...openTodo("thidua.council.session", "Chuyển đổi số", "upcoming"),
        {
            content: "The session opens with the appraised dossiers",
            trigger: '.o_form_view:contains("Lý Văn Thắng"):contains("Khối phố Hòa Bình")',
        },
    ],
});
