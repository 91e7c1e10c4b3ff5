from odoo import _, api, fields, models
from odoo.tools import html_escape

from .realestate_complaint_escalation_tier import alertable
from .roles import AGENT, DEPARTMENT, EXECUTIVE, any_of


class RealestateComplaint(models.Model):
    """Supervision orders and major complaints. Every graded complaint gets its
    supervision order at registration (R19; 004:204, 004:212), a case raised to a
    higher level later the order of that level, due one hour after the raise.
    Major complaints (level 1): management and the legal department are warned
    (R24) with the order, at once when a level 1 case is registered or a case is
    raised to level 1, and by the shipped automated action "alert management and
    legal about level 1 cases" that the SLA sweep runs (for a level set any other
    way)."""

    _inherit = "realestate.complaint"

    date_major_alerted = fields.Datetime(
        string="Management Alerted On", readonly=True, copy=False,
        help="When management and the legal department were warned (R24).")
    # Operators have no right on supervision orders (R39): hidden from them, or
    # the case form, which lists them, could not even save a new case.
    supervision_order_ids = fields.One2many(
        "realestate.complaint.supervision.order", "complaint_id",
        string="Supervision Orders",
        groups=any_of(AGENT, DEPARTMENT))

    @api.model_cr
    def init(self):
        super(RealestateComplaint, self).init()
        # The sweep's rule "alert management and legal about level 1 cases" looks
        # for the open level 1 cases not warned yet, oldest first: a few rows,
        # where the index on the level held every level 1 case ever received (a
        # sixth of the sweep at 1M cases). The predicate is the ORM's wording of
        # the rule's domain, or PostgreSQL does not use the index.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_major_alert_idx "
            "ON realestate_complaint (date_received, id) "
            "WHERE level = '1' AND date_major_alerted IS NULL "
            "AND (is_closed IS NULL OR NOT is_closed)")

    def _alert_at_registration(self):
        """A level 1 case warns management and legal at once (R24, through the
        sweep's rule, which issues its order); any other graded case gets its
        supervision order (R19)."""
        major = self.filtered(lambda c: c.level == "1")
        if major:
            self.env["base.automation"].sudo()._run_complaint_sweep(
                records=major.sudo())
        if self - major:
            self.env["realestate.complaint.supervision.order"].sudo()._issue_for(
                (self - major).sudo()._supervised())

    def _supervised(self):
        """The cases that get supervision orders: open complaints not found
        invalid, and every level 1 case whatever its kind (R19, R24)."""
        return self.filtered(lambda c: not c.is_closed and (
            c.level == "1" or (c.kind == "complaint" and c.validity != "invalid")))

    def _write(self, vals):
        """A level raised by any write or recomputation (a supervisor's level,
        repeats, channel, households, category) is seen here, where Odoo stores
        it: the old levels are read first (one query)."""
        if not vals.get("level") or not self.ids:
            return super(RealestateComplaint, self)._write(vals)
        self.env.cr.execute("SELECT id, level FROM realestate_complaint WHERE id IN %s",
                            (tuple(self.ids),))
        before = dict(self.env.cr.fetchall())
        result = super(RealestateComplaint, self)._write(vals)
        self.browse([case_id for case_id, level in before.items()
                     if level and vals["level"] < level])._on_level_raised()
        return result

    def _on_level_raised(self):
        """R19, R24: a case raised to level 1 warns management and legal at once;
        a raised case gets the supervision order of its new level, due one hour
        after the raise. Not for the cases registered in this transaction: their
        registration issues the order of the level they end with."""
        if not self:
            return
        # _supervised() in SQL: the raised cases of a cluster are older cases
        # whose fields are not in the cache (the ORM would read each whole).
        self.env.cr.execute("""
            SELECT id FROM realestate_complaint
             WHERE id IN %s AND create_date < now() at time zone 'UTC'
               AND NOT is_closed
               AND (level = '1' OR (kind = 'complaint' AND validity != 'invalid'))""",
                            (tuple(self.ids),))
        cases = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        if not cases:
            return
        now = fields.Datetime.now()
        major = cases.filtered(lambda c: c.level == "1")
        major._alert_major(since=now)
        self.env["realestate.complaint.supervision.order"].sudo()._issue_for(
            cases, since=now)

    def _alert_major(self, since=None):
        """Warn management and the legal department of each open level 1 case not
        warned yet (an activity each, one email, a note) and issue its supervision
        order (due an hour after ``since``, else after receipt); a second call
        changes nothing."""
        cases = self.sudo().filtered(
            lambda c: c.level == "1" and not c.date_major_alerted and not c.is_closed)
        if not cases:
            return cases
        executive = self.env.ref(EXECUTIVE)
        template = self.env.ref("realestate_complaint.mail_template_major_alert")
        self.env["realestate.complaint.supervision.order"]._issue_for(cases, since)
        activities, notes = [], {}
        for case in cases:
            legal = case.company_id.complaint_legal_team_id
            people = alertable(executive.users | legal._responsible_users(),
                               case.company_id)
            order = case.supervision_order_ids.filtered(lambda o: o.level == "1")
            # The email also carries the supervision order to its addressees.
            recipients = people | order.addressee_ids | order.copy_ids
            activities += [{
                "res_id": case.id, "res_name": case.name, "user_id": user.id,
                "summary": _("Major complaint %s: prepare the response") % case.name,
                "note": "",
            } for user in people]
            if recipients:
                template.with_context(alert_partner_ids=",".join(
                    str(i) for i in recipients.mapped("partner_id").ids)
                ).send_mail(case.id)
            notes[case.id] = "<p>%s</p>" % html_escape(_(
                "Major complaint: %(people)s warned (R24)%(legal)s.") % {
                "people": ", ".join(people.mapped("name")) or _("nobody set"),
                "legal": "" if legal else _("; no legal department is set for %s")
                % case.company_id.name})
        self._schedule_activities(
            self.env.ref("realestate_complaint.mail_activity_type_major_alert"),
            fields.Date.context_today(self), activities)
        cases._log_notes(notes)
        # Not tracked: one UPDATE, the note above says it.
        self.env.cr.execute(
            "UPDATE realestate_complaint SET date_major_alerted = %s WHERE id IN %s",
            (fields.Datetime.now(), tuple(cases.ids)))
        cases.invalidate_cache(["date_major_alerted"], cases.ids)
        return cases
