/** @odoo-module **/

import { registry } from "@web/core/registry";
import { clickFormButton, openTodo, stateReached } from "@chilang_thidua/../tests/tours/tour_helpers";

// 4. gddt (aggregating unit): a school's registration waits to be forwarded.
registry.category("web_tour.tours").add("chilang_thidua_day_4_education", {
    url: "/odoo",
    steps: () => [
        ...openTodo("thidua.registration", "Trường Tiểu học Quang Lang"),
        clickFormButton("action_forward", "Chuyển cơ quan thẩm định"),
        stateReached("Đã chuyển tiếp"),
    ],
});
