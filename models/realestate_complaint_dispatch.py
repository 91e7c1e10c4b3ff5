from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .roles import SUPERVISOR

HANDLING_SHEET = "realestate_complaint.mail_activity_type_handling_sheet"


class RealestateComplaint(models.Model):
    """Dispatch (R10-R12, R25): the handling sheet (投诉处理单) goes to the directly
    responsible person of the responsible department, who signs for it (签收); the
    department head is informed."""

    _inherit = "realestate.complaint"

    team_id = fields.Many2one(
        "realestate.complaint.team", string="Responsible Department", index=True,
        ondelete="restrict", track_visibility="onchange")
    responsible_id = fields.Many2one(
        "res.users", string="Responsible Person", index=True,
        track_visibility="onchange",
        help="Directly responsible for investigating and fixing the case (R10).")
    date_dispatched = fields.Datetime(
        string="Dispatched On", readonly=True, copy=False)
    dispatched_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False)
    date_signed = fields.Datetime(
        string="Signed For On", readonly=True, copy=False, track_visibility="onchange")

    @api.constrains("team_id", "responsible_id")
    def _check_responsible_in_team(self):
        for complaint in self.filtered(lambda c: c.team_id and c.responsible_id):
            if complaint.responsible_id not in complaint.team_id._responsible_users():
                raise ValidationError(
                    _("%(user)s is not a member of %(team)s.") % {
                        "user": complaint.responsible_id.name,
                        "team": complaint.team_id.name})

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.responsible_id not in self.team_id._responsible_users():
            self.responsible_id = self.team_id.head_id

    def action_dispatch(self):
        """Send the handling sheet: an activity and an email to the responsible
        person (R10), a notice to the head of the department (R11)."""
        investigating = self.env.ref("realestate_complaint.stage_investigating")
        activity_type = self.env.ref(
            "realestate_complaint.mail_activity_type_handling_sheet")
        template = self.env.ref("realestate_complaint.mail_template_handling_sheet")
        model = self.env.ref("realestate_complaint.model_realestate_complaint")
        for complaint in self:
            if not (complaint.team_id and complaint.responsible_id):
                raise UserError(_("Choose the responsible department and person of "
                                  "%s before dispatching it.") % complaint.name)
            vals = {"date_dispatched": fields.Datetime.now(),
                    "dispatched_by_id": self.env.uid, "date_signed": False}
            if complaint.stage_id.sequence < investigating.sequence:
                vals["stage_id"] = investigating.id
            with by_process():
                complaint.write(vals)
            # 004:199: an order issued before the department was chosen names it
            # now; one that names a department keeps it.
            complaint.sudo().supervision_order_ids.filtered(
                lambda o: not o.team_id).write({"team_id": complaint.team_id.id})
            complaint._complete_targets(["dispatch"])
            complaint._activities_of_type(HANDLING_SHEET).unlink()
            self.env["mail.activity"].create({
                "res_model_id": model.id,
                "res_id": complaint.id,
                "activity_type_id": activity_type.id,
                "user_id": complaint.responsible_id.id,
                "summary": _("Handling sheet %s: sign for it") % complaint.name,
                "date_deadline": fields.Date.context_today(complaint),
            })
            head = complaint.team_id.head_id
            complaint.message_subscribe_users(
                user_ids=(complaint.responsible_id | head).ids)
            template.send_mail(complaint.id, force_send=False)
            complaint.message_post(
                body=html_escape(_(
                    "Handling sheet sent to %(person)s (%(team)s); %(head)s, head "
                    "of the department, is informed (R10, R11).") % {
                    "person": complaint.responsible_id.name,
                    "team": complaint.team_id.name, "head": head.name}),
                partner_ids=head.partner_id.ids,
                subtype="mail.mt_comment")
        return True

    def action_sign(self):
        """签收: the responsible person acknowledges the handling sheet."""
        for complaint in self:
            if not complaint.date_dispatched:
                raise UserError(_("%s has not been dispatched yet.") % complaint.name)
            if (self.env.user != complaint.responsible_id
                    and not self.env.user.has_group(SUPERVISOR)):
                raise AccessError(_("Only %(person)s can sign for the handling sheet "
                                    "of %(case)s.") % {
                    "person": complaint.responsible_id.name, "case": complaint.name})
        with by_process():
            self.write({"date_signed": fields.Datetime.now()})
        for complaint in self:
            complaint._activities_of_type(HANDLING_SHEET).action_feedback(
                feedback=_("Signed for by %s") % self.env.user.name)
        return True
