from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process

# What each visit records and the target it meets.
VISITS = {
    # R20, 004:123: the repair group on site within 20 minutes (working hours) or
    # an hour (outside them) of the request.
    "onsite": ("date_onsite", "onsite_user_id"),
    # 004:33: the property service centre verifies the request on site within 48
    # hours and records what is to be repaired and its fee (维修工作记录表).
    "verify": ("date_verified", "verified_by_id"),
}


class RealestateComplaint(models.Model):
    """The visits of a repair request (R4, R20): who came and when, each meeting its
    own deadline when it is recorded, not when the case is resolved (a repair not
    finished within 20 minutes is not a late arrival)."""

    _inherit = "realestate.complaint"

    date_onsite = fields.Datetime(string="Arrived On Site", readonly=True, copy=False)
    onsite_user_id = fields.Many2one(
        "res.users", string="Arrived", readonly=True, copy=False,
        help="Who of the repair group reached the site first (R20).")
    date_verified = fields.Datetime(
        string="Verified On Site", readonly=True, copy=False)
    verified_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False,
        help="Who of the property service centre verified the request on site.")
    verification_note = fields.Text(
        string="Repair Work Record", readonly=True, copy=False,
        help="What the verification found: the repair to do and its fee, if any "
        "(维修工作记录表).")

    def _record_visit(self, visit, user, when, note=None):
        """Record the arrival on site or the verification of each repair request
        and meet its deadline (met or met late, once)."""
        date_field, user_field = VISITS[visit]
        when = fields.Datetime.to_string(when) if not isinstance(when, str) else when
        self.check_access_rights("write")
        self.check_access_rule("write")
        for complaint in self:
            if complaint.kind != "repair":
                raise UserError(_("%s is not a repair request: it has no visit to "
                                  "record.") % complaint.name)
            if complaint.is_closed:
                raise UserError(_("%s is closed.") % complaint.name)
            if complaint[date_field]:
                raise UserError(_("This visit of %s is recorded already.")
                                % complaint.name)
            if when < complaint.date_received:
                raise ValidationError(_(
                    "The visit cannot come before the request was received "
                    "(%s).") % complaint.date_received)
            if when > fields.Datetime.now():
                raise ValidationError(_("The visit cannot be in the future."))
        vals = {date_field: when, user_field: user.id}
        if visit == "verify":
            vals["verification_note"] = note or False
        with by_process():
            self.write(vals)
        self._complete_targets([visit], when)
        label = dict(self.env["realestate.complaint.deadline"]._fields[
            "target"]._description_selection(self.env))[visit]
        for complaint in self:
            complaint.message_post(body=html_escape(
                _("%(visit)s: %(user)s, %(when)s.") % {
                    "visit": label, "user": user.name,
                    "when": fields.Datetime.context_timestamp(
                        complaint, fields.Datetime.from_string(when)).strftime(
                        "%Y-%m-%d %H:%M")}) + (
                "<br/>" + html_escape(note) if note else ""))
        return True

    def action_record_visit(self):
        """Open the visit dialog (the context's ``visit``: onsite or verify)."""
        self.ensure_one()
        visit = self.env.context.get("visit", "onsite")
        return {
            "type": "ir.actions.act_window",
            "name": _("Record the Verification") if visit == "verify"
            else _("Record the Arrival On Site"),
            "res_model": "realestate.complaint.visit", "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id, "default_visit": visit},
        }
