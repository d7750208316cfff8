import { registry } from "@web/core/registry";

// The clerk's morning: the worklist says why the debtor is first, the call
// ends in a promise for one invoice, a reminder is previewed for the other,
// and the demand letter is printed (it downloads; a copy stays in the chatter).
registry.category("web_tour.tours").add("debt_recovery_clerk_morning", {
    steps: () => [
        {
            content: "The row says why: the call due today",
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='debt_worklist_reasons']:contains('call due today')):has(.o_data_cell[name='debt_next_action']:contains('Do the task due today')) .o_data_cell[name='display_name']:contains('Morning Debtor Ltd')",
            run: "click",
        },
        {
            content: "The debtor's Collections tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Collections')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_debt_log_call']",
            run: "click",
        },
        {
            content: "The debtor promises to pay the newer invoice",
            trigger: ".modal .o_field_widget[name='outcome'] label:contains('Promise to pay')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Pays the September invoice on Friday; the older one is being checked.",
        },
        {
            trigger: ".modal button[name='action_log']",
            run: "click",
        },
        {
            content: "The promise covers every overdue invoice by default: keep the newer one",
            trigger: ".modal .o_field_widget[name='move_ids'] .o_tag:last .o_delete",
            run: "click",
        },
        {
            content: "The amount follows the invoices left",
            trigger: ".modal .o_field_widget[name='amount'] input:value('700.00')",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The promise shows as a hold",
            trigger: ".o_form_view .debt_hold_alert:contains('promise to pay')",
        },
        {
            content: "Preview a reminder for the invoice not promised",
            trigger: ".o_form_view button[name='action_debt_send_reminder']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='body']:contains('1,200.00')",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Print the demand letter",
            trigger: "body:not(:has(.modal)) .o_form_view button[name='action_debt_send_letter']",
            run: "click",
        },
        {
            content: "Back to the worklist once the letter has downloaded",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Worklist')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_cell[name='display_name']:contains('Morning Debtor Ltd')",
            run: "click",
        },
        {
            content: "A copy of the letter is in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Demand letter printed')",
        },
    ],
});
