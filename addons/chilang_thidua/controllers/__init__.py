from . import portal
from . import portal_dossier
from . import verify
