import json
from collections import OrderedDict, defaultdict

from odoo import _, api, fields, models
from odoo.tools import html_escape

DIGEST_LINES = 100


class RealestateComplaintDeadline(models.Model):
    """Escalation of late work up the management chain (R21, R22), called by the
    shipped automated action "escalate late deadlines one tier", which the SLA
    sweep runs on the due deadlines (base_automation.py)."""

    _inherit = "realestate.complaint.deadline"

    def _escalate(self, now=None):
        """Raise each due, breached deadline of these one tier (R21, R22): record
        the tier, alert its people (an activity each, one email per person listing
        their cases), note it in the chatter, and arm the next escalation after the
        tier's interval in working time. At the top, nothing climbs further.
        Deadlines not due (met, or escalated already) are left as they are: running
        it twice changes nothing the second time.

        The cases are read with one query: a sweep can escalate a thousand of them,
        and the ORM would read every column of each (descriptions included)."""
        now = fields.Datetime.from_string(
            now or self.env.context.get("sweep_now") or fields.Datetime.now())
        if not self.ids:
            return self.browse()
        self.env.cr.execute("""
            SELECT d.id, d.target, d.escalation_tier_id AS tier_id,
                   c.id AS case_id, c.company_id, c.name, c.partner_name, c.level,
                   c.user_id, c.receiver_id, t.user_id AS sales_leader_id
              FROM realestate_complaint_deadline d
              JOIN realestate_complaint c ON c.id = d.complaint_id
         LEFT JOIN crm_team t ON t.id = c.sales_team_id
             WHERE d.id IN %s AND d.status = 'breached'
               AND d.date_next_escalation <= %s
          ORDER BY c.id, d.date_deadline, d.id""",
                            (tuple(self.ids), fields.Datetime.to_string(now)))
        due = self.env.cr.dictfetchall()
        Tier = self.env["realestate.complaint.escalation.tier"].sudo()
        rows = []
        climbed = OrderedDict()   # (case id, tier): (case row, [targets])
        for company_id in sorted({row["company_id"] for row in due}):
            company = self.env["res.company"].browse(company_id)
            ladder = Tier._ladder(company)
            work = company._complaint_working_time()
            for row in (r for r in due if r["company_id"] == company_id):
                current = Tier.browse(row["tier_id"])
                tier = current._next_in(ladder)
                last = not tier or tier.is_administration or tier == ladder[-1]
                rows.append({
                    "id": row["id"], "tier": (tier or current).id or None,
                    "next": None if last else fields.Datetime.to_string(work.add_hours(
                        now, tier.interval_days * work.hours_per_day)),
                    "climbed": bool(tier),
                })
                if tier:
                    key = (row["case_id"], tier)
                    climbed.setdefault(key, (row, []))[1].append(row["target"])
        if not rows:
            return self.browse()
        self.env.cr.execute("""
            UPDATE realestate_complaint_deadline d
               SET escalation_tier_id = r.tier,
                   date_next_escalation = r.next::timestamp,
                   escalation_count = COALESCE(d.escalation_count, 0) + r.climbed::int,
                   date_escalated = CASE WHEN r.climbed THEN %s
                                         ELSE d.date_escalated END,
                   write_uid = %s, write_date = now() at time zone 'UTC'
              FROM json_to_recordset(%s) AS r(id int, tier int, next text,
                                                climbed boolean)
             WHERE d.id = r.id""", (fields.Datetime.to_string(now), self.env.uid,
                                    json.dumps(rows)))
        done = self.browse([row["id"] for row in rows])
        done.invalidate_cache(["escalation_tier_id", "date_next_escalation",
                               "escalation_count", "date_escalated"], done.ids)
        complaints = self.env["realestate.complaint"].browse(
            sorted({row["case_id"] for row in due}))
        complaints._update_sla_summary()
        complaints._notify_escalation(climbed, now)
        return done


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    @api.model
    def _notify_escalation(self, climbed, now):
        """The alerts of one sweep, set-based: one chatter note per case and one
        activity per person and case, each in a single INSERT; one email per person
        listing all their cases. ``climbed``: {(case id, tier): (case row,
        [targets])}."""
        if not climbed:
            return
        targets = dict(self.env["realestate.complaint.deadline"]._fields[
            "target"]._description_selection(self.env))
        Users = self.env["res.users"].sudo()
        notes = defaultdict(list)
        activities = []
        digest = OrderedDict()   # user: [lines]
        # Translated once, not per case and person: a sweep can escalate a
        # thousand cases, and each _() looks the language and the term up.
        late_note = _("Late: %(what)s. Escalated to %(tier)s: %(people)s (R21, R22).")
        late_summary = _("Late case %(case)s escalated to %(tier)s")
        nobody = _("nobody set")
        people_of = {}   # the same tier, company and owners alert the same people
        for (_case_id, tier), (row, late) in climbed.items():
            owners = tuple(i for i in (row["user_id"], row["receiver_id"]) if i)
            leader = row.get("sales_leader_id") if tier.notify_sales_leader else None
            key = (tier, row["company_id"], owners if tier.notify_case_owner else (),
                   leader)
            if key not in people_of:
                people = tier._people_of(
                    self.env["res.company"].browse(row["company_id"]),
                    Users.browse(owners), Users.browse(leader))
                people_of[key] = (people, ", ".join(people.mapped("name")) or nobody)
            people, names = people_of[key]
            what = ", ".join(targets[target] for target in late)
            notes[row["case_id"]].append(html_escape(late_note % {
                "what": what, "tier": tier.name, "people": names}))
            summary = late_summary % {"case": row["name"], "tier": tier.name}
            for user in people:
                activities.append({
                    "res_id": row["case_id"], "user_id": user.id, "summary": summary,
                    "note": "<p>%s</p>" % html_escape(what), "res_name": row["name"]})
                digest.setdefault(user, []).append({
                    "case": row["name"], "tier": tier.name, "late": what,
                    "customer": row["partner_name"] or "",
                    "level": row["level"] or ""})
        self.browse(list(notes))._log_notes(
            {case_id: "<p>%s</p>" % "<br/>".join(lines)
             for case_id, lines in notes.items()})
        self._schedule_activities(
            self.env.ref("realestate_complaint.mail_activity_type_escalation"),
            fields.Date.to_string(now.date()), activities)
        template = self.env.ref("realestate_complaint.mail_template_escalation_digest")
        for user, lines in digest.items():
            # The email lists the first cases; the activities hold every one.
            template.with_context(
                escalated=lines[:DIGEST_LINES],
                more=max(0, len(lines) - DIGEST_LINES),
            ).send_mail(user.id)
