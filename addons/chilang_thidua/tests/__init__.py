from . import test_campaign
from . import test_demo
from . import test_security
from . import test_unit
from . import test_reminder
from . import test_dossier
from . import test_council
from . import test_decision
