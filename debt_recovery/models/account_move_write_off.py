from odoo import fields, models


class AccountMove(models.Model):
    """Bad-debt write-off: the entry that settled an invoice out of collection."""

    _inherit = "account.move"

    debt_write_off_id = fields.Many2one(
        "account.move",
        string="Written off by",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The bad-debt entry that settled this invoice: it left collection as written off.",
    )

    def action_debt_write_off(self):
        """The write-off wizard for these invoices (a manager confirms it)."""
        self._debt_authorize("action_debt_write_off")
        return self.env["res.partner"]._debt_write_off_action("account.move", self.ids)
