from . import test_credit_hold
from . import test_credit_release
from . import test_credit_exposure
from . import test_credit_views
from . import test_credit_tour
from . import test_credit_rpc
