import base64
import logging

from odoo import _, api, fields, models
from odoo.tools import html2plaintext

from ..tools.process_context import by_process

_logger = logging.getLogger(__name__)

REASONS = [
    ("no_sender", "No Sender Address"),
    ("bad_sender", "Invalid Sender Address"),
    ("auto_reply", "Automatic Reply"),
    ("bounce", "Delivery Failure (Bounce)"),
    ("empty", "Empty Email"),
    ("attachment_too_large", "Attachment Too Large"),
    ("control_chars", "Control Characters"),
]
# What the log keeps of the text: the whole message is in the original.
BODY_CHARS = 20000


def _source(message):
    """The message regenerated from its parse, when the bytes received are not at
    hand (8-bit parts and headers kept)."""
    try:
        return message.as_bytes()
    except (UnicodeError, LookupError):
        return message.as_string().encode("utf-8", "surrogateescape")


class RealestateComplaintMailRejection(models.Model):
    """An email to a complaint alias that the gateway did not register as a case, or
    registered without some of its attachments (R1), kept with its original so that
    a CS supervisor sees it and nothing sent to the developer is lost.

    Why a record instead of an error: with Odoo 11's fetchmail a message whose
    processing raises is marked as read on the IMAP server anyway (and retried forever
    over POP), and only the server log tells. So the gateway records every rejection
    here, logs a warning and returns normally; the supervisor reads the original,
    registers a case by hand if there is one to register, and marks it reviewed.
    """

    _name = "realestate.complaint.mail.rejection"
    _description = "Rejected Complaint Email"
    _order = "date desc, id desc"
    _rec_name = "subject"

    date = fields.Datetime(
        string="Received On", required=True, readonly=True, index=True,
        default=fields.Datetime.now)
    reason = fields.Selection(REASONS, required=True, readonly=True, index=True)
    detail = fields.Char(
        readonly=True, help="What was wrong: the address, the files and their sizes.")
    message_id = fields.Char(string="Message-Id", readonly=True, index=True)
    email_from = fields.Char(string="From", readonly=True)
    email_to = fields.Char(string="To", readonly=True)
    subject = fields.Char(readonly=True)
    body = fields.Text(readonly=True, help="The text of the email (its beginning).")
    original_id = fields.Many2one(
        "ir.attachment", string="Original Email", readonly=True, ondelete="set null",
        help="The email as received (.eml), attachments included.")
    original_file = fields.Binary(
        related="original_id.datas", string="Original Email File", readonly=True)
    original_name = fields.Char(related="original_id.datas_fname", readonly=True)
    complaint_id = fields.Many2one(
        "realestate.complaint", string="Case", readonly=True, index=True,
        ondelete="set null",
        help="The case registered from this email, when only attachments were held.")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True,
        default=lambda self: self.env.user.company_id)
    state = fields.Selection(
        [("new", "To Review"), ("reviewed", "Reviewed")], default="new",
        required=True, readonly=True, index=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    date_reviewed = fields.Datetime(readonly=True)

    @api.model
    def _record(self, message, message_dict, reason, detail="", company=None):
        """Keep ``message`` (email.message.Message) with the reason it was not
        registered; once per Message-Id and reason (a second delivery adds
        nothing)."""
        message_id = message_dict.get("message_id")
        Rejection = self.sudo()
        existing = Rejection.search(
            [("message_id", "=", message_id), ("reason", "=", reason)], limit=1)
        if existing:
            return existing
        rejection = Rejection.create({
            "reason": reason,
            "detail": detail or False,
            "message_id": message_id,
            "email_from": message_dict.get("email_from") or False,
            "email_to": message_dict.get("to") or False,
            "subject": message_dict.get("subject") or False,
            "body": html2plaintext(message_dict.get("body") or "")[:BODY_CHARS],
            "company_id": (company or self.env.user.company_id).id,
        })
        rejection.original_id = self.env["ir.attachment"].sudo().create({
            "name": "original.eml",
            "datas_fname": "original.eml",
            "datas": base64.b64encode(
                self.env.context.get("complaint_mail_source") or _source(message)),
            "mimetype": "message/rfc822",
            "res_model": self._name,
            "res_id": rejection.id,
        })
        _logger.warning(
            "Complaint mail gateway: email %s from %r to %r not registered (%s%s); "
            "kept as rejected email %d for a supervisor.",
            message_id, rejection.email_from, rejection.email_to, reason,
            detail and ": " + detail or "", rejection.id)
        return rejection

    def action_mark_reviewed(self):
        """A supervisor has read the email and done what it needed."""
        with by_process():
            self.write({"state": "reviewed", "reviewed_by_id": self.env.uid,
                        "date_reviewed": fields.Datetime.now()})
        return True

    def action_mark_to_review(self):
        with by_process():
            self.write({"state": "new", "reviewed_by_id": False,
                        "date_reviewed": False})
        return True

    def name_get(self):
        return [(rejection.id, rejection.subject or _("(no subject)"))
                for rejection in self]
