"""19.0.1.1.0: the collector set before the upgrade works the debtor in every
company (see pre-migrate); managers may then change it per company."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_partner' AND column_name = 'debt_collector_id_v1'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        UPDATE res_partner p
           SET debt_collector_id = (
               SELECT jsonb_object_agg(c.id::text, p.debt_collector_id_v1) FROM res_company c)
         WHERE p.debt_collector_id_v1 IS NOT NULL
        """
    )
    cr.execute("ALTER TABLE res_partner DROP COLUMN debt_collector_id_v1")
