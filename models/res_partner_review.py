from odoo import fields, models

from .roles import OPERATOR


class ResPartner(models.Model):
    """Contacts the complaint mail gateway created from an unknown sender (R1): only
    a name and an address taken from the email, maybe a duplicate of a contact known
    by another address. An operator checks them (merge, complete) and unticks."""

    _inherit = "res.partner"

    complaint_review_needed = fields.Boolean(
        string="To Review (Created from a Complaint Email)", copy=False,
        groups=OPERATOR,
        help="Created by the complaint mail gateway from an unknown sender: check "
        "the name, complete the contact or merge it with the existing one, then "
        "untick.")
