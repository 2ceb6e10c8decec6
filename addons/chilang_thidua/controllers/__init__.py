from . import portal
from . import portal_result
