import { registry } from "@web/core/registry";

// A manager approves an escalation into the agency stage on its row: the
// placement wizard opens (an invoice enters that stage only by a placement),
// the debt is handed over and the placement says so.
registry.category("web_tour.tours").add("debt_recovery_approve_on_row", {
    steps: () => [
        {
            content: "The proposal waits on its row, with its buttons",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell:contains('Tour Debtor Ltd')) button[name='action_debt_approve_stage']",
            run: "click",
        },
        {
            content: "Approving the agency stage opens the placement, the only agency chosen",
            trigger: ".modal .o_field_widget[name='agency_id'] input:value('Tour Agency')",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The placement is handed over",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell:contains('Tour Debtor Ltd')) .o_data_cell[name='state']:contains('Handed over')",
        },
    ],
});
