from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.account_move import open_invoice_domain


class DebtWriteOffWizard(models.TransientModel):
    """Write invoices off as bad debt: an entry per invoice moves what is open
    from the receivable to the company's bad-debt account and is reconciled
    with the invoice, so the invoice is settled in Odoo's own books."""

    _name = "debt.write.off.wizard"
    _inherit = ["debt.authority.mixin"]
    _description = "Write Off Bad Debt"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        required=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('amount_residual', '>', 0)]",
    )
    account_id = fields.Many2one(
        "account.account",
        string="Bad-debt account",
        required=True,
        check_company=True,
        compute="_compute_account_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model, ids = self.env.context.get("active_model"), self.env.context.get("active_ids")
        if "move_ids" in fields_list and ids and model in ("account.move", "res.partner"):
            domain = open_invoice_domain() & Domain("company_id", "=", self.env.company.id)
            if model == "account.move":
                domain &= Domain("id", "in", ids)
            else:
                debtors = self.env["res.partner"].browse(ids).commercial_partner_id
                domain &= Domain("commercial_partner_id", "in", debtors.ids)
            values["move_ids"] = [Command.set(self.env["account.move"].search(domain).ids)]
        return values

    @api.depends("company_id")
    def _compute_account_id(self):
        for wizard in self:
            wizard.account_id = wizard.company_id.debt_bad_debt_account_id

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(wizard.company_id),
                    ("type", "=", "general"),
                ],
                limit=1,
            )

    def action_confirm(self):
        """Post and reconcile one write-off entry per invoice; log it on the
        invoice and the debtor."""
        self._debt_authorize("action_confirm")
        self.ensure_one()
        moves = self.move_ids.filtered_domain(open_invoice_domain())
        if not moves:
            raise UserError(self.env._("Nothing to write off: no open invoice is selected."))
        entries = self.env["account.move"].create([self._entry_values(move) for move in moves])
        entries.action_post()
        for move, entry in zip(moves, entries, strict=True):
            account = entry.line_ids[0].account_id
            (move.line_ids | entry.line_ids).filtered(
                lambda line, a=account: line.account_id == a and not line.reconciled
            ).reconcile()
            move.sudo().debt_write_off_id = entry
            move.message_post(
                body=self.env._(
                    "Written off as bad debt (%(entry)s): %(reason)s",
                    entry=entry.name,
                    reason=self.reason,
                )
            )
        for debtor in moves.commercial_partner_id:
            debtor.message_post(
                body=self.env._(
                    "Written off: %(invoices)s. %(reason)s",
                    invoices=", ".join(
                        moves.filtered(lambda m, d=debtor: m.commercial_partner_id == d).mapped(
                            "name"
                        )
                    ),
                    reason=self.reason,
                )
            )
        self._debt_close_stage(moves)
        self.env["res.partner"]._debt_refresh_worklist(moves.commercial_partner_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", entries.ids)],
            "name": self.env._("Write-offs"),
        }

    def _debt_close_stage(self, moves):
        """The written-off invoices end in the company's closing stage, if its
        ladder has one: their history says how they left collection."""
        stage = self.env["debt.stage"].search(
            [("company_id", "=", self.company_id.id), ("phase", "=", "closed")],
            order="sequence",
            limit=1,
        )
        if stage:
            self.env["debt.item"]._set_stage(moves, stage, "write_off")

    def _entry_values(self, move):
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        account = receivable[:1].account_id
        balance = sum(receivable.mapped("amount_residual"))
        amount_currency = sum(receivable.mapped("amount_residual_currency"))
        common = {"partner_id": move.commercial_partner_id.id, "currency_id": move.currency_id.id}
        label = self.env._("Bad debt: %(invoice)s", invoice=move.name)
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "company_id": move.company_id.id,
            "date": self.date,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        **common,
                        "name": label,
                        "account_id": account.id,
                        "balance": -balance,
                        "amount_currency": -amount_currency,
                    }
                ),
                Command.create(
                    {
                        **common,
                        "name": label,
                        "account_id": self.account_id.id,
                        "balance": balance,
                        "amount_currency": amount_currency,
                    }
                ),
            ],
        }
