from . import thidua_statistics_report_mixin
from . import thidua_return_wizard
from . import mail_compose_message
from . import thidua_award_report_0603
from . import base_import
from . import thidua_statistics_report
from . import thidua_sign_wizard
