/** @odoo-module **/

import { registry } from "@web/core/registry";

// 2. quanglang (portal): its registration came back "bổ sung chỉ tiêu cụ thể"; it fills the target
// in and submits again at once, without saving first (the submission saves what was typed).
registry.category("web_tour.tours").add("chilang_thidua_day_2_commune", {
    url: "/my/thidua",
    steps: () => [
        {
            content: "Open the returned registration",
            trigger: 'tr:contains("Dân vận khéo") a[href*="/my/thidua/registration/"]',
            run: "click",
        },
        {
            content: "The reason it came back is shown",
            trigger: 'body:contains("bổ sung chỉ tiêu cụ thể")',
        },
        {
            content: "Fill the target in",
            trigger: 'textarea[name^="item_"][name$="_target"]:not([name^="item_new"])',
            run: "edit 5 km đường bê tông, 320 hộ tham gia hiến đất, góp công",
        },
        {
            content: "Submit again straight away, without saving first: what was typed goes with it",
            trigger: 'button[formaction$="/submit"]',
            run: "click",
        },
        {
            content: "It is submitted: nothing left to submit",
            trigger: 'body:not(:has(button[formaction$="/submit"])) .badge',
        },
    ],
});
