"""A debtor's credit facts in one company, gathered for many debtors at once,
and the credit decision of ``core.credit`` on them."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import format_date

from odoo.addons.debt_recovery.core.claim import STATEMENT
from odoo.addons.debt_recovery.core.placements import ACTIVE_PLACEMENT_STATES

from ..core.credit import CreditDecision, DebtorCredit, evaluate


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # FACTS (self: commercial partners; read as superuser, filtered by company)
    # ------------------------------------------------------------

    def _debt_credit_receivables(self, company, today):
        """{partner id: open receivables in company currency}: per currency, what the
        debtor's claim (debt_recovery's ``_debt_claim``, as on the statement: every
        open invoice, held or not, no charges) finds open, less the debtor's
        unapplied credits the claim deducts there (credit notes, payments not
        matched yet); converted at ``today``'s rate.

        A promise or a dispute holds what is claimed, not the risk: held invoices
        count. A credit in a currency no invoice is open in counts for nothing, as
        in the claim. The claim is read per debtor (a constant number of queries
        each, whatever its invoices).
        """
        receivables = {}
        for partner in self:
            claims = partner._debt_claim(company, today, STATEMENT, charges=False)
            receivables[partner.id] = sum(
                currency._convert(
                    float(claim.open - claim.credit_applied - claim.credit_left),
                    company.currency_id,
                    company,
                    today,
                )
                for currency, claim in claims.items()
            )
        return receivables

    def _debt_credit_orders(self, company, today):
        """{partner id: confirmed orders not yet invoiced}: Odoo's amount to invoice of
        each confirmed order, converted to company currency at ``today``'s rate
        (once per currency)."""
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("partner_invoice_id.commercial_partner_id", "in", self.ids),
                ],
                ["currency_id", "partner_invoice_id"],
            )
        )
        per_currency = defaultdict(float)
        for order in orders:
            key = (order.partner_invoice_id.commercial_partner_id.id, order.currency_id)
            per_currency[key] += order.amount_to_invoice
        amounts = defaultdict(float)
        for (partner_id, currency), amount in per_currency.items():
            amounts[partner_id] += currency._convert(amount, company.currency_id, company, today)
        return amounts

    def _debt_credit_stages(self, company, ranks):
        """{partner id: (stage id, rank)} of the furthest stage of its open invoices."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", self.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("amount_residual", ">", 0),
                    ("debt_item_ids.stage_id", "!=", False),
                ]
            )
        )
        worst = {}
        for move in moves:
            stage = move.debt_item_ids[:1].stage_id
            rank = ranks.get(stage.id)
            partner_id = move.commercial_partner_id.id
            if rank is not None and (partner_id not in worst or rank > worst[partner_id][1]):
                worst[partner_id] = (stage.id, rank)
        return worst

    def _debt_credit_facts(self, company, today, ranks):
        """{commercial partner id: core ``DebtorCredit``} in ``company``."""
        partners = self.commercial_partner_id.sudo().with_company(company)
        receivables = partners._debt_credit_receivables(company, today)
        orders = partners._debt_credit_orders(company, today)
        stages = partners._debt_credit_stages(company, ranks)
        domain = [
            ("company_id", "=", company.id),
            ("partner_id.commercial_partner_id", "in", partners.ids),
        ]
        broken = defaultdict(list)
        for partner, closed in (
            self.env["debt.promise"]
            .sudo()
            ._read_group(domain + [("state", "=", "broken")], ["partner_id"], ["date_closed:max"])
        ):
            if closed:
                broken[partner.commercial_partner_id.id].append(closed)
        placed = {
            partner.commercial_partner_id.id
            for [partner] in self.env["debt.placement"]
            .sudo()
            ._read_group(domain + [("state", "in", ACTIVE_PLACEMENT_STATES)], ["partner_id"])
        }
        facts = {}
        for partner in partners:
            stage_id, rank = stages.get(partner.id, (None, None))
            facts[partner.id] = DebtorCredit(
                receivables=receivables.get(partner.id, 0.0),
                orders=orders.get(partner.id, 0.0),
                limit=partner.debt_credit_limit or partner.credit_limit or 0.0,
                exempt=partner.debt_credit_exempt,
                worst_stage_id=stage_id,
                worst_stage_sequence=rank,
                last_broken_promise=max(broken[partner.id]) if broken[partner.id] else None,
                segment=partner.debt_segment or None,
                placed=partner.id in placed,
                insolvent=partner.debt_insolvent,
            )
        return facts

    # ------------------------------------------------------------
    # DECISION
    # ------------------------------------------------------------

    def _debt_credit_decide(self, company, new_amount=0.0, documents=frozenset(), today=None):
        """The core ``CreditDecision`` for this debtor taking ``new_amount`` (company
        currency) more business on ``documents`` in ``company``."""
        self.ensure_one()
        rules = self.env["debt.credit.rule"].sudo().search([("company_id", "=", company.id)])
        if not rules:
            return CreditDecision(new_amount=new_amount)
        today = today or fields.Date.context_today(self)
        partner = self.commercial_partner_id
        ranks = rules._debt_stage_ranks(company)
        facts = partner._debt_credit_facts(company, today, ranks)[partner.id]
        releases = (
            self.env["debt.credit.release"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", partner.id),
                    "|",
                    ("until", "=", False),
                    ("until", ">=", today),
                ]
            )
        )
        return evaluate(
            facts,
            rules._debt_core_rules(ranks),
            today=today,
            new_amount=new_amount,
            releases=[release._debt_core_release() for release in releases],
            documents=documents,
            digits=company.currency_id.decimal_places,
        )

    def _debt_credit_explain(self, decision, company):
        """The decision in words, one line per rule that fired, with its figures."""
        currency = company.currency_id
        rules = self.env["debt.credit.rule"].sudo().browse([f.rule_id for f in decision.findings])
        segments = dict(self._fields["debt_segment"]._description_selection(self.env))
        lines = []
        for finding, rule in zip(decision.findings, rules, strict=True):
            figures = finding.figures
            text = {
                "credit_limit": lambda f=figures: self.env._(
                    "Credit limit exceeded: exposure %(exposure)s against a limit of %(limit)s"
                    " (open invoices %(receivables)s, orders to invoice %(orders)s,"
                    " this order %(new)s; %(excess)s over).",
                    exposure=currency.format(f["exposure"]),
                    limit=currency.format(f["limit"]),
                    receivables=currency.format(f["receivables"]),
                    orders=currency.format(f["orders"]),
                    new=currency.format(f["new_amount"]),
                    excess=currency.format(f["excess"]),
                ),
                "stage_reached": lambda f=figures: self.env._(
                    "An open invoice reached the collection stage %(stage)s.",
                    stage=self.env["debt.stage"].sudo().browse(f["stage_id"]).name,
                ),
                "broken_promise": lambda f=figures: self.env._(
                    "A promise to pay was broken on %(date)s (within %(days)s days).",
                    date=format_date(self.env, f["date"]),
                    days=f["days"],
                ),
                "segment": lambda f=figures: self.env._(
                    "The debtor is in the segment %(segment)s.",
                    segment=segments.get(f["segment"], f["segment"]),
                ),
                "placed": lambda: self.env._("Debts of this debtor are placed with an agency."),
                "insolvent": lambda: self.env._("The debtor is insolvent."),
            }[finding.kind]()
            prefix = (
                self.env._("Blocked")
                if finding.action == "block" and decision.release_id is None
                else self.env._("Warning")
            )
            line = f"{prefix}: {text}"
            if rule.note:
                line = f"{line} {rule.note}"
            lines.append(line)
        if decision.blocking and decision.release_id:
            release = self.env["debt.credit.release"].sudo().browse(decision.release_id)
            lines.append(
                self.env._(
                    "Released by %(user)s: %(reason)s",
                    user=release.user_id.name,
                    reason=release.reason,
                )
            )
        return "\n".join(lines)

    def _debt_credit_log(self, company, summary, note=None):
        """One row in the collection contact log: what credit management decided.

        Not a contact made with the debtor ("skipped"): it counts for no
        frequency cap of the reminders.
        """
        self.ensure_one()
        return (
            self.env["debt.contact"]
            .sudo()
            .create(
                {
                    "partner_id": self.commercial_partner_id.id,
                    "company_id": company.id,
                    "channel": "other",
                    "outcome": "skipped",
                    "summary": summary,
                    "note": note,
                    "user_id": self.env.user.id,
                }
            )
        )

    @api.model
    def _debt_credit_hold_models(self):
        """The models whose documents the credit rules hold (debt.credit.hold.mixin)."""
        return [
            name
            for name in self.env.registry.descendants(["debt.credit.hold.mixin"], "_inherit")
            if not self.env[name]._abstract
        ]

    def _debt_credit_recheck(self, company):
        """Debtors whose payments came in: let their held business that now passes
        the credit rules go on."""
        for name in self._debt_credit_hold_models():
            self.env[name]._debt_credit_lift_held(self.commercial_partner_id, company)

    @api.model
    def _debt_credit_held_debtors(self):
        """{company: debtors} with business on credit hold."""
        held = {}
        for name in self._debt_credit_hold_models():
            for company, partners in self.env[name]._debt_credit_held_debtors().items():
                held[company] = held.get(company, self.browse()) | partners
        return held

    @api.model
    def _cron_debt_credit_release(self):
        """Daily: release the held business of debtors back within the credit rules
        (a promise broken long ago, a placement closed, a limit raised)."""
        for company, partners in self._debt_credit_held_debtors().items():
            partners.with_company(company)._debt_credit_recheck(company)
