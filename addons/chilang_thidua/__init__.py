from . import controllers, models, wizard
from . import report
from .hooks import post_init_hook
