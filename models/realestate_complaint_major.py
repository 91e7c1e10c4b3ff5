from odoo import _, api, fields, models
from odoo.tools import html_escape

from .realestate_complaint_escalation_tier import alertable


class RealestateComplaint(models.Model):
    """Major complaints (level 1): management and the legal department are warned
    (R24) and a supervision order is issued (R19), by the shipped automated action
    "alert management and legal about level 1 cases" that the SLA sweep runs, and
    at once when a level 1 case is registered."""

    _inherit = "realestate.complaint"

    date_major_alerted = fields.Datetime(
        string="Management Alerted On", readonly=True, copy=False,
        help="When management and the legal department were warned (R24).")
    # Operators have no right on supervision orders (R39): hidden from them, or
    # the case form, which lists them, could not even save a new case.
    supervision_order_ids = fields.One2many(
        "realestate.complaint.supervision.order", "complaint_id",
        string="Supervision Orders",
        groups="realestate_complaint.group_complaint_agent,"
               "realestate_complaint.group_complaint_department")

    @api.model
    def create(self, vals):
        complaint = super(RealestateComplaint, self).create(vals)
        if complaint.level == "1":
            self.env["base.automation"].sudo()._run_complaint_sweep(
                records=complaint.sudo())
        return complaint.with_env(self.env)

    @api.multi
    def _alert_major(self):
        """Warn management and the legal department of each open level 1 case not
        warned yet (an activity each, one email, a note) and issue its supervision
        order; a second call changes nothing."""
        cases = self.sudo().filtered(
            lambda c: c.level == "1" and not c.date_major_alerted and not c.is_closed)
        if not cases:
            return cases
        executive = self.env.ref("realestate_complaint.group_complaint_executive")
        template = self.env.ref("realestate_complaint.mail_template_major_alert")
        self.env["realestate.complaint.supervision.order"]._issue_for(cases)
        activities, notes = [], {}
        for case in cases:
            legal = case.company_id.complaint_legal_team_id
            people = alertable(executive.users | legal._responsible_users(),
                               case.company_id)
            order = case.supervision_order_ids
            # The email also carries the supervision order to its addressees.
            recipients = people | order.addressee_ids | order.copy_ids
            activities += [{
                "res_id": case.id, "res_name": case.name, "user_id": user.id,
                "summary": _("Major complaint %s: prepare the response") % case.name,
                "note": "",
            } for user in people]
            if recipients:
                template.with_context(alert_partner_ids=",".join(
                    str(i) for i in recipients.mapped("partner_id").ids)
                ).send_mail(case.id)
            notes[case.id] = "<p>%s</p>" % html_escape(_(
                "Major complaint: %(people)s warned (R24)%(legal)s.") % {
                "people": ", ".join(people.mapped("name")) or _("nobody set"),
                "legal": "" if legal else _("; no legal department is set for %s")
                % case.company_id.name})
        self._schedule_activities(
            self.env.ref("realestate_complaint.mail_activity_type_major_alert"),
            fields.Date.context_today(self), activities)
        cases._log_notes(notes)
        # Not tracked: one UPDATE, the note above says it.
        self.env.cr.execute(
            "UPDATE realestate_complaint SET date_major_alerted = %s WHERE id IN %s",
            (fields.Datetime.now(), tuple(cases.ids)))
        cases.invalidate_cache(["date_major_alerted"], cases.ids)
        return cases
