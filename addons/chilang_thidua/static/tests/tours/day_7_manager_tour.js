/** @odoo-module **/

import { registry } from "@web/core/registry";
import { clickFormButton, openTodo, stateReached } from "@chilang_thidua/../tests/tours/tour_helpers";

// 7. lanhdao (Chairman's office): the decision on the dossiers the council approved; sign it.
registry.category("web_tour.tours").add("chilang_thidua_day_7_manager", {
    url: "/odoo",
    steps: () => [
        ...openTodo("thidua.decision", "Chuyển đổi số"),
        {
            trigger: '.o_form_view:contains("Hà Thị Ngọc Ánh")',
        },
        clickFormButton("action_sign", "Ký"),
        {
            content: "Confirm the signature",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        stateReached("Đã ký"),
    ],
});
