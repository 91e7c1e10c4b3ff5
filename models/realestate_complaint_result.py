from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .stage_guard import process_move


class RealestateComplaint(models.Model):
    """The result reported to the customer with its reasons (R16): the case is
    resolved and waits for its callback (R26-R31)."""

    _inherit = "realestate.complaint"

    date_resolved = fields.Datetime(
        string="Resolved On", readonly=True, copy=False, index=True,
        help="When the result was first reported to the customer (R16).")
    result_summary = fields.Text(
        string="Result and Reasons", track_visibility="onchange",
        help="What was done and why, as told to the customer (R16).")
    resolution_days = fields.Float(
        string="Resolution Time (Working Days)", readonly=True, copy=False,
        digits=(16, 1), group_operator="avg",
        help="Working days from receipt to the first result reported (R18). Kept "
        "when the case is resolved, so that statistics average and rank it in the "
        "database (R37).")

    def _after_stage_change(self):
        """Cases whose stage changed: resolved ones wait for their callback;
        closed by hand (a drag, a repeat), nobody calls back any more."""
        self._after_resolution()
        self.filtered("is_closed").mapped("callback_ids").filtered(
            lambda c: c.state == "planned").sudo().write({"state": "cancelled"})

    def _after_resolution(self):
        """Cases that reach *Callback*, by the button or by a drag on the board,
        are resolved: the first time is the date the callback rates count, each
        time plans the callback that is due (R27, R30)."""
        callback_stage = self.env.ref("realestate_complaint.stage_callback")
        resolved = self.filtered(lambda c: c.stage_id == callback_stage)
        if not resolved:
            return
        now = fields.Datetime.now()
        first = resolved.filtered(lambda c: not c.date_resolved)
        if first:
            self.env.cr.execute(
                "UPDATE realestate_complaint SET date_resolved = %s WHERE id IN %s",
                (now, tuple(first.ids)))
            first.invalidate_cache(["date_resolved"], first.ids)
            first._record_resolution_days()
        # The rectification asked after an unhappy callback (R30) is done.
        resolved.sudo()._activities_of_type(
            "realestate_complaint.mail_activity_type_rectification").action_feedback(
            feedback=_("Result reported again"))
        resolved._schedule_callbacks(now)

    def _record_resolution_days(self):
        """Working days from receipt to resolution, on each company's calendar."""
        rows = []
        for company in self.mapped("company_id"):
            work = company._complaint_working_time()
            for complaint in self.filtered(lambda c: c.company_id == company):
                hours = work.hours_between(
                    fields.Datetime.from_string(complaint.date_received),
                    fields.Datetime.from_string(complaint.date_resolved))
                rows.append((complaint.id, round(hours / work.hours_per_day, 2)))
        if rows:
            self.env.cr.execute(
                "UPDATE realestate_complaint c SET resolution_days = v.days "
                "FROM (VALUES %s) AS v(id, days) WHERE c.id = v.id"
                % ", ".join(["(%s, %s)"] * len(rows)),
                [value for row in rows for value in row])
            self.invalidate_cache(["resolution_days"], self.ids)

    @api.model
    def _fill_resolution_days(self):
        """On upgrade: the cases resolved before resolution times were kept."""
        self.sudo().search([("date_resolved", "!=", False),
                            ("resolution_days", "=", False)])._record_resolution_days()

    def action_report_result(self):
        """R16: tell the customer the result and its reasons (by email when they
        have one, logged on the case) and move the case to its callback."""
        callback_stage = self.env.ref("realestate_complaint.stage_callback")
        template = self.env.ref("realestate_complaint.mail_template_result")
        for complaint in self:
            if not (complaint.result_summary or "").strip():
                raise UserError(_("Write the result of %s and its reasons first.")
                                % complaint.name)
            if complaint.kind == "complaint" and not complaint.is_anonymous and \
                    complaint.solution_id.state != "confirmed":
                raise UserError(_("The solution of %s has not been confirmed by the "
                                  "customer yet (R14).") % complaint.name)
            complaint._tell_customer(template, _(
                "Result recorded: %(result)s. No email address: tell the customer "
                "by phone (R16).") % {"result": complaint.result_summary})
        with process_move():
            self.write({"stage_id": callback_stage.id})
        return True
