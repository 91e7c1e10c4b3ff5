import json
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.process_context import by_process
from .realestate_complaint_classification import LEVELS
from .roles import SUPERVISOR

ISSUE_WITHIN = timedelta(hours=1)   # R19


class RealestateComplaintSupervisionOrder(models.Model):
    """督办令: the written order to deal with a case, issued within one hour of
    receipt for every graded complaint (R19; 004:204, 004:212). Level 3 by customer
    service to the agent; level 2 signed by the CS head to the project head with a
    copy to the general manager; level 1 likewise up to the top. It names the first
    responsible department (004:199). A case raised to a higher level later gets the
    order of that level, due one hour after the raise. Printed by the reports."""

    _name = "realestate.complaint.supervision.order"
    _description = "Supervision Order"
    _inherit = ["mail.thread", "realestate.complaint.record.mixin"]
    _order = "date_issued desc, id desc"

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/")
    # auto_join: its record rules (the case's, through complaint_id) become a JOIN,
    # not the list of every readable case's id; the rules of this model restrict a
    # search through the case as they restrict the orders themselves.
    complaint_id = fields.Many2one(
        "realestate.complaint", string="Case", required=True, index=True,
        ondelete="cascade", readonly=True, auto_join=True)
    level = fields.Selection(LEVELS, required=True, readonly=True)
    # 004:199: the department the order names is the first responsible one; it
    # sets the measures and coordinates the others. Taken from the case when the
    # order is issued, else when the case is dispatched.
    team_id = fields.Many2one(
        "realestate.complaint.team", string="First Responsible Department",
        readonly=True, ondelete="set null")
    addressee_ids = fields.Many2many(
        "res.users", "realestate_complaint_order_addressee_rel", "order_id",
        "user_id", string="To", readonly=True)
    copy_ids = fields.Many2many(
        "res.users", "realestate_complaint_order_copy_rel", "order_id", "user_id",
        string="Copy To", readonly=True)
    instructions = fields.Text(required=True)
    date_issued = fields.Datetime(string="Issued On", required=True, readonly=True)
    date_due = fields.Datetime(
        string="Sign By", required=True, readonly=True,
        help="One hour after the case was received, or after its level was raised "
        "(R19).")
    date_signed = fields.Datetime(string="Signed On", readonly=True, copy=False)
    signed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False)
    signed_late = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        ("complaint_uniq", "unique (complaint_id, level)",
         "A case has one supervision order per level."),
    ]

    @api.model
    def _issue_for(self, complaints, since=None):
        """Issue to each case the order of its level, if it has none yet, addressed
        by level and due one hour after receipt, or after ``since`` (the moment its
        level was raised). The caller sends it (the major complaint warning goes to
        its addressees too)."""
        Tier = self.env["realestate.complaint.escalation.tier"].sudo()
        self.env.cr.execute(
            "SELECT complaint_id, level FROM realestate_complaint_supervision_order "
            "WHERE complaint_id IN %s", (tuple(complaints.ids) or (0,),))
        existing = set(self.env.cr.fetchall())
        rows = []
        for complaint in complaints:
            if (complaint.id, complaint.level) in existing:
                continue
            to, copy = self._recipients(complaint, Tier)
            received = fields.Datetime.from_string(since or complaint.date_received)
            number = self.env["ir.sequence"].with_context(
                force_company=complaint.company_id.id).next_by_code(
                "realestate.complaint.supervision.order")
            rows.append({
                "name": number or "/", "complaint_id": complaint.id,
                "company_id": complaint.company_id.id, "level": complaint.level,
                "team_id": complaint.team_id.id or None,
                "date_due": fields.Datetime.to_string(received + ISSUE_WITHIN),
                "to": to.ids, "copy": copy.ids,
                "instructions": _(
                    "Deal with case %(case)s (level %(level)s, %(category)s) now: "
                    "contact the customer, investigate on site and report the plan "
                    "to customer service.") % {
                    "case": complaint.name, "level": complaint.level,
                    "category": complaint.category_id.display_name or ""}})
        if not rows:
            return self.browse()
        # Issued by the system with every registration: one INSERT for the orders
        # and one per list of people, not the ORM's create (mail.thread, checks)
        # for each; nothing here is computed or tracked. A second transaction that
        # issued the same order first wins (unique per case and level).
        cr = self.env.cr
        cr.execute("""
            INSERT INTO realestate_complaint_supervision_order
                   (name, complaint_id, company_id, level, team_id, instructions,
                    date_issued, date_due, signed_late, create_uid, create_date,
                    write_uid, write_date)
            SELECT r.name, r.complaint_id, r.company_id, r.level, r.team_id,
                   r.instructions, now() at time zone 'UTC', r.date_due::timestamp,
                   FALSE, %(uid)s, now() at time zone 'UTC', %(uid)s,
                   now() at time zone 'UTC'
              FROM json_to_recordset(%(rows)s)
                AS r(name varchar, complaint_id int, company_id int, level varchar,
                     team_id int, instructions text, date_due text)
            ON CONFLICT (complaint_id, level) DO NOTHING
         RETURNING id, complaint_id""", {
            "uid": self.env.uid,
            "rows": json.dumps([{key: row[key] for key in (
                "name", "complaint_id", "company_id", "level", "team_id",
                "instructions", "date_due")} for row in rows])})
        order_of = {complaint_id: order_id for order_id, complaint_id in cr.fetchall()}
        for table, key in (("realestate_complaint_order_addressee_rel", "to"),
                           ("realestate_complaint_order_copy_rel", "copy")):
            pairs = [(order_of[row["complaint_id"]], user_id) for row in rows
                     if row["complaint_id"] in order_of for user_id in row[key]]
            if pairs:
                cr.execute(
                    "INSERT INTO {} (order_id, user_id) SELECT * FROM unnest(%s, %s)"
                    .format(table), ([p[0] for p in pairs], [p[1] for p in pairs]))
        complaints.invalidate_cache(["supervision_order_ids"], complaints.ids)
        orders = self.browse(sorted(order_of.values()))
        return orders

    @api.model
    def _recipients(self, complaint, Tier):
        """R19: who the order goes to, and who gets a copy, by level."""
        ladder = Tier._ladder(complaint.company_id)

        def people(xmlid):
            tier = self.env.ref("realestate_complaint." + xmlid, False)
            tier = tier if tier in ladder else Tier
            return tier._people(complaint) if tier else self.env["res.users"]

        agent = complaint.user_id or complaint.receiver_id
        head = complaint.project_id.manager_id
        if complaint.level == "3":
            return agent, self.env["res.users"]
        managers = people("tier_general_manager")
        if complaint.level == "2":
            return (head or agent), managers
        return (head | managers) or agent, people("tier_marketing_vp") - managers

    def action_sign(self):
        """The CS head signs the order (R19); signed late past the hour."""
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only a CS supervisor can sign a supervision order."))
        if self.filtered("date_signed"):
            raise UserError(_("This supervision order is signed already."))
        now = fields.Datetime.now()
        for order in self:
            with by_process():
                order.write({"date_signed": now, "signed_by_id": self.env.uid,
                             "signed_late": now > order.date_due})
        return True
