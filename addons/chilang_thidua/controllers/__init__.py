from . import portal_dossier
