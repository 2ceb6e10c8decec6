from . import thidua_return_wizard
from . import mail_compose_message
