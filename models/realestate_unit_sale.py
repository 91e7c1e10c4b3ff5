"""Units are sold through Odoo's sale orders (issue 15; R2, R5, R10): an order line
names the unit it sells, the unit keeps every line that ever sold it (a resale, a
cancelled order) and knows its current sale, whose buyer, salesperson and sales
team the complaints about it inherit.

The typed ``contract_number`` stays for contracts made outside Odoo.
"""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .roles import DEPARTMENT, OPERATOR, SALES

SOLD = ("sale", "done")
COMPLAINT_ROLES = (OPERATOR, DEPARTMENT)


def works_complaints(user):
    """Whether the user has a complaint role (every role implies one of these):
    a salesperson without one reads only the sales views of his sales' cases."""
    return any(user.has_group(group) for group in COMPLAINT_ROLES)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    unit_id = fields.Many2one(
        "realestate.unit", string="Property Unit", index=True, ondelete="restrict",
        help="The unit this line sells: its complaints then show the sale.")

    @api.constrains("unit_id", "product_uom_qty")
    def _check_unit_quantity(self):
        for line in self.filtered("unit_id"):
            if line.product_uom_qty != 1:
                raise ValidationError(_("A line selling unit %s sells one unit "
                                        "(quantity 1).") % line.unit_id.name)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    unit_ids = fields.Many2many(
        "realestate.unit", string="Property Units", compute="_compute_unit_ids")
    complaint_ids = fields.One2many(
        "realestate.complaint", "sale_order_id", string="Complaints")
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    @api.depends("order_line.unit_id")
    def _compute_unit_ids(self):
        for order in self:
            order.unit_ids = order.order_line.mapped("unit_id")

    def _compute_complaint_count(self):
        # Counted as the reader: the cases they may open (R39).
        groups = self.env["realestate.complaint"].read_group(
            [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["sale_order_id"])
        counts = {g["sale_order_id"][0]: g["sale_order_id_count"] for g in groups}
        for order in self:
            order.complaint_count = counts.get(order.id, 0)

    def action_confirm(self):
        """A confirmed sale makes its buyer an owner of the units it sells (added:
        co-owners and earlier owners stay until someone removes them)."""
        result = super(SaleOrder, self).action_confirm()
        for order in self:
            buyer = order.partner_id.commercial_partner_id
            units = order.order_line.mapped("unit_id").filtered(
                lambda unit: buyer not in unit.owner_ids)
            units.sudo().write({"owner_ids": [(4, buyer.id)]})
        return result

    def action_view_complaints(self):
        """The board's cases for a complaint role; a salesperson without one reads
        them in the sales views (no internal judgement)."""
        self.ensure_one()
        works_cases = works_complaints(self.env.user)
        xmlid = "realestate_complaint_action" if works_cases else \
            "realestate_complaint_action_sales"
        action = self.env.ref("realestate_complaint." + xmlid).read()[0]
        if works_cases:
            # A list, not the board: the few cases of one order.
            action.update(view_mode="tree,form",
                          views=[(False, "tree"), (False, "form")])
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_unit_id": self.unit_ids[:1].id,
        }
        return action


class RealestateUnit(models.Model):
    _inherit = "realestate.unit"

    sale_line_ids = fields.One2many(
        "sale.order.line", "unit_id", string="Sales", groups=SALES,
        help="Every order line that sold this unit, resales and cancelled orders "
        "included.")
    sale_order_id = fields.Many2one(
        "sale.order", string="Sold By", compute="_compute_sale", store=True,
        index=True, help="The latest confirmed order selling the unit.")
    salesperson_id = fields.Many2one(
        "res.users", compute="_compute_sale", store=True)
    sales_team_id = fields.Many2one(
        "crm.team", compute="_compute_sale", store=True)
    date_sold = fields.Datetime(
        string="Sold On", compute="_compute_sale", store=True)

    @api.depends("sale_line_ids.order_id.state",
                 "sale_line_ids.order_id.confirmation_date",
                 "sale_line_ids.order_id.user_id", "sale_line_ids.order_id.team_id")
    def _compute_sale(self):
        for unit in self:
            orders = unit.sudo().sale_line_ids.mapped("order_id").filtered(
                lambda order: order.state in SOLD).sorted(
                lambda order: (order.confirmation_date or "", order.id))
            order = orders[-1:]
            unit.sale_order_id = order.id
            unit.salesperson_id = order.user_id.id
            unit.sales_team_id = order.team_id.id
            unit.date_sold = order.confirmation_date

    def action_view_sales(self):
        self.ensure_one()
        action = self.env.ref("sale.action_orders").read()[0]
        action["domain"] = [("order_line.unit_id", "=", self.id)]
        action["context"] = {}
        return action
