from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .realestate_complaint_callback_rate import CALLED_BACK
from .stage_guard import process_move
from .roles import EXECUTIVE


class RealestateComplaint(models.Model):
    """Closing (R34-R36, R41): the case is summarised for reuse, may go into the
    case library (案例库), and carries its corrective actions and the rewards and
    penalties of the people involved. Malicious complaints are flagged."""

    _inherit = "realestate.complaint"

    resolution_summary = fields.Text(
        string="Closing Summary", readonly=True, copy=False,
        help="The review of the solution and what it teaches (R34).")
    closed_by_id = fields.Many2one("res.users", readonly=True,
                                   copy=False)
    in_case_library = fields.Boolean(
        index=True, copy=False, track_visibility="onchange",
        help="A case of value, kept in the case library (案例库) for reuse (R35).")
    case_lesson = fields.Text(string="Lesson Learned", copy=False)
    corrective_action_ids = fields.One2many(
        "realestate.complaint.corrective.action", "complaint_id",
        string="Corrective Actions")
    sanction_ids = fields.One2many(
        "realestate.complaint.sanction", "complaint_id",
        string="Rewards and Penalties", groups=EXECUTIVE)
    is_malicious = fields.Boolean(
        string="Malicious Complaint", index=True, copy=False,
        track_visibility="onchange",
        help="May be handled by legal means (R41). Only a supervisor flags it.")
    malicious_reason = fields.Text(copy=False, track_visibility="onchange")

    @api.constrains("is_malicious", "malicious_reason")
    def _check_malicious_reason(self):
        for complaint in self.filtered("is_malicious"):
            if not (complaint.malicious_reason or "").strip():
                raise ValidationError(
                    _("Give the reason why %s is malicious.") % complaint.name)

    @api.constrains("in_case_library", "case_lesson")
    def _check_case_lesson(self):
        for complaint in self.filtered("in_case_library"):
            if not (complaint.case_lesson or "").strip():
                raise ValidationError(
                    _("A case in the library needs its lesson learned (R35)."))

    def _closing_blockers(self):
        """Why this case cannot be closed yet, if it cannot."""
        self.ensure_one()
        if self.is_closed:
            return _("%s is already closed.") % self.name
        if self.validity == "pending":
            return _("Judge whether %s is a valid complaint first (R6).") % self.name
        if self.validity == "invalid":
            return _("%s is closed by its invalid verdict.") % self.name
        if not self.callback_decision:
            return _("Report the result of %s to the customer first (R16).") \
                % self.name
        if self.callback_decision in CALLED_BACK:
            last = self.callback_ids.sorted("sequence")[-1:]
            if last.state != "done" or last.is_unhappy:
                return _("%s waits for a callback in which the customer is "
                         "satisfied (R30).") % self.name
        if self.callback_decision == "written_reply" and not \
                self.reply_attachment_ids:
            return _("Attach the written reply of %s (R31).") % self.name
        return None

    def _check_closable(self):
        for complaint in self:
            blocker = complaint._closing_blockers()
            if blocker:
                raise UserError(blocker)

    def _close(self, summary, library=False, lesson=None):
        """R34, R35: close with the summary, into the case library or not."""
        if not (summary or "").strip():
            raise UserError(_("Write the closing summary."))
        if library and not (lesson or "").strip():
            raise UserError(_("A case in the library needs its lesson learned (R35)."))
        self._check_closable()
        self.sudo().write({"resolution_summary": summary,
                           "closed_by_id": self.env.uid})
        vals = {"stage_id": self.env.ref("realestate_complaint.stage_closed").id}
        if library:
            vals.update(in_case_library=True, case_lesson=lesson)
        with process_move():
            self.write(vals)
        return True

    def action_close(self):
        """Open the close wizard, once the case can be closed."""
        self._check_closable()
        return {
            "type": "ir.actions.act_window", "name": _("Close Case"),
            "res_model": "realestate.complaint.close", "view_mode": "form",
            "target": "new", "context": {"default_complaint_ids": self.ids},
        }
