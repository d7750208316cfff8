import { registry } from "@web/core/registry";
import { parseDate, serializeDate } from "@web/core/l10n/dates";

// The manager's day: the dashboard, an escalation to approve (it opens the
// placement), the package for the agency, and the agency's status file.
let placementName = "";
let placedOn = "";

registry.category("web_tour.tours").add("debt_recovery_manager_day", {
    steps: () => [
        {
            content: "The morning starts on the Collections dashboard, loaded",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o_renderer",
        },
        {
            trigger: ".o_main_navbar .o_menu_sections button:contains('Collect')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Escalations to approve')",
            run: "click",
        },
        {
            content: "Approve the proposal on its row",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell:contains('Tour Debtor Ltd')) button[name='action_debt_approve_stage']",
            run: "click",
        },
        {
            content: "An agency stage is entered by a placement: the wizard opens",
            trigger: ".modal .o_field_widget[name='agency_id'] input:value('Tour Agency')",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The placement is handed over",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='state']:contains('Handed over')) .o_data_cell[name='name']",
            run() {
                const row = this.anchor.closest(".o_data_row");
                placementName = this.anchor.textContent.trim();
                placedOn = serializeDate(
                    parseDate(row.querySelector(".o_data_cell[name='date_placed']").textContent.trim())
                );
                this.anchor.click();
            },
        },
        {
            content: "The package for the agency is ready to download (the download itself is checked by the test)",
            trigger: ".o_form_view button[name='action_download_package']",
        },
        {
            trigger: ".o_main_navbar .o_menu_sections button:contains('Configuration')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Agencies and law firms')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_cell:contains('Tour Agency')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button:contains('Import status file')",
            run: "click",
        },
        {
            content: "The agency's file: it acknowledges the placement",
            trigger: ".modal .o_field_widget[name='file'] input[type='file']:not(:visible)",
            run() {
                const csv =
                    "placement,status,date,note\n" +
                    `${placementName},acknowledged,${placedOn},Case opened\n`;
                const transfer = new DataTransfer();
                transfer.items.add(new File([csv], "status.csv", { type: "text/csv" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal .o_field_widget[name='file'] input.o_input:value('status.csv')",
        },
        {
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "The import is logged on the agency",
            trigger: "body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message:contains('status.csv')",
        },
    ],
});
