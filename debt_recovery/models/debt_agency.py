from odoo import api, fields, models

from ..core.letters import DEBTOR_PAYS
from ..core.placements import ACTIVE_PLACEMENT_STATES, AGENCY_KINDS, PACKAGE_SCOPES

MANAGER = "debt_recovery.group_debt_manager"


class DebtAgency(models.Model):
    _name = "debt.agency"
    _description = "Collection Agency or Law Firm"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection(AGENCY_KINDS, required=True, default="agency", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        check_company=True,
        help="The agency or law firm as a contact: address, email, phone.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    debtor_pays = fields.Selection(
        DEBTOR_PAYS,
        string="Debtor pays",
        required=True,
        default="creditor",
        tracking=True,
        help="Whom the notice of hand-over tells the debtor to pay. 'The agency': its "
        "contact's bank account is on the notice.",
    )
    commission_rate = fields.Float(
        string="Commission (%)",
        digits=(5, 2),
        tracking=True,
        help="Share of the amount recovered that the agency keeps.",
    )
    sla_first_contact_days = fields.Integer(
        string="First contact within (days)",
        default=5,
        help="The agency must contact the debtor within this many days of placement.",
    )
    sla_report_days = fields.Integer(
        string="Status report every (days)",
        default=30,
    )
    accepted_formats = fields.Char(
        default="ZIP package (manifest JSON/XML, CSV, PDF); status files CSV or JSON",
        help="What the agency takes and sends back, as agreed with it.",
    )
    note = fields.Html()

    # === Delivery (manager only: credentials are never shown to clerks) === #
    endpoint_url = fields.Char(
        string="Delivery endpoint",
        groups=MANAGER,
        help="HTTPS address to which export packages are pushed.",
    )
    endpoint_host = fields.Char(
        string="Endpoint host",
        groups=MANAGER,
        help="The agency's host name as agreed with it (e.g. upload.agency.example): "
        "packages go over HTTPS to this host only.",
    )
    endpoint_username = fields.Char(string="Endpoint user", groups=MANAGER)
    endpoint_secret = fields.Char(string="Endpoint secret", groups=MANAGER, copy=False)

    # === What the agency receives (data minimisation) === #
    package_scope = fields.Selection(
        PACKAGE_SCOPES,
        string="Documents sent",
        required=True,
        default="placed",
        tracking=True,
        help="Placed invoices: the files, letters, mails and contacts of the placed "
        "invoices only. Whole debtor: also what is kept on the debtor in this company.",
    )
    package_internal_notes = fields.Boolean(
        string="Send internal notes",
        tracking=True,
        help="Add the debtor's collection notes, the placement's note and the notes of "
        "the contact log to the package.",
    )

    placement_ids = fields.One2many("debt.placement", "agency_id")
    placement_count = fields.Integer(compute="_compute_placement_stats")
    amount_placed_open = fields.Monetary(
        string="Open placed amount",
        currency_field="currency_id",
        compute="_compute_placement_stats",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _commission_range = models.Constraint(
        "CHECK(commission_rate >= 0 AND commission_rate <= 100)",
        "The commission is a percentage between 0 and 100.",
    )
    _sla_positive = models.Constraint(
        "CHECK(sla_first_contact_days >= 0 AND sla_report_days >= 0)",
        "SLA delays cannot be negative.",
    )
    _company_name_uniq = models.Constraint(
        "UNIQUE(company_id, name)",
        "An agency with this name already exists in this company.",
    )

    @api.depends("placement_ids.state", "placement_ids.amount_placed")
    def _compute_placement_stats(self):
        groups = self.env["debt.placement"]._read_group(
            [("agency_id", "in", self.ids)],
            ["agency_id", "state"],
            ["__count", "amount_placed:sum"],
        )
        count = dict.fromkeys(self, 0)
        open_amount = dict.fromkeys(self, 0.0)
        for agency, state, n, amount in groups:
            count[agency] += n
            if state in ACTIVE_PLACEMENT_STATES:
                open_amount[agency] += amount
        for agency in self:
            agency.placement_count = count.get(agency, 0)
            agency.amount_placed_open = open_amount.get(agency, 0.0)

    def action_view_placements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery.action_debt_placement"
        )
        action["domain"] = [("agency_id", "=", self.id)]
        action["context"] = {"default_agency_id": self.id}
        return action
