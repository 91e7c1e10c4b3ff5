from odoo import api, models


class ReportComplaintStatistics(models.AbstractModel):
    """Values of the printed periodic report (R37): the wizard's figures as the
    tables the spreadsheet has too."""

    _name = "report.realestate_complaint.report_complaint_statistics"
    # The wizard that asks and the model that counts (the repair report reuses
    # this with its own, repair_statistics_report.py).
    _wizard_model = "realestate.complaint.statistics.wizard"
    _statistics_model = "realestate.complaint.statistics"

    @api.model
    def get_report_values(self, docids, data=None):
        wizards = self.env[self._wizard_model].browse(docids)
        Statistics = self.env[self._statistics_model]
        pages = []
        for wizard in wizards:
            report = wizard._report_data()
            pages.append({"title": wizard._title(),
                          "heading": Statistics._report_heading(report),
                          "tables": Statistics._tables(report)})
        return {"doc_ids": docids, "doc_model": wizards._name, "docs": wizards,
                "pages": pages, "cell": _cell}


def _cell(value, fmt):
    """A figure as printed: blank when there is nothing to show."""
    if value is None:
        return ""
    if fmt == "int":
        return "{:,}".format(value)
    if fmt in ("days", "pct"):
        return "%.1f" % value
    if fmt == "change":
        return "%+g" % round(value, 1) if value else "0"
    return value
