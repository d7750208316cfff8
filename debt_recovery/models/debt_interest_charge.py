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
    share = fields.Float(
        string="Share charged",
        digits=(6, 5),
        default=1.0,
        readonly=True,
        help="The share of the invoice's open amount its interest was charged on: less "
        "than 1 while part of it was held (a dispute). The rest is charged once the hold lifts.",
    )
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
        """{move: {"until", "interest", "compensation", "waived", "fee_done",
        "partial"}}: what the charge invoices in ``states`` charged on
        ``moves`` and what a manager waived (the last day of interest either
        covers, the amounts, whether the fee is settled either way), and the
        periods whose interest was charged on a share only: [(from, to,
        charged)]. One query."""
        groups = self.sudo()._read_group(
            [
                ("move_id", "in", moves.ids),
                "|",
                ("charge_move_id.state", "in", list(states)),
                ("waived", "=", True),
            ],
            ["move_id", "kind", "waived", "date_from:day", "date_to:day"],
            ["amount:sum", "share:max"],
        )
        charged, periods, waived_until = {}, {}, {}
        for move, kind, waived, start, until, amount, share in groups:
            row = charged.setdefault(move, self._debt_nothing_charged())
            row["waived" if waived else kind] += amount
            if kind == "interest" and until and (not row["until"] or until > row["until"]):
                row["until"] = until
            row["fee_done"] = row["fee_done"] or kind == "compensation"
            if kind == "interest" and start and until:
                period = periods.setdefault((move, start, until), [0.0, 0.0])
                period[0] += amount
                period[1] = max(period[1], share)
            if waived and kind == "interest" and until:
                waived_until[move] = max(waived_until.get(move, until), until)
        for (move, start, until), (amount, share) in sorted(
            periods.items(), key=lambda item: (item[0][0].id, item[0][1])
        ):
            # A manager's waiver closes every period before it, back interest included.
            if share < 1 and not (move in waived_until and until <= waived_until[move]):
                charged[move]["partial"].append((start, until, amount))
        return charged

    @api.model
    def _debt_nothing_charged(self):
        return {
            "until": None,
            "interest": 0.0,
            "compensation": 0.0,
            "waived": 0.0,
            "fee_done": False,
            "partial": [],
        }
