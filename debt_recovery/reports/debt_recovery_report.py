from odoo import fields, models
from odoo.tools import SQL

from ..core.contacts import CHANNELS

# A payment is credited to the last contact made this many days before it at most.
ATTRIBUTION_DAYS = 30


class DebtRecoveryReport(models.Model):
    """Money recovered on invoices in collection: each payment matched with an
    invoice, with the stage the invoice was in that day, the agency it was
    placed with, and the last channel the debtor was contacted by before it."""

    _name = "debt.recovery.report"
    _description = "Amounts Recovered"
    _auto = False
    _order = "date desc"
    _depends = {
        "account.partial.reconcile": ["amount", "max_date", "debit_move_id", "credit_move_id"],
        "account.move.line": ["move_id"],
        "account.move": ["move_type", "company_id", "commercial_partner_id", "origin_payment_id"],
        "debt.item": ["move_id", "stage_id", "stage_date"],
        "debt.stage.history": ["move_id", "stage_id", "date_entered", "date_left"],
        "debt.placement": ["agency_id", "date_placed", "date_closed", "state", "move_ids"],
        "debt.contact": ["partner_id", "date", "channel", "direction", "outcome"],
        "res.partner": ["debt_collector_id"],
    }

    date = fields.Date(readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    collector_id = fields.Many2one("res.users", readonly=True)
    stage_id = fields.Many2one("debt.stage", readonly=True)
    agency_id = fields.Many2one("debt.agency", readonly=True)
    channel = fields.Selection(
        [*CHANNELS, ("none", "No contact")],
        string="Last channel",
        readonly=True,
        help=f"The channel of the last contact in the {ATTRIBUTION_DAYS} days before payment.",
    )
    amount = fields.Monetary(string="Recovered", readonly=True)
    this_month = fields.Boolean(string="This month", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
SELECT apr.id, apr.max_date AS date, inv.id AS move_id, inv.company_id,
       dl.company_currency_id AS currency_id,
       inv.commercial_partner_id AS partner_id,
       (p.debt_collector_id ->> inv.company_id::text)::int AS collector_id,
       COALESCE(past.stage_id,
                CASE WHEN i.stage_date <= apr.max_date THEN i.stage_id END) AS stage_id,
       placed.agency_id,
       COALESCE(last_contact.channel, 'none') AS channel,
       apr.amount,
       apr.max_date >= date_trunc('month', CURRENT_DATE)::date AS this_month
  FROM account_partial_reconcile apr
  JOIN account_move_line dl ON dl.id = apr.debit_move_id
  JOIN account_move inv ON inv.id = dl.move_id AND inv.move_type = 'out_invoice'
  JOIN account_move_line cl ON cl.id = apr.credit_move_id
  JOIN account_move pay ON pay.id = cl.move_id AND pay.origin_payment_id IS NOT NULL
  JOIN debt_item i ON i.move_id = inv.id
  JOIN res_partner p ON p.id = inv.commercial_partner_id
  LEFT JOIN LATERAL (
       SELECT h.stage_id FROM debt_stage_history h
        WHERE h.move_id = inv.id
          AND h.date_entered <= apr.max_date AND apr.max_date < h.date_left
        ORDER BY h.date_entered DESC LIMIT 1
  ) past ON TRUE
  LEFT JOIN LATERAL (
       SELECT pl.agency_id
         FROM debt_placement_account_move_rel rel
         JOIN debt_placement pl ON pl.id = rel.placement_id
        WHERE rel.move_id = inv.id AND pl.state != 'draft'
          AND pl.date_placed <= apr.max_date
          AND (pl.date_closed IS NULL OR pl.date_closed >= apr.max_date)
        ORDER BY pl.date_placed DESC LIMIT 1
  ) placed ON TRUE
  LEFT JOIN LATERAL (
       SELECT c.channel FROM debt_contact c
        WHERE c.partner_id = inv.commercial_partner_id
          AND c.direction = 'outbound'
          AND c.outcome NOT IN ('failed', 'bounced', 'skipped', 'scheduled')
          AND c.date < apr.max_date + 1
          AND c.date >= apr.max_date - %(window)s
        ORDER BY c.date DESC LIMIT 1
  ) last_contact ON TRUE
            """,
            window=ATTRIBUTION_DAYS,
        )
