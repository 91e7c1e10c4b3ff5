"""SLA pause: the clock stops while the case waits on the customer or a third party.

The time limits of the seeds (R17: a plan within two working days; R18: resolution
in 3 or 7 working days; R21: what is not done in time goes to administration) count
the company's own handling time. While the case waits for the customer (documents,
access to the flat, an answer) or for a third party (an authority, a supplier, a
contractor's report), that time is not the company's: an agent pauses the case with
the reason, and the deadlines stop running.

How it is kept exact and cheap:

- Each pause is a record (case, reason, start, end, who paused and who resumed, the
  working hours it lasted), so the case's history and the statistics (R37) add up
  the real intervals rather than a running total.
- While paused, each open deadline of the case carries ``paused`` (stored): the
  status sweep's indexed UPDATEs skip it (``_move_status``), and its
  ``date_next_escalation`` is held aside (``paused_next_escalation``) and emptied,
  so the escalation rule's indexed search (partial index on that column) does not
  even see it. Nothing per record is evaluated by the sweep.
- On resume, each paused deadline moves later by the time paused, measured as the
  deadline itself is measured: working time on the company calendar for limits in
  working hours or days (a pause over a weekend or a public holiday moves nothing
  for those days), elapsed time for limits in plain minutes, hours or days (the
  repair visit of R20, and the off-hours rule). One UPDATE for the set.
- A deadline already breached stays breached with its dates: lateness that
  happened before the pause is not erased (R21 asks that late work be followed
  up). Only its escalation clock waits during the pause and moves on resume.
- An at-risk deadline stays at risk: its at-risk moment came before the pause,
  and moves by the same time as the pause, so it stays behind the resumption.
- A repair item's deadline is its date in the work plan (004:125-126), agreed with
  the owner: it is not paused; the item is rescheduled instead.
- Deadlines created during a pause (a repair item planned meanwhile) run.

A pause ends by the *Resume* button, when the customer writes on the case (an email
or a portal message by the complainant) while it waits for the customer, or when
the case reaches its callback, is closed or invalid (nothing is left to wait for).
"""
import json
import threading
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .roles import AGENT, DEPARTMENT, OPERATOR, any_of

PAUSE_REASONS = [
    ("customer", "Waiting for the Customer"),
    ("third_party", "Waiting for a Third Party"),
    ("authority", "Waiting for an Authority"),
    ("supplier", "Waiting for a Supplier or Contractor"),
    ("other", "Other"),
]
RESUMED_HOW = [
    ("hand", "By Hand"),
    ("customer", "Customer Wrote"),
    ("stage", "Case Resolved or Closed"),
]
# Reaching these stages ends a pause: the case no longer waits on anyone.
END_STAGE_CODES = ("callback", "closed", "invalid")
# Units whose deadlines count plain elapsed time (realestate_complaint_sla_policy).
ELAPSED_UNITS = ("minutes", "hours", "days")

# The Message-Ids of the machine-sent replies (out of office …) the gateway is
# delivering to a case in this thread: the posted mail.message keeps no headers,
# and an auto-reply from the customer's address is not the customer's answer.
_gateway = threading.local()


class RealestateComplaintSlaPause(models.Model):
    """One interval during which a case's SLA clock stood still, and why."""

    _name = "realestate.complaint.sla.pause"
    _description = "Complaint SLA Pause"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "reason"

    # auto_join: the record rules follow the case's (R39) with a JOIN, not with
    # the list of every readable case id (docs/NOTES.md, traps).
    complaint_id = fields.Many2one(
        "realestate.complaint", string="Case", required=True, index=True,
        ondelete="cascade", auto_join=True)
    reason = fields.Selection(PAUSE_REASONS, required=True, default="customer")
    note = fields.Char(
        string="Details", help="What or whom the case waits for; required for Other.")
    date_start = fields.Datetime(string="Paused On", required=True, readonly=True)
    date_end = fields.Datetime(string="Resumed On", readonly=True)
    user_id = fields.Many2one("res.users", string="Paused By", readonly=True)
    resumed_by_id = fields.Many2one("res.users", readonly=True)
    resumed_how = fields.Selection(RESUMED_HOW, string="Resumed", readonly=True)
    hours = fields.Float(
        string="Working Hours Paused", readonly=True,
        help="Working time of the company calendar between the pause and the "
        "resumption: what the deadlines moved by.")

    @api.constrains("reason", "note")
    def _check_note(self):
        for pause in self:
            if pause.reason == "other" and not (pause.note or "").strip():
                raise ValidationError(_("Say what the case waits for."))


