/** @odoo-module **/

import { registry } from "@web/core/registry";

// A school's officer on the portal: register the school for the new campaign, add a model and
// submit; then propose a teacher for an award with the achievement report attached, and submit.
registry.category("web_tour.tours").add("chilang_thidua_school_portal", {
    url: "/my/thidua",
    steps: () => [
        {
            content: "The new campaign is waiting for the school's registration",
            trigger: 'tr:contains("Dạy tốt - Học tốt năm học 2026") button:contains("Đăng ký")',
            run: "click",
        },
        {
            content: "The registration page opens as a draft",
            trigger: '.badge:contains("Dự thảo")',
        },
        {
            content: "Name the model the school undertakes",
            trigger: "input#item_new_name",
            run: "edit Câu lạc bộ Toán tuổi thơ",
        },
        {
            trigger: "textarea#item_new_target",
            run: "edit 100% học sinh khối 6 tham gia",
        },
        {
            content: "Add it",
            trigger: 'form:has(#item_new_name) button[type="submit"]:contains("Thêm")',
            run: "click",
        },
        {
            content: "The model is listed",
            trigger: '.card-header:contains("Câu lạc bộ Toán tuổi thơ")',
        },
        {
            content: "Submit the registration",
            trigger: 'button[formaction$="/submit"]',
            run: "click",
        },
        {
            content: "The registration is submitted",
            trigger: '.alert-success:contains("Đã nộp bản đăng ký")',
        },
        {
            content: "Propose an award dossier",
            trigger: "body",
            run: "goToUrl /my/thidua/dossiers/new",
        },
        {
            trigger: "select#campaign_id",
            run: "selectByLabel Chuyển đổi số năm 2025",
        },
        {
            trigger: "select#subject_type",
            run: "select public_employee",
        },
        {
            trigger: "input#nominee_name",
            run: "edit Hoàng Thị Mai",
        },
        {
            trigger: "input#job_title",
            run: "edit Giáo viên Tin học",
        },
        {
            trigger: "textarea#achievement",
            run: "edit Đã có thành tích xuất sắc trong chuyển đổi số tại nhà trường",
        },
        {
            content: "Attach the achievement report",
            trigger: "input#attachments",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["%PDF-1.4 báo cáo thành tích"], "bao_cao_thanh_tich.pdf", { type: "application/pdf" })
                );
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Save the dossier",
            trigger: 'button[type="submit"]:contains("Lưu")',
            run: "click",
        },
        {
            content: "The attachment is listed on the saved dossier",
            trigger: 'li:contains("bao_cao_thanh_tich.pdf")',
        },
        {
            content: "Submit it to Phòng Nội vụ",
            trigger: 'button[name="submit"]:contains("Nộp để thẩm định")',
            run: "click",
        },
        {
            content: "The dossier is submitted",
            trigger: 'h3 + .badge:contains("Đã nộp")',
        },
    ],
});
