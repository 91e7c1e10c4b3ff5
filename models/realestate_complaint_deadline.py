import pytz
from psycopg2 import OperationalError, errorcodes

from odoo import _, api, fields, models

from .realestate_complaint_sla_policy import TARGETS
from ..tools.periods import period_bounds, utc_range

STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("met_late", "Met Late"),
]
OPEN_STATUSES = ("on_track", "at_risk", "breached")


class RealestateComplaintDeadline(models.Model):
    """One time limit of one case, with a stored, indexed status.

    The moment the deadline becomes at risk is stored too, so that the sweep that
    moves statuses finds its work with indexed range queries, whatever the number of
    open cases (ODOO11_FACTS: the stock on_time automated action evaluates every
    candidate record in Python).
    """

    _name = "realestate.complaint.deadline"
    _description = "Complaint Deadline"
    _order = "date_deadline, id"

    # auto_join: the sweep's rules filter on the case (open cases only) with a JOIN,
    # not with the list of every open case's id.
    complaint_id = fields.Many2one(
        "realestate.complaint", required=True, ondelete="cascade", index=True,
        auto_join=True)
    target = fields.Selection(TARGETS, required=True)
    date_start = fields.Datetime(required=True)
    date_at_risk = fields.Datetime(
        required=True, index=True,
        help="When the configured share of the time is used (80% by default).")
    date_deadline = fields.Datetime(string="Deadline", required=True, index=True)
    date_done = fields.Datetime(string="Done On")
    status = fields.Selection(STATUSES, required=True, default="on_track", index=True)
    # Escalation state (R21, R22): the tier reached and when the case climbs next,
    # stored so that a restart loses nothing and the sweep finds its work by index.
    escalation_tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="Escalated To", readonly=True,
        ondelete="restrict")
    escalation_count = fields.Integer(readonly=True)
    date_escalated = fields.Datetime(string="Last Escalated On", readonly=True)
    date_next_escalation = fields.Datetime(
        string="Next Escalation", readonly=True,
        help="When the case climbs to the next tier if this is still not done: the "
        "deadline itself, then the tier's interval; empty when done or at the top.")

    # One deadline per case and target, and per repair item and round: partial
    # unique indexes (realestate_repair_item_deadline.py).

    @api.model_cr
    def init(self):
        # The escalation sweep looks only at the few deadlines that are due to climb.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_deadline_escalation_idx "
            "ON realestate_complaint_deadline (date_next_escalation) "
            "WHERE date_next_escalation IS NOT NULL")
        # The status sweep looks only at the open deadlines whose moment has come:
        # the indexes on the dates hold every deadline ever met as well (millions
        # in a few years), which the sweep read and discarded (bench at 1M).
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_deadline_at_risk_due_idx "
            "ON realestate_complaint_deadline (date_at_risk) "
            "WHERE status = 'on_track'")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_deadline_breach_due_idx "
            "ON realestate_complaint_deadline (date_deadline) "
            "WHERE status IN ('on_track', 'at_risk')")

    def _mark_done(self, when=None):
        """Met or met late, once: a done deadline keeps its first date."""
        when = when or fields.Datetime.now()
        todo = self.filtered(lambda d: d.status in OPEN_STATUSES)
        late = todo.filtered(lambda d: d.date_deadline < when)
        (todo - late).write(
            {"date_done": when, "status": "met", "date_next_escalation": False})
        late.write(
            {"date_done": when, "status": "met_late", "date_next_escalation": False})
        return todo

    @api.model
    def _sweep_statuses(self, now=None):
        """Move open deadlines to at risk and breached, found by index.
        Returns the ids that became breached (for escalation)."""
        now = now or fields.Datetime.now()
        breached = self._move_status(
            "breached", ("on_track", "at_risk"), "date_deadline", now)
        at_risk = self._move_status("at_risk", ("on_track",), "date_at_risk", now)
        complaints = {row[1] for row in breached + at_risk}
        self.invalidate_cache(["status"])
        if complaints:
            self.env["realestate.complaint"].browse(complaints)._update_sla_summary()
        return [row[0] for row in breached]

    @api.model
    def _move_status(self, status, statuses, moment_field, now):
        """Deadlines in ``statuses`` whose ``moment_field`` has come take
        ``status``: [(id, complaint id)]. Two sweeps may run at once (two cron
        workers, a manual run): the rows the other one holds, or has changed since
        this transaction began (Odoo's transactions are REPEATABLE READ), are its
        work and are left to it, as the escalation step does (base_automation).
        Deadlines of a case waiting on the customer or a third party do not run
        (``paused``, realestate_complaint_sla_pause.py; NULL for rows inserted by
        SQL, hence IS NOT TRUE)."""
        # Two statements: the due rows (by the partial indexes of init), then those
        # by id. In one (UPDATE ... FROM due), PostgreSQL expected a tenth of the
        # table to be due (the dates' and the statuses' statistics, multiplied) and
        # hashed every deadline to join them: 0.1-0.5 s at 1M, for no row.
        query = """
            SELECT id FROM realestate_complaint_deadline
             WHERE status IN %s AND {moment} <= %s AND paused IS NOT TRUE
             ORDER BY id FOR UPDATE SKIP LOCKED""".format(moment=moment_field)
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute(query, (statuses, now), log_exceptions=False)
                ids = [row[0] for row in cr.fetchall()]
                if not ids:
                    return []
                cr.execute("""
                    UPDATE realestate_complaint_deadline SET status = %s
                     WHERE id = ANY(%s) RETURNING id, complaint_id""", (status, ids))
                return cr.fetchall()
        except OperationalError as error:
            if error.pgcode != errorcodes.SERIALIZATION_FAILURE:
                raise
            return []

    @api.model
    def _action_breaches_this_week(self):
        """The dashboard's deadlines due this week (Monday first, in the reader's
        time zone) and missed: breached or met late (R21, R25)."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        start, end = utc_range(tz, *period_bounds("week", today))
        action = self.env.ref(
            "realestate_complaint.realestate_complaint_deadline_action").read()[0]
        action.update(
            name=_("Breaches This Week"), display_name=_("Breaches This Week"),
            view_mode="tree,pivot,graph",
            views=[(False, "tree"), (False, "pivot"), (False, "graph")],
            domain=[("status", "in", ("breached", "met_late")),
                    ("date_deadline", ">=", start), ("date_deadline", "<", end)])
        return action
