from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FOLLOWUP_KINDS = [
    ("phone", "Phone Call"),
    ("site_visit", "Site Visit"),
    ("meeting", "Meeting"),
    ("internal", "Internal Coordination"),
    ("progress_notice", "Progress Notice to the Customer"),   # R15
]
# The kinds in which someone speaks with the customer (R12: first contact).
CUSTOMER_KINDS = ("phone", "site_visit", "meeting", "progress_notice")


class RealestateComplaintFollowup(models.Model):
    """One contact or action on a case (客户意见与投诉处理跟进表): what was done, the
    next step and whether the customer was told (R12, R15)."""

    _name = "realestate.complaint.followup"
    _description = "Complaint Follow-up"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "date desc, id desc"

    kind = fields.Selection(FOLLOWUP_KINDS, required=True, default="phone")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user)
    description = fields.Text(string="What Was Done", required=True)
    next_step = fields.Char()
    date_next = fields.Date(string="Next Step On")
    customer_informed = fields.Boolean(
        help="The customer was told where the case stands (R15).")

    @api.constrains("next_step", "date_next")
    def _check_next_step(self):
        for followup in self:
            if followup.date_next and not (followup.next_step or "").strip():
                raise ValidationError(
                    _("Say what the next step on %s is.") % followup.date_next)

    @api.model
    def create(self, vals):
        if vals.get("kind") == "progress_notice":
            vals.setdefault("customer_informed", True)
        followup = super(RealestateComplaintFollowup, self).create(vals)
        followup._after_logging()
        return followup

    def _after_logging(self):
        """What logging a follow-up sets off: the first customer contact completes
        its deadline (R12), a progress notice is emailed to the customer (R15), a
        next step becomes an activity of the person who logged it."""
        template = self.env.ref("realestate_complaint.mail_template_progress_notice")
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("realestate.complaint")
        for followup in self:
            complaint = followup.complaint_id
            if followup.kind in CUSTOMER_KINDS:
                complaint.sudo()._complete_targets(["first_contact"], followup.date)
            if followup.kind == "progress_notice":
                complaint._check_customer_email()
                # Posted on the case, so the chatter keeps what the customer was
                # told; the customer is emailed as a recipient of the message.
                email = template.generate_email(
                    followup.id, fields=["subject", "body_html"])
                complaint.message_post(
                    body=email["body_html"], subject=email["subject"],
                    partner_ids=complaint.partner_id.ids, subtype="mail.mt_comment",
                    message_type="comment")
            if followup.date_next:
                self.env["mail.activity"].create({
                    "res_model_id": model_id, "res_id": complaint.id,
                    "activity_type_id": todo.id,
                    "user_id": followup.user_id.id,
                    "summary": followup.next_step,
                    "date_deadline": followup.date_next,
                })


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    followup_ids = fields.One2many(
        "realestate.complaint.followup", "complaint_id", string="Follow-ups")
