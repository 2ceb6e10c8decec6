/** @odoo-module **/

import { registry } from "@web/core/registry";

// The administrator's first week: a user for each role of the addon, given on the user form's
// Access Rights tab without developer mode (one role a user: the appraiser is not a council member).
const ROLES = [
    ["appraiser", "Lê Văn Thẩm Định", "thamdinh.dayone"],
    ["council", "Hoàng Thị Hội Đồng", "hoidong.dayone"],
    ["manager", "Vi Văn Chủ Tịch", "chutich.dayone"],
    ["reporting", "Tích Hợp Tỉnh", "tichhop.dayone"],
    ["user", "Cán Bộ Văn Phòng", "vanphong.dayone"],
];

function giveRole([role, name, login]) {
    return [
        {
            content: `New user: ${name}`,
            trigger: ".o_control_panel button.o_list_button_add, .o_control_panel button.o_form_button_create",
            run: "click",
        },
        {
            content: "A blank form for the new user",
            trigger: ".o_form_view .o_form_status_indicator_new_record",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="name"] input',
            run: `edit ${name}`,
        },
        {
            trigger: '.o_form_view .o_field_widget[name="login"] input',
            run: `edit ${login}`,
        },
        {
            content: `The role ${role}, in the Access Rights tab`,
            trigger: '.o_form_view .o_notebook .o_field_widget[name="thidua_role"] select',
            run: `select "${role}"`,
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: `${name} is saved (the tab of a saved user's account security shows)`,
            trigger: `.o_notebook .nav-link[name="account_security"]`,
        },
        {
            trigger: `.o_breadcrumb .active:contains("${name}")`,
        },
    ];
}

registry.category("web_tour.tours").add("chilang_thidua_admin_roles", {
    url: "/odoo/action-base.action_res_users",
    steps: () => ROLES.flatMap(giveRole),
});
