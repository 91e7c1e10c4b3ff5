import json
from datetime import timedelta

from odoo import api, fields, models

from .realestate_complaint_deadline import OPEN_STATUSES, STATUSES
from .realestate_complaint_sla_policy import TARGETS

# Reaching a stage (xml id) completes these targets, if still open: a case that is
# resolved has been acknowledged, dispatched, contacted and answered.
STAGE_TARGETS = [
    ("stage_acknowledged", ["acknowledge"]),
    ("stage_callback", ["acknowledge", "report", "instruction", "dispatch", "onsite",
                        "verify", "first_contact", "plan", "resolve", "repair"]),
]


class RealestateComplaint(models.Model):
    """Deadlines of a case on the company's working calendar (R3, R10, R12, R17, R18,
    R20, R27), and the nearest one shown on the board."""

    _inherit = "realestate.complaint"

    sla_policy_id = fields.Many2one(
        "realestate.complaint.sla.policy", string="SLA Policy", readonly=True,
        copy=False, ondelete="set null")
    deadline_ids = fields.One2many(
        "realestate.complaint.deadline", "complaint_id", string="Deadlines")
    # Not indexed: no search or order uses it, and the sweep rewrites it on every
    # case whose deadline moves (issue 17: the SLA summary's UPDATE rewrote each
    # index of the table for each case).
    next_deadline = fields.Datetime(readonly=True, copy=False)
    next_deadline_target = fields.Selection(TARGETS, readonly=True, copy=False)
    next_deadline_status = fields.Selection(
        STATUSES, string="SLA Status", readonly=True, copy=False, index=True)
    escalation_tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier",
        readonly=True, copy=False, index=True, ondelete="restrict",
        help="The highest tier of the management chain a late deadline of this case "
        "has reached (R21, R22).")

    def _apply_sla(self):
        """Choose each case's policy and create the deadlines that count from
        receipt."""
        Policy = self.env["realestate.complaint.sla.policy"]
        policy_of = {complaint.id: Policy._rule_for(complaint) for complaint in self}
        rows = self._create_deadlines("received", policy_of=policy_of)
        # The policy and the nearest deadline (all on track yet) in one UPDATE: these
        # fields are not tracked, and a registration is hot.
        nearest = {}
        for row in rows:
            best = nearest.get(row["complaint_id"])
            if best is None or row["date_deadline"] < best["date_deadline"]:
                nearest[row["complaint_id"]] = row
        self.env.cr.execute("""
            UPDATE realestate_complaint c
               SET sla_policy_id = r.policy, next_deadline = r.deadline::timestamp,
                   next_deadline_target = r.target,
                   next_deadline_status = CASE WHEN r.deadline IS NULL THEN NULL
                                               ELSE 'on_track' END
              FROM json_to_recordset(%s) AS r(id int, policy int, deadline text,
                                                target text)
             WHERE c.id = r.id""", (json.dumps([{
                "id": complaint.id,
                "policy": policy_of[complaint.id] and policy_of[complaint.id].id,
                "deadline": nearest.get(complaint.id, {}).get("date_deadline"),
                "target": nearest.get(complaint.id, {}).get("target"),
            } for complaint in self]),))
        self.invalidate_cache(
            ["sla_policy_id", "next_deadline", "next_deadline_target",
             "next_deadline_status"], self.ids)

    def _create_deadlines(self, start, when=None, policy_of=None):
        """Deadlines of the policy's targets that count from ``start`` (received or
        resolved, at ``when``), once per target; one working time per company.
        ``policy_of`` (id: PolicyRule or None) is given at registration, when no
        deadline exists yet."""
        Policy = self.env["realestate.complaint.sla.policy"]
        rows = []
        for company in self.mapped("company_id"):
            work = company._complaint_working_time()
            ratio = company._complaint_settings().at_risk_ratio
            skipped = self._skipped_targets(company)
            for complaint in self.filtered(lambda c: c.company_id == company):
                if policy_of is not None:
                    rule, existing = policy_of[complaint.id], set()
                else:
                    rule = Policy._rule_of(complaint.sla_policy_id.id)
                    existing = set(complaint.deadline_ids.mapped("target"))
                for line in rule.targets if rule else ():
                    if line.start == start and line.target not in existing \
                            and line.target not in skipped:
                        rows.append(self._deadline_vals(
                            complaint, line, when or complaint.date_received, work,
                            ratio))
        if rows:
            # One INSERT for the set: deadlines have no computed or tracked fields.
            query = """
                INSERT INTO realestate_complaint_deadline
                       (complaint_id, target, date_start, date_at_risk, date_deadline,
                        date_next_escalation, status, create_uid, create_date,
                        write_uid, write_date)
                SELECT complaint_id, target, date_start::timestamp,
                       date_at_risk::timestamp, date_deadline::timestamp,
                       date_deadline::timestamp, 'on_track',
                       %(uid)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC'
                  FROM json_to_recordset(%(rows)s)
                    AS r(complaint_id int, target varchar, date_start text,
                         date_at_risk text, date_deadline text)"""
            self.env.cr.execute(query, {"uid": self.env.uid, "rows": json.dumps(rows)})
            self.invalidate_cache(["deadline_ids"], self.ids)
        return rows

    @api.model
    def _skipped_targets(self, company):
        """Targets of the policies that ``company`` does not run (a step nobody
        is set up to take): no deadline is created for them."""
        return frozenset()

    @api.model
    def _deadline_vals(self, complaint, line, start, work, ratio):
        begin = fields.Datetime.from_string(start)
        deadline = line.deadline(begin, work)
        # "80% of the time used" counts the same time as the limit: working time for
        # limits in working hours or days (none of it passes over a weekend).
        if line.unit in ("working_hours", "working_days"):
            at_risk = work.add_hours(
                begin, ratio * work.hours_between(begin, deadline))
        else:
            at_risk = begin + timedelta(
                seconds=(deadline - begin).total_seconds() * ratio)
        return {
            "complaint_id": complaint.id, "target": line.target,
            "date_start": start,
            "date_at_risk": fields.Datetime.to_string(at_risk),
            "date_deadline": fields.Datetime.to_string(deadline),
        }

    def _complete_targets(self, targets, when=None):
        """Mark these targets done on these cases (met, or met late)."""
        deadlines = self.sudo().mapped("deadline_ids").filtered(
            lambda d: d.target in targets)
        done = deadlines._mark_done(when)
        resolved = done.filtered(lambda d: d.target == "resolve")
        if resolved:
            # The callback clock starts when the case is resolved (R27, R28).
            resolved.mapped("complaint_id")._create_deadlines(
                "resolved", when or fields.Datetime.now())
        self._update_sla_summary()
        return done

    def _complete_stage_targets(self):
        """The targets the new stage implies, for each case, in one pass."""
        thresholds = [(self.env.ref("realestate_complaint." + xmlid).sequence, implied)
                      for xmlid, implied in STAGE_TARGETS]
        by_targets = {}
        for complaint in self:
            targets = set()
            for sequence, implied in thresholds:
                if complaint.stage_id.sequence >= sequence:
                    targets.update(implied)
            if targets:
                key = tuple(sorted(targets))
                by_targets[key] = by_targets.get(key, self.browse()) | complaint
        for targets, complaints in by_targets.items():
            complaints._complete_targets(targets)

    def _update_sla_summary(self):
        """Store what the board shows of each case's deadlines, the nearest open one
        and the highest escalation tier reached (by a late deadline, or referred
        up by hand: R21, R22), in one UPDATE: these fields are
        not tracked, and each UPDATE of a case rewrites every index of the table.
        Within a sweep (context ``sla_summary_todo``, a set) the cases are collected
        and updated once at the end."""
        todo = self.env.context.get("sla_summary_todo")
        if todo is not None:
            todo.update(self.ids)
            return
        if not self.ids:
            return
        query = """
            UPDATE realestate_complaint c
               SET next_deadline = n.date_deadline, next_deadline_target = n.target,
                   next_deadline_status = n.status, escalation_tier_id = n.tier_id
              FROM (SELECT c2.id, d.date_deadline, d.target, d.status, t.tier_id
                      FROM realestate_complaint c2
                 LEFT JOIN LATERAL (
                           SELECT date_deadline, target, status
                             FROM realestate_complaint_deadline
                            WHERE complaint_id = c2.id AND status IN %s
                         ORDER BY date_deadline, id LIMIT 1) d ON TRUE
                 LEFT JOIN LATERAL (
                           SELECT tier.id AS tier_id
                             FROM (SELECT escalation_tier_id AS tier_id
                                     FROM realestate_complaint_deadline
                                    WHERE complaint_id = c2.id
                                   UNION ALL
                                   SELECT tier_id FROM realestate_complaint_referral
                                    WHERE complaint_id = c2.id) reached
                             JOIN realestate_complaint_escalation_tier tier
                               ON tier.id = reached.tier_id
                         ORDER BY tier.sequence DESC, tier.id DESC LIMIT 1) t ON TRUE
                     WHERE c2.id IN %s) n
             WHERE c.id = n.id
               AND (c.next_deadline, c.next_deadline_target, c.next_deadline_status,
                    c.escalation_tier_id)
                   IS DISTINCT FROM (n.date_deadline, n.target, n.status, n.tier_id)"""
        self.env.cr.execute(query, (OPEN_STATUSES, tuple(self.ids)))
        self.invalidate_cache(["next_deadline", "next_deadline_target",
                               "next_deadline_status", "escalation_tier_id"], self.ids)

    @api.model
    def _demo_load_translations(self):
        """Demo data only: Odoo loads a module's translations after its demo data,
        so the notes the demo's replayed sweeps write (in the cron user's
        language) came out in English, tier names included. Load them first."""
        langs = self.env["res.lang"].search([("code", "!=", "en_US")]).mapped("code")
        if langs:
            self.env["ir.translation"].load_module_terms(
                ["realestate_complaint"], langs)

    @api.model
    def _replay_sla_sweeps(self, since_days, until_days=0, step_minutes=30):
        """Run the sweep every ``step_minutes`` from ``since_days`` to
        ``until_days`` ago, as the cron would have: demo data shows three weeks of
        service (deadlines at risk and late, cases up the chain)."""
        now = fields.Datetime.from_string(fields.Datetime.now())
        moment = now - timedelta(days=since_days)
        while moment <= now - timedelta(days=until_days):
            self._cron_sweep_sla(fields.Datetime.to_string(moment))
            moment += timedelta(minutes=step_minutes)

    @api.model
    def _cron_sweep_sla(self, now=None):
        """Scheduled: move deadline statuses (at risk, breached), then run the
        escalation rules (R19, R21, R22, R24). ``now`` (naive UTC) replays a past
        moment, e.g. for demo data."""
        # Cron jobs run without a language: the notes and activities speak the
        # cron user's.
        lang = self.env.context.get("lang") or self.env.user.lang
        todo = set()
        env = self.with_context(lang=lang, sla_summary_todo=todo).env
        env["realestate.complaint.deadline"]._sweep_statuses(now)
        env["base.automation"]._run_complaint_sweep(now)
        self.browse(todo)._update_sla_summary()
