import { registry } from "@web/core/registry";

// A customer disputes part of an invoice on the portal and sees the dispute
// and its status on the invoice page afterwards.
registry.category("web_tour.tours").add("debt_recovery_customer_dispute", {
    steps: () => [
        {
            content: "The invoice page offers to dispute it",
            trigger: "#debt_dispute summary:contains('Dispute this invoice')",
            run: "click",
        },
        {
            trigger: "#debt_dispute_reason",
            run: "selectByIndex 0",
        },
        {
            trigger: "#debt_dispute_amount",
            run: "edit 150",
        },
        {
            trigger: "#debt_dispute_description",
            run: "edit Two pallets arrived broken; see the delivery note.",
        },
        {
            trigger: "#debt_dispute button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the invoice: the dispute and its status",
            trigger: "#debt_dispute_status li:contains('150.00'):contains('Open')",
        },
        {
            content: "The invoice is no longer offered for a second dispute",
            trigger: "body:not(:has(#debt_dispute))",
        },
    ],
});
