from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .roles import is_system


class RealestateComplaint(models.Model):
    """Who the customer complains about (投诉对象, 000:356), and their recusal
    (002:301: 对原接待个人的投诉,原接待员工不得参与): a member of staff complained
    about does not handle the case (agent, responsible person), approve its
    solution, or call the customer back."""

    _inherit = "realestate.complaint"

    complained_user_ids = fields.Many2many(
        "res.users", "realestate_complaint_complained_user_rel", "complaint_id",
        "user_id", string="Staff Complained About", track_visibility="onchange",
        help="Members of staff the customer complains about: they may not handle, "
        "approve or call back this case (002:301).")
    complained_about = fields.Char(
        track_visibility="onchange",
        help="Who or what the customer complains about, when not a member of staff "
        "with a login: a department, a contractor, a person (000:356).")

    @api.constrains("complained_user_ids", "user_id", "responsible_id")
    def _check_recusal(self):
        for complaint in self:
            for user in (complaint.user_id | complaint.responsible_id) & \
                    complaint.complained_user_ids:
                raise ValidationError(_(
                    "%(user)s is complained about in %(case)s and may not handle "
                    "it (002:301): choose someone else.") % {
                    "user": user.name, "case": complaint.name})

    def _recused(self, users):
        """``users`` less those the case's customer complains about."""
        self.ensure_one()
        return users - self.sudo().complained_user_ids

    def _check_not_recused(self):
        """The current user may take part in the case (002:301)."""
        for complaint in self:
            if not is_system(self.env) and \
                    self.env.user in complaint.sudo().complained_user_ids:
                raise AccessError(_(
                    "You are complained about in %s: someone else handles, approves "
                    "and calls back this case (002:301).") % complaint.name)

    def _caller(self):
        """R27's caller, unless complained about: then the next of the agent and
        the receiver who is not."""
        caller = super(RealestateComplaint, self)._caller()
        if caller not in self.sudo().complained_user_ids:
            return caller
        return self._recused(self.user_id | self.receiver_id)[:1]


class RealestateComplaintSolution(models.Model):
    _inherit = "realestate.complaint.solution"

    def _approvers(self):
        return self.complaint_id._recused(
            super(RealestateComplaintSolution, self)._approvers())


class RealestateComplaintCallback(models.Model):
    _inherit = "realestate.complaint.callback"

    def _log_outcome(self, vals):
        self.mapped("complaint_id")._check_not_recused()
        return super(RealestateComplaintCallback, self)._log_outcome(vals)
