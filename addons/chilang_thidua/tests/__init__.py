from . import test_campaign
from . import test_demo
from . import test_security
from . import test_unit
from . import test_i18n
from . import test_access_matrix
from . import test_registration
from . import test_registration_portal
