"""Every case tied to the sale of its unit (issue 15; R2, R5, R10, R25): the order,
its salesperson and sales team, picked at registration; a complaint about a sales
matter goes by default to the sales team's department, and the team's leader is an
escalation contact where a tier says so.

Prices stay the sales side's: the case stores the order, whose name any complaint
role reads (Odoo names a many2one as the superuser); opening the order, its lines
and amounts needs Odoo's sales rights (R39).
"""
from odoo import api, fields, models

from .realestate_complaint import STORED_COPIES_DEPEND_ON
from .realestate_unit_sale import SOLD


class RealestateComplaintCategory(models.Model):
    _inherit = "realestate.complaint.category"

    sales_related = fields.Boolean(
        string="Sales Matter",
        help="Complaints of this category (and its subcategories) are about the "
        "sale: they go by default to the department of the case's sales team.")


class CrmTeam(models.Model):
    _inherit = "crm.team"

    complaint_team_id = fields.Many2one(
        "realestate.complaint.team", string="Complaint Department",
        help="The responsible department that answers for complaints about this "
        "team's sales (sales promises, contracts, staff attitude).")


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    sale_order_id = fields.Many2one(
        "sale.order", index=True, ondelete="set null",
        copy=False,
        help="The order that sold the unit: its salesperson and sales team answer "
        "for sales matters.")
    # Stored copies of the order, in the case's one compute of stored copies: a
    # registration writes them in the same UPDATE (realestate_complaint.py).
    salesperson_id = fields.Many2one(
        "res.users", compute="_compute_stored_copies",
        store=True, index=True)
    sales_team_id = fields.Many2one(
        "crm.team", compute="_compute_stored_copies",
        store=True, index=True)

    @api.depends(*(STORED_COPIES_DEPEND_ON + ("sale_order_id.user_id",
                                              "sale_order_id.team_id")))
    def _compute_stored_copies(self):
        super(RealestateComplaint, self)._compute_stored_copies()
        for complaint in self:
            order = complaint.sale_order_id.sudo()
            complaint.salesperson_id = order.user_id
            complaint.sales_team_id = order.team_id

    @api.model
    def _sale_order_of(self, unit, partner):
        """The sale a case is about: its unit's current sale, else the
        complainant's only confirmed order (with several, a salesperson picks)."""
        if unit:
            return unit.sudo().sale_order_id
        if not partner:
            return self.env["sale.order"]
        orders = self.env["sale.order"].sudo().search([
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("state", "in", SOLD)], limit=2)
        return orders if len(orders) == 1 else orders.browse()

    @api.model
    def _sales_department(self, category, order):
        """The department a sales matter goes to by default, or nothing."""
        if not category._has_flag("sales_related"):
            return self.env["realestate.complaint.team"]
        return order.sudo().team_id.complaint_team_id

    @api.model
    def _sale_vals(self, vals):
        """A new case takes the sale of its unit to its owner, and the sales
        department of that sale for a sales matter. (Linking an order by hand is
        the sales side's: roles.BY_ROLE.)"""
        if "sale_order_id" not in vals and (vals.get("unit_id") or
                                            vals.get("partner_id")):
            order = self._sale_order_of(
                self.env["realestate.unit"].browse(vals.get("unit_id")),
                self.env["res.partner"].browse(vals.get("partner_id")))
            if order:
                vals = dict(vals, sale_order_id=order.id)
        if vals.get("sale_order_id") and vals.get("category_id") and \
                not vals.get("team_id"):
            department = self._sales_department(
                self.env["realestate.complaint.category"].browse(vals["category_id"]),
                self.env["sale.order"].browse(vals["sale_order_id"]))
            if department:
                vals = dict(vals, team_id=department.id)
        return vals

    @api.onchange("unit_id", "partner_id")
    def _onchange_sale_order(self):
        order = self._sale_order_of(self.unit_id, self.partner_id)
        if order or self.unit_id:
            self.sale_order_id = order

    @api.onchange("category_id", "sale_order_id")
    def _onchange_sales_department(self):
        if not self.team_id and not self.date_dispatched:
            department = self._sales_department(self.category_id, self.sale_order_id)
            if department:
                self.team_id = department

    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "sale.order",
            "res_id": self.sale_order_id.id, "view_mode": "form",
            "views": [(False, "form")],
        }
