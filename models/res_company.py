from odoo import fields, models


class ResCompany(models.Model):
    """Per-company settings of the complaint process."""

    _inherit = "res.company"

    complaint_repeat_window_days = fields.Integer(
        string="Repeat Window (days)", default=30,
        help="Complaints of the same unit or complainant and category within this many "
        "days are repeats; households of a building within it form a cluster (R9).")
    complaint_cluster_households = fields.Integer(
        string="Households for a Group Risk", default=3,
        help="This many households of one building complaining about one category "
        "within the window flag their cases as a group complaint risk (R7, R9).")
