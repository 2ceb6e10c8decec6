from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """The addon's administrative documents use their own page shell.

        Odoo's ``web.minimal_layout`` links the company report assets (Bootstrap …), which
        wkhtmltopdf fetches over HTTP for every body and which fight the decree's typography;
        ours carries its stylesheet inline and renders no header/footer page (the documents keep
        everything in the body, as the unpatched-Qt wkhtmltopdf of Debian requires).
        """
        if len(self) == 1 and (self.report_name or "").startswith("chilang_thidua."):
            layout = self.env.ref("chilang_thidua.report_minimal_layout", raise_if_not_found=False)
            if layout:
                return layout
        return super()._get_layout()
