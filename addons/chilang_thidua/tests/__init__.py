from . import test_campaign
from . import test_demo
from . import test_security
from . import test_unit
from . import test_report_plan
from . import test_report_decision
from . import test_report_bench
