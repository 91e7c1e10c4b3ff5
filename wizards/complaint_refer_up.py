from odoo import api, fields, models


class RealestateComplaintReferUp(models.TransientModel):
    """Refer a case up by hand (R22): the next tier and who it alerts are shown
    before the referral; the case model does the rest."""

    _name = "realestate.complaint.refer.up"
    _description = "Refer a Case Up"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="Referred To",
        compute="_compute_target")
    people = fields.Char(string="Informed", compute="_compute_target")
    reason = fields.Text(
        required=True,
        help="Why the case is beyond your competence: what was tried, what is asked "
        "of the next tier.")

    @api.depends("complaint_id")
    def _compute_target(self):
        for wizard in self.filtered("complaint_id"):
            case = wizard.complaint_id
            tier = case._referral_target()[1]
            wizard.tier_id = tier
            wizard.people = ", ".join(
                tier.sudo()._people(case.sudo()).mapped("name")) if tier else ""

    def action_refer(self):
        self.ensure_one()
        self.complaint_id._refer_up(self.reason)
        return {"type": "ir.actions.act_window_close"}
