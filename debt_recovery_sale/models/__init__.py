from . import debt_credit_rule
from . import debt_credit_release
from . import res_partner
from . import res_partner_credit
from . import debt_credit_hold_mixin
from . import sale_order
from . import account_partial_reconcile
