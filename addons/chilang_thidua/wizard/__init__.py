from . import thidua_registration_return_wizard
