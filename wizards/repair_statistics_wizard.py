import base64

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..tools.periods import period_bounds
from ..reports.complaint_statistics_xlsx import tables_workbook
from ..models.roles import SUPERVISOR


class RealestateRepairStatisticsWizard(models.TransientModel):
    """Choose a month, then print the monthly repair report with the assessment
    of the repair parties (004:121, 002:891) or download it as a spreadsheet.

    Who may ask: CS supervisors and executives, for every project of their
    companies, and the engineering department that runs a project's repair group
    (004:119), for its own projects. No access lines: Odoo 11 lets every user
    create transient records and read only their own; the check is here."""

    _name = "realestate.repair.statistics.wizard"
    _description = "Monthly Repair Report"

    date_reference = fields.Date(
        string="Month Of", required=True,
        default=lambda self: self._default_date_reference(),
        help="Any day of the month: the report covers that month, beside the "
        "month before.")
    date_from = fields.Date(string="From", compute="_compute_period")
    date_to = fields.Date(string="Until", compute="_compute_period")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    project_id = fields.Many2one(
        "realestate.project",
        help="Leave empty for every project you may report on.")
    xlsx_file = fields.Binary(string="Spreadsheet", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    @api.model
    def _default_date_reference(self):
        """Last month: the monthly figures are due by the 10th of the next (R37)."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today.replace(day=1) - relativedelta(days=1))

    @api.depends("date_reference")
    def _compute_period(self):
        for wizard in self.filtered("date_reference"):
            first, last = period_bounds(
                "month", fields.Date.from_string(wizard.date_reference))
            wizard.date_from = fields.Date.to_string(first)
            wizard.date_to = fields.Date.to_string(last)

    def _title(self):
        return _("Monthly Repair Report")

    def _projects(self):
        """The projects reported on: the one chosen, or every project (empty) for
        a supervisor, the projects of the repair groups the user's engineering
        department runs for anyone else."""
        self.ensure_one()
        user = self.env.user
        if self.company_id not in user.company_ids:
            raise AccessError(_("You can only report on your own companies."))
        if user.has_group(SUPERVISOR):
            return self.project_id
        groups = self.env["realestate.repair.group"].sudo().search([
            ("company_id", "=", self.company_id.id),
            "|", ("team_id.member_ids", "in", user.ids),
            ("team_id.head_id", "=", user.id)])
        allowed = groups.mapped("project_id")
        if not allowed:
            raise AccessError(_(
                "Only CS supervisors, executives and the engineering department "
                "of a repair group report on repairs."))
        if self.project_id and self.project_id not in allowed:
            raise AccessError(_(
                "You report on the repairs of the projects whose repair group your "
                "department runs: %s.") % ", ".join(allowed.mapped("name")))
        return self.project_id or allowed

    def _report_data(self):
        self.ensure_one()
        projects = self._projects()
        return self.env["realestate.repair.statistics"]._report(
            fields.Date.from_string(self.date_from),
            fields.Date.from_string(self.date_to), self.company_id, projects)

    def action_print(self):
        self.ensure_one()
        self._projects()
        return self.env.ref(
            "realestate_complaint.action_report_repair_statistics").report_action(self)

    def action_export_xlsx(self):
        """The same tables as a spreadsheet, downloaded at once."""
        self.ensure_one()
        report = self._report_data()
        Statistics = self.env["realestate.repair.statistics"]
        content = tables_workbook(self._title(), Statistics._report_heading(report),
                                  Statistics._tables(report))
        self.write({
            "xlsx_file": base64.b64encode(content),
            "xlsx_name": "%s %s.xlsx" % (self._title(), self.date_from[:7]),
        })
        return {
            "type": "ir.actions.act_url", "target": "self",
            "url": "/web/content/?model=%s&id=%d&field=xlsx_file"
                   "&filename_field=xlsx_name&download=true" % (self._name, self.id),
        }
