from . import report_campaign_plan
from . import report_decision
from . import report_certificate
from . import report_decision_package
from . import report_council_minutes
from . import report_proposal
