from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..tools.process_context import by_process
from .realestate_warranty_component import COVERAGES, Coverage

STATES = [
    ("draft", "To Plan"),
    ("planned", "Plan Agreed"),      # not "Planned": a callback's state (待回访)
    ("done", "Repaired"),
    ("accepted", "Accepted"),
    ("cancelled", "Cancelled"),
]
FREE = ("warranty", "free_maintenance")


class RealestateRepairItem(models.Model):
    """One item of a repair order (报修单, 004:124): where and what, the photos before
    and after, the repair plan and date agreed with the owner, the party that answers
    for it (责任认定, 004:125) and who pays, decided by the warranty of its component
    (004:118, 004:107, 004:44-46); a chargeable item's fee is agreed with the owner
    before the work (002:883-889)."""

    _name = "realestate.repair.item"
    _description = "Repair Item"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "complaint_id, sequence, id"

    sequence = fields.Integer(default=10)
    location = fields.Char(
        required=True, help="Where in the home: master bathroom, kitchen, balcony …")
    component_id = fields.Many2one(
        "realestate.warranty.component", ondelete="restrict",
        help="The part concerned: its warranty period decides who pays.")
    description = fields.Text(required=True)
    photo_before_ids = fields.Many2many(
        "ir.attachment", "realestate_repair_item_photo_before_rel", "item_id",
        "attachment_id", string="Photos Before")
    photo_after_ids = fields.Many2many(
        "ir.attachment", "realestate_repair_item_photo_after_rel", "item_id",
        "attachment_id", string="Photos After")
    plan = fields.Text(string="Repair Plan", help="As agreed with the owner on site.")
    date_planned = fields.Date(string="Repair Date")
    party_id = fields.Many2one(
        "realestate.repair.group.member", string="Responsible Party",
        ondelete="restrict",
        help="The contractor or property engineering that answers for this item "
        "(004:125).")
    team_id = fields.Many2one(
        "realestate.complaint.team", string="Responsible Department",
        ondelete="restrict", help="When a department of the developer answers for it.")
    owner_damage = fields.Boolean(
        string="Owner's Damage", help="Caused by the owner or their use: not covered.")
    coverage = fields.Selection(
        COVERAGES, string="Who Pays", compute="_compute_coverage", store=True,
        index=True)
    warranty_end = fields.Date(compute="_compute_coverage", store=True)
    # Not stored: the reason speaks the reader's language.
    coverage_reason = fields.Text(string="Why", compute="_compute_coverage_reason")
    currency_id = fields.Many2one(
        related="complaint_id.company_id.currency_id", readonly=True)
    fee = fields.Monetary(help="What the owner pays, for a chargeable item.")
    fee_agreed = fields.Boolean(
        string="Fee Agreed by the Owner",
        help="The owner agreed to the fee before the work (002:883-889).")
    state = fields.Selection(STATES, required=True, default="draft", index=True)
    # 004:126-127: property engineering accepts each item at its plan date; a
    # failed acceptance sends it back for a second rectification (二次整改).
    accepted_by_id = fields.Many2one("res.users", readonly=True)
    date_accepted = fields.Datetime(string="Accepted On", readonly=True)
    rectification_count = fields.Integer(
        string="Rectifications", readonly=True, default=0,
        help="How many times the acceptance failed and the item went back to its "
        "responsible party (二次整改).")
    acceptance_note = fields.Text(
        string="Acceptance Notes", readonly=True,
        help="What each failed acceptance found.")
    # The party's side of the work (004:125-126): it takes the order, sets the
    # visit time with the owner, reports its arrival and the completion.
    date_order_taken = fields.Datetime(string="Order Taken On", readonly=True)
    date_visit = fields.Datetime(
        string="Visit Time", help="When the party's people come, agreed with the "
        "owner.")
    date_arrived = fields.Datetime(string="Arrived On", readonly=True)
    date_repaired = fields.Datetime(string="Repaired On", readonly=True)
    arrived_on_time = fields.Boolean(
        compute="_compute_arrived_on_time", store=True,
        help="Arrived by the visit time (without one, on or before the repair "
        "date): counts towards the timely repair rate (零修及时率, 002:891).")

    @api.depends("component_id", "owner_damage", "complaint_id.unit_id.delivery_date",
                 "complaint_id.date_received",
                 "complaint_id.company_id.repair_free_years")
    def _compute_coverage(self):
        for item in self:
            result = item._coverage_result()
            item.coverage = result.coverage
            item.warranty_end = result.warranty_end and \
                fields.Date.to_string(result.warranty_end)

    @api.depends("date_arrived", "date_visit", "date_planned")
    def _compute_arrived_on_time(self):
        for item in self:
            if not item.date_arrived:
                item.arrived_on_time = False
            elif item.date_visit:
                item.arrived_on_time = item.date_arrived <= item.date_visit
            else:
                day = item.complaint_id.company_id._complaint_day(item.date_arrived)
                item.arrived_on_time = bool(item.date_planned) and \
                    fields.Date.to_string(day) <= item.date_planned

    @api.depends("coverage")
    def _compute_coverage_reason(self):
        for item in self:
            item.coverage_reason = item._coverage_result().reason

    def _coverage_result(self):
        """Who pays, as of the day the request was received (the company's day)."""
        unit = self.complaint_id.unit_id
        if not unit:
            return Coverage("unknown", None, _(
                "The case names no unit: decide who pays by hand."))
        day = self.complaint_id.company_id._complaint_day(
            self.complaint_id.date_received)
        return unit._coverage(self.component_id, day, owner_damage=self.owner_damage)

    @api.constrains("party_id", "complaint_id")
    def _check_party(self):
        for item in self.filtered("party_id"):
            if item.party_id.group_id.project_id != item.complaint_id.project_id:
                raise ValidationError(_(
                    "%(party)s is not in the repair group of %(project)s.") % {
                    "party": item.party_id.display_name,
                    "project": item.complaint_id.project_id.name})

    # Not on "coverage": a unit's delivery date corrected later recomputes it, and
    # must not be refused for a fee the owner already agreed to.
    @api.constrains("fee", "component_id", "owner_damage")
    def _check_fee(self):
        for item in self:
            if item.fee < 0:
                raise ValidationError(_("A fee cannot be negative."))
            if item.fee and item.coverage in FREE:
                raise ValidationError(_(
                    "%(location)s is covered (%(why)s): the owner pays nothing.") % {
                    "location": item.location, "why": item.coverage_reason})

    def action_plan(self):
        """The plan, its date and the answering party are agreed; a chargeable item
        also needs the owner's agreement to its fee (002:883-889)."""
        for item in self:
            if item.state != "draft":
                raise UserError(_("%s is planned already.") % item.location)
            missing = [label for value, label in (
                (item.plan, _("the repair plan")),
                (item.date_planned, _("the repair date")),
                (item.party_id or item.team_id, _("the responsible party")))
                if not value]
            if missing:
                raise UserError(_("Give %(items)s of %(location)s first.") % {
                    "items": ", ".join(missing), "location": item.location})
            if item.coverage in ("chargeable", "excluded") and not item.fee_agreed:
                raise UserError(_(
                    "%s is paid by the owner: agree the fee with them before the "
                    "work (002:883-889).") % item.location)
        self._write_state("planned")
        return True

    def action_done(self):
        if self.filtered(lambda item: item.state != "planned"):
            raise UserError(_("Only a planned item is repaired."))
        self._write_state("done", date_repaired=fields.Datetime.now())
        return True

    def action_cancel(self):
        """Not to be repaired after all (recorded by mistake, or withdrawn by the
        owner): kept, struck out of the forms."""
        if self.filtered(lambda item: item.state not in ("draft", "planned")):
            raise UserError(_("A repaired item is accepted or sent back, not "
                              "cancelled."))
        self._write_state("cancelled")
        return True

    def action_accept(self):
        """Property engineering accepts the repair (004:126)."""
        if self.filtered(lambda item: item.state != "done"):
            raise UserError(_("Only a repaired item is accepted."))
        self._write_state("accepted", accepted_by_id=self.env.uid,
                          date_accepted=fields.Datetime.now())
        for item in self:
            item.complaint_id.message_post(body=html_escape(
                _("Repair item %(location)s accepted by %(user)s.") % {
                    "location": item.location, "user": self.env.user.name}))
        return True

    def _fail_acceptance(self, reason, new_date):
        """The repair does not pass: back to its responsible party for a second
        rectification by ``new_date`` (004:127, 004:37-38), counted."""
        if not (reason or "").strip() or not new_date:
            raise UserError(_("Say what fails the acceptance and the date of the "
                              "second rectification."))
        if new_date < fields.Date.context_today(self):
            raise UserError(_("The second rectification cannot be due in the past."))
        for item in self:
            if item.state != "done":
                raise UserError(_("Only a repaired item is accepted or refused."))
            note = "%s%s: %s" % (
                item.acceptance_note and item.acceptance_note + "\n" or "",
                fields.Date.context_today(self), reason.strip())
            item._write_state("planned", date_planned=new_date, acceptance_note=note,
                              rectification_count=item.rectification_count + 1)
            who = item.party_id.display_name or item.team_id.name or ""
            item.complaint_id.message_post(body=html_escape(_(
                "Repair item %(location)s failed its acceptance (%(reason)s): back to "
                "%(party)s for rectification no. %(count)s by %(date)s.") % {
                "location": item.location, "reason": reason.strip(), "party": who,
                "count": item.rectification_count, "date": new_date}))
        return True

    def action_fail_acceptance(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": _("Acceptance Failed"),
            "res_model": "realestate.repair.acceptance", "view_mode": "form",
            "target": "new", "context": {"default_item_id": self.id},
        }

    def _write_state(self, state, **values):
        """The buttons' write: the user's right to change the item, then what only
        the process sets."""
        self._check_writer()
        with by_process():
            self.write(dict(values, state=state))


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    repair_item_ids = fields.One2many(
        "realestate.repair.item", "complaint_id", string="Repair Items")

    # 004:38, 004:126: the owner signs the completion acceptance (维修完成验收单),
    # on the drawing pad or on paper.
    repair_signature = fields.Binary(
        string="Owner's Acceptance Signature", attachment=True, readonly=True,
        copy=False)
    repair_signed_on_paper = fields.Boolean(
        string="Signed on Paper", readonly=True, copy=False,
        help="The owner signed the printed completion acceptance form; the scan is "
        "in the case's evidence.")
    date_repair_accepted = fields.Datetime(
        string="Owner Accepted On", readonly=True, copy=False)

    def _owner_accepts_repairs(self, signature=None, on_paper=False):
        """The owner accepts the completed repairs: every item accepted by property
        engineering (or cancelled), and the owner's signature or a signed paper."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        items = self.repair_item_ids.filtered(lambda item: item.state != "cancelled")
        if not items:
            raise UserError(_("%s has no repair item to accept.") % self.name)
        waiting = items.filtered(lambda item: item.state != "accepted")
        if waiting:
            raise UserError(_(
                "Property engineering accepts every item before the owner signs: "
                "%s.") % ", ".join(waiting.mapped("location")))
        if not signature and not on_paper:
            raise UserError(_("The owner signs on the pad, or on the printed form "
                              "(tick Signed on Paper)."))
        if self.date_repair_accepted:
            raise UserError(_("The owner of %s has signed already.") % self.name)
        with by_process():
            self.write({"repair_signature": signature or False,
                        "repair_signed_on_paper": bool(on_paper and not signature),
                        "date_repair_accepted": fields.Datetime.now()})
        self.message_post(body=html_escape(
            _("The owner accepted the completed repairs (%s).")
            % (_("signed on the pad") if signature else _("signed on paper"))))
        return True
