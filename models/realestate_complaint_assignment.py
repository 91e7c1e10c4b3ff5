"""Auto-assignment of the responsible person per department (issue 16 item 11; R10,
R25).

A department chooses how a case that reaches it without a responsible person gets
one: by hand (the default, as before: the form proposes the head), balanced by open
load, or round robin (轮流, as sales centres rotate their receptionists, 002:787).
Members may be limited to the categories they handle (skills); a member on leave
(请销假制度, 004:169) is skipped. When nobody can take the case, it goes to the
department's head: the head answers for the department's cases and arranges its
resources at once (一把手责任制, 004:200-202), and R10 wants the handling sheet
with a named person within half a working day, so a case never waits with nobody.
The methods are those of helpdesk teams (OCA's helpdesk_mgmt_assign_method, Odoo
Helpdesk's team assignment: manual, balanced, round robin on the team's members);
skills and leaves are added here.

Leaves are Odoo's own ``resource.calendar.leaves`` of the member's
``resource.resource``, not an "available" toggle on the member: the leave is
recorded once with its dates (the same record the working-time engine reads) and
ends by itself, where a toggle is forgotten on when the person is back. Company
holidays (leaves without a resource) skip nobody: they are everybody's, and the
case then waits for the head like any other.

The picked person is told by an internal note that names them (an email or an
inbox message as they prefer, 首问责任制: the agent keeps the case, 004:198); the
customer gets nothing, the note is internal. The handling sheet (their to-do) comes
with the dispatch (R10).
"""
from collections import defaultdict

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import html_escape

ASSIGNMENT_METHODS = [
    ("manual", "Manual"),
    ("balanced", "Balanced by Open Load"),
    ("round_robin", "Round Robin"),
]


