import json
import shutil

from odoo.tests import HttpCase, tagged
from odoo.tests import common as browser_support

from .common import DebtRecoveryCommon
from .test_forms import CollectionFixture

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('debt_recovery.menu_debt_root');"
)

# The clickbot opens lists, kanbans, pivots and graphs but no record: this
# opens the form of one record of each model, as the web client does, and
# fails on an error dialog (a crashing compute, a field the user cannot read).
OPEN_FORMS = """
(async () => {
    const action = odoo.__WOWL_DEBUG__.root.env.services.action;
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    for (const [model, id] of %s) {
        await action.doAction(
            {type: "ir.actions.act_window", res_model: model, res_id: id,
             views: [[false, "form"]]},
            {clearBreadcrumbs: true},
        );
        let form;
        for (let i = 0; i < 200; i++) {
            const dialog = document.querySelector(".o_error_dialog");
            if (dialog) {
                console.error(`Form of ${model} ${id}: ${dialog.innerText}`);
                return;
            }
            form = document.querySelector(".o_action_manager .o_form_view .o_form_renderer");
            if (form) { break; }
            await sleep(50);
        }
        await sleep(500);  // the smart buttons' and the chatter's reads
        if (!form || document.querySelector(".o_error_dialog")) {
            console.error(`Form of ${model} ${id} did not open`);
            return;
        }
        console.log(`Opened the form of ${model} ${id}`);
    }
    console.log("test successful");
})();
"""


@tagged("post_install", "-at_install")
class TestClickEverywhere(CollectionFixture, DebtRecoveryCommon, HttpCase):
    """Odoo's clickbot opens every menu of the Collections app as each role,
    switches to each view (list, kanban, pivot, graph) and clicks every
    filter; an error dialog or a failed RPC fails the test."""

    # A browser request waits this long for the test cursor: a loaded CI
    # machine (2 cores) needs more than Odoo's 20 s.
    test_cursor_lock_timeout = 90

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._collection_fixture()
        # Odoo's invoicing fixture has cash-basis taxes without the company
        # setting that real companies with such taxes have: the Settings form
        # would warn about it (account's _onchange_tax_exigibility).
        cls.env.company.tax_exigibility = True
        # Likewise with Sales installed (the credit-hold bridge): a database
        # with active pricelists has the pricelist feature on; off, the
        # Settings form warns that they would be archived.
        pricelists = cls.env.ref("product.group_product_pricelist", raise_if_not_found=False)
        if pricelists and cls.env["product.pricelist"].search_count([], limit=1):
            cls.env.ref("base.group_user").implied_ids |= pricelists
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
        user = self.env["res.users"].search([("login", "=", login)])
        records = [[record._name, record.id] for record in self._form_records(user)]
        self.assertGreater(len(records), 10)
        self.browser_js(
            "/odoo", OPEN_FORMS % json.dumps(records), "odoo.isReady === true", login=login
        )

    def test_click_everywhere_as_admin(self):
        self._click_everywhere("admin")

    def test_click_everywhere_as_manager(self):
        self._click_everywhere("dr_manager")

    def test_click_everywhere_as_clerk(self):
        self._click_everywhere("dr_clerk")
