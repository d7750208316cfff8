from . import debt_credit_release_wizard
