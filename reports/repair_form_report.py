from odoo import _, api, models
from odoo.exceptions import UserError


class RepairFormReport(models.AbstractModel):
    """The printed forms of a repair: only cases that are repairs with items."""

    _name = "realestate.repair.form.report"
    _inherit = "realestate.complaint.form.report"
    _description = "Printed Repair Form"

    @api.model
    def _documents(self, records):
        self.env["realestate.repair.item"].check_access_rights("read")
        empty = records.filtered(lambda case: not case.repair_item_ids)
        if empty:
            raise UserError(_("%s has no repair item to print.")
                            % ", ".join(empty.mapped("name")))
        return records

    @api.model
    def get_report_values(self, docids, data=None):
        values = super(RepairFormReport, self).get_report_values(docids, data)
        values["repair_copies"] = self._copies
        return values

    @api.model
    def _copies(self, record):
        """The labels of the repair order's copies, the company's (one page each)."""
        labels = [label.strip() for label in
                  (record.company_id.repair_order_copies or "").split(",")]
        return [label for label in labels if label] or [""]


class ReportRepairOrder(models.AbstractModel):
    """报修单, one page per copy (004:124)."""

    _name = "report.realestate_complaint.report_repair_order"
    _description = "Printed form: Repair Order"
    _inherit = "realestate.repair.form.report"


class ReportRepairWorkPlan(models.AbstractModel):
    """售后维修工作计划 (004:125-126)."""

    _name = "report.realestate_complaint.report_repair_work_plan"
    _description = "Printed form: Repair Work Plan"
    _inherit = "realestate.repair.form.report"


class ReportRepairCompletion(models.AbstractModel):
    """维修完成验收单 (004:38, 004:126)."""

    _name = "report.realestate_complaint.report_repair_completion"
    _description = "Printed form: Repair Completion"
    _inherit = "realestate.repair.form.report"
