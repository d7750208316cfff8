"""19.0.1.2.0: segment pace and reminder caps moved from columns of
``res_company`` to small tables (``debt.segment.pace``, ``debt.channel.cap``).

Each company gets a row per segment and channel with the value it had; a
company without the old columns gets core's defaults. Odoo drops the old
columns at the end of the upgrade, once their fields are gone.
"""

from io import BytesIO

from lxml import etree
from psycopg2 import sql

from odoo import SUPERUSER_ID, api
from odoo.tools import file_path
from odoo.tools.convert import convert_xml_import

REMINDER_TEMPLATES = {
    "mail_template_debt_reminder": "data/mail_template_data.xml",
    "sms_template_debt_reminder": "data/sms_template_data.xml",
}

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
    _reload_untouched_templates(env)


def _reload_untouched_templates(env):
    """The reminder templates pre-migrate found unedited get the new text
    (the data file is noupdate, so the upgrade itself skips them); then they
    are noupdate again, so later edits survive upgrades."""
    env.cr.execute(
        "SELECT name FROM ir_model_data WHERE module = 'debt_recovery' AND name = ANY(%s)"
        " AND NOT noupdate",
        [list(REMINDER_TEMPLATES)],
    )
    for (name,) in env.cr.fetchall():
        tree = etree.parse(file_path(f"debt_recovery/{REMINDER_TEMPLATES[name]}"))
        root = etree.Element("odoo")
        root.extend(node for node in tree.iter("record") if node.get("id") == name)
        records = BytesIO(etree.tostring(root))
        records.name = REMINDER_TEMPLATES[name]  # what the import names in its messages
        convert_xml_import(env, "debt_recovery", records, mode="init")
    env.cr.execute(
        "UPDATE ir_model_data SET noupdate = true"
        " WHERE module = 'debt_recovery' AND name = ANY(%s)",
        [list(REMINDER_TEMPLATES)],
    )
