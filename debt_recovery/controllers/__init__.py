from . import portal
from . import placement
from . import statement
