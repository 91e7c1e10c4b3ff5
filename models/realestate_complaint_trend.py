from odoo import api, fields, models, tools

from .realestate_complaint import KINDS

MOVEMENTS = [("received", "Cases Received"), ("closed", "Cases Closed")]


class RealestateComplaintTrend(models.Model):
    """Cases received and cases closed side by side, for the dashboard's weekly
    trend (R37): a case is one row on the day it was received and one more on the
    day it was closed. A graph view groups one date field only, and a case has
    two.

    A database view of the case table: nothing is stored twice. Its rows are
    open to whoever may open their case (R39): the view carries the columns the
    case's rules read, so that its rules are the case's, without a sub-select of
    every readable case.
    """

    _name = "realestate.complaint.trend"
    _description = "Complaints Received and Closed"
    _auto = False
    _order = "date desc"
    _rec_name = "complaint_id"

    date = fields.Datetime(readonly=True)
    movement = fields.Selection(MOVEMENTS, readonly=True)
    complaint_id = fields.Many2one("realestate.complaint", string="Case", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    category_id = fields.Many2one("realestate.complaint.category", readonly=True)
    project_id = fields.Many2one("realestate.project", readonly=True)
    team_id = fields.Many2one(
        "realestate.complaint.team", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    # What the case's record rules read.
    is_confidential = fields.Boolean(string="Confidential", readonly=True)
    receiver_id = fields.Many2one("res.users", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    responsible_id = fields.Many2one(
        "res.users", string="Responsible Person", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, "realestate_complaint_trend")
        # Even ids for receipts, odd ones for closings: stable and unique.
        self.env.cr.execute("""
            CREATE VIEW realestate_complaint_trend AS (
                SELECT 2 * c.id AS id, c.date_received AS date,
                       'received'::varchar AS movement, c.id AS complaint_id,
                       c.kind, c.category_id, c.project_id, c.team_id, c.company_id,
                       c.is_confidential, c.receiver_id, c.user_id, c.responsible_id
                  FROM realestate_complaint c
                 WHERE c.date_received IS NOT NULL
                UNION ALL
                SELECT 2 * c.id + 1 AS id, c.date_closed AS date,
                       'closed'::varchar AS movement, c.id AS complaint_id,
                       c.kind, c.category_id, c.project_id, c.team_id, c.company_id,
                       c.is_confidential, c.receiver_id, c.user_id, c.responsible_id
                  FROM realestate_complaint c
                 WHERE c.is_closed AND c.date_closed IS NOT NULL
            )""")
