from odoo import api, models

PRECOMMIT_KEY = "debt_recovery.promise_ids"


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS account: a payment that completes a promise keeps it at once,
        # without waiting for the daily run. The promises are decided just
        # before the commit, once the reconciliation is complete and balanced.
        partials = super().create(vals_list)
        moves = partials.debit_move_id.move_id.filtered(lambda m: m.move_type == "out_invoice")
        promises = moves.sudo().debt_promise_ids.filtered(lambda p: p.state == "open")
        if promises:
            pending = self.env.cr.precommit.data.setdefault(PRECOMMIT_KEY, set())
            if not pending:
                self.env.cr.precommit.add(self._debt_evaluate_promises)
            pending.update(promises.ids)
        return partials

    def _debt_evaluate_promises(self):
        promise_ids = self.env.cr.precommit.data.pop(PRECOMMIT_KEY, set())
        promises = self.env["debt.promise"].sudo().browse(promise_ids).exists()
        promises._evaluate(promises=promises)