class RealestateComplaintTeamSkill(models.Model):
    """The categories one member of a department handles (a member without a line
    handles every category). A category covers its subcategories."""

    _name = "realestate.complaint.team.skill"
    _description = "Department Member Skill"
    _order = "team_id, id"

    team_id = fields.Many2one(
        "realestate.complaint.team", string="Department", required=True, index=True,
        ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", string="Member", required=True, index=True, ondelete="cascade")
    category_ids = fields.Many2many(
        "realestate.complaint.category", "realestate_complaint_team_skill_category_rel",
        "skill_id", "category_id", string="Handles",
        help="The categories (with their subcategories) this member is given by the "
        "department's assignment method. Empty: every category.")

    _sql_constraints = [
        ("team_user_uniq", "unique (team_id, user_id)",
         "A member has one line of skills per department."),
    ]

    @api.constrains("team_id", "user_id")
    def _check_member(self):
        for skill in self:
            if skill.user_id not in skill.team_id.member_ids:
                raise ValidationError(_("%(user)s is not a member of %(team)s.") % {
                    "user": skill.user_id.name, "team": skill.team_id.name})

    def _handles(self, category):
        """Whether this line lets its member take a case of ``category``."""
        if not self or not category or not self.category_ids:
            return True
        # By parent_id, not the nested set: Odoo computes parent_left only once a
        # module's data is loaded (a category created meanwhile has none).
        node = category
        while node:
            if node in self.category_ids:
                return True
            node = node.parent_id
        return False


class RealestateComplaintTeam(models.Model):
    _inherit = "realestate.complaint.team"

    assignment_method = fields.Selection(
        ASSIGNMENT_METHODS, required=True, default="manual",
        help="How a case reaching the department without a responsible person gets "
        "one. Manual: the head is proposed. Balanced: the member with the fewest "
        "open cases. Round robin: the next member in turn. Both skip members on "
        "leave and members whose skills exclude the case's category; when nobody is "
        "left, the head takes the case (一把手责任制).")
    skill_ids = fields.One2many(
        "realestate.complaint.team.skill", "team_id", string="Member Skills")

    @api.model
    def create(self, vals):
        team = super(RealestateComplaintTeam, self).create(vals)
        team._ensure_member_resources()
        if team.assignment_method != "manual":
            self.clear_caches()
        return team

    def write(self, vals):
        result = super(RealestateComplaintTeam, self).write(vals)
        if "assignment_method" in vals or "active" in vals:
            self.clear_caches()
        if "member_ids" in vals:
            # A member who leaves the department takes their skill line along.
            self.mapped("skill_ids").filtered(
                lambda s: s.user_id not in s.team_id.member_ids).unlink()
            self._ensure_member_resources()
        return result

    def unlink(self):
        self.clear_caches()
        return super(RealestateComplaintTeam, self).unlink()

    @api.model
    @tools.ormcache()
    def _auto_assigning_team_ids(self):
        """The departments that pick a responsible person themselves, cached per
        process: a registration where none does reads nothing more."""
        return frozenset(self.sudo().search(
            [("assignment_method", "!=", "manual")]).ids)

    @api.model
    def _ensure_all_member_resources(self):
        """For a database that had departments before: their members get their
        resources (the upgrade's post-migrate calls this once)."""
        # Every department, archived ones too: pylint: disable-next=no-search-all
        self.with_context(active_test=False).search([])._ensure_member_resources()

    def _ensure_member_resources(self):
        """Give each member a ``resource.resource`` on the company's complaint
        working time, so that their leaves can be recorded (Odoo 11 creates none
        for a user)."""
        members = self.mapped("member_ids").filtered(lambda u: not u.resource_ids)
        Resource = self.env["resource.resource"].sudo()
        for user in members:
            Resource.create({
                "name": user.name, "user_id": user.id, "resource_type": "user",
                "company_id": user.company_id.id,
                "calendar_id": user.company_id._complaint_settings().calendar_id
                or user.company_id.resource_calendar_id.id})


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    auto_responsible_id = fields.Many2one(
        "res.users", string="Picked by the Department", index=True, copy=False,
        help="The responsible person the department's assignment method picked; "
        "empty when the person was chosen by hand.")

    # -- where a case gets a department -------------------------------------------

    @api.model
    def _assigning(self, vals):
        """Whether a write may change who works the case (and the method then
        picks again), rather than the method's own write of its pick."""
        return not self.env.context.get("complaint_auto_assigning") and bool(
            {"team_id", "responsible_id", "auto_responsible_id"} & set(vals))

    @api.model
    def _assignment_vals(self, vals):
        """A form sends back the person the method proposed (onchange) with
        ``auto_responsible_id``: the method then picks again on save (it decides,
        with the load of that moment, and writes its note). Any other person was
        chosen by hand. Sent alone, the field changes nothing: only the method
        writes it."""
        if "auto_responsible_id" not in vals and "responsible_id" not in vals:
            return vals
        vals = dict(vals)
        proposed = vals.pop("auto_responsible_id", False)
        if proposed and vals.get("responsible_id") == proposed:
            vals["responsible_id"] = False
        if "responsible_id" in vals or "team_id" in vals:
            vals["auto_responsible_id"] = False
        return vals

    def action_dispatch(self):
        self._auto_assign()
        return super(RealestateComplaint, self).action_dispatch()

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if not self.team_id or self.team_id.assignment_method == "manual" or (
                self.responsible_id and not self.auto_responsible_id
                and self.responsible_id in self.team_id._responsible_users()):
            return super(RealestateComplaint, self)._onchange_team_id()
        self._propose_responsible()

    @api.onchange("category_id")
    def _onchange_category_assignment(self):
        """The skills follow the category while the method's pick stands."""
        if self.auto_responsible_id and not self.date_dispatched and \
                self.team_id and self.team_id.assignment_method != "manual":
            self._propose_responsible()

    def _propose_responsible(self):
        """A form without a department (cleared, or a new case) has no pick."""
        pick = self._pick_responsibles().get(self)
        if pick:
            self.responsible_id = self.auto_responsible_id = pick[0]

    # -- the method ----------------------------------------------------------------

    def _auto_assign(self):
        """Give every case of an auto-assigning department without a responsible
        person the method's pick, explain it in an internal note and tell the
        picked person (never the customer). One query each for the loads, the
        leaves and the round-robin turns of all the cases."""
        auto = self.env["realestate.complaint.team"]._auto_assigning_team_ids()
        if not auto:
            return {}
        cases = self.filtered(lambda c: c.team_id.id in auto and not c.responsible_id
                              and c.team_id.assignment_method != "manual")
        if not cases:
            return {}
        picks = cases._pick_responsibles()
        by_user = defaultdict(lambda: self.browse())
        for case, (user, _reason) in picks.items():
            by_user[user] |= case
        for user, group in by_user.items():
            group.with_context(complaint_auto_assigning=True).write({
                "responsible_id": user.id, "auto_responsible_id": user.id})
        for case, (user, reason) in picks.items():
            case.message_post(
                body=html_escape(reason), subtype="mail.mt_note",
                partner_ids=user.partner_id.ids)
        return picks

    def _pick_responsibles(self):
        """{case: (user, reason)} for cases with a department, without writing:
        the onchange shows the pick, ``_auto_assign`` writes it.

        Balanced counts a member's open cases as responsible person in every
        department (one desk, one load), read in one ``read_group``; ties go to
        the earliest member. Round robin goes on from the department's latest case
        the method assigned. Cases picked in the same call count for the next."""
        cases = self.filtered("team_id")
        members = cases.mapped("team_id.member_ids")
        load = defaultdict(int)
        away = set()
        last = {}
        if members:
            Complaint = self.env["realestate.complaint"].sudo()
            domain = [("responsible_id", "in", members.ids), ("is_closed", "=", False)]
            real_ids = [i for i in cases.ids if isinstance(i, int)]
            if real_ids:
                domain.append(("id", "not in", real_ids))
            for group in Complaint.read_group(domain, ["responsible_id"],
                                              ["responsible_id"]):
                load[group["responsible_id"][0]] = group["responsible_id_count"]
            now = fields.Datetime.now()
            away = set(self.env["resource.calendar.leaves"].sudo().search([
                ("resource_id.user_id", "in", members.ids),
                ("date_from", "<=", now), ("date_to", ">", now),
            ]).mapped("resource_id.user_id").ids)
            self.env.cr.execute("""
                SELECT DISTINCT ON (team_id) team_id, auto_responsible_id
                  FROM realestate_complaint
                 WHERE team_id IN %s AND auto_responsible_id IS NOT NULL
                 ORDER BY team_id, id DESC""", (tuple(cases.mapped("team_id").ids),))
            last = dict(self.env.cr.fetchall())
        picks = {}
        for case in cases:
            team = case.team_id
            ring = team.member_ids.sorted("id")
            skills = {s.user_id.id: s for s in team.skill_ids}
            skilled = ring.filtered(
                lambda u: skills.get(u.id, team.skill_ids.browse())._handles(
                    case.category_id))
            # 002:301: staff the customer complains about do not handle the case.
            available = skilled.filtered(
                lambda u: u.id not in away and u not in case.complained_user_ids)
            on_leave = ", ".join((skilled - available).mapped("name"))
            if not available:
                user = team.head_id
                reason = _(
                    "Nobody of %(team)s can take this case (members handling "
                    "%(category)s: %(skilled)s; on leave: %(away)s): %(person)s, head "
                    "of the department, is responsible (一把手责任制, R25).") % {
                    "team": team.name, "person": user.name,
                    "category": case.category_id.name or _("any category"),
                    "skilled": ", ".join(skilled.mapped("name")) or _("none"),
                    "away": on_leave or _("none")}
            elif team.assignment_method == "balanced":
                user = min(available, key=lambda u: (load[u.id], u.id))
                reason = _(
                    "Assigned to %(person)s by %(team)s, balanced by open load: "
                    "%(load)s open cases, the fewest among the members handling "
                    "%(category)s (R10).") % {
                    "person": user.name, "team": team.name, "load": load[user.id],
                    "category": case.category_id.name or _("any category")}
            else:
                ids = ring.ids
                start = ids.index(last[team.id]) + 1 if last.get(team.id) in ids else 0
                turn = ids[start:] + ids[:start]
                user = available.browse(
                    next(i for i in turn if i in available.ids))
                reason = _(
                    "Assigned to %(person)s by %(team)s, round robin: next in turn "
                    "among the members handling %(category)s (R10).") % {
                    "person": user.name, "team": team.name,
                    "category": case.category_id.name or _("any category")}
            if on_leave and available:
                reason += " " + _("Skipped, on leave: %s.") % on_leave
            load[user.id] += 1
            last[team.id] = user.id
            picks[case] = (user, reason)
        return picks
