from odoo.tools import SQL


def pre_init_hook(env):
    """Create the stored hold columns of ``account.move`` before the ORM does.

    On an existing database the ORM would otherwise recompute them for every
    journal entry, in Python. No promise, dispute or placement exists yet, so
    the only hold at install time is Odoo's own ``no_followup`` flag, stored
    on the receivable lines: one UPDATE sets it for all invoices.
    """
    env.cr.execute(
        SQL(
            """
            ALTER TABLE account_move
                ADD COLUMN IF NOT EXISTS debt_disputed boolean,
                ADD COLUMN IF NOT EXISTS debt_disputed_amount numeric,
                ADD COLUMN IF NOT EXISTS debt_promise_id integer,
                ADD COLUMN IF NOT EXISTS debt_placement_id integer,
                ADD COLUMN IF NOT EXISTS debt_hold_reason varchar;
            UPDATE account_move m
               SET debt_hold_reason = 'no_followup'
             WHERE m.move_type = 'out_invoice'
               AND EXISTS (
                   SELECT 1 FROM account_move_line l
                    WHERE l.move_id = m.id
                      AND l.display_type = 'payment_term'
                      AND l.no_followup
               );
            """
        )
    )


def post_init_hook(env):
    """Every company that existed before the install gets the default ladder,
    reminder caps and segment pace."""
    companies = env["res.company"].search([])
    env["debt.stage"]._create_default_ladder(companies)
    companies._debt_default_settings()


def uninstall_hook(env):
    """Let the uninstall remove the stages: the rows that refer to them are
    protected by ``ON DELETE RESTRICT`` (a stage in use is archived, never
    deleted, so its history cannot be cascaded away) and go with their
    tables anyway."""
    env.cr.execute(
        SQL(
            """
            DELETE FROM debt_stage_history;
            DELETE FROM debt_item;
            UPDATE debt_contact SET stage_id = NULL WHERE stage_id IS NOT NULL;
            """
        )
    )
