"""19.0.1.3.0: the segment's explanation is worded when it is read (in the
reader's language) from the figures the run stores, so its column goes; and
``debt_item.move_id`` keeps only the index of its UNIQUE constraint (the run
inserted each invoice's item into both)."""

from psycopg2 import sql


def migrate(cr, version):
    cr.execute(sql.SQL("ALTER TABLE res_partner DROP COLUMN IF EXISTS debt_segment_explanation"))
    cr.execute(sql.SQL("DROP INDEX IF EXISTS debt_item__move_id_index"))
