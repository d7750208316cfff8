"""19.0.1.1.0: what collections decides about a debtor became per company
(company-dependent jsonb columns on res_partner).

The collector is a person's choice: kept aside here and given to every
company in post-migrate. Stage, priority and segment are the daily run's
results: dropped, the next run writes them per company (segmentation runs
again as its date is gone).
"""

from psycopg2 import sql

KEPT = ("debt_collector_id",)
RECOMPUTED = (
    "debt_priority",
    "debt_stage_id",
    "debt_segment",
    "debt_score",
    "debt_segment_explanation",
    "debt_segment_data",
    "debt_segment_date",
)


def _plain_columns(cr, names):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'res_partner' AND column_name = ANY(%s) AND udt_name != 'jsonb'
        """,
        [list(names)],
    )
    return [name for (name,) in cr.fetchall()]


def migrate(cr, version):
    for name in _plain_columns(cr, KEPT):
        cr.execute(
            sql.SQL("ALTER TABLE res_partner RENAME COLUMN {} TO {}").format(
                sql.Identifier(name), sql.Identifier(f"{name}_v1")
            )
        )
    for name in _plain_columns(cr, RECOMPUTED):
        cr.execute(
            sql.SQL("ALTER TABLE res_partner DROP COLUMN {} CASCADE").format(sql.Identifier(name))
        )
