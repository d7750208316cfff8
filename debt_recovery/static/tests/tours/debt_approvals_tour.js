import { registry } from "@web/core/registry";

// A manager approves an escalation proposal on its row and is told so.
registry.category("web_tour.tours").add("debt_recovery_approve_on_row", {
    steps: () => [
        {
            content: "The proposal waits on its row, with its buttons",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell:contains('Tour Debtor Ltd')) button[name='action_debt_approve_stage']",
            run: "click",
        },
        {
            content: "A notification says what was done",
            trigger: ".o_notification:contains('Escalation approved')",
        },
        {
            content: "Nothing is left to approve",
            trigger: ".o_list_view:not(:has(.o_data_row)) , .o_view_nocontent",
        },
    ],
});
