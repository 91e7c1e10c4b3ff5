"""Complaints by email (R1-R3, R39): what Odoo 11's mail gateway does with a message
sent to a complaint alias (``complaints@``).

Odoo routes an incoming message first as a reply (References / In-Reply-To naming a
message it knows: the case's chatter), then by alias, then to the fallback model of
the incoming mail server (``mail_thread.py`` hands the routes that end at a complaint
to ``_mail_gateway_check_route``). A message for a new case then:

- is kept as a Rejected Email, never registered nor acknowledged, when it is an
  automatic reply or a bounce (mail loops), has no sender address or an invalid one
  (nobody to acknowledge or match), or nothing in it (no subject, text or attachment);
- goes to an existing case when its subject names the number of a case whose
  complainant sent it (same address) or that the sending employee may open; a number
  of someone else's case, or of no case, gets the same answer (a new case with a note)
  so that a stranger learns nothing about other customers' cases (R39);
- otherwise becomes a case (``message_new``): channel email, the sender matched to
  one contact or a new contact flagged for review, subject and text as description,
  attachments as evidence, registration to complete (what an email cannot give:
  phone, unit ...), acknowledged at once with the process and the expected handling
  time (R3).

A message without Message-Id gets one computed from its content, so that a second
delivery of it is recognised like any other duplicate. A very long text is cut in the
description and the chatter and attached whole; attachments over the size limit are
kept out of the case, with the original, as a Rejected Email linked to the case.
Sender addresses can be forged: a forger gains nothing to read (answers go to the real
customer's address), and what they write stays visible as theirs in the chatter.
"""
import email.utils
import hashlib
import logging
import re

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext, html_escape

from ..tools.contact_validation import is_valid_email, normalize_phone
from ..tools.text import CONTROL_CHARS

_logger = logging.getLogger(__name__)

# A case number in a subject (TS202611-00001, and the like if the sequence's prefix
# changes), also inside Chinese text: "关于TS202611-00001的补充".
CASE_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,10}\d{6}-\d{3,10})(?![0-9])")
# Characters of the text kept in the description and the chatter; the rest is
# attached (a 2 MB text in a form or a chatter helps nobody).
BODY_CHARS = 100000
ATTACHMENT_LIMIT_PARAM = "realestate_complaint.mail_attachment_max_mb"
ATTACHMENT_LIMIT_MB = 25
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autorespond-Reason")
AUTO_PRECEDENCE = ("bulk", "junk", "list", "auto_reply")
RECIPIENT_HEADERS = ("Delivered-To", "To", "Cc", "Resent-To", "Resent-Cc")


def _sender_address(email_from):
    """The first address of a From header, or None."""
    addresses = tools.email_split(email_from or "")
    return addresses[0].strip() if addresses else None


