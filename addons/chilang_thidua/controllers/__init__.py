from . import portal_dossier
from . import verify
