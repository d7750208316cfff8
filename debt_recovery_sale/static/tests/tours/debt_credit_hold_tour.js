import { registry } from "@web/core/registry";

// A salesperson confirms an order of a blocked debtor: it stays a quotation on
// credit hold, and the banner says which rule fired with which figures.
registry.category("web_tour.tours").add("debt_recovery_sale_confirm_held", {
    steps: () => [
        {
            content: "Confirm the quotation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The banner says the order is held, by which rule",
            trigger: ".o_form_view .debt_credit_hold_alert:contains('Credit limit exceeded')",
        },
        {
            content: "and with which figures",
            trigger:
                ".o_form_view .debt_credit_hold_alert:contains('1,100.00'):contains('against a limit of'):contains('1,000.00')",
        },
        {
            content: "The order is still a quotation",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Quotation')",
        },
    ],
});

// A collections manager opens Credit holds, releases the order with a reason,
// and finds the release in the order's log.
registry.category("web_tour.tours").add("debt_recovery_sale_release_held", {
    steps: () => [
        {
            content: "Open the held order from the list",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('Tour Debtor Ltd')",
            run: "click",
        },
        {
            content: "Release the credit hold",
            trigger: ".o_form_view button[name='action_debt_credit_release']",
            run: "click",
        },
        {
            content: "The wizard says why it is held",
            trigger: ".modal .alert-danger:contains('Credit limit exceeded')",
        },
        {
            content: "Give the reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Paid by bank wire this morning",
        },
        {
            content: "Release",
            trigger: ".modal button[name='action_release']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "The release is in the order's log, with the reason",
            trigger: ".o-mail-Message:contains('Paid by bank wire this morning')",
        },
    ],
});
