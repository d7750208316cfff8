from . import debt_promise_wizard
