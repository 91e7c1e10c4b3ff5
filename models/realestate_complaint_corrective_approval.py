from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .realestate_complaint_escalation_tier import alertable
from .roles import EXECUTIVE, SUPERVISOR, is_system, is_system_or

CORRECTIVE = "realestate_complaint.mail_activity_type_corrective_action"
STATES = [
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("verified", "Verified"),
]
# 004:294: 客户投诉问题解决后,一周内……制定纠正和预防措施.
MEASURES_WITHIN = timedelta(days=7)


class RealestateComplaintCorrectiveAction(models.Model):
    """The road of a corrective or preventive measure (R36; 004:294, 002:727-731):
    the general manager approves it and names a supervisor to watch it (批准预防纠正
    措施并指派人员进行监督), its owner carries it out, the supervisor checks it was
    done (检查预防纠正措施的落实)."""

    _inherit = "realestate.complaint.corrective.action"

    state = fields.Selection(
        STATES, string="Status", required=True, default="to_approve", index=True,
        readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True)
    verifier_id = fields.Many2one(
        "res.users", string="Verified By (Supervisor)", readonly=True,
        help="The CS supervisor the general manager names to check the measure "
        "(002:729).")
    verified_by_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    date_verified = fields.Datetime(string="Checked On", readonly=True)
    verification_note = fields.Text(string="What Was Checked", readonly=True)

    @api.model
    def create(self, vals):
        action = super(RealestateComplaintCorrectiveAction, self).create(vals)
        action._ask_approval(
            alertable(self.env.ref(EXECUTIVE).users, action.company_id))
        return action

    def _ask_approval(self, managers):
        """The managers' to-do on the case (a survey's measure: on the survey)."""
        self.ensure_one()
        self.complaint_id.sudo()._activities_of_type(
            "realestate_complaint.mail_activity_type_measures").action_feedback(
            feedback=_("Measure proposed: %s") % self.name[:80])
        self.complaint_id._schedule_activities(
            self.env.ref("realestate_complaint.mail_activity_type_measure_approval"),
            fields.Date.context_today(self), [{
                "res_id": self.complaint_id.id, "res_name": self.complaint_id.name,
                "user_id": user.id, "note": "<p>%s</p>" % html_escape(self.name),
                "summary": _("Approve the measure of %s") % self.complaint_id.name,
            } for user in managers])

    def action_approve(self, verifier):
        """The general manager approves and names the supervisor who checks."""
        if not is_system_or(self.env, EXECUTIVE):
            raise AccessError(_("The general manager approves corrective and "
                                "preventive measures (002:729)."))
        if not isinstance(verifier, models.BaseModel):
            verifier = self.env["res.users"].browse(verifier)   # an id (RPC, data)
        if not verifier or not verifier.has_group(SUPERVISOR):
            raise ValidationError(_("Name a CS supervisor who checks the measure."))
        for action in self:
            if action.state != "to_approve":
                raise UserError(_("This measure is %s already.") % dict(
                    self._fields["state"]._description_selection(self.env))[
                    action.state])
        with by_process():
            self.write({"state": "approved", "approved_by_id": self.env.uid,
                        "date_approved": fields.Datetime.now(),
                        "verifier_id": verifier.id})
        # The managers' to-do is done once no measure of the case waits.
        for complaint in self.mapped("complaint_id").sudo():
            if "to_approve" not in complaint.corrective_action_ids.mapped("state"):
                complaint._activities_of_type(
                    "realestate_complaint.mail_activity_type_measure_approval"
                ).action_feedback(feedback=_("Approved by %s") % self.env.user.name)
        return True

    def action_done(self):
        for action in self:
            if action.state == "to_approve":
                raise UserError(_("The general manager approves the measure before "
                                  "it is carried out (002:729)."))
        result = super(RealestateComplaintCorrectiveAction, self).action_done()
        with by_process():
            self.write({"state": "done"})
        for action in self:
            action._ask_verification()
        return result

    def _ask_verification(self):
        """The verifier's to-do on the case (a survey's measure: on the survey)."""
        self.ensure_one()
        self.complaint_id._schedule_activities(
            self.env.ref(CORRECTIVE), fields.Date.context_today(self), [{
                "res_id": self.complaint_id.id,
                "res_name": self.complaint_id.name,
                "user_id": self.verifier_id.id,
                "note": "<p>%s</p>" % html_escape(self.name),
                "summary": _("Check the measure of %s was carried out")
                % self.complaint_id.name}])

    def action_verify(self, note):
        """The named supervisor checks the measure was carried out (002:731)."""
        note = (note or "").strip()
        if not note:
            raise UserError(_("Say what was checked."))
        for action in self:
            if not is_system(self.env) and self.env.user != action.verifier_id:
                raise AccessError(_("%s checks this measure.")
                                  % action.verifier_id.name)
            if action.state != "done":
                raise UserError(_("Only a measure carried out is checked."))
        with by_process():
            self.write({"state": "verified", "verified_by_id": self.env.uid,
                        "date_verified": fields.Datetime.now(),
                        "verification_note": note})
        return True


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_analyst_id = fields.Many2one(
        "res.users", string="Analyses Resolved Complaints",
        help="Within a week of each resolved complaint, this manager (营销策划部经理 "
        "in 004:294) analyses it and proposes corrective and preventive measures: "
        "a to-do is planned for them.")


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    def _after_resolution(self):
        """004:294: a resolved complaint is analysed within a week; the company's
        analyst gets the to-do, done when a measure is proposed."""
        first = self.filtered(lambda c: not c.date_resolved)
        result = super(RealestateComplaint, self)._after_resolution()
        resolved = first.filtered(lambda c: c.date_resolved and c.kind == "complaint"
                                  and c.validity == "valid")
        activity_type = self.env.ref("realestate_complaint.mail_activity_type_measures")
        for company in resolved.mapped("company_id"):
            analyst = company.complaint_analyst_id
            if not analyst:
                continue
            cases = resolved.filtered(lambda c: c.company_id == company)
            due = fields.Date.to_string(
                fields.Datetime.from_string(fields.Datetime.now()) + MEASURES_WITHIN)
            cases._schedule_activities(activity_type, due, [{
                "res_id": case.id, "res_name": case.name, "user_id": analyst.id,
                "note": "", "summary": _("Analyse %s and propose measures (004:294)")
                % case.name} for case in cases])
        return result
