"""The intake API's requests (R1-R3, R39): reading and checking what the call-centre
software or the WeChat mini-program sends, and registering the case the way the form
does. The controller (``controllers/intake_api.py``) only speaks HTTP.

Messages are in the language the request asks for (its ``lang`` field, else its
``Accept-Language`` header, else English): the environment's ``lang``.
"""
import hashlib
import json
import re

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools.contact_validation import is_valid_email, normalize_phone
from ..tools.text import CONTROL_CHARS
from .realestate_complaint import COMPLAINANT_ROLES, DEMANDS, KINDS

MAX_BODY_BYTES = 64 * 1024
MAX_DETAILS = 20
UNIQUE_EXTERNAL_ID = "realestate_complaint_intake_external_uniq"
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")
# Control characters (CONTROL_CHARS) are refused everywhere; a line of text also
# refuses line breaks and tabs.
_LINE_BREAK = re.compile(r"[\t\n\r]")
_MOBILE = re.compile(r"^(\+?86)?1[3-9]\d{9}$")

# What a request may hold: name -> (kind, maximum length or choices, required).
# kind: "line" one line of text, "text" several lines, "choice", "bool", "object".
CASE_FIELDS = {
    "external_id": ("line", 64, True),
    "kind": ("choice", KINDS, False),
    "category": ("line", 32, False),
    "description": ("text", 10000, True),
    "demand": ("choice", DEMANDS, True),
    "demand_note": ("text", 2000, False),
    "anonymous": ("bool", None, False),
    "customer": ("object", None, False),
    "unit": ("object", None, False),
    "contract_number": ("line", 64, False),
    "lang": ("line", 16, False),
}
CUSTOMER_FIELDS = {
    "name": ("line", 128, True),
    "phone": ("line", 32, True),
    "email": ("line", 254, False),
    "role": ("choice", COMPLAINANT_ROLES, False),
}
UNIT_FIELDS = {
    "project": ("line", 32, True),
    "building": ("line", 64, True),
    "room": ("line", 32, True),
}
# Fields of the case that the integration decides, never the request.
SET_BY_INTEGRATION = {"channel", "company", "company_id", "receiver", "user"}


class IntakeError(Exception):
    """A request the API refuses: the HTTP status, a stable code for programs, a
    message for people and, for field problems, one detail per field."""

    def __init__(self, status, code, message, details=None, headers=None):
        super(IntakeError, self).__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers or {}

    def as_json(self):
        error = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details[:MAX_DETAILS]
        return {"error": error}


