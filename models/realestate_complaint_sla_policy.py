from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .realestate_complaint import CHANNELS, KINDS
from .realestate_complaint_classification import LEVELS

# What a deadline is for, in the order of the process.
TARGETS = [
    ("acknowledge", "Acknowledge the Customer"),   # R3
    ("dispatch", "Dispatch"),                      # R10
    ("onsite", "On Site (Repairs)"),               # R20
    ("first_contact", "First Contact"),            # R12
    ("plan", "Reply with a Plan"),                 # R17
    ("resolve", "Resolve"),                        # R18
    ("callback", "Call Back"),                     # R27, R28
]
UNITS = [
    ("minutes", "Minutes"),
    ("hours", "Hours"),
    ("days", "Days"),
    ("working_hours", "Working Hours"),
    ("working_days", "Working Days"),
]
MATCH_FIELDS = ("kind", "level", "complexity", "channel", "category_id")


class RealestateComplaintSlaPolicy(models.Model):
    """Service levels per kind of case: the most specific matching policy sets the
    deadlines of a case (R17, R18, R20, R27)."""

    _name = "realestate.complaint.sla.policy"
    _description = "Complaint SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to apply to every company.")
    kind = fields.Selection(KINDS)
    level = fields.Selection(LEVELS)
    complexity = fields.Selection([("simple", "Simple"), ("complex", "Complex")])
    channel = fields.Selection(CHANNELS, help="e.g. Letter for written complaints.")
    category_id = fields.Many2one(
        "realestate.complaint.category", string="Category", ondelete="cascade",
        help="Applies to this category and its subcategories.")
    target_ids = fields.One2many(
        "realestate.complaint.sla.target", "policy_id", string="Targets", copy=True)
    specificity = fields.Integer(
        compute="_compute_specificity", store=True,
        help="How many criteria the policy sets: the most specific one wins.")

    @api.depends(*MATCH_FIELDS)
    def _compute_specificity(self):
        for policy in self:
            policy.specificity = sum(1 for name in MATCH_FIELDS if policy[name])

    def _matches(self, complaint):
        self.ensure_one()
        for name in ("kind", "level", "complexity", "channel"):
            if self[name] and self[name] != complaint[name]:
                return False
        if self.category_id:
            node = complaint.category_id
            while node and node != self.category_id:
                node = node.parent_id
            if not node:
                return False
        return not self.company_id or self.company_id == complaint.company_id

    @api.model
    def _policy_for(self, complaint, policies=None):
        """The most specific active policy matching the case (then by sequence)."""
        policies = policies if policies is not None else self.search([])
        matching = policies.filtered(lambda p: p._matches(complaint))
        return matching.sorted(lambda p: (-p.specificity, p.sequence, p.id))[:1]


class RealestateComplaintSlaTarget(models.Model):
    """One time limit of a policy: what, how long, counted from what."""

    _name = "realestate.complaint.sla.target"
    _description = "Complaint SLA Target"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one(
        "realestate.complaint.sla.policy", required=True, ondelete="cascade",
        index=True)
    sequence = fields.Integer(default=10)
    target = fields.Selection(TARGETS, required=True)
    duration = fields.Float(required=True)
    unit = fields.Selection(
        UNITS, string="Time Unit", required=True, default="working_days")
    off_hours_minutes = fields.Integer(
        string="Outside Working Hours (minutes)",
        help="When the case arrives outside working hours, this many minutes apply "
        "instead (repairs: 20 minutes in working hours, 60 outside, R20).")
    start = fields.Selection(
        [("received", "Received"), ("resolved", "Resolved")], string="Counts From",
        required=True, default="received",
        help="The moment the time limit counts from.")

    _sql_constraints = [
        ("target_policy_uniq", "unique (policy_id, target)",
         "A policy sets each target once."),
    ]

    @api.constrains("duration", "off_hours_minutes")
    def _check_duration(self):
        for line in self:
            if line.duration <= 0 or line.off_hours_minutes < 0:
                raise ValidationError(_("A time limit must be positive."))

    def _deadline(self, start, work):
        """The deadline of this target for a case whose clock starts at ``start``
        (naive UTC), on the company's working time ``work``."""
        self.ensure_one()
        if self.off_hours_minutes and not work.is_working(start):
            return start + timedelta(minutes=self.off_hours_minutes)
        if self.unit == "minutes":
            return start + timedelta(minutes=self.duration)
        if self.unit == "hours":
            return start + timedelta(hours=self.duration)
        if self.unit == "days":
            return start + timedelta(days=self.duration)
        if self.unit == "working_days":
            return work.add_hours(start, self.duration * work.hours_per_day)
        return work.add_hours(start, self.duration)
