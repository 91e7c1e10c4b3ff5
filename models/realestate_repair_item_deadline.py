"""A planned repair item is a to-do of its responsible party with a deadline
(004:125-126): the repair date of the work plan, swept to at risk and breached and
escalated up the management chain like the case's own deadlines (R21, R22). A
failed acceptance opens the deadline of the second rectification (004:127).

The item's deadline is a case deadline (``realestate.complaint.deadline``) with the
item and its round: the sweep, the escalation rules, the board's nearest deadline
and the statistics take it as they take the others, with no code of their own.
"""
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .realestate_complaint_deadline import OPEN_STATUSES


class RealestateComplaintDeadline(models.Model):
    _inherit = "realestate.complaint.deadline"

    repair_item_id = fields.Many2one(
        "realestate.repair.item", readonly=True,
        ondelete="cascade", index=True)
    repair_round = fields.Integer(
        readonly=True, help="0 for the repair, n for its n-th second rectification.")

    @api.model_cr
    def init(self):
        """A case has one deadline per target, an item one per round: two partial
        unique indexes, instead of the table constraint on (case, target) of
        versions before 11.0.1.3.0, dropped here on upgrade."""
        super(RealestateComplaintDeadline, self).init()
        cr = self.env.cr
        cr.execute("ALTER TABLE realestate_complaint_deadline "
                   "DROP CONSTRAINT IF EXISTS "
                   "realestate_complaint_deadline_complaint_target_uniq")
        cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS realestate_complaint_deadline_case_uniq "
            "ON realestate_complaint_deadline (complaint_id, target) "
            "WHERE repair_item_id IS NULL")
        cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS realestate_complaint_deadline_item_uniq "
            "ON realestate_complaint_deadline (repair_item_id, repair_round) "
            "WHERE repair_item_id IS NOT NULL")


