"""19.0.1.2.0: the reminder email and SMS gain the pay-all link and the
statement link (the statement is no longer attached by default).

The templates are ``noupdate``: an upgrade would keep the old text, and
debtors of an existing database would lose the statement. A template no
person has edited (last written by the superuser, as at install) is
reloaded from the data file this once; an edited one is kept, and its
company's managers add the links themselves (see the README's upgrade notes).
post-migrate puts ``noupdate`` back.
"""

TEMPLATES = {
    "mail.template": ("mail_template", "mail_template_debt_reminder"),
    "sms.template": ("sms_template", "sms_template_debt_reminder"),
}


def migrate(cr, version):
    for model, (table, name) in TEMPLATES.items():
        cr.execute(
            f"""
            UPDATE ir_model_data d
               SET noupdate = false
              FROM {table} t
             WHERE d.module = 'debt_recovery' AND d.model = %s AND d.name = %s
               AND t.id = d.res_id AND t.write_uid = 1
            """,  # noqa: S608 - table names are the constants above
            [model, name],
        )