class RealestateComplaintIntake(models.AbstractModel):
    """Request handling of the intake API, called as the superuser by the
    controller; the case itself is registered as the integration's technical user.
    """

    _name = "realestate.complaint.intake"
    _description = "Complaint Intake API"

    # Language
    @api.model
    def _pick_lang(self, tags):
        """The first installed language among ``tags`` (zh-CN, zh_CN, zh, en-US …,
        in order of preference), else English."""
        installed = [code for code, _label in self.env["res.lang"].get_installed()]
        by_lower = {code.lower(): code for code in installed}
        for tag in tags:
            if not isinstance(tag, str) or not tag.strip():
                continue
            tag = tag.strip().replace("-", "_").lower()
            if tag in by_lower:
                return by_lower[tag]
            language = tag.split("_")[0]
            for code in installed:
                if code.lower().split("_")[0] == language:
                    return code
        return "en_US" if "en_US" in installed else (installed or ["en_US"])[0]

    # Who is calling (R39)
    @api.model
    def _authenticate(self, authorization, ip):
        """The integration of the bearer key. Refused keys are counted per client
        address; too many within the window and the address waits (429), whatever
        key it sends next."""
        Attempt = self.env["realestate.complaint.intake.attempt"]
        wait = Attempt._retry_after(ip)
        if wait:
            raise IntakeError(
                429, "too_many_attempts",
                _("Too many requests with a wrong API key from your address. Try "
                  "again in %d seconds.") % wait, headers={"Retry-After": str(wait)})
        scheme, _sep, key = (authorization or "").strip().partition(" ")
        key = key.strip() if scheme.lower() == "bearer" else ""
        integration = self.env["realestate.complaint.integration"]._from_key(key)
        if not integration:
            Attempt._record(ip, key)
            raise IntakeError(
                401, "unauthorized",
                _("Missing, wrong or revoked API key. Send the key of your "
                  "integration as 'Authorization: Bearer <key>'."),
                headers={"WWW-Authenticate": 'Bearer realm="complaints"'})
        if not integration.user_id.active:
            raise IntakeError(
                403, "integration_unavailable",
                _("This integration cannot register cases at the moment. Contact "
                  "the administrator of the complaint system."))
        return integration

    # Reading the body
    @api.model
    def _read_json(self, body, mimetype):
        """The request's JSON object. ``body`` holds at most MAX_BODY_BYTES + 1
        bytes: one more means the body is too large."""
        if len(body) > MAX_BODY_BYTES:
            raise self._too_large()
        if mimetype != "application/json":
            raise IntakeError(
                415, "unsupported_media_type",
                _("Send the request as JSON with the header 'Content-Type: "
                  "application/json'."))
        try:
            payload = json.loads(
                body.decode("utf-8"), object_pairs_hook=self._unique_keys,
                parse_constant=self._refuse_constant)
        except (ValueError, RecursionError):
            # UnicodeDecodeError and JSONDecodeError are ValueErrors.
            raise IntakeError(
                400, "invalid_json",
                _("The body is not valid JSON in UTF-8 (or it repeats a key)."))
        if not isinstance(payload, dict):
            raise IntakeError(400, "invalid_body",
                              _("The body must be a JSON object: {...}."))
        return payload

    @api.model
    def _not_found(self):
        return IntakeError(404, "not_found", _("No such address in this API."))

    @api.model
    def _method_not_allowed(self, method):
        return IntakeError(405, "method_not_allowed",
                           _("Use %s at this address.") % method,
                           headers={"Allow": method})

    @api.model
    def _internal_error_message(self):
        return _("The server could not handle the request. Nothing was recorded; "
                 "try again later or contact the administrator of the complaint "
                 "system.")

    @api.model
    def _too_large(self):
        return IntakeError(
            413, "payload_too_large",
            _("The request is larger than %d KB.") % (MAX_BODY_BYTES // 1024))

    @staticmethod
    def _unique_keys(pairs):
        keys = [key for key, _value in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("repeated key")
        return dict(pairs)

    @staticmethod
    def _refuse_constant(name):
        raise ValueError("%s is not JSON" % name)

    # Checking the fields
    @api.model
    def _check_payload(self, payload):
        """The request's values, cleaned; every problem found at once (R2: a
        registration has no missing items), as details per field."""
        problems = []
        values = self._check_object(payload, CASE_FIELDS, "", problems)
        for name in sorted(SET_BY_INTEGRATION & set(payload)):
            problems.append(self._problem(
                name, "set_by_integration",
                _("Set by your integration (channel, company), not by the request.")))
        if values.get("anonymous"):
            if "customer" in payload:
                problems.append(self._problem(
                    "customer", "not_allowed",
                    _("An anonymous case carries no customer data.")))
        elif "customer" not in payload:
            problems.append(self._problem(
                "customer", "missing",
                _("Required: the complainant's name and phone, or 'anonymous': "
                  "true.")))
        if isinstance(payload.get("customer"), dict):
            values["customer"] = self._check_object(
                payload["customer"], CUSTOMER_FIELDS, "customer.", problems)
            self._check_contact(values["customer"], problems)
        if isinstance(payload.get("unit"), dict):
            values["unit"] = self._check_object(
                payload["unit"], UNIT_FIELDS, "unit.", problems)
        external_id = values.get("external_id")
        if external_id and not _EXTERNAL_ID.match(external_id):
            problems.append(self._problem(
                "external_id", "invalid",
                _("Up to 64 letters, digits and . _ : / - (no spaces), starting "
                  "with a letter or digit.")))
        if problems:
            raise IntakeError(
                422, "invalid_request",
                _("The case was not registered: %d field(s) to correct, see "
                  "details.") % len(problems), details=problems)
        return values

    @api.model
    def _check_object(self, data, spec, path, problems):
        values = {}
        for name in data:
            if name not in spec and name not in SET_BY_INTEGRATION:
                problems.append(self._problem(
                    path + name, "unknown_field",
                    _("Unknown field. Accepted: %s.") % ", ".join(sorted(spec))))
        for name, (kind, limit, required) in spec.items():
            field = path + name
            value = data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if value is None or value == "":
                if required:
                    problems.append(self._problem(field, "missing",
                                                  _("This field is required.")))
                continue
            problem = self._check_value(value, kind, limit)
            if problem:
                problems.append(self._problem(field, *problem))
            else:
                values[name] = value
        return values

    @api.model
    def _check_value(self, value, kind, limit):
        """(code, message) of what is wrong with ``value``, or None."""
        if kind == "bool":
            if not isinstance(value, bool):
                return "invalid_type", _("Must be true or false.")
            return None
        if kind == "object":
            if not isinstance(value, dict):
                return "invalid_type", _("Must be a JSON object.")
            return None
        if not isinstance(value, str):
            return "invalid_type", _("Must be text.")
        if kind == "choice":
            keys = [key for key, _label in limit]
            if value not in keys:
                return "invalid_choice", _("Must be one of: %s.") % ", ".join(keys)
            return None
        if len(value) > limit:
            return "too_long", _("At most %d characters.") % limit
        if CONTROL_CHARS.search(value) or (
                kind == "line" and _LINE_BREAK.search(value)):
            return "invalid_characters", _("Contains control characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "invalid_characters", _("Contains invalid characters.")
        return None

    @api.model
    def _check_contact(self, customer, problems):
        """The phone and email checks of every channel (contact_validation)."""
        phone = customer.get("phone")
        if phone:
            if normalize_phone(phone):
                customer["phone"] = normalize_phone(phone)
            else:
                problems.append(self._problem(
                    "customer.phone", "invalid_phone",
                    _("%s is not a valid phone number. Send a mobile number "
                      "(13812345678), a landline with its area code (010-12345678) "
                      "or an international number starting with +.") % phone))
        email = customer.get("email")
        if email and not is_valid_email(email):
            problems.append(self._problem(
                "customer.email", "invalid_email",
                _("%s is not a valid email address.") % email))

    @staticmethod
    def _problem(field, code, message):
        return {"field": field, "code": code, "message": message}

    @api.model
    def _fingerprint(self, payload):
        """Digest of the request's content (its language aside): the same external
        reference with another fingerprint is another request."""
        content = {key: value for key, value in payload.items() if key != "lang"}
        return hashlib.sha256(json.dumps(
            content, sort_keys=True, ensure_ascii=False,
            separators=(",", ":")).encode("utf-8")).hexdigest()

    # Registering
    @api.model
    def _register_case(self, integration, payload):
        """(HTTP status, answer) of a request to register a case (R1-R3): 201 and
        the acknowledgement for a new case; 200 and the same case again for a
        request already registered (idempotent by external id); 409 for another
        request under a used external id. Nothing is written unless the case is
        registered in full."""
        values = self._check_payload(payload)
        fingerprint = self._fingerprint(payload)
        existing = self._registered(integration, values["external_id"])
        if existing:
            return self._repeat(existing, fingerprint)
        try:
            with self.env.cr.savepoint():
                complaint = self._create_case(integration, values, fingerprint)
        except IntegrityError as error:
            self.env.clear()
            if error.diag.constraint_name != UNIQUE_EXTERNAL_ID:
                raise
            # The same request, sent twice at once, was committed by another worker
            # after this transaction began: its snapshot cannot see that case.
            return self._repeat_committed(integration, values["external_id"],
                                          fingerprint)
        except (UserError, ValidationError) as error:
            self.env.clear()
            raise IntakeError(422, "invalid_registration", error.name)
        except AccessError:
            self.env.clear()
            raise IntakeError(
                403, "integration_not_allowed",
                _("This integration may not register this case. Contact the "
                  "administrator of the complaint system."))
        return 201, complaint._intake_answer(created=True)

    @api.model
    def _registered(self, integration, external_id):
        return self.env["realestate.complaint"].sudo().search([
            ("intake_integration_id", "=", integration.id),
            ("intake_external_id", "=", external_id)])

    @api.model
    def _repeat(self, complaint, fingerprint):
        if complaint.intake_fingerprint != fingerprint:
            raise IntakeError(
                409, "external_id_conflict",
                _("The external id %(external_id)s was already used for case "
                  "%(case)s with other content. Nothing was changed: send a new "
                  "external id for a new case.") % {
                    "external_id": complaint.intake_external_id,
                    "case": complaint.name})
        user = complaint.intake_integration_id.user_id
        return 200, complaint.with_user(user)._intake_answer(created=False)

    @api.model
    def _repeat_committed(self, integration, external_id, fingerprint):
        with self.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(self.env.context))
            intake = env[self._name]
            complaint = intake._registered(integration, external_id)
            if not complaint:
                raise IntakeError(
                    503, "retry", _("The same request is being registered; send "
                                    "it again in a moment."),
                    headers={"Retry-After": "1"})
            return intake._repeat(complaint, fingerprint)

    @api.model
    def _create_case(self, integration, values, fingerprint):
        """Register and acknowledge the case as the integration's technical user,
        as an operator would in the form (number, deadlines, acknowledgement)."""
        user = integration.user_id
        Complaint = self.env["realestate.complaint"].with_user(user).with_context(
            mail_create_nosubscribe=True)
        unit = self._find_unit(integration, values.get("unit"))
        category = self._find_category(values.get("category"))
        customer = values.get("customer") or {}
        contract = values.get("contract_number") or unit.contract_number
        complaint = Complaint.create({
            "kind": values.get("kind", "complaint"),
            "channel": integration.channel,
            "company_id": integration.company_id.id,
            "category_id": category.id,
            "is_anonymous": bool(values.get("anonymous")),
            "partner_id": self._find_partner(user, customer).id,
            "complainant_role": customer.get("role", "owner"),
            "partner_phone": customer.get("phone"),
            "partner_email": customer.get("email"),
            "email_unknown": not customer.get("email"),
            "unit_id": unit.id,
            "unit_unknown": not unit,
            "contract_number": contract,
            "contract_unknown": not contract,
            # Evidence (photos, contract pages) is collected by the agent.
            "evidence_unknown": True,
            "description": plaintext2html(values["description"]),
            "demand": values["demand"],
            "demand_note": values.get("demand_note"),
            "intake_integration_id": integration.id,
            "intake_external_id": values["external_id"],
            "intake_fingerprint": fingerprint,
        })
        complaint.action_acknowledge()
        return complaint

    @api.model
    def _find_unit(self, integration, unit):
        """The unit of the integration's company by project code, building and
        room, as the technical user sees them."""
        Unit = self.env["realestate.unit"].with_user(integration.user_id)
        if not unit:
            return Unit
        found = Unit.search([
            ("project_id.company_id", "=", integration.company_id.id),
            ("project_id.code", "=", unit["project"]),
            ("building_id.name", "=", unit["building"]),
            ("room", "=", unit["room"])], limit=1)
        if not found:
            raise IntakeError(422, "unknown_unit", _(
                "No unit %(room)s in building %(building)s of project %(project)s."
            ) % unit, details=[self._problem(
                "unit", "unknown_unit", _("Unknown unit."))])
        return found

    @api.model
    def _find_category(self, code):
        Category = self.env["realestate.complaint.category"]
        if not code:
            return Category
        found = Category.search([("code", "=", code)], limit=1)
        if not found:
            raise IntakeError(422, "unknown_category", _(
                "No category with the code %s.") % code, details=[self._problem(
                    "category", "unknown_category", _("Unknown category code."))])
        return found

    @api.model
    def _find_partner(self, user, customer):
        """The complainant: the contact of that name with that phone number, else
        a new contact. A known contact is never changed by a request (its other
        data may be more recent); the case keeps what the customer gave."""
        Partner = self.env["res.partner"].with_user(user)
        if not customer:
            return Partner
        for partner in Partner.search([("name", "=", customer["name"])], order="id"):
            if customer["phone"] in (normalize_phone(partner.mobile),
                                     normalize_phone(partner.phone)):
                return partner
        return Partner.create({
            "name": customer["name"],
            "mobile" if _MOBILE.match(customer["phone"]) else "phone":
                customer["phone"],
            "email": customer.get("email"),
            "lang": self.env.lang,
        })

    # Status
    @api.model
    def _case_status(self, integration, number):
        """What the customer may know of one of the integration's cases; another
        integration's case is as unknown as a number that does not exist (R39)."""
        complaint = self.env["realestate.complaint"].sudo().search([
            ("intake_integration_id", "=", integration.id),
            ("name", "=", (number or "")[:64])], limit=1)
        if not complaint:
            raise IntakeError(404, "not_found",
                              _("No case %s of this integration.") % number[:64])
        return 200, complaint._intake_status()