class RealestateRepairItem(models.Model):
    _inherit = "realestate.repair.item"

    deadline_ids = fields.One2many(
        "realestate.complaint.deadline", "repair_item_id", string="Deadlines",
        readonly=True)
    deadline_status = fields.Selection(
        related="deadline_id.status", string="Deadline Status", readonly=True)
    deadline_id = fields.Many2one(
        "realestate.complaint.deadline", string="Current Deadline",
        compute="_compute_deadline_id")

    activity_id = fields.Many2one(
        "mail.activity", string="To-do", readonly=True, ondelete="set null",
        copy=False)

    @api.depends("deadline_ids.repair_round")
    def _compute_deadline_id(self):
        for item in self:
            item.deadline_id = item.deadline_ids.sorted("repair_round")[-1:]

    def write(self, vals):
        """A planned item's repair date moved (the owner was not home): its open
        deadline and to-do follow, unless the deadline is breached already (the
        lateness stays recorded and escalated)."""
        moved = self.browse()
        if vals.get("date_planned"):
            moved = self.filtered(lambda item: item.state == "planned" and
                                  item.date_planned != vals["date_planned"])
            old = {item.id: item.date_planned for item in moved}
        result = super(RealestateRepairItem, self).write(vals)
        for item in moved:
            item._move_repair_deadline(old[item.id])
        return result

    def _move_repair_deadline(self, old_date):
        self.ensure_one()
        deadline = self.sudo().deadline_id
        if deadline.status not in ("on_track", "at_risk"):
            return
        start = fields.Datetime.from_string(deadline.date_start)
        due = self._repair_due()
        ratio = self.complaint_id.company_id._complaint_settings().at_risk_ratio
        at_risk = start + timedelta(seconds=max(0, (due - start).total_seconds()) *
                                    ratio)
        with by_process():
            deadline.write({
                "date_deadline": fields.Datetime.to_string(due),
                "date_at_risk": fields.Datetime.to_string(at_risk),
                "date_next_escalation": fields.Datetime.to_string(due),
                "status": "on_track"})
        if self.activity_id:
            self.activity_id.sudo().write({"date_deadline": self.date_planned})
        self.complaint_id._update_sla_summary()
        self.complaint_id.message_post(body=html_escape(_(
            "The repair date of %(location)s moved from %(old)s to %(new)s by "
            "%(user)s.") % {"location": self.location, "old": old_date,
                            "new": self.date_planned, "user": self.env.user.name}))

    def _write_state(self, state, **values):
        result = super(RealestateRepairItem, self)._write_state(state, **values)
        if state == "planned":
            self._open_repair_deadlines()
        elif state in ("done", "cancelled"):
            self._close_repair_deadlines(cancelled=state == "cancelled")
        return result

    def _repair_due(self):
        """The end of the repair date, in the company's time zone (naive UTC)."""
        self.ensure_one()
        tz = pytz.timezone(self.complaint_id.company_id.complaint_tz or
                           "Asia/Shanghai")
        day = fields.Date.from_string(self.date_planned) + timedelta(days=1)
        return tz.localize(datetime.combine(day, time.min)).astimezone(
            pytz.utc).replace(tzinfo=None)

    def _open_repair_deadlines(self):
        """The deadline of this round of each item, and the party's to-do."""
        now = fields.Datetime.from_string(fields.Datetime.now())
        Deadline = self.env["realestate.complaint.deadline"].sudo()
        for item in self:
            due = item._repair_due()
            ratio = item.complaint_id.company_id._complaint_settings().at_risk_ratio
            at_risk = now + timedelta(
                seconds=max(0, (due - now).total_seconds()) * ratio)
            Deadline.create({
                "complaint_id": item.complaint_id.id, "target": "repair",
                "repair_item_id": item.id, "repair_round": item.rectification_count,
                "date_start": fields.Datetime.to_string(now),
                "date_at_risk": fields.Datetime.to_string(at_risk),
                "date_deadline": fields.Datetime.to_string(due),
                "date_next_escalation": fields.Datetime.to_string(due),
            })
        self.mapped("complaint_id")._update_sla_summary()
        self._assign_to_party()

    def _close_repair_deadlines(self, cancelled=False):
        """Repaired: the round's deadline is met (or met late). Cancelled: its open
        deadline is dropped, there is nothing left to be late for."""
        deadlines = self.sudo().mapped("deadline_ids").filtered(
            lambda d: d.status in OPEN_STATUSES)
        if cancelled:
            deadlines.unlink()
        else:
            deadlines._mark_done()
        self.sudo().mapped("activity_id").action_feedback(
            feedback=_("Cancelled") if cancelled else _("Repaired"))
        self.mapped("complaint_id")._update_sla_summary()

    # The party's to-do

    def _party_user(self):
        """Who holds the item's to-do in Odoo: the party's contact if they have an
        internal user (property engineering), else the head of the answering
        department; for a contractor, whose people work it on the portal, the
        case's duty head, who arranges the work plan (004:125), else the head of
        the engineering department that runs the repair group."""
        self.ensure_one()
        user = self.party_id.contact_id.user_ids.filtered(lambda u: not u.share)[:1]
        return user or self.team_id.head_id or self.complaint_id.duty_user_id or \
            self.party_id.group_id.team_id.head_id

    def _to_do_summary(self):
        self.ensure_one()
        return _("Repair %(case)s / %(location)s") % {
            "case": self.complaint_id.name, "location": self.location}

    def _assign_to_party(self):
        """The to-do of each item's party (004:125): an activity on the case for an
        internal holder, the repair order by email to a contractor's contact."""
        activity_type = self.env.ref(
            "realestate_complaint.mail_activity_type_repair_item")
        template = self.env.ref("realestate_complaint.mail_template_repair_item")
        model_id = self.env["ir.model"]._get_id("realestate.complaint")
        for item in self.sudo():
            user = item._party_user()
            if user:
                item.activity_id = self.env["mail.activity"].create({
                    "res_model_id": model_id, "res_id": item.complaint_id.id,
                    "activity_type_id": activity_type.id, "user_id": user.id,
                    "summary": item._to_do_summary(),
                    "note": "<p>%s</p>" % html_escape(item.description),
                    "date_deadline": item.date_planned,
                })
            contact = item.party_id.contact_id
            if contact.email and not contact.user_ids.filtered(
                    lambda u: not u.share):
                template.send_mail(item.id)
