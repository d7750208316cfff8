from . import debt_credit_release
from . import stock_picking
