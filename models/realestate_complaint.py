import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..tools.contact_validation import is_valid_email, normalize_phone

# R4: kinds of request received by the hotline.
KINDS = [
    ("complaint", "Complaint"),
    ("repair", "Repair Request"),
    ("consultation", "Consultation"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]
# R1: every way a complaint reaches the developer.
CHANNELS = [
    ("hotline", "Hotline / 400"),
    ("walk_in", "Walk-in"),
    ("sales_centre", "Sales Centre"),
    ("property_centre", "Property Service Centre"),
    ("group_call_centre", "Group Call Centre"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("website", "Website"),
    ("wechat", "WeChat"),
    ("government", "Regulator / Government"),
    ("media", "Media"),
    # 000:712: received directly by a department, registered by it.
    ("department", "Received by a Department"),
]
# R2: what the customer asks for (诉求).
DEMANDS = [
    ("repair", "Repair"),
    ("refund", "Refund"),
    ("exchange", "Unit Exchange"),
    ("compensation", "Compensation"),
    ("apology", "Apology"),
    ("explanation", "Explanation"),
    ("other", "Other"),
]
COMPLAINANT_ROLES = [
    ("owner", "Owner"),
    ("agent", "Legal Agent"),
    ("buyer", "Buyer (not yet owner)"),
    ("other", "Other"),
]
# Font Awesome 4 icons of the kanban cards.
KIND_ICONS = {
    "complaint": "fa-exclamation-circle",
    "repair": "fa-wrench",
    "consultation": "fa-question-circle",
    "suggestion": "fa-lightbulb-o",
    "praise": "fa-thumbs-o-up",
}
CHANNEL_ICONS = {
    "hotline": "fa-phone",
    "walk_in": "fa-user",
    "sales_centre": "fa-building",
    "property_centre": "fa-home",
    "group_call_centre": "fa-headphones",
    "email": "fa-envelope",
    "letter": "fa-file-text-o",
    "website": "fa-globe",
    "wechat": "fa-weixin",
    "government": "fa-university",
    "media": "fa-newspaper-o",
    "department": "fa-sitemap",
}


def _memoized(html_field, record):
    """``html_field``'s sanitiser, once per distinct text: a sweep writes a thousand
    notes that say the same few things (lxml parses each in a fraction of a ms)."""
    done = {}

    def sanitize(html):
        if html not in done:
            done[html] = html_field.convert_to_column(html, record)
        return done[html]
    return sanitize


# What the stored copies of a case (partner name, building, phase, closed) follow;
# extended where more copies join the same compute (realestate_complaint_sale.py).
STORED_COPIES_DEPEND_ON = ("partner_id.name", "unit_id.building_id.phase",
                           "stage_id.is_closed")


class RealestateComplaint(models.Model):
    """A customer case (投诉/报修/咨询…) from registration to closing.

    The first receiver stays accountable for the case (首问责任制, R2/R25) while the
    assigned agent works it.
    """

    _name = "realestate.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "realestate.activity.mixin"]
    _order = "date_received desc, id desc"

    # Not index=True: name_company_uniq (name, company_id) finds a number, and
    # each index of the table is rewritten by every update of a case (issue 17).
    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False,
        default=lambda self: _("New"))
    # Not indexed: five kinds, none rare enough for an index to find it faster
    # than a scan (issue 17: fewer indexes to rewrite on each update).
    kind = fields.Selection(
        KINDS, required=True, default="complaint", track_visibility="onchange")
    channel = fields.Selection(CHANNELS, required=True, default="hotline", index=True)
    category_id = fields.Many2one(
        "realestate.complaint.category", index=True,
        ondelete="restrict", track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    date_received = fields.Datetime(
        string="Received On", required=True, index=True, readonly=True,
        default=fields.Datetime.now)

    # The complainant and how to reach them, captured as told at registration (R2).
    is_anonymous = fields.Boolean(
        string="Anonymous", help="The complainant gave no name: no contact data is "
        "required and no callback will be made (R31).")
    partner_id = fields.Many2one(
        "res.partner", string="Complainant", index=True, ondelete="restrict",
        track_visibility="onchange")
    # The board shows this instead of partner_id: a partner's display name costs a
    # prefetch of every res.partner column per card (half the board's load at 100k).
    partner_name = fields.Char(
        compute="_compute_stored_copies", store=True, string="Complainant Name")
    complainant_role = fields.Selection(
        COMPLAINANT_ROLES, string="Complainant Is", default="owner")
    partner_phone = fields.Char(string="Phone")
    partner_email = fields.Char(string="Email")
    email_unknown = fields.Boolean(
        string="No Email", help="The complainant has or gives no email address.")

    # The property (R2): project and building follow the unit.
    unit_id = fields.Many2one(
        "realestate.unit", string="Property Unit", index=True, ondelete="restrict",
        track_visibility="onchange")
    unit_unknown = fields.Boolean(
        help="The case concerns no unit, or the unit is not "
        "known yet.")
    building_id = fields.Many2one(
        "realestate.building", compute="_compute_stored_copies",
        store=True, index=True)
    phase = fields.Char(
        string="Project Phase", compute="_compute_stored_copies", store=True,
        help="The phase of the project the unit's building was sold in (issue 15: "
        "the statistics count complaints per phase).")
    # Not a related field: a case about a project as a whole has a project and no unit.
    project_id = fields.Many2one(
        "realestate.project", index=True, ondelete="restrict",
        help="Follows the unit; set it by hand for a case about a project as a whole.")
    contract_number = fields.Char(
        help="Sales contract or other proof of purchase.")
    contract_unknown = fields.Boolean(
        string="No Contract Proof", help="No contract or purchase proof was given.")
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment", "realestate_complaint_evidence_rel", "complaint_id",
        "attachment_id", string="Evidence",
        help="Photos, contract pages, letters supporting the complaint.")
    evidence_unknown = fields.Boolean(
        string="No Evidence Yet", help="The complainant has provided no evidence yet.")

    description = fields.Html(required=True)
    demand = fields.Selection(DEMANDS, string="Customer Demand", required=True)
    demand_note = fields.Text(string="Demand Details")

    receiver_id = fields.Many2one(
        "res.users", required=True, index=True,
        default=lambda self: self.env.user, track_visibility="onchange",
        help="First receiver, accountable for the case (首问责任人).")
    user_id = fields.Many2one(
        "res.users", string="Agent", index=True, track_visibility="onchange")
    # Not index=True: realestate_complaint_stage_received_idx (init) starts with it.
    stage_id = fields.Many2one(
        "realestate.complaint.stage", copy=False,
        ondelete="restrict", track_visibility="onchange",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids")
    stage_code = fields.Char(related="stage_id.code", readonly=True)
    # Not index=True: the open cases are found by realestate_complaint_open_board_idx
    # (init), whose predicate is the ORM's `is_closed = False`; the closed ones are
    # nearly all of them (issue 17: fewer indexes to rewrite on each update).
    is_closed = fields.Boolean(
        string="Closed", compute="_compute_stored_copies", store=True)
    date_last_stage_update = fields.Datetime(
        string="Last Stage Update", default=fields.Datetime.now, copy=False,
        readonly=True)
    date_closed = fields.Datetime(string="Closed On", copy=False, readonly=True)
    is_confidential = fields.Boolean(
        string="Confidential", track_visibility="onchange",
        help="Only the receiver, the agent and supervisors can open a confidential "
        "case (R39).")
    # Not summed by read_group (group_operator=False), like repeat_count: the board
    # groups its open cases by stage with every field of its view, and a sum forces
    # PostgreSQL to read each open case's row instead of counting them from
    # realestate_complaint_open_board_idx (init).
    color = fields.Integer(group_operator=False)
    kind_icon = fields.Char(compute="_compute_icons")
    channel_icon = fields.Char(compute="_compute_icons")

    _sql_constraints = [
        ("name_company_uniq", "unique (name, company_id)",
         "The complaint number must be unique."),
    ]

    @api.model_cr
    def init(self):
        # The board reads each stage column newest first: one index serves both.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_stage_received_idx "
            "ON realestate_complaint (stage_id, date_received DESC, id DESC)")
        # The board shows the open cases (its action's `is_closed = False`, which
        # the ORM writes as the predicate below; with any other wording PostgreSQL
        # does not use the index). Its read_group by stage, each column's count and
        # first cards then come from this index alone, not from the open cases
        # spread over the table (bench at 1M cases).
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_open_board_idx "
            "ON realestate_complaint (stage_id, date_received DESC, id DESC, "
            "company_id) WHERE (is_closed IS NULL OR NOT is_closed)")

    @api.model
    def _default_stage_id(self):
        return self.env["realestate.complaint.stage"].search(
            [("is_closed", "=", False)], order="sequence, id", limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        """Every stage is a column of the board, empty or not."""
        return stages.search([], order=order)  # pylint: disable=no-search-all

    @api.depends(*STORED_COPIES_DEPEND_ON)
    def _compute_stored_copies(self):
        """What the board, the search, the statistics and the SLA sweep filter on,
        copied from the partner, unit and stage. One compute rather than four
        related fields: a registration stores them in one UPDATE and one access
        check, not four."""
        for complaint in self:
            complaint.partner_name = complaint.partner_id.name
            complaint.building_id = complaint.unit_id.building_id
            complaint.phase = complaint.unit_id.building_id.phase
            complaint.is_closed = complaint.stage_id.is_closed

    @api.depends("kind", "channel")
    def _compute_icons(self):
        for complaint in self:
            complaint.kind_icon = KIND_ICONS.get(complaint.kind, "fa-circle")
            complaint.channel_icon = CHANNEL_ICONS.get(complaint.channel, "fa-circle")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if not partner:
            return
        self.partner_phone = partner.mobile or partner.phone
        self.partner_email = partner.email
        if partner.email:
            self.email_unknown = False
        if not self.unit_id and len(partner.unit_ids) == 1:
            self.unit_id = partner.unit_ids

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id.contract_number:
            self.contract_number = self.unit_id.contract_number
        if self.unit_id:
            self.project_id = self.unit_id.project_id
            self.unit_unknown = False

    @api.onchange("is_anonymous")
    def _onchange_is_anonymous(self):
        if self.is_anonymous:
            self.partner_id = False
            self.partner_phone = False
            self.partner_email = False

    def _missing_registration_items(self):
        """R2: the items this registration neither gives nor marks as unknown."""
        self.ensure_one()
        missing = []
        if not self.is_anonymous:
            if not self.partner_id:
                missing.append(_("complainant"))
            if not self.partner_phone:
                missing.append(_("phone"))
            if not self.partner_email and not self.email_unknown:
                missing.append(_("email (or tick No Email)"))
        if not self.unit_id and not self.unit_unknown:
            missing.append(_("property unit (or tick Unit Unknown)"))
        if not self.contract_number and not self.contract_unknown:
            missing.append(_("contract number (or tick No Contract Proof)"))
        if not self.evidence_unknown and not self.evidence_attachment_ids:
            missing.append(_("evidence (or tick No Evidence Yet)"))
        if not html2plaintext(self.description or "").strip():
            missing.append(_("description"))
        return missing

    @api.constrains(
        "is_anonymous", "partner_id", "partner_phone", "partner_email", "email_unknown",
        "unit_id", "unit_unknown", "contract_number", "contract_unknown",
        "evidence_attachment_ids", "evidence_unknown", "description")
    def _check_registration_complete(self):
        for complaint in self:
            missing = complaint._missing_registration_items()
            if missing:
                raise ValidationError(
                    _("The registration of %(number)s is incomplete. Fill in these "
                      "items or mark them as unknown:\n%(items)s") % {
                        "number": complaint.name,
                        "items": "\n".join("- " + item for item in missing)})

    @api.constrains("partner_phone")
    def _check_partner_phone(self):
        for complaint in self.filtered("partner_phone"):
            if not normalize_phone(complaint.partner_phone):
                raise ValidationError(
                    self._invalid_phone_message(complaint.partner_phone))

    @api.model
    def _invalid_phone_message(self, phone):
        """What a person who typed a wrong phone number reads (form and portal)."""
        return _("%s is not a valid phone number. Enter a mobile number "
                 "(13812345678), a landline with its area code (010-12345678) "
                 "or an international number starting with +.") % phone

    @api.constrains("partner_email")
    def _check_partner_email(self):
        for complaint in self.filtered("partner_email"):
            if not is_valid_email(complaint.partner_email):
                raise ValidationError(
                    _("%s is not a valid email address.") % complaint.partner_email)

    def _check_customer_email(self):
        """Messages to the customer (R3, R15-R17) go by email: without an address
        the agent tells them by phone."""
        self.ensure_one()
        if not self.partner_id.email:
            raise UserError(_("%s has no email address: tell the customer by phone "
                              "and log the call as a follow-up.")
                            % (self.partner_name or self.name))

    def _tell_customer(self, template, note_without_email=None):
        """Send the customer ``template`` by email, logged in the chatter; without an
        address, log ``note_without_email`` (the agent tells them by phone)."""
        self.ensure_one()
        if self.partner_id.email:
            self.message_post_with_template(template.id)
        elif note_without_email:
            self.message_post(body=note_without_email)

    @api.model
    def _prepare_vals(self, vals):
        """Values as stored: contact data normalised, project taken from the unit."""
        vals = dict(vals)
        if vals.get("partner_phone"):
            vals["partner_phone"] = normalize_phone(vals["partner_phone"]) or \
                vals["partner_phone"]
        if vals.get("partner_email"):
            vals["partner_email"] = vals["partner_email"].strip()
        if vals.get("unit_id"):
            vals["project_id"] = self.env["realestate.unit"].browse(
                vals["unit_id"]).project_id.id
        return vals

    @api.model
    def _closing_stage(self, stage_id):
        return bool(stage_id) and self.env["realestate.complaint.stage"].browse(
            stage_id).is_closed

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return "realestate_complaint.mt_complaint_stage"
        return super(RealestateComplaint, self)._track_subtype(init_values)

    def _log_notes(self, bodies):
        """Internal notes written by the system, one per case ({id: body}), in one
        INSERT: nobody is notified of them, and message_post's notification work
        took a fifth of a registration when a cluster was flagged.

        Callers build the bodies from escaped values (names are typed by users);
        the INSERT bypasses the ORM, so the bodies are sanitised here as the ORM
        sanitises ``mail.message.body``."""
        sanitize = _memoized(self.env["mail.message"]._fields["body"], self)
        self.env.cr.execute("""
            INSERT INTO mail_message (model, res_id, body, message_type, subtype_id,
                                      author_id, record_name, date, create_uid,
                                      create_date, write_uid, write_date)
            SELECT %(model)s, r.res_id, r.body, 'notification', %(subtype)s,
                   %(author)s, c.name, now() at time zone 'UTC', %(uid)s,
                   now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM json_to_recordset(%(rows)s) AS r(res_id int, body text)
              JOIN realestate_complaint c ON c.id = r.res_id
            """, {
            "model": self._name, "subtype": self.env.ref("mail.mt_note").id,
            "author": self.env.user.partner_id.id, "uid": self.env.uid,
            "rows": json.dumps([
                {"res_id": case_id, "body": sanitize(bodies[case_id])}
                for case_id in self.ids])})
        self.invalidate_cache(["message_ids"], self.ids)

    @api.model
    def _schedule_activities(self, activity_type, date_deadline, rows):
        """To-dos created by the system ([{res_id, res_name, user_id, summary,
        note}]), in one INSERT: the emails that go with them are sent as one per
        person, not one per activity (mail.activity's create notifies each).

        ``note`` is HTML built from escaped values; Odoo 11 shows notes unescaped,
        so it is sanitised here as the ORM sanitises ``mail.activity.note``.
        Summaries are plain text: the chatter escapes them."""
        if not rows:
            return
        sanitize = _memoized(self.env["mail.activity"]._fields["note"], self)
        rows = [dict(row, note=sanitize(row.get("note") or "") or "") for row in rows]
        self.env.cr.execute("""
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                       activity_type_id, user_id, summary, note,
                                       date_deadline, create_uid, create_date,
                                       write_uid, write_date)
            SELECT %(model_id)s, %(model)s, r.res_id, r.res_name, %(type)s,
                   r.user_id, r.summary, r.note, %(deadline)s, %(uid)s,
                   now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM json_to_recordset(%(rows)s)
                AS r(res_id int, user_id int, summary text, note text,
                     res_name text)""", {
            "model_id": self.env["ir.model"]._get_id(self._name),
            "model": self._name, "type": activity_type.id,
            "deadline": date_deadline, "uid": self.env.uid,
            "rows": json.dumps(rows)})
        self.invalidate_cache(["activity_ids"], list({r["res_id"] for r in rows}))

    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid})
        return True
