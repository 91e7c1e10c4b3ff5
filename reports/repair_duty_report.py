from datetime import timedelta

from babel.dates import format_date as babel_format_date, format_skeleton

from odoo import api, fields, models

from ..tools.periods import period_bounds


class ReportRepairDutyRoster(models.AbstractModel):
    """售后维修值班表 (004:119): a project's duty roster for a month, one page per
    repair group and month of the days chosen, a line for every day of the month
    (a day without anyone on duty prints blank: the gap shows on paper).

    The whole month prints, whichever of its days were chosen: the roster is a
    monthly sheet, and one day picked in the list should not print a month of
    blanks. Printed as the user: the days they may not read do not print."""

    _name = "report.realestate_complaint.report_repair_duty_roster"
    _description = "Printed form: Repair Duty Roster"
    _inherit = "realestate.complaint.form.report"
    _form_model = "realestate.repair.duty"

    @api.model
    def get_report_values(self, docids, data=None):
        values = super(ReportRepairDutyRoster, self).get_report_values(
            docids, data)
        values["pages"] = self._pages(values["docs"], values["lang"])
        return values

    @api.model
    def _pages(self, duties, lang):
        """[{group, first, last, month, rows}] in the order of project and month."""
        months = {(duty.group_id, period_bounds(
            "month", fields.Date.from_string(duty.date))) for duty in duties}
        Duty = self.env["realestate.repair.duty"].with_context(lang=lang)
        pages = []
        for group, (first, last) in sorted(
                months, key=lambda m: (m[0].project_id.name or "", m[1][0])):
            days = {duty.date: duty for duty in Duty.search([
                ("group_id", "=", group.id),
                ("date", ">=", fields.Date.to_string(first)),
                ("date", "<=", fields.Date.to_string(last))])}
            rows = []
            day = first
            while day <= last:
                text = fields.Date.to_string(day)
                rows.append({"date": text, "weekday": self._weekday(day, lang),
                             "weekend": day.weekday() >= 5,
                             "duty": days.get(text, Duty)})
                day += timedelta(days=1)
            pages.append({"group": group.with_context(lang=lang), "first": first,
                          "last": last, "rows": rows,
                          "month": self._month(first, lang)})
        return pages

    @api.model
    def _weekday(self, day, lang):
        return babel_format_date(day, "EEEE", locale=lang or "en_US")

    @api.model
    def _month(self, day, lang):
        """The month as the reader writes it: 2026年12月, December 2026."""
        return format_skeleton("yMMMM", day, locale=lang or "en_US")
