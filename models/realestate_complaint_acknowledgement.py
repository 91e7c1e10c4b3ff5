from odoo import _, api, fields, models


class RealestateComplaint(models.Model):
    """R3: the customer is told the process and when the case is expected to be
    handled."""

    _inherit = "realestate.complaint"

    date_expected = fields.Datetime(
        string="Expected Handling By", compute="_compute_date_expected",
        help="The deadline to resolve the case (R18), as told to the customer.")

    @api.depends("deadline_ids.date_deadline")
    def _compute_date_expected(self):
        for complaint in self:
            complaint.date_expected = complaint.deadline_ids.filtered(
                lambda d: d.target == "resolve")[:1].date_deadline

    @api.multi
    def action_acknowledge(self):
        """Send the acknowledgement (by email when there is an address, logged on
        the case either way) and move the case to *Acknowledged*."""
        acknowledged = self.env.ref("realestate_complaint.stage_acknowledged")
        template = self.env.ref("realestate_complaint.mail_template_acknowledgement")
        for complaint in self:
            complaint._tell_customer(template, _(
                "The customer was told the process and the expected handling time "
                "by phone (R3)."))
        self.filtered(lambda c: c.stage_id.sequence < acknowledged.sequence).write(
            {"stage_id": acknowledged.id})
        self.sudo()._complete_targets(["acknowledge"])
        return True
