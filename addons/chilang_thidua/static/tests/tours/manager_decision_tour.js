/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openThiduaApp, openThiduaMenu } from "@chilang_thidua/../tests/tours/tour_helpers";

// The Chairman's office: draw up the decision from the dossiers the council approved, sign it,
// print the package (decision, annex, certificates).
registry.category("web_tour.tours").add("chilang_thidua_manager_decision", {
    url: "/odoo",
    steps: () => [
        ...openThiduaApp(),
        openThiduaMenu("chilang_thidua.menu_thidua_decision", "Quyết định khen thưởng"),
        {
            content: "New decision",
            trigger: ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="campaign_id"] input',
            run: "edit 60 năm",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("60 năm")',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="award_form_id"] input',
            run: "edit Chủ tịch UBND huyện",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Chủ tịch UBND huyện")',
            run: "click",
        },
        {
            content: "The signer comes from the campaign",
            trigger: '.o_field_widget[name="signer_name"] input:value("Vi Nông Trường")',
        },
        {
            content: "Fill in the dossiers the council approved",
            trigger: '.o_statusbar_buttons button[name="action_load_dossiers"]',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("Lương Thị Thanh Hà")',
        },
        {
            content: "Sign",
            trigger: '.o_statusbar_buttons button[name="action_sign"]',
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The decision is signed and numbered",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Đã ký")',
        },
        {
            trigger: '.o_form_view .oe_title h1:contains("/QĐ-")',
        },
        {
            content: "The package is offered on the signed decision",
            trigger: '.o_statusbar_buttons button:contains("In bộ quyết định")',
        },
        {
            content: "Print the package (decision, annex, certificates)",
            trigger: "body",
            async run() {
                const decisionId = window.location.pathname.split("/").pop();
                const response = await fetch(
                    `/report/pdf/chilang_thidua.report_decision_package/${decisionId}`
                );
                if (!response.ok) {
                    throw new Error(`the decision package did not print: ${response.status}`);
                }
                document.body.classList.add("o_thidua_package_printed");
            },
        },
        {
            trigger: "body.o_thidua_package_printed",
        },
    ],
});
