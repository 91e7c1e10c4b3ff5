from odoo import api, models

from .complaint_statistics_report import _cell


class ReportRepairStatistics(models.AbstractModel):
    """Values of the printed monthly repair report (004:121, 002:891): the
    wizard's tables, the ones the spreadsheet has too, on the page of the
    complaint statistics."""

    _name = "report.realestate_complaint.report_repair_statistics"

    @api.model
    def get_report_values(self, docids, data=None):
        wizards = self.env["realestate.repair.statistics.wizard"].browse(docids)
        Statistics = self.env["realestate.repair.statistics"]
        pages = []
        for wizard in wizards:
            report = wizard._report_data()
            pages.append({"title": wizard._title(),
                          "heading": Statistics._report_heading(report),
                          "tables": Statistics._tables(report)})
        return {"doc_ids": docids, "doc_model": wizards._name, "docs": wizards,
                "pages": pages, "cell": _cell}
