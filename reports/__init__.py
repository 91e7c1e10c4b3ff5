from . import complaint_statistics_report
