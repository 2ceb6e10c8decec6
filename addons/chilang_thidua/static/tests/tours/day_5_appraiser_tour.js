/** @odoo-module **/

import { registry } from "@web/core/registry";
import { clickFormButton, openTodo, stateReached } from "@chilang_thidua/../tests/tours/tour_helpers";

// 5. noivu (appraiser): Hộ bà Triệu Thị Nhung's dossier waits; check the criteria, appraise.
registry.category("web_tour.tours").add("chilang_thidua_day_5_appraiser", {
    url: "/odoo",
    steps: () => [
        ...openTodo("thidua.dossier", "Triệu Thị Nhung"),
        clickFormButton("action_check_criteria", "Kiểm tra tiêu chí"),
        clickFormButton("action_appraise", "Thẩm định"),
        stateReached("Đã thẩm định"),
    ],
});
