from . import portal
from . import placement
