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
from . import thidua_dossier
from . import thidua_criterion_template
from . import thidua_dossier_criterion
from . import thidua_council_session
from . import thidua_council_vote
from . import thidua_decision
from . import thidua_decision_line
