from . import test_access
from . import test_demo_data
from . import test_environment
from . import test_http
from . import test_kanban_progress
from . import test_property
from . import test_registration
from . import test_stage_tracking
