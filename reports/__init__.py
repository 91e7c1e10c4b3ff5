from . import complaint_form_report
from . import complaint_statistics_report
from . import repair_form_report
from . import repair_statistics_report
from . import repair_duty_report
