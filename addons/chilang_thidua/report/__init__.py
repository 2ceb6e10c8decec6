from . import report_campaign_plan
