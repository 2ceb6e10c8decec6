from . import report_campaign_plan
from . import report_decision
from . import report_certificate
