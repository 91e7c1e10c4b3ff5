from odoo import fields, models


class RealestateComplaintIntegrationKey(models.TransientModel):
    """Shows a new API key once (R39). Opened with the key in its defaults and
    closed without saving: the key is written nowhere, only its hash is kept on the
    integration."""

    _name = "realestate.complaint.integration.key"
    _description = "New Intake API Key"

    integration_id = fields.Many2one(
        "realestate.complaint.integration", readonly=True)
    key = fields.Char(string="API Key", readonly=True)
