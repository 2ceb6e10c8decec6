from . import portal
from . import portal_result
from . import portal_dossier
from . import verify
from . import mail_thread
from . import dossier_docx
