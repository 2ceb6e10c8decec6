/** @odoo-module **/

import { registry } from "@web/core/registry";
import { openThiduaApp, openThiduaMenu } from "@chilang_thidua/../tests/tours/tour_helpers";

// A council member casts a secret ballot from "My Ballots" (the card list a phone opens): one
// choice per dossier, once; the card then only says that they voted.
const castBallot = () => [
    {
        content: "Vote for Khối phố Hòa Bình",
        trigger: '.o_kanban_record:contains("Khối phố Hòa Bình") button[name="action_cast_ballot"].btn-success',
        run: "click",
    },
    {
        content: "Confirm the ballot",
        trigger: ".modal-footer .btn-primary",
        run: "click",
    },
    {
        content: "The card says the ballot is cast, not how",
        trigger: '.o_kanban_record:contains("Khối phố Hòa Bình") .badge.text-bg-success',
    },
];

registry.category("web_tour.tours").add("chilang_thidua_council_session", {
    url: "/odoo",
    steps: () => [
        ...openThiduaApp(),
        openThiduaMenu("chilang_thidua.menu_thidua_council_ballot", "Phiếu bầu của tôi"),
        ...castBallot(),
    ],
});

// The same ballot on a phone, from the link of the meeting's to-do or a bookmark of My Ballots.
registry.category("web_tour.tours").add("chilang_thidua_council_ballot_phone", {
    url: "/odoo/action-chilang_thidua.thidua_council_ballot_action",
    steps: castBallot,
});

// The chair closes the session: the council's quorum and threshold decide each dossier.
registry.category("web_tour.tours").add("chilang_thidua_council_close", {
    url: "/odoo",
    steps: () => [
        ...openThiduaApp(),
        openThiduaMenu("chilang_thidua.menu_thidua_council_session", "Phiên họp Hội đồng"),
        {
            content: "Open today's session",
            trigger: '.o_data_row:contains("đợt 2") td[name="name"]',
            run: "click",
        },
        {
            content: "Close the session",
            trigger: '.o_statusbar_buttons button[name="action_close"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The session is closed",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Đã kết thúc")',
        },
    ],
});