def _like_escape(value):
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    # Routing (called from mail.thread.message_route)

    @api.model
    def _mail_gateway_screen_bounce(self, message, message_dict):
        """Before Odoo routes: a delivery failure sent to a complaint alias is kept as
        rejected (Odoo drops bounces with a line in the log). True when it was."""
        if not self._mail_gateway_is_bounce(message, message_dict) or \
                not self._mail_gateway_addressed(message):
            return False
        self._mail_gateway_fingerprint(message, message_dict)
        self.env["realestate.complaint.mail.rejection"]._record(
            message, message_dict, "bounce")
        return True

    @api.model
    def _mail_gateway_screen_control_chars(self, message, message_dict):
        """Before Odoo routes: a message to a complaint alias whose text holds NUL
        bytes would make its first INSERT raise (PostgreSQL refuses NUL in text),
        and fetchmail would lose it or retry it forever. It is kept as a Rejected
        Email instead, its text without the control characters, its original
        whole. True when it was."""
        texts = [value for value in message_dict.values() if isinstance(value, str)]
        texts += [str(value) for value in message.values()]
        texts += [attachment[0] for attachment in message_dict.get("attachments", ())
                  if isinstance(attachment[0], str)]
        if not any("\x00" in text for text in texts) or \
                not self._mail_gateway_addressed(message):
            return False
        cleaned = {key: CONTROL_CHARS.sub("", value) if isinstance(value, str)
                   else value for key, value in message_dict.items()}
        self.env["realestate.complaint.mail.rejection"]._record(
            message, cleaned, "control_chars",
            _("NUL bytes in the subject, the text or a file name"))
        return True

    @api.model
    def _mail_gateway_check_route(self, message, message_dict, route):
        """A route Odoo found to the complaint model, checked: the same route, the
        route to the existing case the subject names, or None (not registered; a
        duplicate, or kept as a Rejected Email)."""
        model, thread_id, custom_values, user_id, _alias = route
        self._mail_gateway_fingerprint(message, message_dict)
        if self._mail_gateway_is_duplicate(message_dict):
            _logger.info("Complaint mail gateway: email %s already received, ignored.",
                         message_dict.get("message_id"))
            return None
        company = self.env["res.users"].sudo().browse(user_id).company_id
        if not thread_id:
            reason, detail = self._mail_gateway_rejection(message, message_dict)
            if reason:
                self.env["realestate.complaint.mail.rejection"]._record(
                    message, message_dict, reason, detail, company)
                return None
        self._mail_gateway_trim(message, message_dict, company)
        if not thread_id:
            case = self._mail_gateway_case_in_subject(message_dict)
            if case:
                _logger.info("Complaint mail gateway: email %s from %s attached to %s "
                             "named in its subject.", message_dict.get("message_id"),
                             message_dict.get("email_from"), case.name)
                # Posted as a reply is: by whoever runs the gateway, not the alias's
                # owner, who may not write this case.
                route = (model, case.id, custom_values, self.env.uid, None)
                thread_id = case.id
        if thread_id:
            self._mail_gateway_reply_author(message_dict, self.sudo().browse(thread_id))
        return route

    @api.model
    def _mail_gateway_alias_names(self):
        return set(self.env["mail.alias"].sudo().search([
            ("alias_model_id.model", "=", self._name),
            ("alias_name", "!=", False)]).mapped("alias_name"))

    @api.model
    def _mail_gateway_addressed(self, message):
        """Whether a complaint alias is among the message's recipients."""
        recipients = ",".join(tools.decode_message_header(message, header)
                              for header in RECIPIENT_HEADERS)
        local_parts = {address.split("@")[0].lower()
                       for address in tools.email_split(recipients)}
        return bool(local_parts & self._mail_gateway_alias_names())

    @api.model
    def _mail_gateway_is_bounce(self, message, message_dict):
        sender = _sender_address(message_dict.get("email_from")) or ""
        return message.get_content_type() == "multipart/report" or \
            sender.split("@")[0].lower() in BOUNCE_SENDERS

    @api.model
    def _mail_gateway_auto_header(self, message):
        """The header that marks the message as sent by a machine (RFC 3834 and the
        usual vendor headers), or None."""
        auto_submitted = (message.get("Auto-Submitted") or "").strip().lower()
        if auto_submitted and auto_submitted != "no":
            return "Auto-Submitted: %s" % auto_submitted
        for header in AUTO_REPLY_HEADERS:
            if message.get(header):
                return "%s: %s" % (header, message.get(header))
        precedence = (message.get("Precedence") or "").strip().lower()
        if precedence in AUTO_PRECEDENCE:
            return "Precedence: %s" % precedence
        if (message.get("Return-Path") or "").strip() == "<>":
            return "Return-Path: <>"
        return None

    @api.model
    def _mail_gateway_fingerprint(self, message, message_dict):
        """A message without Message-Id gets one from its content (Odoo gives it the
        time of processing, so a second delivery would make a second case)."""
        if message.get("Message-Id"):
            return
        digest = hashlib.sha1()
        for header in ("From", "To", "Cc", "Date", "Subject"):
            digest.update(tools.decode_message_header(message, header).encode("utf-8"))
        digest.update((message_dict.get("body") or "").encode("utf-8"))
        for attachment in message_dict.get("attachments") or ():
            digest.update((attachment[0] or "").encode("utf-8"))
            digest.update(str(len(attachment[1] or b"")).encode())
        message_dict["message_id"] = "<%s@complaint-gateway.invalid>" % \
            digest.hexdigest()

    @api.model
    def _mail_gateway_is_duplicate(self, message_dict):
        message_id = message_dict.get("message_id")
        if not message_id:
            return False
        return bool(
            self.env["mail.message"].sudo().search_count(
                [("message_id", "=", message_id)])
            or self.env["realestate.complaint.mail.rejection"].sudo().search_count(
                [("message_id", "=", message_id),
                 ("reason", "!=", "attachment_too_large")]))

    @api.model
    def _mail_gateway_rejection(self, message, message_dict):
        """Why this message cannot become a case: (reason, detail) or (None, None)."""
        auto = self._mail_gateway_auto_header(message)
        if auto or self._mail_gateway_is_bounce(message, message_dict):
            return "auto_reply", auto or message_dict.get("email_from")
        email_from = (message_dict.get("email_from") or "").strip()
        if not email_from:
            return "no_sender", None
        address = _sender_address(email_from)
        if not address or not is_valid_email(address):
            return "bad_sender", email_from
        if not (message_dict.get("subject") or "").strip() \
                and not html2plaintext(message_dict.get("body") or "").strip() \
                and not message_dict.get("attachments"):
            return "empty", None
        return None, None

    @api.model
    def _mail_gateway_trim(self, message, message_dict, company):
        """A very long text is cut (and attached whole); attachments over the limit
        are held out of the case and kept, with the original, as rejected."""
        attachments = list(message_dict.get("attachments") or ())
        body = message_dict.get("body") or ""
        if len(body) > BODY_CHARS:
            attachments.append(("email-body.html", body.encode("utf-8"), {}))
            notice = _("(The email goes on: its whole text is attached as "
                       "email-body.html.)")
            message_dict["body"] = body[:BODY_CHARS] + "<p><em>%s</em></p>" % \
                html_escape(notice)
        limit = self._mail_gateway_attachment_limit()
        held = [a for a in attachments if len(a[1] or b"") > limit]
        if held:
            attachments = [a for a in attachments if a not in held]
            self.env["realestate.complaint.mail.rejection"]._record(
                message, message_dict, "attachment_too_large", ", ".join(
                    "%s (%.1f MB)" % (a[0], len(a[1]) / 1048576.0) for a in held),
                company)
        message_dict["attachments"] = attachments

    @api.model
    def _mail_gateway_attachment_limit(self):
        """Bytes; system parameter realestate_complaint.mail_attachment_max_mb."""
        value = self.env["ir.config_parameter"].sudo().get_param(
            ATTACHMENT_LIMIT_PARAM, ATTACHMENT_LIMIT_MB)
        try:
            megabytes = float(value)
        except (TypeError, ValueError):
            megabytes = ATTACHMENT_LIMIT_MB
        return int(megabytes * 1048576)

    @api.model
    def _mail_gateway_numbers(self, subject):
        return [number.upper() for number in CASE_NUMBER.findall(subject or "")]

    @api.model
    def _mail_gateway_case_in_subject(self, message_dict):
        """R39: the case the subject names, if the sender may write to it."""
        numbers = self._mail_gateway_numbers(message_dict.get("subject"))
        address = _sender_address(message_dict.get("email_from"))
        if not numbers or not address:
            return self.browse()
        cases = self.sudo().search([("name", "in", numbers)])
        for number in numbers:
            for case in cases.filtered(lambda c: c.name == number):
                if case._mail_gateway_sender_may_write(address):
                    return case
        return self.browse()

    def _mail_gateway_sender_may_write(self, address):
        """The complainant's address (on the contact or as registered), or an
        employee who may open the case."""
        self.ensure_one()
        address = address.lower()
        known = {(self.partner_id.email or "").strip().lower(),
                 (self.partner_email or "").strip().lower()}
        if address in known:
            return True
        employees = self.env["res.users"].sudo().search(
            [("email", "=ilike", _like_escape(address)), ("share", "=", False)])
        for employee in employees:
            case = self.with_user(employee)
            if case.check_access_rights("read", raise_exception=False):
                try:
                    case.check_access_rule("read")
                    return True
                except AccessError:
                    continue
        return False

    @api.model
    def _mail_gateway_reply_author(self, message_dict, case):
        """The complainant is the author of what they send to their case (Odoo
        would take any contact with the address)."""
        address = _sender_address(message_dict.get("email_from"))
        if address and (case.partner_id.email or "").strip().lower() == \
                address.lower():
            message_dict["author_id"] = case.partner_id.id

    # A new case

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """R1, R2: register the email as a case (registration to complete) and have
        it acknowledged once the email is posted in its chatter (R3). The notes
        speak the language of the alias's owner, who receives the case."""
        return self.with_context(lang=self.env.user.lang or self.env.lang).\
            _mail_gateway_new_case(msg_dict, custom_values)

    @api.model
    def _mail_gateway_new_case(self, msg_dict, custom_values):
        company = self.env.user.company_id
        address = _sender_address(msg_dict.get("email_from"))
        if address and not is_valid_email(address):
            address = None
        name = email.utils.parseaddr(msg_dict.get("email_from") or "")[0].strip()
        partner, candidates, created = self._mail_gateway_complainant(
            address, name, company)
        vals = self._mail_gateway_case_vals(msg_dict, partner, address, company)
        vals.update(custom_values or {})
        vals["registration_pending"] = True
        case = self.sudo().create(vals)
        # The receiver follows the case, as after a registration by form (the
        # gateway creates without followers): the customer's replies reach them.
        case.message_subscribe_users(user_ids=[self.env.uid])
        msg_dict["author_id"] = partner.id or False
        notes = []
        if created:
            notes.append(_("No contact had the address %s: a new contact was created "
                           "from the email and flagged for review.") % address)
        elif len(candidates) > 1 and not partner:
            notes.append(_("Several contacts use the address %(address)s: %(names)s. "
                           "Choose the complainant; the acknowledgement went to the "
                           "address.") % {
                               "address": address,
                               "names": ", ".join(candidates.mapped("name"))})
        numbers = self._mail_gateway_numbers(msg_dict.get("subject"))
        if numbers:
            notes.append(_("The subject names %s, which is not a case of this sender: "
                           "the email was registered as a new case, not attached to "
                           "another one (R39). Link them if they are the same matter.")
                         % ", ".join(numbers))
        case = case.with_user(self.env.uid)
        for note in notes:
            case.message_post(body=html_escape(note), subtype="mail.mt_note")
        return case.with_context(complaint_mail_acknowledge=True)

    @api.model
    def _mail_gateway_complainant(self, address, name, company):
        """The sender's contact: (partner, candidates, created).

        One active contact with the address: that one. Several: the only one who
        owns a unit, else none (the agent chooses; never a random one, R39). None: a
        new contact, flagged for review."""
        Partner = self.env["res.partner"].sudo()
        if not address:
            return Partner, Partner, False
        candidates = Partner.search([
            ("email", "=ilike", _like_escape(address)),
            ("company_id", "in", [False, company.id])], order="id")
        if len(candidates) == 1:
            return candidates, candidates, False
        if candidates:
            owners = candidates.filtered("unit_ids")
            return (owners if len(owners) == 1 else Partner), candidates, False
        partner = Partner.create({
            "name": name or address, "email": address, "company_id": company.id,
            "complaint_review_needed": True})
        return partner, partner, True

    @api.model
    def _mail_gateway_case_vals(self, msg_dict, partner, address, company):
        """What an email tells of the registration (R2); the rest is to complete."""
        phone = normalize_phone(partner.mobile) or normalize_phone(partner.phone)
        unit = partner.unit_ids if len(partner.unit_ids) == 1 else \
            self.env["realestate.unit"]
        return {
            "channel": "email",
            "kind": "complaint",
            "company_id": company.id,
            "receiver_id": self.env.uid,
            "date_received": fields.Datetime.now(),
            "partner_id": partner.id or False,
            "partner_email": address or False,
            "email_unknown": not address,
            "partner_phone": phone or False,
            "unit_id": unit.id or False,
            "contract_number": unit.contract_number or False,
            # Attachments become evidence once posted (_message_post_after_hook).
            "evidence_unknown": True,
            "description": self._mail_gateway_description(msg_dict),
            "demand": "other",
            "demand_note": _("Not stated in a form the mail gateway can read: confirm "
                             "it with the customer."),
        }

    @api.model
    def _mail_gateway_description(self, msg_dict):
        subject = (msg_dict.get("subject") or "").strip()
        body = msg_dict.get("body") or ""
        parts = []
        if subject:
            parts.append("<p><strong>%s</strong></p>" % html_escape(subject))
        if html2plaintext(body).strip():
            parts.append(body)
        elif msg_dict.get("attachments"):
            parts.append("<p>%s</p>" % html_escape(
                _("The email has no text; its attachments: %s") % ", ".join(
                    a[0] or "?" for a in msg_dict["attachments"])))
        return "".join(parts)

    # After the email is posted in the chatter

    def _message_post_after_hook(self, message):
        result = super(RealestateComplaint, self)._message_post_after_hook(message)
        # Once, for the email itself: the notes posted below must not acknowledge
        # again (a held attachment's note did: two mails to the customer).
        acknowledge = self.env.context.get("complaint_mail_acknowledge")
        case = self.with_context(complaint_mail_acknowledge=False)
        if message.message_type == "email":
            case._mail_gateway_after_email(message)
        if acknowledge:
            case._acknowledge_or_note(_(
                    "The acknowledgement could not be emailed: tell the customer the "
                    "process and the expected handling time by phone (R3)."))
        return result

    def _mail_gateway_after_email(self, message):
        """What the customer sends is evidence (R2); attachments held for their size
        are linked to the case and the agent told."""
        self.ensure_one()
        internal = message.author_id.user_ids.filtered(lambda u: not u.share)
        if message.attachment_ids and not internal:
            self.sudo().write({
                "evidence_attachment_ids": [(4, a.id) for a in message.attachment_ids],
                "evidence_unknown": False})
        if message.message_id:
            held = self.env["realestate.complaint.mail.rejection"].sudo().search([
                ("message_id", "=", message.message_id), ("complaint_id", "=", False),
                ("reason", "=", "attachment_too_large")])
            if held:
                held.write({"complaint_id": self.id})
                self.with_user(self.env.uid).message_post(body=html_escape(_(
                    "Attachments of this email over the size limit were kept out of "
                    "the case: %s. The original is under Rejected Emails; ask the "
                    "customer for them another way if needed.") % held[0].detail),
                    subtype="mail.mt_note")

    def _tell_customer(self, template, note_without_email=None):
        """An emailed case whose address several contacts share has no complainant
        yet: its messages go to the address."""
        self.ensure_one()
        if self.partner_id or not self.partner_email:
            return super(RealestateComplaint, self)._tell_customer(
                template, note_without_email)
        template.send_mail(self.id, email_values={
            "email_to": self.partner_email, "recipient_ids": [],
            "auto_delete": False})
        return None

    @api.model
    def message_get_reply_to(self, res_ids, default=None):
        """Answers to a case's emails come back to the complaint alias, the mailbox
        the incoming mail server fetches, and reach the case by their References
        (Odoo would use the catchall address, or the sender's if there is none)."""
        result = super(RealestateComplaint, self).message_get_reply_to(
            res_ids, default=default)
        domain = self.env["ir.config_parameter"].sudo().get_param(
            "mail.catchall.domain")
        # Every message posted on a case asks (Odoo's mail.message create): by the
        # model's id (cached), not by a join on ir.model.
        alias = domain and self.env["mail.alias"].sudo().search([
            ("alias_model_id", "=", self.env["ir.model"]._get_id(self._name)),
            ("alias_name", "!=", False), ("alias_force_thread_id", "=", False)],
            order="id", limit=1)
        if alias:
            address = email.utils.formataddr(
                (self.env.user.company_id.name, "%s@%s" % (alias.alias_name, domain)))
            result = dict.fromkeys(res_ids, address)
        return result

    def message_get_suggested_recipients(self):
        """The complainant is offered as a recipient of the agent's emails."""
        recipients = super(RealestateComplaint, self).message_get_suggested_recipients()
        for complaint in self.filtered("partner_id"):
            complaint._message_add_suggested_recipient(
                recipients, partner=complaint.partner_id, reason=_("Complainant"))
        return recipients
