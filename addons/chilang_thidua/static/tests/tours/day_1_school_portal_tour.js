/** @odoo-module **/

import { registry } from "@web/core/registry";

// 1. thcs.dongmo (portal): the open campaign waits for the school's registration; it registers a
// model and submits.
registry.category("web_tour.tours").add("chilang_thidua_day_1_school", {
    url: "/my/thidua",
    steps: () => [
        {
            content: "“Dân vận khéo” is open and the school not registered",
            trigger: 'tr:contains("Dân vận khéo") form[action="/my/thidua/register"] button[type="submit"]',
            run: "click",
        },
        {
            content: "Name the model the school undertakes",
            trigger: "input#item_new_name",
            run: "edit Mô hình “Thư viện xanh thân thiện”",
        },
        {
            trigger: "select#item_new_content_id",
            run: "selectByIndex 1",
        },
        {
            trigger: "textarea#item_new_target",
            run: "edit 100% học sinh được hướng dẫn sử dụng thư viện số",
        },
        {
            content: "Add it",
            trigger: 'button[name="add_item"]',
            run: "click",
        },
        {
            content: "The model is listed",
            trigger: '.card-header:contains("Thư viện xanh thân thiện")',
        },
        {
            content: "Submit the registration",
            trigger: 'button[formaction$="/submit"]',
            run: "click",
        },
        {
            content: "It is submitted: nothing left to submit",
            trigger: 'body:not(:has(button[formaction$="/submit"])) .badge',
        },
    ],
});
