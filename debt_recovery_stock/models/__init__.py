from . import debt_credit_release
from . import res_partner
from . import stock_picking
