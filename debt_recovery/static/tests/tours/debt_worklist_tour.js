import { registry } from "@web/core/registry";

// A clerk works the top of the worklist: logs a call that ends in a promise,
// records the promise, and sees the debtor put on hold.
registry.category("web_tour.tours").add("debt_recovery_worklist", {
    steps: () => [
        {
            content: "The clerk's own debtor is on the worklist",
            trigger: ".o_list_view .o_data_row .o_data_cell[name='display_name']:contains('Tour Debtor Ltd')",
            run: "click",
        },
        {
            content: "Open the Collections tab of the debtor",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Collections')",
            run: "click",
        },
        {
            content: "Log a call",
            trigger: ".o_form_view button[name='action_debt_log_call']",
            run: "click",
        },
        {
            content: "The debtor promised to pay",
            trigger: ".modal .o_field_widget[name='outcome'] label:contains('Promise to pay')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Will pay the whole amount next week.",
        },
        {
            trigger: ".modal button[name='action_log']",
            run: "click",
        },
        {
            content: "Record the promise: the whole open amount, today",
            trigger: ".modal .o_field_widget[name='amount'] input",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The debtor is on hold, waiting for the promised payment",
            trigger: ".o_form_view .debt_hold_alert:contains('promise to pay')",
        },
    ],
});