class RealestateComplaintDeadline(models.Model):
    _inherit = "realestate.complaint.deadline"

    paused = fields.Boolean(
        readonly=True, copy=False,
        help="The case waits on the customer or a third party: this deadline does "
        "not run (not swept, not escalated) until it resumes.")
    paused_next_escalation = fields.Datetime(
        readonly=True, copy=False,
        help="The next escalation held aside while paused.")


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    # The pause records are for those who work cases (not, say, a salesperson who
    # reads the cases of their sales): the case form lists them.
    sla_pause_ids = fields.One2many(
        "realestate.complaint.sla.pause", "complaint_id", string="SLA Pauses",
        groups=any_of(OPERATOR, DEPARTMENT))
    sla_pause_id = fields.Many2one(
        "realestate.complaint.sla.pause", string="Current Pause", readonly=True,
        copy=False, ondelete="set null",
        groups=any_of(OPERATOR, DEPARTMENT))
    # Stored copies of the current pause for the board, filters and the form,
    # without a relation to read.
    sla_paused = fields.Boolean(
        string="SLA Paused", readonly=True, copy=False, index=True,
        help="The case waits on the customer or a third party: its deadlines stand "
        "still.")
    sla_pause_reason = fields.Selection(
        PAUSE_REASONS, string="Waiting For", readonly=True, copy=False)
    sla_paused_since = fields.Datetime(
        string="Paused Since", readonly=True, copy=False)
    sla_paused_hours = fields.Float(
        string="Working Hours Paused", readonly=True, copy=False,
        help="Working time this case's deadlines stood still, over all its ended "
        "pauses.")

    # Buttons

    def action_sla_pause(self):
        """The wizard asking for the reason."""
        self.ensure_one()
        self._check_may_pause()
        action = self.env.ref("realestate_complaint."
                              "realestate_complaint_sla_pause_wizard_action").read()[0]
        action["context"] = {"default_complaint_id": self.id}
        return action

    def action_sla_resume(self):
        self._check_may_pause()
        self._sla_resume()
        return True

    # Rules

    def _check_may_pause(self):
        """Those who work the case (its agents, supervisors and departments) may
        pause and resume it; operators, who only register, may not."""
        if not any(self.env.user.has_group(group) for group in (AGENT, DEPARTMENT)):
            raise UserError(_("Only those who work the case may pause its SLA."))
        self.check_access_rights("write")
        self.check_access_rule("write")

    def _sla_pause(self, reason, note=None, when=None):
        """Stop the clock of these cases: a pause record each, their open
        deadlines flagged and their escalations held (one UPDATE)."""
        when = when or fields.Datetime.now()
        for complaint in self:
            if complaint.is_closed or complaint.stage_id.code in END_STAGE_CODES:
                raise UserError(_("Case %s is resolved or closed: its SLA cannot "
                                  "be paused.") % complaint.name)
            if complaint.sla_paused:
                raise UserError(_("The SLA of case %s is paused already.")
                                % complaint.name)
        Pause = self.env["realestate.complaint.sla.pause"].sudo()
        reasons = dict(Pause._fields["reason"]._description_selection(self.env))
        with by_process():
            for complaint in self:
                pause = Pause.create({
                    "complaint_id": complaint.id, "reason": reason,
                    "note": (note or "").strip() or False, "date_start": when,
                    "user_id": self.env.uid})
                complaint.sudo().write({
                    "sla_pause_id": pause.id, "sla_paused": True,
                    "sla_pause_reason": reason, "sla_paused_since": when})
        # What came due before the pause and no sweep has marked yet is late or
        # at risk all the same: the statuses catch up as they stop.
        self.env.cr.execute("""
            UPDATE realestate_complaint_deadline
               SET paused = TRUE, paused_next_escalation = date_next_escalation,
                   date_next_escalation = NULL,
                   status = CASE WHEN date_deadline <= %(when)s THEN 'breached'
                                 WHEN status = 'on_track' AND date_at_risk <= %(when)s
                                 THEN 'at_risk' ELSE status END
             WHERE complaint_id IN %(ids)s
               AND status IN ('on_track', 'at_risk', 'breached')
               AND repair_item_id IS NULL AND paused IS NOT TRUE""",
                            {"ids": tuple(self.ids), "when": when})
        self.env["realestate.complaint.deadline"].invalidate_cache(
            ["paused", "paused_next_escalation", "date_next_escalation", "status"])
        self._update_sla_summary()
        for complaint in self:
            what = reasons[reason]
            if note and note.strip():
                what = "%s (%s)" % (what, note.strip())
            complaint.message_post(body=html_escape(_(
                "SLA paused: %s. The deadlines stand still until it resumes.")
                % what), subtype="mail.mt_note")
        return True

    def _sla_resume(self, how="hand", when=None):
        """Restart the clock of the paused ones among these cases: the pause
        closes with its working hours, the paused deadlines move later by the
        time paused (see the module docstring) in one UPDATE."""
        paused = self.filtered("sla_paused")
        if not paused:
            return 0.0
        when = when or fields.Datetime.now()
        end = fields.Datetime.from_string(when)
        Policy = self.env["realestate.complaint.sla.policy"]
        rows = []
        total = {}
        for company in paused.mapped("company_id"):
            work = company._complaint_working_time()
            for complaint in paused.filtered(lambda c: c.company_id == company):
                pause = complaint.sudo().sla_pause_id
                start = fields.Datetime.from_string(pause.date_start)
                hours = work.hours_between(start, end)
                elapsed = max(end - start, timedelta())
                total[complaint.id] = (pause, hours)
                rule = Policy._rule_of(complaint.sla_policy_id.id)
                lines = {line.target: line for line in rule.targets} if rule else {}

                def shift(value, elapsed_time):
                    if not value:
                        return None
                    moment = fields.Datetime.from_string(value)
                    moved = (moment + elapsed if elapsed_time
                             else work.add_hours(moment, hours) if hours else moment)
                    return fields.Datetime.to_string(moved)

                for deadline in complaint.sudo().deadline_ids.filtered("paused"):
                    line = lines.get(deadline.target)
                    elapsed_time = bool(line) and (
                        line.unit in ELAPSED_UNITS or (
                            line.off_hours_minutes and not work.is_working(
                                fields.Datetime.from_string(deadline.date_start))))
                    open_ = deadline.status in ("on_track", "at_risk")
                    rows.append({
                        "id": deadline.id,
                        "at_risk": shift(deadline.date_at_risk, elapsed_time)
                        if open_ else deadline.date_at_risk,
                        "deadline": shift(deadline.date_deadline, elapsed_time)
                        if open_ else deadline.date_deadline,
                        "next": shift(deadline.paused_next_escalation, elapsed_time),
                    })
        if rows:
            self.env.cr.execute("""
                UPDATE realestate_complaint_deadline d
                   SET date_at_risk = r.at_risk::timestamp,
                       date_deadline = r.deadline::timestamp,
                       date_next_escalation = CASE
                           WHEN d.status IN ('on_track', 'at_risk', 'breached')
                           THEN r.next::timestamp END,
                       paused = FALSE, paused_next_escalation = NULL,
                       write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                  FROM json_to_recordset(%(rows)s)
                    AS r(id int, at_risk text, deadline text, next text)
                 WHERE d.id = r.id""", {"rows": json.dumps(rows), "uid": self.env.uid})
            self.env["realestate.complaint.deadline"].invalidate_cache(
                ["date_at_risk", "date_deadline", "date_next_escalation", "paused",
                 "paused_next_escalation"], [row["id"] for row in rows])
        with by_process():
            for complaint in paused:
                pause, hours = total[complaint.id]
                pause.sudo().write({
                    "date_end": when, "hours": hours, "resumed_how": how,
                    # The customer's message resumes as the system: nobody of
                    # the company did.
                    "resumed_by_id": False if how == "customer" else self.env.uid})
                complaint.sudo().write({
                    "sla_pause_id": False, "sla_paused": False,
                    "sla_pause_reason": False, "sla_paused_since": False,
                    "sla_paused_hours": complaint.sla_paused_hours + hours})
        paused._update_sla_summary()
        for complaint in paused:
            hours = total[complaint.id][1]
            complaint.message_post(body=html_escape(
                _("SLA resumed after %(hours)s working hours paused; the open "
                  "deadlines moved later by that time.") % {
                    "hours": "%.2f" % hours}), subtype="mail.mt_note")
        return sum(hours for _pause, hours in total.values())

    @api.model
    def _demo_sla_pauses(self):
        """Demo data only: a case waiting for its customer now, and one that
        waited for the housing authority and resumed (with its history and the
        statistics' figures), at install. A second call changes nothing."""
        now = fields.Datetime.from_string(fields.Datetime.now())

        def ago(days):
            return fields.Datetime.to_string(now - timedelta(days=days))

        def case(xmlid):
            found = self.env.ref("realestate_complaint." + xmlid,
                                 raise_if_not_found=False)
            return found if found and not found.sla_pause_ids else self.browse()

        resumed = case("complaint_13_demo")
        if resumed:
            resumed._sla_pause("authority", note="等待住建局转办函", when=ago(12))
            resumed._sla_resume(when=ago(10))
        waiting = case("complaint_14_demo")
        if waiting:
            waiting._sla_pause("customer", note="业主出差，约定回来后上门检查分水器",
                               when=ago(1))

    # What ends a pause on its own

    def _resume_at_end_stage(self):
        """A paused case that reaches its end (closed, or a stage after the
        work) runs again (R18)."""
        done = self.filtered(lambda c: c.sla_paused and (
            c.is_closed or c.stage_id.code in END_STAGE_CODES))
        if done:
            done._sla_resume(how="stage")

    def _message_post_after_hook(self, message):
        """The customer writes (an email or a portal message by the complainant):
        the case waiting for the customer has what it waited for. Not an
        auto-reply from their mailbox. The message type is checked first: the
        system's own notes (notifications) do not read the case."""
        result = super(RealestateComplaint, self)._message_post_after_hook(message)
        if message.message_type not in ("email", "comment"):
            return result
        auto = getattr(_gateway, "auto_replies", None)
        if auto and message.message_id in auto:
            auto.discard(message.message_id)
            return result
        if self.sla_paused and self.sla_pause_reason == "customer" \
                and self.partner_id and message.author_id == self.partner_id:
            self.sudo()._sla_resume(how="customer")
        return result


class RealestateComplaintMailGateway(models.AbstractModel):
    _inherit = "realestate.complaint.mail.gateway"

    @api.model
    def _check_route(self, message, message_dict, route):
        """An auto-reply routed to an existing case is noted for the after-post
        hook above, which does not take it for the customer's answer."""
        route = super(RealestateComplaintMailGateway, self)._check_route(
            message, message_dict, route)
        if route and route[1] and self._auto_header(message):
            auto = getattr(_gateway, "auto_replies", None) or set()
            auto.add(message_dict.get("message_id"))
            _gateway.auto_replies = auto
        return route
