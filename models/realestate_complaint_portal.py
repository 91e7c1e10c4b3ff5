"""The customer portal (R1-R3, R16, R30, R39): what a customer logged in to Odoo's
portal sees of their own cases and may do with them.

Portal users get no access right on the complaint models, deliberately, unlike Odoo's
sale orders: a case holds internal judgements (level, investigation, malicious flag,
escalation, notes, the people who work it) that Odoo's RPC would hand out field by
field to anyone allowed to read the record. Each method here takes the customer's
partner, finds the case among *their* cases only (another customer's case is as
unknown as a number that does not exist) and gives only what the customer may know.
The controller (``controllers/portal.py``) only speaks HTTP.
"""
import logging

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools.contact_validation import normalize_phone
from ..tools.portal_upload import UploadError, check_uploads
from ..tools.text import CONTROL_CHARS
from .realestate_complaint import DEMANDS, KINDS
from .realestate_complaint_callback import SATISFACTION

_logger = logging.getLogger(__name__)

DESCRIPTION_CHARS = 10000
NOTE_CHARS = 2000
MESSAGE_CHARS = 5000
# Kinds of request a customer files online (praise too: it is counted, R4).
PORTAL_KINDS = [kind for kind, _label in KINDS]
PORTAL_DEMANDS = [demand for demand, _label in DEMANDS]
SATISFACTIONS = [value for value, _label in SATISFACTION]


class PortalFormError(UserError):
    """What a customer sent that the portal refuses: one message per form field."""

    def __init__(self, errors):
        super(PortalFormError, self).__init__("\n".join(errors.values()))
        self.errors = errors


