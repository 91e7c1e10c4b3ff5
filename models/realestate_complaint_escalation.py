import json
from collections import OrderedDict, defaultdict

from odoo import _, api, fields, models


class RealestateComplaintDeadline(models.Model):
    """Escalation of late work up the management chain (R21, R22), called by the
    shipped automated action "escalate late deadlines one tier", which the SLA
    sweep runs on the due deadlines (base_automation.py)."""

    _inherit = "realestate.complaint.deadline"

    @api.multi
    def _escalate(self, now=None):
        """Raise each due, breached deadline of these one tier (R21, R22): record
        the tier, alert its people (an activity each, one email per person listing
        their cases), note it in the chatter, and arm the next escalation after the
        tier's interval in working time. At the top, nothing climbs further.
        Deadlines not due (met, or escalated already) are left as they are: running
        it twice changes nothing the second time."""
        now = fields.Datetime.from_string(
            now or self.env.context.get("sweep_now") or fields.Datetime.now())
        due = self.sudo().filtered(
            lambda d: d.status == "breached" and d.date_next_escalation
            and fields.Datetime.from_string(d.date_next_escalation) <= now)
        Tier = self.env["realestate.complaint.escalation.tier"].sudo()
        rows = []
        climbed = OrderedDict()   # (complaint, tier): [deadlines]
        for company in due.mapped("complaint_id.company_id"):
            ladder = Tier._ladder(company)
            work = company.complaint_working_time()
            for deadline in due.filtered(
                    lambda d: d.complaint_id.company_id == company):
                tier = deadline._next_tier(ladder)
                last = not tier or tier.is_administration or tier == ladder[-1]
                rows.append({
                    "id": deadline.id,
                    "tier": (tier or deadline.escalation_tier_id).id or None,
                    "next": None if last else fields.Datetime.to_string(work.add_hours(
                        now, tier.interval_days * work.hours_per_day)),
                    "climbed": bool(tier),
                })
                if tier:
                    climbed.setdefault((deadline.complaint_id, tier), []).append(
                        deadline)
        if not rows:
            return self.browse()
        self.env.cr.execute("""
            UPDATE realestate_complaint_deadline d
               SET escalation_tier_id = r.tier, date_next_escalation = r.next::timestamp,
                   escalation_count = COALESCE(d.escalation_count, 0) + r.climbed::int,
                   date_escalated = CASE WHEN r.climbed THEN %s
                                         ELSE d.date_escalated END,
                   write_uid = %s, write_date = now() at time zone 'UTC'
              FROM json_to_recordset(%s) AS r(id int, tier int, next text,
                                                climbed boolean)
             WHERE d.id = r.id""", (fields.Datetime.to_string(now), self.env.uid,
                                    json.dumps(rows)))
        self.invalidate_cache(["escalation_tier_id", "date_next_escalation",
                               "escalation_count", "date_escalated"], due.ids)
        complaints = due.mapped("complaint_id")
        complaints._update_escalation_tier()
        complaints._notify_escalation(climbed, now)
        return due

    @api.multi
    def _next_tier(self, ladder):
        """The tier above this deadline's (the first one if none), or nothing at
        the top. A tier archived since is passed by its sequence."""
        self.ensure_one()
        current = self.escalation_tier_id
        if not current:
            return ladder[:1]
        above = ladder.filtered(lambda t: (t.sequence, t.id) > (
            current.sequence, current.id))
        return above[:1]


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    escalation_tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="Escalation Tier",
        readonly=True, copy=False, index=True, ondelete="restrict",
        help="The highest tier of the management chain a late deadline of this case "
        "has reached (R21, R22).")

    @api.multi
    def _update_escalation_tier(self):
        """The highest tier of each case's deadlines, in one UPDATE (not tracked:
        the escalation note says it)."""
        self.env.cr.execute("""
            UPDATE realestate_complaint c
               SET escalation_tier_id = top.tier_id
              FROM (SELECT DISTINCT ON (d.complaint_id) d.complaint_id,
                           d.escalation_tier_id AS tier_id
                      FROM realestate_complaint_deadline d
                      JOIN realestate_complaint_escalation_tier t
                        ON t.id = d.escalation_tier_id
                     WHERE d.complaint_id IN %s
                  ORDER BY d.complaint_id, t.sequence DESC, t.id DESC) top
             WHERE c.id = top.complaint_id
               AND c.escalation_tier_id IS DISTINCT FROM top.tier_id""",
                            (tuple(self.ids),))
        self.invalidate_cache(["escalation_tier_id"], self.ids)

    @api.model
    def _notify_escalation(self, climbed, now):
        """The alerts of one sweep, set-based: one chatter note per case and one
        activity per person and case, each in a single INSERT; one email per person
        listing all their cases (a sweep can escalate a thousand cases)."""
        if not climbed:
            return
        targets = dict(self.env["realestate.complaint.deadline"]._fields[
            "target"]._description_selection(self.env))
        notes = defaultdict(list)
        activities = []
        digest = OrderedDict()   # user: [lines]
        for (complaint, tier), deadlines in climbed.items():
            people = tier._people(complaint)
            what = ", ".join(targets[d.target] for d in deadlines)
            notes[complaint.id].append(
                _("Late: %(what)s. Escalated to %(tier)s: %(people)s (R21, R22).") % {
                    "what": what, "tier": tier.name,
                    "people": ", ".join(people.mapped("name")) or _("nobody set")})
            for user in people:
                activities.append({
                    "res_id": complaint.id, "user_id": user.id,
                    "summary": _("Late case %(case)s escalated to %(tier)s") % {
                        "case": complaint.name, "tier": tier.name},
                    "note": "<p>%s</p>" % what, "res_name": complaint.name})
                digest.setdefault(user, []).append({
                    "case": complaint.name, "tier": tier.name, "late": what,
                    "customer": complaint.partner_name or "",
                    "level": complaint.level or ""})
        self.browse(list(notes))._log_notes(
            {case_id: "<p>%s</p>" % "<br/>".join(lines)
             for case_id, lines in notes.items()})
        if activities:
            self.env.cr.execute("""
                INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                           activity_type_id, user_id, summary, note,
                                           date_deadline, create_uid, create_date,
                                           write_uid, write_date)
                SELECT %(model_id)s, %(model)s, r.res_id, r.res_name, %(type)s,
                       r.user_id, r.summary, r.note, %(today)s, %(uid)s,
                       now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM json_to_recordset(%(rows)s)
                    AS r(res_id int, user_id int, summary text, note text,
                         res_name text)""", {
                "model_id": self.env["ir.model"]._get_id(self._name),
                "model": self._name,
                "type": self.env.ref(
                    "realestate_complaint.mail_activity_type_escalation").id,
                "today": fields.Date.to_string(now.date()), "uid": self.env.uid,
                "rows": json.dumps(activities)})
            self.invalidate_cache(["activity_ids"], list(notes))
        template = self.env.ref("realestate_complaint.mail_template_escalation_digest")
        for user, lines in digest.items():
            template.with_context(escalated=lines).send_mail(user.id)
