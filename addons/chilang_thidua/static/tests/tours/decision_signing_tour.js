/** @odoo-module **/

import { registry } from "@web/core/registry";
import { clickFormButton, stateReached } from "@chilang_thidua/../tests/tours/tour_helpers";

// The signing dialog as the Chairman's office uses it (tests/test_signing_tours.py opens the draft
// decision's form and checks the record afterwards). The PINs are the test token's.
const TOKEN_PIN = "Pin-Ubnd-8831";
const WRONG_PIN = "0000-sai";
const NUMBER = "01/QĐ-UBND";

// steps several tours share: the title while no number is given, the number once given, the dialog gone
function noNumberYet(content) {
    return { content, trigger: '.o_form_view .oe_title h1:contains("Dự thảo")' };
}

function numberShown(content) {
    return { content, trigger: `.o_form_view .oe_title h1 div[name="name"]:contains("${NUMBER}")` };
}

const DIALOG_CLOSED = { content: "The dialog is closed", trigger: "body:not(:has(.modal))" };

function pressSignAndConfirm() {
    return [
        noNumberYet("The draft decision shows no number yet"),
        clickFormButton("action_sign", "Ký"),
        {
            content: "Confirm: the decision takes its number",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer .btn-primary:contains("Ký")',
            run: "click",
        },
    ];
}

