from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .realestate_complaint_classification import LEVELS
from .realestate_complaint_solution import COMPENSATION_KINDS


class RealestateComplaintApprovalRule(models.Model):
    """A line of the approval-authority table (权限核决表, R14): up to which
    compensation, and for which levels of case, a tier of the management chain may
    approve a solution.

    The approvers are the escalation tiers (supervisor, sales manager, VP, general
    manager): the chain that is alerted about a case is the one that decides on it,
    configured once.

    A line may name a kind of compensation: the lines of that kind then decide for
    it, instead of the lines for any kind (004:292: 总经理决定退房、换房、赔偿、补偿
    等事宜, whatever the amount).
    """

    _name = "realestate.complaint.approval.rule"
    _description = "Solution Approval Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the rule in every company.")
    tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="Approved By", required=True,
        ondelete="restrict",
        help="The people of this tier, or of any tier above it, approve.")
    compensation_kind = fields.Selection(
        [kind for kind in COMPENSATION_KINDS if kind[0] != "none"], string="Only For",
        help="The kind of compensation this line decides; the lines of a kind "
        "replace the lines for any kind (empty) for solutions of that kind.")
    level = fields.Selection(
        LEVELS, string="Up to Level", required=True, default="3",
        help="The most serious level of case this rule covers: level 2 covers "
        "levels 2 and 3.")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    amount_max = fields.Monetary(
        string="Compensation up to (0: no limit)",
        help="The highest compensation this rule covers, in the company's "
        "currency; 0 means no limit.")

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.user.company_id).currency_id

    @api.constrains("amount_max")
    def _check_amount_max(self):
        if any(rule.amount_max < 0 for rule in self):
            raise ValidationError(_("A compensation limit cannot be negative."))

    @api.model
    def _tier_for(self, company, level, amount, kind=None):
        """The lowest tier that may approve a solution with ``amount`` of
        compensation of ``kind`` on a case of ``level`` in ``company``."""
        rules = self.search(
            ["|", ("company_id", "=", False), ("company_id", "=", company.id)])
        of_kind = rules.filtered(lambda r: kind and r.compensation_kind == kind)
        rules = of_kind or rules.filtered(lambda r: not r.compensation_kind)
        covering = rules.filtered(
            lambda r: int(level) >= int(r.level)
            and (not r.amount_max or amount <= r.amount_max))
        if not covering:
            raise UserError(
                _("No line of the approval-authority table covers a level %(level)s "
                  "case with %(amount)s of compensation: ask an administrator to "
                  "complete it.") % {"level": level, "amount": amount})
        return covering.mapped("tier_id").sorted(lambda t: (t.sequence, t.id))[0]
