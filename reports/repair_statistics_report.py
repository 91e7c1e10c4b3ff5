from odoo import api, models


class ReportRepairStatistics(models.AbstractModel):
    """Values of the printed monthly repair report (004:121, 002:891): the
    wizard's tables, the ones the spreadsheet has too, on the page of the
    complaint statistics, made the same way."""

    _name = "report.realestate_complaint.report_repair_statistics"
    _description = "Printed form: Monthly Repair Report"
    _inherit = "report.realestate_complaint.report_complaint_statistics"
    _wizard_model = "realestate.repair.statistics.wizard"
    _statistics_model = "realestate.repair.statistics"

    @api.model
    def _charts(self, report):
        """The repair report has its own figures: no complaint charts on it."""
        return []
