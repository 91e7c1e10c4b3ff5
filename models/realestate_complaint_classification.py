from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .stage_guard import process_move
from .roles import SUPERVISOR

# R7: level 1 major, level 2 risk of a group complaint, level 3 ordinary.
LEVELS = [
    ("1", "Level 1 (Major)"),
    ("2", "Level 2 (Group Risk)"),
    ("3", "Level 3 (Ordinary)"),
]
VALIDITIES = [("pending", "To Assess"), ("valid", "Valid"), ("invalid", "Invalid")]
# R7: complaints that reach a regulator, the government or the media are major.
MAJOR_CHANNELS = ("government", "media")
MAJOR_HOUSEHOLDS = 10


class RealestateComplaint(models.Model):
    """Classification of a case: validity (R6), level (R7), complexity (R8), and the
    repeat and group complaints that raise the level (R9)."""

    _inherit = "realestate.complaint"

    # Not indexed: three values, each common (issue 17: fewer indexes to rewrite
    # on each update of a case).
    validity = fields.Selection(
        VALIDITIES, default="pending", required=True, readonly=True,
        track_visibility="onchange", help="Set by the buttons Valid, Invalid and "
        "the supervisor's approval of an invalid verdict (R6).")
    invalid_reason = fields.Text(
        track_visibility="onchange",
        help="Why the complaint is not valid, as explained to the customer (R6).")
    invalid_customer_informed = fields.Boolean(
        string="Customer Told Why", track_visibility="onchange")
    invalid_requested_by_id = fields.Many2one(
        "res.users", string="Invalid Verdict By", readonly=True, copy=False)
    invalid_approved_by_id = fields.Many2one(
        "res.users", string="Invalid Verdict Approved By", readonly=True, copy=False,
        track_visibility="onchange")
    date_invalid_approved = fields.Datetime(readonly=True, copy=False)

    complexity = fields.Selection(
        [("simple", "Simple"), ("complex", "Complex")], default="simple",
        required=True, track_visibility="onchange",
        help="Sets the resolution time: 3 working days simple, 7 complex (R8, R18).")
    household_count = fields.Integer(
        string="Households Involved", default=1,
        help="10 or more households acting together make a level 1 case (R7).")
    level_suggested = fields.Selection(
        LEVELS, string="Suggested Level", compute="_compute_levels", store=True)
    level_override = fields.Selection(
        LEVELS, string="Level Set By Supervisor", copy=False,
        track_visibility="onchange")
    level_override_reason = fields.Text(
        string="Reason for the Level", copy=False, track_visibility="onchange")
    level = fields.Selection(
        LEVELS, compute="_compute_levels", store=True, index=True,
        track_visibility="onchange")

    repeat_of_id = fields.Many2one(
        "realestate.complaint", index=True, copy=False,
        ondelete="set null", track_visibility="onchange",
        help="The case this complaint repeats: one case, every complaint kept (R9).")
    # R9: a complaint repeated by its complainant raises the level; the same
    # complaint brought to another department is only recorded once on the case
    # (002:815: 同一问题多次投诉(指投诉人向不同部门投诉),应作一次记录).
    repeat_kind = fields.Selection(
        [("repeat", "Repeated Complaint"),
         ("elsewhere", "Same Complaint, Another Department")],
        readonly=True, copy=False,
        help="Repeated: counts on the case and raises its level (R9). Same "
        "complaint brought to another department: recorded once on the case, "
        "counted neither as a repeat nor as another case (002:815).")
    repeat_ids = fields.One2many(
        "realestate.complaint", "repeat_of_id", string="Repeated Complaints")
    # Not summed by read_group: see `color` (the board's count by stage).
    repeat_count = fields.Integer(compute="_compute_levels", store=True,
                                  group_operator=False)
    repeat_candidate_ids = fields.Many2many(
        "realestate.complaint", compute="_compute_repeat_candidate_ids",
        string="Possible Repeats Of")
    is_group_risk = fields.Boolean(
        string="Group Complaint Risk", index=True, copy=False,
        track_visibility="onchange",
        help="Several households of the building complain about the same category "
        "(R7, R9).")

    @api.model_cr
    def init(self):
        super(RealestateComplaint, self).init()
        # Cluster detection (R9) looks at the open cases of a building and category
        # within the window on every registration.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_cluster_idx "
            "ON realestate_complaint (building_id, category_id, date_received) "
            "WHERE NOT is_closed")

    @api.depends("channel", "household_count", "category_id.group_risk",
                 "category_id.parent_id.group_risk", "is_group_risk", "repeat_ids",
                 "repeat_ids.repeat_kind", "level_override")
    def _compute_levels(self):
        """The number of repeats, the suggested level (R7, R9) and the level in force
        (override first); one compute, so a registration stores them in one UPDATE.
        Where the company says a repeated complaint is major (002:307), one repeat
        makes it level 1."""
        groups = self.read_group(
            [("repeat_of_id", "in", self.ids),
             ("repeat_kind", "in", ("repeat", False))],
            ["repeat_of_id"], ["repeat_of_id"])
        counts = {g["repeat_of_id"][0]: g["repeat_of_id_count"] for g in groups}
        for complaint in self:
            complaint.repeat_count = counts.get(complaint.id, 0)
            company = complaint.company_id or self.env.user.company_id
            if (complaint.channel in MAJOR_CHANNELS
                    or complaint.household_count >= MAJOR_HOUSEHOLDS
                    or (complaint.repeat_count and
                        company._complaint_settings().repeat_major)):
                level = 1
            elif complaint.is_group_risk or complaint.category_id._is_group_risk():
                level = 2
            else:
                level = 3
            # R9: every repetition raises the level by one.
            suggested = str(max(1, level - complaint.repeat_count))
            complaint.level_suggested = suggested
            complaint.level = complaint.level_override or suggested

    @api.depends("category_id", "unit_id", "partner_id", "date_received", "is_closed",
                 "repeat_of_id")
    def _compute_repeat_candidate_ids(self):
        for complaint in self:
            complaint.repeat_candidate_ids = complaint._find_repeat_candidates()

    def _find_repeat_candidates(self):
        """R9: open cases of the same unit or complainant and the same category,
        received within the company's repeat window before this one."""
        self.ensure_one()
        if self.repeat_of_id or self.is_closed or not self.category_id or not (
                self.unit_id or self.partner_id):
            return self.browse()
        received = fields.Datetime.from_string(
            self.date_received or fields.Datetime.now())
        # A draft in a form may have no company yet: the user's is the one it gets.
        company = self.company_id or self.env.user.company_id
        since = received - timedelta(
            days=company._complaint_settings().repeat_window_days)
        who = []
        if self.unit_id:
            who.append(("unit_id", "=", self.unit_id.id))
        if self.partner_id:
            who.append(("partner_id", "=", self.partner_id.id))
        domain = ["|"] * (len(who) - 1) + who + [
            ("category_id", "=", self.category_id.id),
            ("is_closed", "=", False),
            ("repeat_of_id", "=", False),
            ("date_received", ">=", fields.Datetime.to_string(since)),
        ]
        if isinstance(self.id, int):
            domain.append(("id", "!=", self.id))
        return self.search(domain, order="date_received, id")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """A partner whose only unit fills the unit is warned about by the unit's
        onchange; warned here as well, the form would show the warning twice."""
        unit = self.unit_id
        result = super(RealestateComplaint, self)._onchange_partner_id()
        if self.unit_id == unit:
            return self._onchange_repeat_candidates() or result
        return result

    @api.onchange("category_id", "unit_id")
    def _onchange_repeat_candidates(self):
        candidates = self._find_repeat_candidates()
        if candidates:
            return {"warning": {
                "title": _("Possible repeat complaint"),
                "message": _("Open cases of the same unit or complainant and the same "
                             "category: %s. After saving, link this complaint to the "
                             "case it repeats.") % ", ".join(candidates.mapped("name")),
            }}

    @api.constrains("level_override", "level_override_reason")
    def _check_level_override_reason(self):
        for complaint in self:
            if complaint.level_override and not (
                    complaint.level_override_reason or "").strip():
                raise ValidationError(
                    _("Give the reason for setting the level of %s by hand.")
                    % complaint.name)

    @api.constrains("household_count")
    def _check_household_count(self):
        if any(complaint.household_count < 1 for complaint in self):
            raise ValidationError(_("At least one household is involved."))

    @api.constrains("repeat_of_id")
    def _check_repeat_of_id(self):
        for complaint in self.filtered("repeat_of_id"):
            master = complaint.repeat_of_id
            if master == complaint or master.repeat_of_id:
                raise ValidationError(
                    _("%s can only be linked to a case that is not itself a repeat.")
                    % complaint.name)

    # R9: repeats
    def action_link_repeat(self):
        """Record this complaint on the open case it repeats (the oldest candidate)."""
        return self._link_to_candidate("repeat")

    def action_link_elsewhere(self):
        """The same complaint brought to another department: recorded once, on the
        open case that has it (002:815)."""
        return self._link_to_candidate("elsewhere")

    def _link_to_candidate(self, kind):
        self.ensure_one()
        master = self.repeat_candidate_ids[:1]
        if not master:
            raise UserError(_("No open case of the same unit or complainant and "
                              "category to link %s to.") % self.name)
        return self._link_to_case(master, kind)

    def _link_to_case(self, master, kind="repeat"):
        """Keep each complaint, record it on the master case, and close it there;
        a repeat raises the master's level (R9), the same complaint brought to
        another department does not (002:815)."""
        closed = self.env.ref("realestate_complaint.stage_closed")
        for complaint in self:
            with process_move(), by_process():
                complaint.write({"repeat_of_id": master.id, "repeat_kind": kind,
                                 "stage_id": closed.id})
            if kind == "repeat":
                complaint.message_post(
                    body=_("Recorded as a repeat of %s.") % master.name)
                master.message_post(body=_("Repeated by %s: the level is raised (R9).")
                                    % complaint.name)
            else:
                complaint.message_post(body=_(
                    "The same complaint as %s, brought to another department: "
                    "recorded once, on that case (002:815).") % master.name)
                master.message_post(body=_(
                    "%s brought the same complaint to another department: recorded "
                    "once, on this case (002:815).") % complaint.name)
        return True

    # R7, R9: clusters of households
    def _detect_group_risk(self):
        """Flag the open cases of a building and category as a group-complaint risk
        when enough households complain within the window: one grouped query per
        company, whatever the number of cases."""
        for company in self.mapped("company_id"):
            cases = self.filtered(lambda c: c.company_id == company and c.building_id
                                  and c.category_id and not c.is_closed)
            if not cases:
                continue
            settings = company._complaint_settings()
            since = fields.Datetime.to_string(fields.Datetime.from_string(
                fields.Datetime.now()) - timedelta(days=settings.repeat_window_days))
            # The open, not yet flagged cases of every building and category of
            # this set that reach the threshold of households, in one query.
            self.env.cr.execute("""
                SELECT c.id, c.building_id, c.category_id
                  FROM realestate_complaint c
                  JOIN (SELECT building_id, category_id
                          FROM realestate_complaint
                         WHERE company_id = %(company)s AND NOT is_closed
                           AND date_received >= %(since)s
                           AND building_id IN %(buildings)s
                           AND category_id IN %(categories)s
                      GROUP BY building_id, category_id
                        HAVING count(DISTINCT unit_id) >= %(households)s) cluster
                    ON cluster.building_id = c.building_id
                   AND cluster.category_id = c.category_id
                 WHERE NOT c.is_closed AND NOT c.is_group_risk
                   AND c.date_received >= %(since)s""", {
                "company": company.id, "since": since,
                "buildings": tuple(cases.mapped("building_id").ids),
                "categories": tuple(cases.mapped("category_id").ids),
                "households": settings.cluster_households})
            rows = self.env.cr.fetchall()
            if rows:
                # The clusters' buildings and categories are among these cases':
                # their names come from them, without reading the flagged cases.
                # Escaped: the notes go into the chatter as HTML, unsanitised.
                buildings = {b.id: html_escape(b.display_name)
                             for b in cases.mapped("building_id")}
                categories = {c.id: html_escape(c.display_name)
                              for c in cases.mapped("category_id")}
                flagged = self.sudo().browse([row[0] for row in rows])
                flagged._flag_group_risk()
                flagged._log_notes({case_id: _(
                    "Several households of %(building)s complain about %(category)s: "
                    "group complaint risk, level 2 at least (R7, R9).") % {
                    "building": buildings[building_id],
                    "category": categories[category_id]}
                    for case_id, building_id, category_id in rows})

    def _flag_group_risk(self):
        """Set the flag and raise the levels (at least 2) of a set in one UPDATE: a
        burst of registrations can flag many cases at once. The note posted with it
        says why, so no tracking message is lost."""
        self.env.cr.execute("""
            UPDATE realestate_complaint c
               SET is_group_risk = TRUE,
                   level_suggested = LEAST(c.level_suggested, '2'),
                   level = COALESCE(c.level_override, LEAST(c.level_suggested, '2')),
                   write_uid = %s, write_date = now() at time zone 'UTC'
              FROM (SELECT id, level FROM realestate_complaint WHERE id IN %s) old
             WHERE c.id = old.id
         RETURNING c.id, c.level_suggested, c.level, old.level""",
                            (self.env.uid, tuple(self.ids)))
        # The new values go into the cache rather than out of it: the registration
        # reads the level next (R19, R24), and a miss re-reads the whole case.
        cache, fields_ = self.env.cache, self._fields
        raised = []
        for case_id, suggested, level, old_level in self.env.cr.fetchall():
            case = self.browse(case_id)
            cache.set(case, fields_["is_group_risk"], True)
            cache.set(case, fields_["level_suggested"], suggested)
            cache.set(case, fields_["level"], level)
            if old_level and level < old_level:
                raised.append(case_id)
        self.invalidate_cache(["write_uid", "write_date"], self.ids)
        self.browse(raised)._on_level_raised()

    # R6: validity
    def action_mark_valid(self):
        with by_process():
            self.write({"validity": "valid", "invalid_requested_by_id": False})
        return True

    def action_request_invalid(self):
        """The agent's verdict; it takes effect when a supervisor approves it."""
        for complaint in self:
            if not (complaint.invalid_reason or "").strip():
                raise UserError(_("Write why %s is not a valid complaint first.")
                                % complaint.name)
        with by_process():
            self.write({"invalid_requested_by_id": self.env.uid})
        return True

    def action_approve_invalid(self):
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only a CS supervisor can approve an invalid verdict."))
        for complaint in self:
            if not complaint.invalid_requested_by_id:
                raise UserError(_("No invalid verdict was requested for %s.")
                                % complaint.name)
            if not complaint.invalid_customer_informed:
                raise UserError(_("Tell the customer why %s is not valid before "
                                  "closing it (R6).") % complaint.name)
        with by_process():
            self.write({
                "validity": "invalid",
                "invalid_approved_by_id": self.env.uid,
                "date_invalid_approved": fields.Datetime.now(),
                "stage_id": self.env.ref("realestate_complaint.stage_invalid").id,
            })
        return True

    def action_reject_invalid(self):
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only a CS supervisor can reject an invalid verdict."))
        with by_process():
            self.write({"invalid_requested_by_id": False, "validity": "pending"})
        return True
