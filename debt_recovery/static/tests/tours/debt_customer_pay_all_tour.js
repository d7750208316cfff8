import { registry } from "@web/core/registry";

// The customer opens the pay-all link of a reminder, pays everything claimed
// with Odoo's demo provider and comes back to a page that says nothing is due;
// the disputed invoice was never offered for payment.
registry.category("web_tour.tours").add("debt_recovery_customer_pay_all", {
    steps: () => [
        {
            content: "The page lists what is claimed, the disputed invoice apart",
            trigger: ".o_debt_pay_all .o_debt_pay_not_claimed li:contains('Under dispute')",
        },
        {
            trigger: ".o_debt_pay_all_form h4:contains('Pay everything'):contains('500.00')",
        },
        {
            content: "Pay with the demo provider",
            trigger: ".o_debt_pay_all_form input[name='o_payment_radio']",
            run: "click",
        },
        {
            trigger: ".o_debt_pay_all_form #customer_input",
            run: "edit 4242424242424242",
        },
        {
            trigger: ".o_debt_pay_all_form button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the pay-all page once the payment is processed: nothing is due",
            trigger: ".o_debt_pay_all:contains('Nothing is due at the moment')",
            timeout: 30000,
        },
    ],
});
