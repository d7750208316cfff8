from . import test_install
from . import test_security
from . import test_constraints
from . import test_holds
from . import test_debtor
from . import test_daily_run
from . import test_daily_run_workers
from . import test_segmentation
