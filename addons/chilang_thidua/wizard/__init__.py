from . import thidua_return_wizard
