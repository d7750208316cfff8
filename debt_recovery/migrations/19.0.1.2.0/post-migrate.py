"""19.0.1.2.0: segment pace and reminder caps moved from columns of
``res_company`` to small tables (``debt.segment.pace``, ``debt.channel.cap``).

Each company gets a row per segment and channel with the value it had; a
company without the old columns gets core's defaults. Odoo drops the old
columns at the end of the upgrade, once their fields are gone.
"""

from psycopg2 import sql

from odoo import SUPERUSER_ID, api

OLD_COLUMNS = {
    "_debt_set_pace": {
        "good": "debt_offset_good",
        "first_time": "debt_offset_first_time",
        "lethargic": "debt_offset_lethargic",
        "bad_debt": "debt_offset_bad_debt",
        "no_return": "debt_offset_no_return",
    },
    "_debt_set_caps": {
        "email": "debt_cap_email",
        "sms": "debt_cap_sms",
        "letter": "debt_cap_letter",
        "phone": "debt_cap_phone",
    },
}


def _old_values(cr, columns):
    """{company id: {code: value}} from the old columns that still exist."""
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'res_company' AND column_name = ANY(%s)
        """,
        [list(columns.values())],
    )
    present = {name for (name,) in cr.fetchall()}
    codes = [code for code, name in columns.items() if name in present]
    if not codes:
        return {}
    names = sql.SQL(", ").join(sql.Identifier(columns[code]) for code in codes)
    cr.execute(sql.SQL("SELECT id, {} FROM res_company").format(names))
    return {
        company_id: {
            code: value for code, value in zip(codes, values, strict=False) if value is not None
        }
        for company_id, *values in cr.fetchall()
    }


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].with_context(active_test=False).search([])
    for setter, columns in OLD_COLUMNS.items():
        for company_id, values in _old_values(cr, columns).items():
            getattr(companies.browse(company_id), setter)(values)
    companies._debt_default_settings()
