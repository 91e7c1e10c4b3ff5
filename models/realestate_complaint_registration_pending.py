from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Where a case may be while its registration is not complete: acknowledged at once
# (R3), or judged invalid (spam, nothing to handle: R6).
PENDING_STAGES = ("registered", "acknowledged", "invalid")


class RealestateComplaint(models.Model):
    """Cases received through a channel that cannot give every registration item
    (R2), such as an email (no phone, no unit): registered and acknowledged at once
    (R1, R3), then completed by the agent before the case is worked.

    The R2 check is deferred, not dropped: the missing items are listed on the case,
    the case cannot go further than *Acknowledged* (or *Invalid*) until they are
    filled in, and the flag clears itself once nothing is missing. Only the system
    (a channel's intake running as superuser, e.g. the mail gateway) registers such
    a case; a form or an RPC call by a user is checked in full, as before.
    """

    _inherit = "realestate.complaint"

    registration_pending = fields.Boolean(
        string="Registration To Complete", readonly=True, copy=False,
        help="Received through a channel that could not give every registration item "
        "(R2), e.g. an email. The case can be acknowledged or judged invalid, but it "
        "is worked further only once the missing items are filled in.")
    registration_missing = fields.Text(
        string="Items To Complete", compute="_compute_registration_missing")

    @api.depends("registration_pending", "is_anonymous", "partner_id",
                 "partner_phone", "partner_email", "email_unknown", "unit_id",
                 "unit_unknown", "contract_number", "contract_unknown",
                 "evidence_attachment_ids", "evidence_unknown", "description")
    def _compute_registration_missing(self):
        for complaint in self:
            complaint.registration_missing = complaint.registration_pending and \
                "\n".join(complaint._missing_registration_items()) or False

    @api.constrains(
        "is_anonymous", "partner_id", "partner_phone", "partner_email", "email_unknown",
        "unit_id", "unit_unknown", "contract_number", "contract_unknown",
        "evidence_attachment_ids", "evidence_unknown", "description",
        "registration_pending")
    def _check_registration_complete(self):
        """R2, deferred for a registration still to complete (checked at its stage
        moves instead)."""
        return super(RealestateComplaint, self.filtered(
            lambda c: not c.registration_pending))._check_registration_complete()

    @api.constrains("stage_id", "registration_pending")
    def _check_registration_pending_stage(self):
        for complaint in self.filtered("registration_pending"):
            if complaint.stage_id.code in PENDING_STAGES:
                continue
            missing = complaint._missing_registration_items()
            if missing:
                raise ValidationError(
                    _("%(number)s cannot go to %(stage)s before its registration is "
                      "complete (R2). Fill in these items or mark them as unknown:\n"
                      "%(items)s") % {
                        "number": complaint.name, "stage": complaint.stage_id.name,
                        "items": "\n".join("- " + item for item in missing)})

    def _clear_complete_registrations(self):
        """The flag goes once nothing is missing (R2 then holds as for any case)."""
        complete = self.filtered(
            lambda c: c.registration_pending and not c._missing_registration_items())
        if complete:
            super(RealestateComplaint, complete).write({"registration_pending": False})
