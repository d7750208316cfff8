import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# How many days after the due date each kind of payer pays (low, high).
PAY_DELAYS = {"prompt": (-5, 3), "late": (3, 26), "slow": (12, 48)}
PRODUCTS = [
    "Ball bearings, assorted",
    "Hydraulic hoses",
    "Conveyor belt sections",
    "Pneumatic fittings",
    "Drive chains",
    "Safety valves",
    "Gear motors",
    "Maintenance contract, monthly",
]


class DebtDemo(models.AbstractModel):
    """Steps of the demo data that XML cannot express: the demo companies'
    accounting, a year of invoices and payments, payments, the daily run on
    past days, and decisions taken in the past.

    Called from ``demo/debt_recovery_demo.xml`` through ``<function>``, in
    the order things happened: the payments go through Odoo's
    register-payment wizard, so reconciliation and residuals are Odoo's own,
    and the stages come from the real daily run, run once per past day.
    """

    _name = "debt.demo"
    _description = "Collections demo data"

    def _day(self, days_ago):
        return fields.Date.context_today(self) - timedelta(days=days_ago)

    @api.model
    def _stage(self, stage_xmlid):
        """The stage of the current company with the code of ``stage_xmlid``
        (the main company's): each company has its own copy of the ladder."""
        code = self.env.ref(stage_xmlid).code
        return self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("code", "=", code)], limit=1
        )

    # === Companies === #

    @api.model
    def _setup_company(self, company_xmlid, iban, bank_name, bic, jurisdiction):
        """Odoo's generic chart of accounts in the company's own currency, no
        default taxes, the late-payment law, and the bank account letters
        print (with its IBAN: the EPC QR code on euro letters)."""
        company = self.env.ref(company_xmlid)
        currency = company.currency_id
        self.env["account.chart.template"]._load("generic_coa", company, install_demo=False)
        company.write(
            {
                "currency_id": currency.id,  # the chart sets its fiscal country's
                "account_fiscal_country_id": company.country_id.id,
                "account_sale_tax_id": False,
                "account_purchase_tax_id": False,
                "debt_jurisdiction": jurisdiction,
            }
        )
        bank = self.env["res.bank"].create({"name": bank_name, "bic": bic})
        # Trusted, so that invoices (a clerk's charge invoice) can be posted to
        # it: Odoo lets OdooBot trust an account only while loading demo data.
        account = (
            self.env["res.partner.bank"]
            .with_context(install_mode=True)
            .create(
                {
                    "partner_id": company.partner_id.id,
                    "acc_number": iban,
                    "bank_id": bank.id,
                    "allow_out_payment": True,
                }
            )
        )
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        journal.bank_account_id = account

    @api.model
    def _enable_demo_payment(self, company_xmlids):
        """Odoo's demo payment provider, in test mode, for the demo companies,
        when ``payment_demo`` is installed (tools/demo.sh installs it first)."""
        provider = self.env.ref("payment.payment_provider_demo", raise_if_not_found=False)
        if not provider or provider.module_id.state != "installed":
            return
        Provider = self.env["payment.provider"]
        Provider._setup_provider("demo")  # a copy for each company that lacks one
        companies = self.env["res.company"].browse([self.env.ref(x).id for x in company_xmlids])
        Provider.search([("code", "=", "demo"), ("company_id", "in", companies.ids)]).write(
            {"state": "test", "is_published": True}
        )

    @api.model
    def _load_languages(self, codes):
        """Activate ``codes`` from Odoo's own translation files (offline), with
        this module's terms; a no-op when tools/demo.sh loaded them already."""
        langs = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "in", codes), ("active", "=", False)])
        )
        if not langs:
            return
        langs.active = True
        modules = self.env["ir.module.module"].search(
            ["|", ("state", "=", "installed"), ("name", "=", "debt_recovery")]
        )
        modules._update_translations(langs.mapped("code"))

    # === A year of business === #

    @api.model
    def _history(self, customers, months=13, seed=7):
        """Invoices of the last ``months`` months for ``customers`` ([(partner
        xmlid, payer kind, invoices a month, typical amount[, until days ago])]),
        in the current company, paid as that kind of payer pays: what is due in the future or
        not paid yet stays open. Some are paid in two parts, some get a credit
        note, a few are settled with a promise kept or broken on the way."""
        rng = random.Random(seed)
        today = fields.Date.context_today(self)
        start = today - relativedelta(months=months)
        vals, kinds = [], []
        for xmlid, kind, per_month, amount, *until in customers:
            partner = self.env.ref(xmlid)
            day = start + timedelta(days=rng.randint(0, 9))
            while day < today - timedelta(days=until[0] if until else 1):
                price = round(amount * rng.uniform(0.6, 1.4), -1)
                vals.append(self._invoice_vals(partner, day, price, rng))
                kinds.append(kind)
                day += timedelta(days=max(2, 30 // per_month + rng.randint(-3, 3)))
        moves = self.env["account.move"].create(vals)
        moves.action_post()
        # a credit note for a tenth of some invoices, a week after them
        self._credit_notes(
            [(move, round(move.amount_total * 0.1, 2)) for move in moves if rng.random() < 0.07]
        )
        payments = []  # (invoice, amount or None for the rest, date)
        for move, kind in zip(moves, kinds, strict=True):
            low, high = PAY_DELAYS[kind]
            paid_on = move.invoice_date_due + timedelta(days=rng.randint(low, high))
            if paid_on > today:
                continue
            if rng.random() < 0.1:  # paid in two parts
                first = paid_on - timedelta(days=rng.randint(8, 20))
                if first > move.invoice_date:
                    payments.append((move, round(move.amount_residual / 2, 2), first))
            if kind != "prompt" and rng.random() < 0.2:
                self._promise_before(move, paid_on, rng)
            payments.append((move, None, paid_on))
        self._pay_many(payments)

    def _invoice_vals(self, partner, day, price, rng):
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": day,
            "invoice_date_due": day + timedelta(days=30),
            "invoice_payment_term_id": False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": rng.choice(PRODUCTS),
                        "quantity": 1,
                        "price_unit": price,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _pay(self, move, amount, day):
        """``amount`` (the whole residual: None) on ``day``, through the wizard."""
        residual = move.amount_residual
        if not residual or day > fields.Date.context_today(self):
            return
        values = {"payment_date": day, "amount": amount or residual}
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create(values)._create_payments()

    def _pay_many(self, payments):
        """Customer payments for ``payments`` ([(invoice, amount or None for
        what is left, date)]), created and matched with their invoices in
        batch: the register-payment wizard, one payment at a time, would take
        minutes for a year of business."""
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.env.company.id), ("type", "=", "bank")], limit=1
        )
        left = {}
        vals = []
        for move, amount, day in payments:
            rest = left.setdefault(move, move.amount_residual)
            amount = min(amount or rest, rest)
            left[move] = rest - amount
            vals.append(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": move.commercial_partner_id.id,
                    "amount": amount,
                    "date": day,
                    "journal_id": journal.id,
                    "memo": move.name,
                }
            )
        records = self.env["account.payment"].create(vals)
        records.action_post()
        lines = {}
        for (move, _amount, _day), payment in zip(payments, records, strict=True):
            lines.setdefault(move, self._receivable(move))
            lines[move] |= self._receivable(payment.move_id)
        self.env["account.move.line"]._reconcile_plan(list(lines.values()))

    def _receivable(self, move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def _promise_before(self, move, paid_on, rng):
        """A promise taken on the phone a week before ``paid_on``: kept when the
        money came by its date, broken (and paid later) otherwise."""
        promised = paid_on - timedelta(days=rng.choice([1, 2, 12]))
        kept = promised >= paid_on - timedelta(days=3)
        self.env["debt.promise"].create(
            {
                "partner_id": move.commercial_partner_id.id,
                "move_ids": [Command.set(move.ids)],
                "amount": move.amount_residual,
                "date_made": promised - timedelta(days=6),
                "promised_date": promised,
                "channel": "phone",
                "user_id": self.env.ref("debt_recovery.user_collector_demo").id,
                "state": "kept" if kept else "broken",
                "amount_received": move.amount_residual if kept else 0.0,
                "date_closed": paid_on if kept else promised + timedelta(days=4),
            }
        )

    def _credit_notes(self, refunds):
        """Credit notes for part of an invoice, a week after it, applied to it."""
        if not refunds:
            return
        notes = self.env["account.move"].create(
            [
                {
                    "move_type": "out_refund",
                    "partner_id": move.partner_id.id,
                    "invoice_date": move.invoice_date + timedelta(days=7),
                    "reversed_entry_id": move.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Price correction"),
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for move, amount in refunds
            ]
        )
        notes.action_post()
        self.env["account.move.line"]._reconcile_plan(
            [
                self._receivable(move) | self._receivable(note)
                for (move, _amount), note in zip(refunds, notes, strict=True)
            ]
        )

    @api.model
    def _payment_on_account(self, partner_xmlid, amount, days_ago):
        """A payment received without saying what for: unapplied."""
        partner = self.env.ref(partner_xmlid)
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.env.company.id), ("type", "=", "bank")], limit=1
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": self._day(days_ago),
                "journal_id": journal.id,
                "memo": self.env._("Transfer without reference"),
            }
        )
        payment.action_post()

    # === The scenario's days === #

    @api.model
    def _register_payment(self, move_xmlid, amount, days_ago):
        move = self.env.ref(move_xmlid)
        self._pay(move.with_company(move.company_id), amount, self._day(days_ago))

    @api.model
    def _run_collection(self, from_days_ago=0, to_days_ago=0):
        """The daily run of every day from ``from_days_ago`` to ``to_days_ago``
        days ago, oldest first, as the cron would have run it."""
        # Every company of the demo database (a few rows), as the cron runs them.
        companies = self.env["res.company"].search([])  # pylint: disable=no-search-all
        for days_ago in range(from_days_ago, to_days_ago - 1, -1):
            self.env["debt.escalation"]._run(companies, self._day(days_ago))

    @api.model
    def _write_off(self, move_xmlids, days_ago, reason):
        """A manager's write-off ``days_ago`` days ago, as the wizard books it:
        the bad-debt entry posted and reconciled, the invoice out of collection."""
        moves = self.env["account.move"].browse([self.env.ref(x).id for x in move_xmlids])
        company = moves.company_id
        company.ensure_one()
        if not company.debt_bad_debt_account_id:
            company.debt_bad_debt_account_id = self.env["account.account"].search(
                [("company_ids", "in", company.ids), ("account_type", "=", "expense")], limit=1
            )
        wizard = (
            self.env["debt.write.off.wizard"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "move_ids": [Command.set(moves.ids)],
                    "date": self._day(days_ago),
                    "reason": reason,
                }
            )
        )
        wizard.action_confirm()

    @api.model
    def _set_stage(self, move_xmlids, stage_xmlid, days_ago=0, reason="manual"):
        """Stages entered by a manager's decision (agency, court, write-off),
        taken ``days_ago`` days ago."""
        moves = self.env["account.move"].browse([self.env.ref(x).id for x in move_xmlids])
        History = self.env["debt.stage.history"].sudo()
        before = History.search([("move_id", "in", moves.ids)])
        stage = self.with_company(moves.company_id[:1])._stage(stage_xmlid)
        self.env["debt.item"]._set_stage(moves, stage, reason)
        if not days_ago:
            return
        # debt.item._set_stage dates the decision today: move it to its day.
        day = self._day(days_ago)
        (History.search([("move_id", "in", moves.ids)]) - before).write({"date_left": day})
        for item in self.env["debt.item"].sudo().search([("move_id", "in", moves.ids)]):
            item.write(
                {
                    "stage_date": day,
                    "stage_days_overdue": (day - item.move_id.invoice_date_due).days,
                }
            )
