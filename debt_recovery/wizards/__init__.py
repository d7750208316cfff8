from . import debt_promise_wizard
from . import debt_reminder_wizard
from . import debt_call_wizard
from . import debt_placement_import
from . import debt_placement_wizard
from . import debt_write_off_wizard
from . import debt_interest_waiver_wizard
