"""A case returned by its department to customer service (000:714, 1.3.3): an
invalid complaint, or one that is not the department's responsibility, goes back
"经本部门负责人签署意见" — with the opinion signed by the department's head.

A member of the department prepares the return (reason and opinion); the head of
the department (the team's ``head_id``, who answers for its cases, R25) reviews the
opinion and signs it, and only then does the case leave the department: its dispatch
is undone and customer service dispatches it again (1.2.3) or rules it invalid
(R6). A head prepares and signs in one step. The opinion is on the case (its
returns) and in the chatter.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..tools.process_context import by_process
from .roles import is_system

REASONS = [
    ("not_ours", "Not Our Responsibility"),
    ("invalid", "Invalid Complaint"),
]
STATES = [
    ("draft", "Awaiting the Head's Signature"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]
SIGN_ACTIVITY = "realestate_complaint.mail_activity_type_department_return"


class RealestateComplaintDepartmentReturn(models.Model):
    _name = "realestate.complaint.department.return"
    _inherit = "realestate.complaint.record.mixin"
    _description = "Case Returned by a Department"
    _order = "date_prepared desc, id desc"

    team_id = fields.Many2one(
        "realestate.complaint.team", string="Department", required=True,
        index=True, ondelete="restrict")
    reason = fields.Selection(REASONS, required=True)
    opinion = fields.Text(
        string="Head's Opinion", required=True,
        help="The opinion the head of the department signs (000:714).")
    state = fields.Selection(STATES, required=True, default="draft", index=True)
    prepared_by_id = fields.Many2one("res.users",
                                     readonly=True)
    date_prepared = fields.Datetime(string="Prepared On", readonly=True)
    head_id = fields.Many2one("res.users", string="Signed By", readonly=True)
    date_signed = fields.Datetime(string="Signed On", readonly=True)

    def _sign(self, opinion=None):
        """The head signs the opinion: the case goes back to customer service."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("This return is not awaiting a signature."))
        if not is_system(self.env) and self.env.user != self.team_id.head_id:
            raise AccessError(_(
                "Only %(head)s, head of %(team)s, signs the department's opinion "
                "(000:714).") % {"head": self.team_id.head_id.name,
                                 "team": self.team_id.name})
        opinion = (opinion or self.opinion or "").strip()
        if not opinion:
            raise UserError(_("Write the head's opinion."))
        complaint = self.complaint_id
        if complaint.team_id != self.team_id:
            raise UserError(_("%(case)s is no longer with %(team)s.") % {
                "case": complaint.name, "team": self.team_id.name})
        now = fields.Datetime.now()
        with by_process():
            self.sudo().write({"opinion": opinion, "state": "returned",
                               "head_id": self.env.uid, "date_signed": now})
        # Told before the case leaves: the department no longer reads it then.
        told = (complaint.user_id | complaint.dispatched_by_id |
                complaint.receiver_id).filtered(
            lambda u: u not in self.team_id._responsible_users()).mapped("partner_id")
        self.sudo()._close_sign_activity(_("Signed"))
        complaint._leave_department()
        complaint.sudo().message_post(
            body=plaintext2html(_(
                "Returned to customer service by %(team)s (%(reason)s), with the "
                "opinion signed by %(head)s, head of the department (000:714): "
                "%(opinion)s") % {
                    "team": self.team_id.name, "reason": self._reason_label(),
                    "head": self.env.user.name, "opinion": opinion}),
            subtype="mail.mt_note", partner_ids=told.ids,
            author_id=self.env.user.partner_id.id)
        return True

    def action_cancel(self):
        """The head refuses the draft, or its preparer withdraws it."""
        for ret in self:
            if ret.state != "draft":
                raise UserError(_("Only a return awaiting its signature can be "
                                  "cancelled."))
            if not is_system(self.env) and self.env.user not in (
                    ret.team_id.head_id | ret.prepared_by_id):
                raise AccessError(_("Only the head of %s or the person who "
                                    "prepared the return cancels it.")
                                  % ret.team_id.name)
        with by_process():
            self.sudo().write({"state": "cancelled"})
        self.sudo()._close_sign_activity(_("Cancelled"))
        for ret in self:
            ret.complaint_id.sudo().message_post(body=plaintext2html(_(
                "The return to customer service prepared by %(user)s was "
                "cancelled by %(by)s.") % {"user": ret.prepared_by_id.name,
                                           "by": self.env.user.name}),
                subtype="mail.mt_note", author_id=self.env.user.partner_id.id)
        return True

    def _reason_label(self):
        self.ensure_one()
        return dict(self._fields["reason"]._description_selection(self.env))[
            self.reason]

    def _close_sign_activity(self, feedback):
        activities = self.mapped("complaint_id")._activities_of_type(SIGN_ACTIVITY)
        activities.filtered(
            lambda a: a.user_id in self.mapped("team_id.head_id")).action_feedback(
            feedback=feedback)


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    department_return_ids = fields.One2many(
        "realestate.complaint.department.return", "complaint_id",
        string="Returned by Departments", readonly=True)
    can_return_to_cs = fields.Boolean(
        string="May Return to Customer Service", compute="_compute_can_return_to_cs",
        help="The user is of the department the case is dispatched to, which did "
        "not register it itself.")

    @api.depends("team_id", "receiving_team_id")
    def _compute_can_return_to_cs(self):
        for complaint in self:
            team = complaint.team_id
            complaint.can_return_to_cs = bool(team) and \
                team != complaint.receiving_team_id and \
                self.env.user in team._responsible_users()

    def _return_to_customer_service(self, reason, opinion):
        """000:714: a member prepares the return for the head's signature; the
        head prepares and signs at once (or signs the draft a member prepared,
        with the opinion as they leave it). Returns the return record."""
        self.ensure_one()
        opinion = (opinion or "").strip()
        if not opinion:
            raise UserError(_("The head's opinion is required to return a case "
                              "(000:714)."))
        team = self.team_id
        user = self.env.user
        if not team:
            raise UserError(_("%s is not with a department.") % self.name)
        if not is_system(self.env) and user not in team._responsible_users():
            raise AccessError(_("Only the people of %(team)s return %(case)s.") % {
                "team": team.name, "case": self.name})
        if self.receiving_team_id == team:
            raise UserError(_(
                "Your department registered %s itself: set its responsibility to "
                "\"Not Our Responsibility\" and hand it over.") % self.name)
        Return = self.env["realestate.complaint.department.return"].sudo()
        draft = Return.search([("complaint_id", "=", self.id),
                               ("team_id", "=", team.id), ("state", "=", "draft")],
                              limit=1)
        vals = {"reason": reason, "opinion": opinion}
        with by_process():
            if draft:
                draft.write(vals)
            else:
                draft = Return.create(dict(
                    vals, complaint_id=self.id, team_id=team.id,
                    prepared_by_id=self.env.uid,
                    date_prepared=fields.Datetime.now()))
        draft = draft.with_user(self.env.uid)
        if is_system(self.env) or user == team.head_id:
            draft._sign(opinion)
            return draft
        if not self.sudo()._activities_of_type(SIGN_ACTIVITY).filtered(
                lambda a: a.user_id == team.head_id):
            self._schedule_activities(
                self.env.ref(SIGN_ACTIVITY), fields.Date.context_today(self), [{
                    "res_id": self.id, "res_name": self.name,
                    "user_id": team.head_id.id, "note": "",
                    "summary": _("Sign the return of %s to customer service")
                    % self.name}])
        self.sudo().message_post(
            body=plaintext2html(_(
                "%(user)s prepared the return of the case to customer service "
                "(%(reason)s) for the signature of %(head)s, head of %(team)s: "
                "%(opinion)s") % {
                    "user": user.name, "reason": draft._reason_label(),
                    "head": team.head_id.name, "team": team.name,
                    "opinion": opinion}),
            subtype="mail.mt_note", partner_ids=team.head_id.partner_id.ids,
            author_id=user.partner_id.id)
        return draft
