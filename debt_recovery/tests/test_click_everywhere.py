import shutil

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests import common as browser_support

from .common import DebtRecoveryCommon
from .test_forms import CollectionFixture

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('debt_recovery.menu_debt_root');"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(CollectionFixture, DebtRecoveryCommon, HttpCase):
    """Odoo's clickbot opens every menu of the Collections app as each role,
    switches to each view (list, kanban, pivot, graph) and clicks every
    filter; an error dialog or a failed RPC fails the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._collection_fixture()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write(
            {"company_ids": [Command.link(cls.env.company.id)], "company_id": cls.env.company.id}
        )
        # Odoo's invoicing fixture has cash-basis taxes without the company
        # setting that real companies with such taxes have: the Settings form
        # would warn about it (account's _onchange_tax_exigibility).
        cls.env.company.tax_exigibility = True
        users = cls.admin + cls.manager + cls.clerk
        if "tour_enabled" in users._fields:
            users.tour_enabled = False

    def _click_everywhere(self, login):
        if not any(shutil.which(b) for b in ("chromium", "google-chrome", "chromium-browser")):
            self.fail("Chromium is needed for the click test (tools/system-deps.sh installs it)")
        if browser_support.websocket is None:  # Odoo would skip the test
            self.fail("The Python package websocket-client is needed for the click test")
        self.browser_js(
            "/odoo",
            CLICKBOT,
            "odoo.isReady === true",
            login=login,
            timeout=600,
            success_signal="clickbot test succeeded",
        )

    def test_click_everywhere_as_admin(self):
        self._click_everywhere("admin")

    def test_click_everywhere_as_manager(self):
        self._click_everywhere("dr_manager")

    def test_click_everywhere_as_clerk(self):
        self._click_everywhere("dr_clerk")
