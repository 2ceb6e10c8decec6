/** @odoo-module **/

import { registry } from "@web/core/registry";

// 2. quanglang (portal): its registration came back "bổ sung chỉ tiêu cụ thể"; it fills the target
// in, saves and submits again.
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
            trigger: 'form[action$="/item"] textarea[name="target"][id^="item_"]:not([id^="item_new"])',
            run: "edit 5 km đường bê tông, 320 hộ tham gia hiến đất, góp công",
        },
        {
            content: "Save the model",
            trigger: 'form[action$="/item"]:has(input[name="item_id"]) button[type="submit"]',
            async run() {
                // the page reloads once saved: the mark goes with the old page
                document.body.classList.add("o_tour_before_save");
                this.anchor.click();
            },
        },
        {
            content: "The saved page keeps the target",
            trigger: 'body:not(.o_tour_before_save) textarea[name="target"]:value("5 km đường bê tông, 320 hộ tham gia hiến đất, góp công")',
        },
        {
            content: "Submit again",
            trigger: 'form[action$="/submit"] button[type="submit"]',
            run: "click",
        },
        {
            content: "It is submitted: nothing left to submit",
            trigger: 'body:not(:has(form[action$="/submit"])) .badge',
        },
    ],
});
