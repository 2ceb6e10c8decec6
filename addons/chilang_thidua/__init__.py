from . import controllers, models, wizard
from . import report
