/** @odoo-module **/

import { registry } from "@web/core/registry";
import { clickFormButton, openTodo, stateReached } from "@chilang_thidua/../tests/tours/tour_helpers";

// 3. dongmo (unit staff): the to-do "Đăng ký thi đua của thị trấn" on the open campaign; from the
// campaign to its registrations, a new one (the campaign chosen in its dropdown), a model, submit.
registry.category("web_tour.tours").add("chilang_thidua_day_3_town", {
    url: "/odoo",
    steps: () => [
        ...openTodo("thidua.campaign", "Dân vận khéo"),
        clickFormButton("action_view_registrations", "the campaign's registrations"),
        {
            content: "New registration",
            trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "The dropdown offers the open campaign",
            trigger: '.o_field_widget[name="campaign_id"] input',
            run: "edit Dân vận",
        },
        {
            // a dropdown on a desktop, a dialog listing the campaigns on a phone
            trigger: '.o-autocomplete--dropdown-item:contains("Dân vận khéo"), .modal .o_kanban_record:contains("Dân vận khéo"), .modal .o_data_row:contains("Dân vận khéo")',
            async run() {
                // the dropdown's link, the list's cell, or the card itself (not its avatar)
                const target = this.anchor.matches(".o-autocomplete--dropdown-item")
                    ? this.anchor.querySelector("a") || this.anchor
                    : this.anchor.querySelector(".o_data_cell") || this.anchor;
                target.click();
            },
        },
        {
            content: "Add a model",
            trigger: '.o_field_widget[name="item_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="name"] input, .o_data_row .o_field_widget[name="name"] input',
            run: "edit Mô hình “Khu phố không rác thải nhựa”",
        },
        {
            content: "Keep the line (a dialog on a phone)",
            trigger: ".o_form_view",
            async run() {
                const save = document.querySelector(".modal .o_form_button_save, .modal .modal-footer .btn-primary");
                if (save) {
                    save.click();
                }
            },
        },
        {
            content: "The model is a line of the registration",
            trigger: 'body:not(:has(.modal)) .o_field_widget[name="item_ids"] .o_data_row, body:not(:has(.modal)) .o_field_widget[name="item_ids"] .o_kanban_record',
        },
        clickFormButton("action_submit", "Nộp"),
        stateReached("Đã nộp"),
    ],
});
