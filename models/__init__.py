from . import realestate_project
from . import realestate_building
from . import realestate_unit
from . import realestate_complaint_stage
from . import realestate_complaint_category
from . import realestate_complaint
from . import res_partner
