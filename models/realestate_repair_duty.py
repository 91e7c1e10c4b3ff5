from odoo import _, fields, models
from odoo.tools import html_escape


class RealestateRepairDuty(models.Model):
    """One day of a project's after-sales repair duty roster (售后维修值班表,
    004:119): the day's person in charge (当日总负责人), told at once of every repair
    request of the project and leading the visit on site (004:122)."""

    _name = "realestate.repair.duty"
    _description = "Repair Duty"
    _order = "date desc, id desc"
    _rec_name = "date"

    group_id = fields.Many2one(
        "realestate.repair.group", string="Repair Group", required=True, index=True,
        ondelete="cascade")
    project_id = fields.Many2one(
        related="group_id.project_id", store=True, index=True, readonly=True)
    company_id = fields.Many2one(
        related="group_id.company_id", store=True, index=True, readonly=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users", string="Person in Charge", required=True, index=True,
        ondelete="restrict")
    phone = fields.Char(related="user_id.partner_id.mobile", readonly=True)
    note = fields.Char()

    _sql_constraints = [
        ("group_date_uniq", "unique (group_id, date)",
         "The roster names one person in charge per day."),
    ]

    def name_get(self):
        return [(duty.id, "%s %s: %s" % (duty.project_id.name, duty.date,
                                         duty.user_id.name)) for duty in self]


class RealestateComplaint(models.Model):
    """A repair request reaches the day's person in charge of the project's repair
    group at once (004:122): an activity, which emails them, and the case names
    them."""

    _inherit = "realestate.complaint"

    duty_user_id = fields.Many2one(
        "res.users", string="Repair Duty Head", readonly=True, copy=False, index=True,
        help="The person in charge of the project's repair group on the day the "
        "request was received (当日总负责人); they lead the visit on site.")

    def _notify_repair_duty(self):
        """Name each repair's person on duty and give them an activity and an
        email; a project with a repair group but nobody on its roster that day gets
        a note on the case (a project without a group has no roster to follow)."""
        Duty = self.env["realestate.repair.duty"].sudo()
        activity_type = self.env.ref("realestate_complaint.mail_activity_type_repair")
        model_id = self.env["ir.model"]._get_id(self._name)
        groups = self.env["realestate.repair.group"]._of_projects(
            self.mapped("project_id"))
        for complaint in self.sudo().filtered(lambda c: c.project_id.id in groups):
            day = complaint.company_id._complaint_day(complaint.date_received)
            duty = Duty.search([("project_id", "=", complaint.project_id.id),
                                ("date", "=", fields.Date.to_string(day))], limit=1)
            if not duty:
                complaint.message_post(body=html_escape(_(
                    "No one is on repair duty for %(project)s on %(day)s: give the "
                    "request to the engineering department by hand.") % {
                    "project": complaint.project_id.name, "day": day}))
                continue
            complaint.write({"duty_user_id": duty.user_id.id})
            summary = _("Repair request %s: lead the visit on site") % complaint.name
            self.env["mail.activity"].sudo().create({
                "res_model_id": model_id, "res_id": complaint.id,
                "activity_type_id": activity_type.id, "user_id": duty.user_id.id,
                "summary": summary, "date_deadline": fields.Date.to_string(day),
            })
            # Odoo 11 emails nobody of a new activity: an internal note to them
            # does (notes reach only the people named, not the customer).
            complaint.message_post(
                body=html_escape(_("%(summary)s. %(person)s is on repair duty for "
                                   "%(project)s today.") % {
                    "summary": summary, "person": duty.user_id.name,
                    "project": complaint.project_id.name}),
                subtype="mail.mt_note", partner_ids=duty.user_id.partner_id.ids)
