# The mixin first: the models below inherit it.
from . import thidua_workflow_mixin
from . import res_users
from . import thidua_unit
from . import thidua_award_form
from . import thidua_base_salary
from . import thidua_campaign_content
from . import thidua_campaign
from . import thidua_registration
from . import thidua_registration_item
from . import thidua_reminder
