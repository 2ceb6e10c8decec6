from . import thidua_dossier_return_wizard
