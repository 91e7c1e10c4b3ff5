import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.periods import PERIODS, period_bounds
from ..reports.complaint_statistics_xlsx import statistics_workbook
from ..models.roles import SUPERVISOR


class RealestateComplaintStatisticsWizard(models.TransientModel):
    """Choose a period and a scope, then print the report to the leadership or
    download it as a spreadsheet (R37): the weekly report, the monthly statistics
    (due by the 10th of the next month) or the quarterly analysis."""

    _name = "realestate.complaint.statistics.wizard"
    _description = "Periodic Complaint Statistics"

    period = fields.Selection(PERIODS, required=True, default="month")
    date_reference = fields.Date(
        string="Period Containing", required=True,
        default=lambda self: fields.Date.context_today(self))
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="Until", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    project_ids = fields.Many2many(
        "realestate.project", "realestate_complaint_statistics_project_rel",
        string="Projects", help="Leave empty for every project.")
    team_ids = fields.Many2many(
        "realestate.complaint.team", "realestate_complaint_statistics_team_rel",
        string="Departments", help="Leave empty for every department.")
    xlsx_file = fields.Binary(string="Spreadsheet", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    @api.model
    def create(self, vals):
        """A week, month or quarter is the one containing the reference day."""
        period = vals.get("period") or "month"
        if period != "custom":
            day = vals.get("date_reference") or fields.Date.context_today(self)
            first, last = period_bounds(period, fields.Date.from_string(day))
            vals = dict(vals, date_from=fields.Date.to_string(first),
                        date_to=fields.Date.to_string(last))
        return super(RealestateComplaintStatisticsWizard, self).create(vals)

    @api.onchange("period", "date_reference")
    def _onchange_period(self):
        if self.period != "custom" and self.date_reference:
            first, last = period_bounds(
                self.period, fields.Date.from_string(self.date_reference))
            self.date_from = fields.Date.to_string(first)
            self.date_to = fields.Date.to_string(last)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The period ends before it starts."))

    def _title(self):
        self.ensure_one()
        return {
            "week": _("Weekly Complaint Report to the Leadership"),
            "month": _("Monthly Complaint Statistics"),
            "quarter": _("Quarterly Complaint Analysis"),
        }.get(self.period, _("Complaint Statistics"))

    def _report_data(self):
        """The figures, for a company the user works in only."""
        self.ensure_one()
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only CS supervisors and executives report on "
                                "complaints."))
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(_("You can only report on your own companies."))
        return self.env["realestate.complaint.statistics"]._report(
            self.period, fields.Date.from_string(self.date_from),
            fields.Date.from_string(self.date_to), self.company_id,
            self.project_ids, self.team_ids)

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "realestate_complaint.action_report_complaint_statistics").report_action(
            self)

    def action_export_xlsx(self):
        """The same figures as a spreadsheet, downloaded at once."""
        self.ensure_one()
        content = statistics_workbook(self.env, self._title(), self._report_data())
        self.write({
            "xlsx_file": base64.b64encode(content),
            "xlsx_name": "%s %s %s.xlsx" % (
                self._title(), self.date_from, self.date_to),
        })
        return {
            "type": "ir.actions.act_url", "target": "self",
            "url": "/web/content/?model=%s&id=%d&field=xlsx_file"
                   "&filename_field=xlsx_name&download=true" % (self._name, self.id),
        }
