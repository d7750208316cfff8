"""Settings for the few statements that read a whole ledger at once."""

from contextlib import contextmanager

from odoo.tools import SQL


@contextmanager
def without_jit(cr):
    """PostgreSQL JIT-compiles a statement whose estimated cost is high (by
    default above ``jit_above_cost``). A snapshot over every receivable item
    is such a statement, and at 100,000 invoices compiling it took 1.3 s of
    its 2.0 s. JIT is off for the block, then back as it was (the setting
    is local to the transaction; a failed block leaves it to the rollback)."""
    cr.execute(SQL("SELECT current_setting('jit'), set_config('jit', 'off', true)"))
    previous = cr.fetchone()[0]
    yield
    cr.execute(SQL("SELECT set_config('jit', %s, true)", previous))
