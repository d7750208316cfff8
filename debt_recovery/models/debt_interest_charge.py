from odoo import api, fields, models

CHARGE_KINDS = [("interest", "Interest"), ("compensation", "Compensation")]


class DebtInterestCharge(models.Model):
    """What was charged on an invoice, and on which charge invoice, or waived
    by a manager (no charge invoice, a reason): the ledger that keeps a
    second charge to the new days and the fee to once."""

    _name = "debt.interest.charge"
    _inherit = ["debt.authority.mixin"]
    _description = "Interest and Fee Charge"
    _order = "move_id, date_to desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    charge_move_id = fields.Many2one(
        "account.move",
        string="Charge invoice",
        index=True,
        ondelete="cascade",
        check_company=True,
        help="Discarding (deleting or cancelling) it frees what it charged.",
    )
    charge_line_id = fields.Many2one("account.move.line", string="Charge line", ondelete="set null")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id", store=True)
    kind = fields.Selection(CHARGE_KINDS, required=True)
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    rate = fields.Float(
        string="Rate (%)",
        digits=(6, 3),
        help="The annual rate of the period's last day (a period over a rate change has several).",
    )
    amount = fields.Monetary(currency_field="currency_id", required=True)
    state = fields.Selection(related="charge_move_id.state", string="Charge status")
    waived = fields.Boolean(
        readonly=True,
        help="Waived by a manager: never charged nor claimed, and not charged again.",
    )
    reason = fields.Text(readonly=True, help="Why it was waived.")
    user_id = fields.Many2one("res.users", string="Waived by", readonly=True)

    _period_order = models.Constraint(
        "CHECK(date_from IS NULL OR date_from <= date_to)",
        "A charged period cannot end before it starts.",
    )
    _charged_or_waived = models.Constraint(
        "CHECK(charge_move_id IS NOT NULL OR (waived AND reason IS NOT NULL))",
        "A row either charges (on a charge invoice) or waives, with a reason.",
    )

    @api.model
    def _debt_charged(self, moves, states=("posted",)):
        """{move: {"until", "interest", "compensation", "waived", "fee_done"}}:
        what the charge invoices in ``states`` charged on ``moves`` and what a
        manager waived (the last day of interest either covers, the amounts,
        whether the fee is settled either way). One query."""
        groups = self.sudo()._read_group(
            [
                ("move_id", "in", moves.ids),
                "|",
                ("charge_move_id.state", "in", list(states)),
                ("waived", "=", True),
            ],
            ["move_id", "kind", "waived"],
            ["date_to:max", "amount:sum"],
        )
        charged = {}
        for move, kind, waived, until, amount in groups:
            row = charged.setdefault(move, self._debt_nothing_charged())
            row["waived" if waived else kind] += amount
            if kind == "interest" and until and (not row["until"] or until > row["until"]):
                row["until"] = until
            row["fee_done"] = row["fee_done"] or kind == "compensation"
        return charged

    @api.model
    def _debt_nothing_charged(self):
        return {
            "until": None,
            "interest": 0.0,
            "compensation": 0.0,
            "waived": 0.0,
            "fee_done": False,
        }