class RealestateComplaint(models.Model):
    _name = "realestate.complaint"
    _inherit = ["realestate.complaint", "portal.mixin"]

    def _compute_portal_url(self):
        for complaint in self:
            complaint.portal_url = "/my/complaints/%d" % complaint.id

    def _notification_recipients(self, message, groups):
        """The case's emails take a customer with portal access to the case on the
        portal; Odoo's own button (/mail/view) needs read access they do not have."""
        groups = super(RealestateComplaint, self)._notification_recipients(
            message, groups)
        self.ensure_one()
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for group_name, _method, data in groups:
            if group_name == "portal":
                data["has_button_access"] = True
                data["button_access"] = {"url": base_url + self.portal_url,
                                         "title": _("View Your Case")}
        return groups

    # Finding a customer's cases (R39)

    @api.model
    def _portal_domain(self, partner):
        """The cases a customer sees: those they complained about themselves."""
        return [("partner_id", "=", partner.id)]

    @api.model
    def _portal_cases(self, partner):
        return self.sudo().search(self._portal_domain(partner))

    @api.model
    def _portal_list(self, partner, domain, offset=0, limit=None):
        """One page of a customer's list, reading only the columns the page shows
        (``prefetch_fields=False``): a case has some 170 columns and the list shows
        six; reading them all for every line was most of the page's time (bench
        ``portal_list_one_owner``)."""
        return self.sudo().with_context(prefetch_fields=False).search(
            self._portal_domain(partner) + list(domain), offset=offset, limit=limit)

    @api.model
    def _portal_case(self, partner, case_id):
        """The customer's case of that id, or an empty recordset for any other id."""
        if not isinstance(case_id, int) or not 0 < case_id < 2 ** 31:
            return self.browse()
        return self.sudo().search(
            self._portal_domain(partner) + [("id", "=", case_id)], limit=1)

    # What the customer reads

    @api.model
    def _portal_statuses(self):
        """Stages in words a customer understands, with the Bootstrap label class."""
        return {
            "registered": (_("Complaint received"), "label-info"),
            "acknowledged": (_("Complaint received"), "label-info"),
            "investigating": (_("Being investigated"), "label-primary"),
            "solution_approval": (_("Solution being prepared"), "label-primary"),
            "in_progress": (_("Being handled"), "label-primary"),
            "callback": (_("Resolved: please confirm"), "label-warning"),
            "closed": (_("Closed"), "label-success"),
            "invalid": (_("Closed: not accepted"), "label-default"),
        }

    def _portal_status(self):
        self.ensure_one()
        return self._portal_statuses().get(
            self.stage_id.code, (self.stage_id.name, "label-default"))

    def _portal_may_answer_result(self):
        """R16: the result was reported and nobody has logged the customer's answer
        to it yet (on the portal or by a callback)."""
        self.ensure_one()
        case = self.sudo()
        return case.stage_id.code == "callback" and not case.callback_ids.filtered(
            lambda c: c.state == "done" and
            c.date_done >= case.date_last_stage_update)

    def _portal_acknowledgement(self, when):
        """R3 on the page after submitting: the acknowledgement as emailed, or, if
        its template cannot be rendered, the essentials (``when`` formats the
        expected date for the reader)."""
        self.ensure_one()
        case = self.sudo()
        try:
            with self.env.cr.savepoint():
                # Signed by the receiver, as the email is.
                return case.with_user(case.receiver_id)._acknowledgement_text()
        except Exception:  # pylint: disable=broad-except
            _logger.exception("Acknowledgement text of %s failed.", self.name)
            return _("We have received your complaint %(number)s and expect to have "
                     "handled it by %(date)s. We will keep you informed.") % {
                "number": case.name, "date": when(case.date_expected)}

    def _portal_messages(self):
        """The messages meant for the customer: those sent to them and their own,
        never an internal note or a message to the departments."""
        self.ensure_one()
        partner = self.partner_id
        return self.env["mail.message"].sudo().search([
            ("model", "=", self._name), ("res_id", "=", self.id),
            ("message_type", "in", ("comment", "email", "notification")),
            "|", ("author_id", "=", partner.id),
            "&", ("partner_ids", "in", partner.ids),
            "|", ("subtype_id", "=", False), ("subtype_id.internal", "=", False),
        ], order="date asc, id asc")

    def _portal_attachments(self):
        """The files a customer may download: their evidence and the attachments of
        the messages meant for them."""
        self.ensure_one()
        return self.sudo().evidence_attachment_ids | \
            self._portal_messages().mapped("attachment_ids")

    def _portal_callbacks(self):
        """Callbacks made, as the customer answered them (R26)."""
        self.ensure_one()
        return self.sudo().callback_ids.filtered(
            lambda c: c.state == "done").sorted("sequence")

    @api.model
    def _portal_units(self, partner):
        return partner.sudo().unit_ids

    @api.model
    def _portal_categories(self):
        # The form offers every active category (a small configuration tree).
        # pylint: disable-next=no-search-all
        return self.env["realestate.complaint.category"].sudo().search(
            [], order="parent_left")

    # Registering (R1-R3)

    @api.model
    def _portal_register(self, partner, form, uploads):
        """Register the customer's complaint from the portal form (channel website),
        complete (R2), received by the company's portal receiver (首问责任人) and
        acknowledged at once (R3). PortalFormError lists what is wrong, field by
        field; nothing is created then."""
        values, errors = self._portal_check_form(partner, form)
        files = self._portal_check_files(uploads, errors)
        company = values.get("unit") and values["unit"].company_id or \
            partner.company_id or self.env.user.company_id
        receiver = company.complaint_portal_user_id
        if not receiver and not errors:
            _logger.warning("Portal complaint refused: company %s has no portal "
                            "receiver.", company.name)
            errors["form"] = _(
                "Complaints cannot be submitted online at the moment. Please call our "
                "hotline; we are sorry for the trouble.")
        if errors:
            raise PortalFormError(errors)
        unit = values["unit"]
        contract = unit.contract_number
        try:
            with self.env.cr.savepoint():
                complaint = self.with_user(receiver).with_context(
                    mail_create_nosubscribe=False).create({
                        "kind": values["kind"],
                        "channel": "website",
                        "company_id": company.id,
                        "category_id": values["category"].id,
                        "partner_id": partner.id,
                        "complainant_role": "owner" if unit else "other",
                        "partner_phone": values["phone"],
                        "partner_email": partner.email or False,
                        "email_unknown": not partner.email,
                        "unit_id": unit.id,
                        "unit_unknown": not unit,
                        "contract_number": contract or False,
                        "contract_unknown": not contract,
                        # Set by _portal_add_evidence once the files are stored.
                        "evidence_unknown": True,
                        "description": plaintext2html(values["description"]),
                        "demand": values["demand"],
                        "demand_note": values["demand_note"] or False,
                        "receiver_id": receiver.id,
                    })
                if files:
                    complaint.sudo()._portal_add_evidence(files)
                # The page that follows shows the acknowledgement whatever happens
                # to its email.
                complaint._acknowledge_or_note(_(
                    "The acknowledgement could not be emailed; the customer read it "
                    "on the portal after submitting (R3)."))
        except (AccessError, UserError, ValidationError) as error:
            _logger.warning("Portal complaint of partner %s refused: %s",
                            partner.id, error.name)
            raise PortalFormError({"form": _(
                "Your complaint could not be registered: %s") % error.name})
        return complaint.sudo()

    @api.model
    def _portal_check_form(self, partner, form):
        """(values, errors) of the registration form; every field checked here,
        whatever the browser was told to allow."""
        errors = {}
        values = {}
        kind = form.get("kind") or "complaint"
        if kind not in PORTAL_KINDS:
            errors["kind"] = _("Choose what kind of request this is.")
        values["kind"] = kind
        values["category"] = self._portal_pick(
            self._portal_categories(), form.get("category_id"), "category_id",
            _("Choose the category that fits best."), errors, required=True)
        values["unit"] = self._portal_pick(
            self._portal_units(partner), form.get("unit_id"), "unit_id",
            _("Choose one of your units, or that the matter is not about one."),
            errors, required=False)
        values["description"] = self._portal_text(
            form.get("description"), DESCRIPTION_CHARS, "description",
            _("Describe the problem."), errors)
        demand = form.get("demand")
        if demand not in PORTAL_DEMANDS:
            errors["demand"] = _("Say what you would like us to do.")
        values["demand"] = demand
        values["demand_note"] = self._portal_text(
            form.get("demand_note"), NOTE_CHARS, "demand_note", None, errors)
        phone = (form.get("phone") or "").strip()
        values["phone"] = normalize_phone(phone)
        if not phone:
            errors["phone"] = _("Give a phone number we can call you back on.")
        elif not values["phone"]:
            errors["phone"] = self._invalid_phone_message(phone[:32])
        return values, errors

    @api.model
    def _portal_pick(self, allowed, value, field, message, errors, required):
        """The record of ``allowed`` whose id the form sent; another id, whoever it
        belongs to, is refused the same way."""
        if not value and not required:
            return allowed.browse()
        try:
            record_id = int(value)
        except (TypeError, ValueError):
            record_id = 0
        found = allowed.filtered(lambda record: record.id == record_id)
        if not found:
            errors[field] = message
        return found

    @api.model
    def _portal_text(self, value, limit, field, required_message, errors):
        text = (value or "").replace("\r\n", "\n").strip()
        if not text:
            if required_message:
                errors[field] = required_message
            return ""
        if len(text) > limit:
            errors[field] = _("Write at most %d characters.") % limit
        elif CONTROL_CHARS.search(text):
            errors[field] = _("The text holds characters that cannot be stored.")
        return text

    @api.model
    def _portal_check_files(self, uploads, errors):
        try:
            return check_uploads(self.env, uploads or [])
        except UploadError as error:
            errors["attachments"] = "%s %s" % (error.args[0], _(
                "Please choose the files again."))
            return []

    def _portal_add_evidence(self, files):
        """Store the customer's checked files on the case as evidence (R2)."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.browse()
        for values in files:
            attachments |= Attachment.create(dict(
                values, res_model=self._name, res_id=self.id))
        if attachments:
            self.sudo().write({
                "evidence_attachment_ids": [(4, a.id) for a in attachments],
                "evidence_unknown": False})
        return attachments

    # Afterwards

    def _portal_add_message(self, partner, text, uploads):
        """The customer writes on an open case, photos included (evidence): the
        people following the case are notified."""
        self.ensure_one()
        errors = {}
        text = self._portal_text(text, MESSAGE_CHARS, "message", None, errors)
        files = self._portal_check_files(uploads, errors)
        if not text and not files and not errors:
            errors["message"] = _("Write a message or attach a photo.")
        if self.is_closed:
            errors["form"] = _(
                "Case %s is closed. To raise a new matter, submit a new complaint.") \
                % self.name
        if errors:
            raise PortalFormError(errors)
        case = self.sudo()
        attachments = case._portal_add_evidence(files)
        body = plaintext2html(text) if text else "<p>%s</p>" % _(
            "Photos or documents added.")
        return case.message_post(
            body=body, author_id=partner.id, message_type="comment",
            subtype="mail.mt_comment", attachment_ids=attachments.ids)

    def _portal_answer_result(self, partner, answer):
        """R16, R26, R30: the customer says whether the reported result solved the
        problem and how satisfied they are. The answer is the case's callback, made
        through the portal; an unsolved problem or dissatisfaction reopens the case
        for rectification and plans the next callback."""
        self.ensure_one()
        errors = {}
        solved = answer.get("solved")
        if solved not in ("yes", "no"):
            errors["solved"] = _("Say whether the problem is solved.")
        satisfaction = answer.get("satisfaction")
        if satisfaction not in SATISFACTIONS:
            errors["satisfaction"] = _("Say how satisfied you are.")
        words = self._portal_text(
            answer.get("words"), NOTE_CHARS, "words",
            _("Tell us what is still wrong.") if solved == "no" else None, errors)
        if not self._portal_may_answer_result():
            errors["form"] = _(
                "Case %s is not waiting for your answer (any more).") % self.name
        if errors:
            raise PortalFormError(errors)
        case = self.sudo()
        Callback = self.env["realestate.complaint.callback"].sudo()
        callback = case.callback_ids.filtered(
            lambda c: c.state == "planned").sorted("sequence")[:1]
        if not callback:
            # Not sampled for a callback (R27): the customer's answer is one.
            last = case.callback_ids.sorted("sequence")[-1:]
            callback = Callback.create({
                "complaint_id": case.id, "sequence": last.sequence + 1,
                "user_id": case._caller().id})
        callback._log_outcome({
            "method": "portal",
            "problem_solved": solved == "yes",
            "satisfaction": satisfaction,
            "customer_words": words or False,
            "new_problem": words if solved == "no" else False,
        })
        case.message_post(
            body=plaintext2html(_("The customer answered the result on the portal: "
                                  "%(solved)s, %(satisfaction)s.%(words)s") % {
                "solved": _("solved") if solved == "yes" else _("not solved"),
                "satisfaction": dict(callback._fields["satisfaction"].
                                     _description_selection(self.env))[satisfaction],
                "words": (" " + words) if words else ""}),
            author_id=partner.id, message_type="comment", subtype="mail.mt_comment")
        return callback