function typePin(pin) {
    return [
        {
            content: "The dialog asks for the token's PIN",
            trigger: '.modal:not(.o_inactive_modal) .modal-title:contains("Ký quyết định")',
        },
        {
            content: "Type the PIN",
            trigger: '.modal:not(.o_inactive_modal) div[name="pin"] input[type="password"]',
            run: `edit ${pin}`,
        },
        {
            content: "Sign",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer button[name="action_confirm"]',
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("chilang_thidua_sign_token_pin", {
    steps: () => [
        ...pressSignAndConfirm(),
        ...typePin(TOKEN_PIN),
        DIALOG_CLOSED,
        stateReached("Đã ký"),
        numberShown("The decision shows its number"),
        {
            content: "and the ribbon Signed",
            trigger: '.o_form_view .ribbon:contains("Đã ký")',
        },
    ],
});

registry.category("web_tour.tours").add("chilang_thidua_sign_token_wrong_pin", {
    steps: () => [
        ...pressSignAndConfirm(),
        ...typePin(WRONG_PIN),
        {
            content: "The refusal says the PIN is wrong, the tries left as the token tells, and that nothing was numbered",
            trigger: '.modal .modal-body:contains("Mã PIN không đúng"):contains("lần thử"):contains("Chưa có số hay chữ ký nào")',
        },
        {
            content: "Close the refusal",
            trigger: '.modal:has(.modal-body:contains("Mã PIN không đúng")) .modal-footer .btn-primary',
            run: "click",
        },
        {
            content: "Discard the signing dialog",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer button.btn-secondary',
            run: "click",
        },
        {
            content: "The decision is still a draft without a number",
            trigger: 'body:not(:has(.modal)) .o_form_view .oe_title h1:contains("Dự thảo")',
        },
        stateReached("Dự thảo"),
        {
            content: "No number shown",
            trigger: `.o_form_view:not(:contains("${NUMBER}"))`,
        },
    ],
});

// Signed elsewhere, first half: the number and date are fixed on the PDF to sign.
registry.category("web_tour.tours").add("chilang_thidua_prepare_to_sign", {
    steps: () => [
        noNumberYet("The draft decision shows no number yet"),
        clickFormButton("action_prepare_signature", "Chuẩn bị PDF để ký"),
        {
            content: "Confirm the preparation",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer .btn-primary:contains("Chuẩn bị")',
            run: "click",
        },
        numberShown("The decision shows its number, still a draft"),
        stateReached("Dự thảo"),
        {
            content: "The upload of the signed file is offered",
            trigger: '.o_form_view button[name="action_upload_signed"]:contains("Tải lên PDF đã ký")',
        },
    ],
});

// A file chosen in the dialog's file input ``field``: the attachment ``attachment`` of the manager's,
// read the way a file chooser hands it to the page, named ``filename``.
function chooseFile(field, attachment, filename) {
    return [
        {
            content: `Choose the signed file ${filename}`,
            trigger: `.modal:not(.o_inactive_modal) div[name="${field}"] input[type="file"]:not(:visible)`,
            async run() {
                const response = await fetch("/web/dataset/call_kw/ir.attachment/search_read", {
                    method: "POST",
                    headers: { "Content-Type": "application/json" },
                    body: JSON.stringify({
                        jsonrpc: "2.0", method: "call", params: {
                            model: "ir.attachment", method: "search_read",
                            args: [[["name", "=", attachment]], ["datas"]], kwargs: {},
                        },
                    }),
                });
                const [record] = (await response.json()).result;
                const blob = await (await fetch(`data:application/pdf;base64,${record.datas}`)).blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], filename, { type: "application/pdf" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: `The chosen file ${filename} is shown`,
            trigger: `.modal:not(.o_inactive_modal) div[name="${field}"] input.o_input`,
            run() {
                if (this.anchor.value !== filename) {
                    throw new Error(`the dialog shows "${this.anchor.value}", not the chosen file`);
                }
            },
        },
    ];
}

// Second half: the files the signer's tool produced (the decision and its certificates) are uploaded
// in the dialog. The test stores them as attachments of the manager's (chooseFile).
registry.category("web_tour.tours").add("chilang_thidua_upload_signed", {
    steps: () => [
        clickFormButton("action_upload_signed", "Tải lên PDF đã ký"),
        {
            content: "The dialog offers the PDF to sign for download",
            trigger: '.modal:not(.o_inactive_modal) div[name="prepared_pdf"] a:contains("de ky")',
        },
        ...chooseFile("signed_file", "tour_signed_decision.pdf", "QD da ky.pdf"),
        {
            content: "The dialog offers the certificates to sign for download",
            trigger: '.modal:not(.o_inactive_modal) div[name="prepared_certificates"] a:contains("Giay khen")',
        },
        ...chooseFile("signed_certificates_file", "tour_signed_certificates.pdf", "Giay khen da ky.pdf"),
        {
            content: "Confirm",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer button[name="action_confirm"]',
            run: "click",
        },
        DIALOG_CLOSED,
        stateReached("Đã ký"),
        numberShown("The decision keeps its number"),
    ],
});

// Two signatures: the Chairman has signed; the clerk gives the number and date and applies the
// agency's signature (its token's PIN is in the server's configuration: no dialog).
registry.category("web_tour.tours").add("chilang_thidua_clerk_issue", {
    steps: () => [
        noNumberYet("The decision the Chairman signed has no number yet"),
        {
            content: "The Chairman's signature is shown",
            trigger: '.o_form_view div[name="signed_by_id"]:contains("Lãnh đạo UBND")',
        },
        clickFormButton("action_issue", "Ban hành (cấp số và ký số của cơ quan)"),
        stateReached("Đã ký"),
        numberShown("The decision shows the number the clerk gave"),
        {
            content: "and the agency's signature",
            trigger: '.o_form_view div[name="agency_signature_holder"]:contains("Ủy ban nhân dân huyện Thử Nghiệm")',
        },
    ],
});

// The agency's .p12 on the server without a stored password: the clerk types it in the dialog.
const AGENCY_PASSWORD = "CoQuan#Van-Thu-2026";

registry.category("web_tour.tours").add("chilang_thidua_agency_password", {
    steps: () => [
        noNumberYet("The decision the Chairman signed has no number yet"),
        clickFormButton("action_issue", "Ban hành (cấp số và ký số của cơ quan)"),
        ...typePin(AGENCY_PASSWORD),
        DIALOG_CLOSED,
        stateReached("Đã ký"),
        numberShown("The decision shows the number the clerk gave"),
    ],
});

// The agency signs elsewhere: the clerk gives the number, then uploads the file the agency's tool
// signed. The test stores it as the clerk's attachment "tour_agency_signed.pdf".
registry.category("web_tour.tours").add("chilang_thidua_agency_upload", {
    steps: () => [
        noNumberYet("The decision the Chairman signed has no number yet"),
        clickFormButton("action_give_number", "Cấp số"),
        {
            content: "Confirm: the number and date are fixed",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer .btn-primary:contains("Cấp số")',
            run: "click",
        },
        numberShown("The decision shows its number, still a draft"),
        stateReached("Dự thảo"),
        clickFormButton("action_issue", "Tải lên PDF đã ký số của cơ quan"),
        {
            content: "The dialog offers the file the Chairman signed for download",
            trigger: '.modal:not(.o_inactive_modal) div[name="prepared_pdf"] a:contains("chu tich da ky")',
        },
        {
            content: "and the number the agency's tool writes",
            trigger: `.modal:not(.o_inactive_modal) div[name="decision_number"]:contains("${NUMBER}")`,
        },
        {
            content: "Choose the signed file",
            trigger: '.modal:not(.o_inactive_modal) div[name="signed_file"] input[type="file"]:not(:visible)',
            async run() {
                const response = await fetch("/web/dataset/call_kw/ir.attachment/search_read", {
                    method: "POST",
                    headers: { "Content-Type": "application/json" },
                    body: JSON.stringify({
                        jsonrpc: "2.0", method: "call", params: {
                            model: "ir.attachment", method: "search_read",
                            args: [[["name", "=", "tour_agency_signed.pdf"]], ["datas"]], kwargs: {},
                        },
                    }),
                });
                const [record] = (await response.json()).result;
                const blob = await (await fetch(`data:application/pdf;base64,${record.datas}`)).blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "QD co quan da ky.pdf", { type: "application/pdf" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The chosen file is shown",
            trigger: '.modal:not(.o_inactive_modal) div[name="signed_file"] input.o_input',
            run() {
                if (this.anchor.value !== "QD co quan da ky.pdf") {
                    throw new Error(`the dialog shows "${this.anchor.value}", not the chosen file`);
                }
            },
        },
        {
            content: "Confirm",
            trigger: '.modal:not(.o_inactive_modal) .modal-footer button[name="action_confirm"]',
            run: "click",
        },
        DIALOG_CLOSED,
        stateReached("Đã ký"),
        {
            content: "and the agency's signature is shown",
            trigger: '.o_form_view div[name="agency_signature_holder"]:contains("Ủy ban nhân dân huyện Thử Nghiệm")',
        },
    ],
});
