from . import portal
from . import placement
from . import pay_all
from . import statement
