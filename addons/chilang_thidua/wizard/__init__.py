from . import thidua_registration_return_wizard
from . import thidua_dossier_return_wizard
from . import thidua_result_report_return_wizard
