"""Complaints received directly by a department, and their hand-over to customer
service (000:712, 1.2.2 and 1.2.4).

Every department and employee records a complaint that reaches them in a handling
sheet (投诉处理单). A department that received it handles it itself when it is its
own responsibility and hands it to customer service for the record (备案) within
two working days after its handling is done; when it is not, it hands it over within
one working day of receipt, and customer service finds the department that handles
it (1.2.3).

The registering department is the case's *receiving department*, its user the first
receiver (首问责任制, R2/R25), the channel *Received by a Department*. "Ours" makes
the department the responsible one at once: the department wrote the handling sheet
itself, so it is dispatched and signed for at registration. "Not ours" leaves the
dispatch to customer service.

The hand-over deadline is a case deadline (target ``handover``) on the company's
working time: the SLA sweep, the escalation rules and the board take it as they
take the others. The policy deadlines still count from receipt: the customer's
clock started when they told the department.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .realestate_complaint_sla_policy import TargetRule
from .roles import SUPERVISOR, is_system

SCOPES = [
    ("own", "Our Responsibility"),
    ("other", "Not Our Responsibility"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_handover_days = fields.Float(
        string="Hand-over After Handling (working days)", default=2.0,
        help="A department hands a complaint it received and handled itself to "
        "customer service within this many working days after its handling is done "
        "(000:712).")
    complaint_handover_days_other = fields.Float(
        string="Hand-over When Not Responsible (working days)", default=1.0,
        help="A department hands a complaint it received that is not its "
        "responsibility to customer service within this many working days of "
        "receipt (000:712).")

    @api.constrains("complaint_handover_days", "complaint_handover_days_other")
    def _check_complaint_handover_days(self):
        for company in self:
            if company.complaint_handover_days <= 0 or \
                    company.complaint_handover_days_other <= 0:
                raise ValidationError(_("A hand-over time limit must be positive."))


class RealestateComplaintSlaTarget(models.Model):
    _inherit = "realestate.complaint.sla.target"

    @api.constrains("target")
    def _check_handover_target(self):
        if self.filtered(lambda line: line.target == "handover"):
            raise ValidationError(_(
                "The hand-over deadline follows the department's registration "
                "(company settings), not a time limit of a policy."))


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    receiving_team_id = fields.Many2one(
        "realestate.complaint.team", string="Received by Department", index=True,
        ondelete="restrict", track_visibility="onchange",
        default=lambda self: self._default_receiving_team(),
        help="The department the complaint reached directly and that registered it "
        "(000:712). It hands the case over to customer service.")
    department_scope = fields.Selection(
        SCOPES, string="Responsibility", track_visibility="onchange",
        help="Our responsibility: the department handles the case and hands it "
        "over within two working days after its handling is done. Not ours: it "
        "hands it over within one working day of receipt (000:712).")
    date_department_done = fields.Datetime(
        string="Department Handling Done On", readonly=True, copy=False,
        track_visibility="onchange")
    date_handed_over = fields.Datetime(
        string="Handed Over On", readonly=True, copy=False, index=True,
        track_visibility="onchange")
    handed_over_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False)

    @api.model
    def _default_receiving_team(self):
        """From the department's own registration menu (context
        ``department_intake``): the user's department."""
        if not self.env.context.get("department_intake"):
            return False
        return self.env["realestate.complaint.team"]._of_user(self.env.user)[:1]

    @api.onchange("receiving_team_id")
    def _onchange_receiving_team_id(self):
        if self.receiving_team_id:
            self.channel = "department"

    @api.constrains("receiving_team_id", "department_scope")
    def _check_receiving_team(self):
        for complaint in self.filtered("receiving_team_id"):
            if not complaint.department_scope:
                raise ValidationError(_(
                    "Say whether %s is your department's responsibility or not "
                    "(000:712).") % complaint.name)

    @api.model
    def _department_intake_vals(self, vals):
        """A case a department registers itself: by one of its people, on the
        channel "received by a department", and dispatched to it at once when it
        is its own (000:712)."""
        team = self.env["realestate.complaint.team"].browse(
            vals.get("receiving_team_id"))
        if not team:
            return vals
        vals = dict(vals, channel="department")
        receiver = self.env["res.users"].browse(
            vals.get("receiver_id") or self.env.uid)
        if receiver not in team._responsible_users():
            raise ValidationError(_(
                "%(user)s is not a member of %(team)s: only its people register "
                "what reaches the department.") % {
                    "user": receiver.name, "team": team.name})
        if vals.get("department_scope") == "own":
            vals.update(team._own_dispatch_vals(receiver))
        return vals

    def _check_scope_change(self, vals):
        """The department's cases whose responsibility (ours / not ours) the
        write changes, once checked: the receiving department answers for it
        (and CS supervisors, corrections), not an agent who may write the case,
        and only until the hand-over."""
        if "department_scope" not in vals:
            return self.browse()
        changed = self.filtered(
            lambda c: c.receiving_team_id
            and c.department_scope != vals["department_scope"])
        changed._check_receiving_member()
        for complaint in changed:
            if complaint.date_handed_over:
                raise UserError(_("%s is handed over to customer service already: "
                                  "its responsibility stays as it was.")
                                % complaint.name)
        return changed

    def _after_department_intake(self):
        """What the registration of each department's case implies: "ours" is
        dispatched to it and signed for (the department wrote the handling sheet
        itself, 1.2.4); "not ours" is due to customer service within a working
        day."""
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.department_scope == "own":
                complaint._dispatch_to_receiving_team(now)
            else:
                complaint._open_handover_deadline(
                    complaint.date_received,
                    complaint.company_id.complaint_handover_days_other)
            complaint.message_post(body=html_escape(_(
                "Received directly by %(team)s and registered by %(user)s: %(scope)s "
                "(000:712).") % {
                    "team": complaint.receiving_team_id.name,
                    "user": complaint.receiver_id.name,
                    "scope": complaint._scope_label()}),
                subtype="mail.mt_note")

    def _scope_label(self):
        self.ensure_one()
        return dict(self._fields["department_scope"]._description_selection(
            self.env)).get(self.department_scope, "")

    def _dispatch_to_receiving_team(self, when):
        """The department handles its own case: dispatched and signed for now."""
        self.ensure_one()
        vals = {"date_dispatched": when, "dispatched_by_id": self.receiver_id.id,
                "date_signed": when}
        if not self.team_id:
            vals.update(self.receiving_team_id._own_dispatch_vals(self.receiver_id))
        investigating = self.env.ref("realestate_complaint.stage_investigating")
        if self.stage_id.sequence < investigating.sequence:
            vals["stage_id"] = investigating.id
        with by_process():
            self.write(vals)
        self._complete_targets(["dispatch"], when)

    def _after_scope_change(self):
        """The department changed its mind before the hand-over: the deadline and
        the dispatch follow the new answer."""
        for complaint in self:
            deadline = complaint._handover_deadline()
            if deadline.status in ("on_track", "at_risk", "breached"):
                deadline.unlink()
            if complaint.department_scope == "own":
                if complaint.team_id != complaint.receiving_team_id:
                    complaint._dispatch_to_receiving_team(fields.Datetime.now())
            else:
                if complaint.team_id == complaint.receiving_team_id:
                    complaint._leave_department()
                complaint._open_handover_deadline(
                    complaint.date_received,
                    complaint.company_id.complaint_handover_days_other)
            complaint._update_sla_summary()

    def _handover_deadline(self):
        self.ensure_one()
        return self.sudo().deadline_ids.filtered(
            lambda d: d.target == "handover" and not d.repair_item_id)

    def _open_handover_deadline(self, start, days):
        """The hand-over deadline, ``days`` working days from ``start``."""
        self.ensure_one()
        if self._handover_deadline():
            return
        company = self.company_id
        line = TargetRule("handover", days, "working_days", 0, "received")
        vals = self._deadline_vals(
            self, line, start, company._complaint_working_time(),
            company._complaint_settings().at_risk_ratio)
        vals["date_next_escalation"] = vals["date_deadline"]
        self.env["realestate.complaint.deadline"].sudo().create(vals)
        self.invalidate_cache(["deadline_ids"], self.ids)
        self._update_sla_summary()

    def _check_receiving_member(self):
        """The people of the receiving department act for it (and supervisors)."""
        for complaint in self:
            if not complaint.receiving_team_id:
                raise UserError(_("%s was not received by a department.")
                                % complaint.name)
            user = self.env.user
            if is_system(self.env) or user.has_group(SUPERVISOR):
                continue
            if user not in complaint.receiving_team_id._responsible_users():
                raise AccessError(_("Only the people of %(team)s act on the "
                                    "hand-over of %(case)s.") % {
                    "team": complaint.receiving_team_id.name,
                    "case": complaint.name})

    def action_department_done(self):
        """1.2.4: the department's handling of its own case is done; the
        hand-over is due within two working days."""
        return self._department_done()

    def _department_done(self, when=None):
        self._check_receiving_member()
        when = when or fields.Datetime.now()
        for complaint in self:
            if complaint.department_scope != "own":
                raise UserError(_("%s is not your department's responsibility: hand "
                                  "it over as it is.") % complaint.name)
            if complaint.date_department_done:
                raise UserError(_("The handling of %s is marked done already.")
                                % complaint.name)
        with by_process():
            self.write({"date_department_done": when})
        for complaint in self:
            complaint._open_handover_deadline(
                when, complaint.company_id.complaint_handover_days)
        return True

    def action_handover(self):
        """Hand the case to customer service (000:712): who and when are
        recorded, the hand-over deadline is met, and customer service finds it
        among the cases handed over to it on its board."""
        return self._handover()

    def _handover(self, when=None):
        self._check_receiving_member()
        when = when or fields.Datetime.now()
        for complaint in self:
            if complaint.date_handed_over:
                raise UserError(_("%s is handed over already.") % complaint.name)
            if complaint.department_scope == "own" and \
                    not complaint.date_department_done:
                raise UserError(_("Mark the handling of %s done first: your "
                                  "department hands over what it has handled.")
                                % complaint.name)
        with by_process():
            self.write({"date_handed_over": when, "handed_over_by_id": self.env.uid})
        self._complete_targets(["handover"], when)
        for complaint in self:
            told = complaint.user_id.partner_id | complaint.dispatched_by_id.filtered(
                lambda u: u != complaint.receiver_id).partner_id
            body = _("Handed over to customer service by %(user)s for %(team)s: "
                     "%(what)s (000:712).") % {
                "user": self.env.user.name,
                "team": complaint.receiving_team_id.name,
                "what": _("handled by the department, for the record")
                if complaint.department_scope == "own" else
                _("not the department's responsibility, to be dispatched")}
            complaint.message_post(body=html_escape(body), subtype="mail.mt_note",
                                   partner_ids=told.ids)
        return True

    def _leave_department(self):
        """The case is no longer with its responsible department: dispatch undone,
        its handling sheet closed, back with customer service to dispatch again
        (1.2.3)."""
        acknowledged = self.env.ref("realestate_complaint.stage_acknowledged")
        registered = self.env.ref("realestate_complaint.stage_registered")
        investigating = self.env.ref("realestate_complaint.stage_investigating")
        for complaint in self:
            vals = {"team_id": False, "responsible_id": False,
                    "date_dispatched": False, "dispatched_by_id": False,
                    "date_signed": False}
            if complaint.stage_id == investigating:
                # Back to where customer service left it (an unacknowledged case
                # is not moved to Acknowledged: that would meet R3's deadline).
                told = complaint.sudo().deadline_ids.filtered(
                    lambda d: d.target == "acknowledge" and d.date_done)
                vals["stage_id"] = (acknowledged if told else registered).id
            with by_process():
                complaint.sudo().write(vals)
            complaint.sudo()._activities_of_type(
                "realestate_complaint.mail_activity_type_handling_sheet").unlink()


class RealestateComplaintTeam(models.Model):
    _inherit = "realestate.complaint.team"

    @api.model
    def _of_user(self, user):
        """The departments ``user`` belongs to (member or head)."""
        return self.search(["|", ("member_ids", "in", user.ids),
                            ("head_id", "=", user.id)])

    def _own_dispatch_vals(self, receiver):
        """The department responsible for a case it received and handles: the
        receiver works it if they may, else the head."""
        self.ensure_one()
        person = receiver if receiver in self._responsible_users() else self.head_id
        return {"team_id": self.id, "responsible_id": person.id}
