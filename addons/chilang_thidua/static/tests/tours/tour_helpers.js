/** @odoo-module **/

import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Steps the role tours share: opening the app and a section menu of its navbar.

export function openThiduaApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Emulation and Commendation app",
            trigger: '.o_app[data-menu-xmlid="chilang_thidua.menu_thidua_root"]',
            run: "click",
        },
    ];
}

export function openThiduaMenu(xmlid, label) {
    return {
        content: `Open the menu ${label} (in the navbar or under its '+' overflow)`,
        trigger: '.o_main_navbar [data-menu-xmlid="chilang_thidua.menu_thidua_campaign"]',
        async run() {
            // the navbar moves the sections that do not fit under its '+' menu once rendered
            const selector = `[data-menu-xmlid="${xmlid}"]`;
            for (let attempt = 0; attempt < 20; attempt++) {
                const item = document.querySelector(`.o_main_navbar ${selector}, .o-dropdown--menu ${selector}`);
                if (item) {
                    item.click();
                    return;
                }
                const more = document.querySelector(".o_menu_sections_more button");
                if (more && !document.querySelector(".o-dropdown--menu")) {
                    more.click();
                }
                await new Promise((resolve) => setTimeout(resolve, 250));
            }
            throw new Error(`menu ${xmlid} not found`);
        },
    };
}
