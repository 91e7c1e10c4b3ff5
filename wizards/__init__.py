from . import complaint_invalid_verdict
from . import complaint_solution_review
from . import complaint_callback_log
from . import complaint_close
from . import complaint_statistics_wizard
from . import complaint_integration_key
from . import complaint_visit
