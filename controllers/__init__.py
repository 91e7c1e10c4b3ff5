from . import intake_api
from . import portal
from . import repair_portal
from . import satisfaction
