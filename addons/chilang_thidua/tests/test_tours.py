from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """Each role's day, played in a real browser (headless Chromium) against the demo data."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("chilang_thidua.campaign_60_nam", raise_if_not_found=False):
            self.skipTest("the tours play on the demo data")

    def test_appraiser_opens_campaign(self):
        self.start_tour("/odoo", "chilang_thidua_appraiser_campaign", login="noivu")
