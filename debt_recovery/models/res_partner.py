from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import format_date, formatLang

from ..core.contacts import CHANNELS, STAGE_CHANNELS
from ..core.interest import JURISDICTIONS
from .account_move import open_invoice_domain


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "debt.authority.mixin"]

    # === Who works the debtor and how (set on the commercial partner) === #
    # What collections decides about a debtor is per company (a partner may be
    # a customer of several): company-dependent fields, one value per company.
    debt_collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        company_dependent=True,
        tracking=True,
        help="The clerk who works this debtor's overdue invoices in this company.",
    )
    debt_do_not_contact = fields.Boolean(
        string="Do not contact",
        tracking=True,
        help="No reminder of any channel is sent to this contact.",
    )
    debt_excluded = fields.Boolean(
        string="Excluded from collection",
        tracking=True,
        help="The debtor's invoices are never escalated nor reminded.",
    )
    debt_insolvent = fields.Boolean(
        string="Insolvent",
        tracking=True,
        help="Insolvency proceedings are open: the debtor is at the point of no return.",
    )
    debt_preferred_channel = fields.Selection(
        [(code, label) for code, label in CHANNELS if code in STAGE_CHANNELS],
        string="Preferred channel",
    )
    debt_opt_out_email = fields.Boolean(string="No reminders by email")
    debt_opt_out_sms = fields.Boolean(string="No reminders by SMS")
    debt_opt_out_letter = fields.Boolean(string="No reminders by letter")
    debt_opt_out_phone = fields.Boolean(string="No reminder calls")
    debt_contact_hour_from = fields.Float(string="Contact from", default=8.0)
    debt_contact_hour_to = fields.Float(string="Contact until", default=21.0)
    debt_note = fields.Html(string="Collection notes")
    debt_jurisdiction = fields.Selection(
        JURISDICTIONS,
        string="Late-payment law",
        help="Overrides the company's, e.g. for foreign debtors.",
    )
    debt_consumer = fields.Boolean(
        string="Consumer",
        compute="_compute_debt_consumer",
        store=True,
        readonly=False,
        help="A private person: business-to-business late-payment law (interest, fixed "
        "compensation) does not apply; consumer law does where there is one.",
    )

    # === Worklist (written in bulk by the daily run and after each action) === #
    debt_priority = fields.Integer(
        string="Priority",
        company_dependent=True,
        copy=False,
        help="0 (nothing to do) to 100 (call now): amount and age of the overdue debt, "
        "likelihood to pay, broken promises and tasks due today.",
    )
    debt_stage_id = fields.Many2one(
        "debt.stage",
        string="Collection stage",
        company_dependent=True,
        copy=False,
        group_expand="_read_group_debt_stage_id",
        help="The furthest stage of the debtor's overdue invoices.",
    )
    debt_hold_summary = fields.Char(
        string="On hold", compute="_compute_debt_hold_summary", help="Why collection waits."
    )

    # === Figures (computed from the invoices, in company currency) === #
    debt_currency_id = fields.Many2one(
        "res.currency", compute="_compute_debt_figures", string="Collection currency"
    )
    debt_overdue_amount = fields.Monetary(
        string="Overdue",
        currency_field="debt_currency_id",
        compute="_compute_debt_figures",
    )
    debt_oldest_overdue_days = fields.Integer(
        string="Oldest overdue (days)", compute="_compute_debt_figures"
    )
    debt_has_overdue = fields.Boolean(
        string="Has overdue invoices",
        compute="_compute_debt_figures",
        search="_search_debt_has_overdue",
    )
    debt_promise_count = fields.Integer(compute="_compute_debt_counts")
    debt_promise_kept_rate = fields.Integer(
        string="Promises kept (%)",
        compute="_compute_debt_promise_kept_rate",
        help="Share of this debtor's promises of the last 12 months that were kept, "
        "fully or in part.",
    )
    debt_promise_kept_known = fields.Boolean(compute="_compute_debt_promise_kept_rate")
    debt_dispute_count = fields.Integer(compute="_compute_debt_counts")
    debt_contact_count = fields.Integer(compute="_compute_debt_counts")
    debt_placement_count = fields.Integer(compute="_compute_debt_counts")

    _debt_contact_hours = models.Constraint(
        "CHECK(debt_contact_hour_from >= 0 AND debt_contact_hour_to <= 24"
        " AND debt_contact_hour_from < debt_contact_hour_to)",
        "Contact hours must lie within the day, the start before the end.",
    )

    # One score per company (company-dependent jsonb): each within 0..100.
    _debt_score_range = models.Constraint(
        "CHECK(debt_score IS NULL"
        " OR NOT jsonb_path_exists(debt_score, '$.* ? (@ < 0 || @ > 100)'))",
        "The likelihood to pay is a score from 0 to 100.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("is_company", "vat")
    def _compute_debt_consumer(self):
        """A person without a VAT number is taken for a consumer until told otherwise."""
        for partner in self:
            partner.debt_consumer = not partner.is_company and not partner.vat

    def _compute_debt_hold_summary(self):
        """What the debtor's open promises and disputes hold, in one line."""
        commercial = self.commercial_partner_id
        promises = self.env["debt.promise"].search(
            [("partner_id", "in", commercial.ids), ("state", "=", "open")]
        )
        disputes = self.env["debt.dispute"].search(
            [("partner_id", "in", commercial.ids), ("state", "=", "open")]
        )
        for partner in self:
            debtor = partner.commercial_partner_id
            parts = [
                self.env._(
                    "promise to pay %(amount)s by %(date)s",
                    amount=formatLang(self.env, p.amount, currency_obj=p.currency_id),
                    date=format_date(self.env, p.promised_date),
                )
                for p in promises.filtered(lambda p, d=debtor: p.partner_id == d)
            ]
            parts += [
                self.env._("dispute on %(invoice)s", invoice=d.move_id.name)
                for d in disputes.filtered(lambda d, debtor=debtor: d.partner_id == debtor)
            ]
            partner.debt_hold_summary = "; ".join(parts)

    @api.model
    def _read_group_debt_stage_id(self, stages, domain):
        """The kanban shows the whole ladder, empty stages included."""
        return stages.search([("company_id", "in", self.env.companies.ids)])

    @api.model
    def _debt_overdue_domain(self):
        today = fields.Date.context_today(self)
        return open_invoice_domain() & Domain(
            [
                ("invoice_date_due", "<", today),
                ("company_id", "in", self.env.companies.ids),
            ]
        )

    def _compute_debt_figures(self):
        today = fields.Date.context_today(self)
        commercial = self.commercial_partner_id
        overdue = self._debt_overdue_domain() & Domain(
            "commercial_partner_id", "in", commercial.ids
        )
        figures = {
            partner: (amount, oldest_due)
            for partner, amount, oldest_due in self.env["account.move"]._read_group(
                overdue,
                ["commercial_partner_id"],
                ["amount_residual_signed:sum", "invoice_date_due:min"],
            )
        }
        for partner in self:
            debtor = partner.commercial_partner_id
            amount, oldest_due = figures.get(debtor, (0.0, None))
            partner.debt_currency_id = self.env.company.currency_id
            partner.debt_overdue_amount = amount
            partner.debt_has_overdue = bool(oldest_due)
            partner.debt_oldest_overdue_days = (today - oldest_due).days if oldest_due else 0

    def _search_debt_has_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        Move = self.env["account.move"]
        query = Move._search(self._debt_overdue_domain())
        debtors = query.subselect(Move._field_to_sql(query.table, "commercial_partner_id", query))
        has_overdue = Domain("commercial_partner_id", "in", debtors)
        if True in value and False in value:
            return Domain.TRUE
        return has_overdue if True in value else ~has_overdue

    def _compute_debt_promise_kept_rate(self):
        rates = self.env["debt.promise"]._kept_rates("partner_id", self.commercial_partner_id.ids)
        for partner in self:
            rate = rates.get(partner.commercial_partner_id.id)
            # No decided promise: the rate is undefined (shown empty), not 0.
            partner.debt_promise_kept_known = rate is not None
            partner.debt_promise_kept_rate = rate or 0

    def _compute_debt_counts(self):
        """Smart-button counts of the commercial partner's records, one query per model."""
        commercial = self.commercial_partner_id
        for field_name, model in (
            ("debt_promise_count", "debt.promise"),
            ("debt_dispute_count", "debt.dispute"),
            ("debt_contact_count", "debt.contact"),
            ("debt_placement_count", "debt.placement"),
        ):
            counts = dict.fromkeys(commercial, 0)
            for partner, count in self.env[model]._read_group(
                [("partner_id", "child_of", commercial.ids)], ["partner_id"], ["__count"]
            ):
                counts[partner.commercial_partner_id] = (
                    counts.get(partner.commercial_partner_id, 0) + count
                )
            for partner in self:
                partner[field_name] = counts[partner.commercial_partner_id]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _debt_action(self, xmlid, extra_context=None):
        """The action ``xmlid`` restricted to this debtor, with it as default."""
        self.ensure_one()
        debtor = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "child_of", debtor.id)]
        action["context"] = {"default_partner_id": debtor.id, **(extra_context or {})}
        return action

    def action_debt_view_promises(self):
        self._debt_authorize("action_debt_view_promises")
        return self._debt_action("debt_recovery.action_debt_promise")

    def action_debt_view_disputes(self):
        self._debt_authorize("action_debt_view_disputes")
        return self._debt_action("debt_recovery.action_debt_dispute")

    def action_debt_view_contacts(self):
        self._debt_authorize("action_debt_view_contacts")
        return self._debt_action("debt_recovery.action_debt_contact")

    def action_debt_view_placements(self):
        self._debt_authorize("action_debt_view_placements")
        return self._debt_action("debt_recovery.action_debt_placement")

    def action_debt_view_overdue_invoices(self):
        self._debt_authorize("action_debt_view_overdue_invoices")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("debt_recovery.action_debt_invoices")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_filter_overdue": 1}
        return action

    def action_debt_log_call(self):
        """Log a call with the debtor (outcome, callback), in a dialog."""
        self._debt_authorize("action_debt_log_call")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a call"),
            "res_model": "debt.call.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def action_debt_record_promise(self):
        self._debt_authorize("action_debt_record_promise")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery.action_debt_promise_wizard"
        )
        action["context"] = {"default_partner_id": self.commercial_partner_id.id, "debt_stay": True}
        return action

    def action_debt_open_dispute(self):
        """A new dispute, on the debtor's oldest overdue invoice to start with."""
        self._debt_authorize("action_debt_open_dispute")
        self.ensure_one()
        oldest = self.env["account.move"].search(
            self._debt_overdue_domain()
            & Domain("commercial_partner_id", "=", self.commercial_partner_id.id),
            order="invoice_date_due, id",
            limit=1,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open a dispute"),
            "res_model": "debt.dispute",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_move_id": oldest.id,
                "default_amount": oldest.amount_residual,
                "debt_partner_id": self.commercial_partner_id.id,
            },
        }

    def action_debt_propose_placement(self):
        """Place the debtor with an agency (a draft for a manager, or at once)."""
        self._debt_authorize("action_debt_propose_placement")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery.action_debt_placement_wizard"
        )
        action["context"] = {"active_model": "res.partner", "active_ids": self.ids}
        return action

    def action_debt_send_reminder(self):
        """Preview and send the reminder of the debtor's current stage."""
        self._debt_authorize("action_debt_send_reminder")
        self.ensure_one()
        return self.env["debt.reminder.wizard"]._action_open(self.commercial_partner_id)

    def action_debt_print_statement(self):
        self._debt_authorize("action_debt_print_statement")
        self.ensure_one()
        return self.env.ref("debt_recovery.action_report_debt_statement").report_action(
            self.commercial_partner_id
        )
