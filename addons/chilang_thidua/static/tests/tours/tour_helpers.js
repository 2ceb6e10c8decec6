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

// The README's day starts from each user's to-do: the activity menu of the systray (desktop and
// phone alike), the group of the to-do's model, then its record. ``when``: "all" (overdue and
// today, the group itself) or "upcoming" (its "Tương lai" link).
export function openTodo(model, recordText, when = "all") {
    return [
        {
            content: "Open the activity menu",
            trigger: '.o_menu_systray i[aria-label="Activities"]',
            async run() {
                this.anchor.closest("button").click();
            },
        },
        {
            content: `Open the to-dos on ${model}`,
            trigger: `.o-mail-ActivityGroup[data-model_name="${model}"]`,
            async run() {
                if (when === "upcoming") {
                    const links = this.anchor.querySelectorAll("span.btn-link");
                    links[links.length - 1].click();
                } else {
                    // the group itself, not one of its counters (they filter)
                    this.anchor.click();
                }
            },
        },
        {
            content: `Open ${recordText}`,
            trigger: `.o_data_row:contains("${recordText}"), .o_kanban_record:contains("${recordText}")`,
            async run() {
                (this.anchor.querySelector(".o_data_cell") || this.anchor).click();
            },
        },
    ];
}

// A workflow button of a form, once the form is idle: in the status bar on a desktop, under the
// gear menu on a phone.
export function clickFormButton(name, label) {
    return {
        content: `Press ${label}`,
        trigger: ".o_form_view .o_form_sheet",
        async run() {
            // shown, and enabled: the buttons are disabled while the form is busy
            const ready = () =>
                [...document.querySelectorAll(`button[name="${name}"]`)].find(
                    (el) => el.getClientRects().length > 0 && !el.disabled
                );
            for (let attempt = 0; attempt < 60; attempt++) {
                const button = ready();
                if (button) {
                    button.click();
                    return;
                }
                if (!button) {
                    // a phone keeps the workflow buttons under the gear and the smart buttons
                    // under the lightning: open one, then the other
                    const toggles = [...document.querySelectorAll(
                        ".o_control_panel button:has(> i.fa-cog), .o_control_panel button:has(> i.fa-bolt)"
                    )];
                    if (toggles.length) {
                        toggles[attempt % toggles.length].click();
                    }
                }
                await new Promise((resolve) => setTimeout(resolve, 250));
            }
            throw new Error(`button ${name} not found`);
        },
    };
}

// The record reached ``label`` (its status bar says so, inline on a desktop, as a dropdown on a phone).
export function stateReached(label) {
    return {
        content: `The record is now ${label}`,
        trigger: `.o_statusbar_status button[aria-checked="true"]:contains("${label}"), .o_statusbar_status button.dropdown-toggle:not(.o_arrow_button):contains("${label}")`,
    };
}
