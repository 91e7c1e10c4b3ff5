from collections import namedtuple
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from .realestate_complaint import CHANNELS, KINDS
from .realestate_complaint_classification import LEVELS

# What a deadline is for, in the order of the process.
TARGETS = [
    ("acknowledge", "Acknowledge the Customer"),   # R3
    ("report", "Report to the Leader"),            # R11, 000:466
    ("instruction", "Leader's Instruction"),       # R11, 000:470
    ("dispatch", "Dispatch"),                      # R10
    ("onsite", "On Site (Repairs)"),               # R20, 004:123
    ("verify", "Verified On Site (Repairs)"),      # 004:33
    ("first_contact", "First Contact"),            # R12
    ("plan", "Reply with a Plan"),                 # R17
    ("resolve", "Resolve"),                        # R18
    ("callback", "Call Back"),                     # R27, R28
    # A repair item's date in the work plan (004:125-126), set by the item, not by
    # a policy (realestate_repair_item_deadline.py).
    ("repair", "Repair Item by Its Date"),
    # A department's own registration handed to customer service (000:712), set
    # by the department's steps, not by a policy
    # (realestate_complaint_department_handover.py).
    ("handover", "Hand Over to Customer Service"),
]
UNITS = [
    ("minutes", "Minutes"),
    ("hours", "Hours"),
    ("days", "Days"),
    ("working_hours", "Working Hours"),
    ("working_days", "Working Days"),
]
MATCH_FIELDS = ("kind", "level", "complexity", "channel", "category_id")
SELECTION_CRITERIA = ("kind", "level", "complexity", "channel")


class TargetRule(namedtuple(
        "TargetRule", "target duration unit off_hours_minutes start")):
    """A target line as plain data (see ``_rules``)."""

    __slots__ = ()

    def deadline(self, start, work):
        """The deadline of this target for a case whose clock starts at ``start``
        (naive UTC), on the company's working time ``work``."""
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


PolicyRule = namedtuple(
    "PolicyRule", "id active company_id category_id criteria targets")


class SlaRulesCache(models.AbstractModel):
    """Policies and targets are read once per process (``_rules``): any change to
    them empties the caches, in every worker."""

    _name = "realestate.complaint.sla.rules.cache"
    _description = "SLA Rules Cache"

    @api.model
    def create(self, vals):
        record = super(SlaRulesCache, self).create(vals)
        self.clear_caches()
        return record

    def write(self, vals):
        result = super(SlaRulesCache, self).write(vals)
        self.clear_caches()
        return result

    def unlink(self):
        result = super(SlaRulesCache, self).unlink()
        self.clear_caches()
        return result


class RealestateComplaintSlaPolicy(models.Model):
    """Service levels per kind of case: the most specific matching policy sets the
    deadlines of a case (R17, R18, R20, R27)."""

    _name = "realestate.complaint.sla.policy"
    _inherit = "realestate.complaint.sla.rules.cache"
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
        "realestate.complaint.category", ondelete="cascade",
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

    @api.model
    @tools.ormcache()
    def _rules(self):
        """Every policy with its targets as plain data, most specific first, read once
        per process until a policy or target changes (``clear_caches``, which other
        workers follow): a registration matches its policy in memory instead of
        reading the policies and their targets again."""
        # Every policy, once per process: pylint: disable-next=no-search-all
        policies = self.sudo().with_context(active_test=False).search([]).sorted(
            lambda p: (-p.specificity, p.sequence, p.id))
        return tuple(PolicyRule(
            policy.id, policy.active, policy.company_id.id, policy.category_id.id,
            tuple((name, policy[name]) for name in SELECTION_CRITERIA if policy[name]),
            tuple(TargetRule(line.target, line.duration, line.unit,
                             line.off_hours_minutes, line.start)
                  for line in policy.target_ids),
        ) for policy in policies)

    @api.model
    def _rule_for(self, complaint):
        """The most specific active policy matching the case (then by sequence), as
        a ``PolicyRule``, or None. A category policy applies to subcategories too."""
        categories = set()
        node = complaint.category_id
        while node:
            categories.add(node.id)
            node = node.parent_id
        for rule in self._rules():
            if (rule.active
                    and rule.company_id in (False, complaint.company_id.id)
                    and (not rule.category_id or rule.category_id in categories)
                    and all(complaint[name] == value for name, value in rule.criteria)):
                return rule
        return None

    @api.model
    def _rule_of(self, policy_id):
        """The rule of a case's policy (archived ones too), or None."""
        return next((rule for rule in self._rules() if rule.id == policy_id), None)


class RealestateComplaintSlaTarget(models.Model):
    """One time limit of a policy: what, how long, counted from what."""

    _name = "realestate.complaint.sla.target"
    _inherit = "realestate.complaint.sla.rules.cache"
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
        [("received", "Received"), ("reported", "Reported to the Leader"),
         ("resolved", "Resolved")], string="Counts From",
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

    @api.constrains("target")
    def _check_target(self):
        if self.filtered(lambda line: line.target == "repair"):
            raise ValidationError(_(
                "A repair item's deadline is its repair date in the work plan, "
                "not a time limit of a policy."))
