"""Contractors on the portal (issue 14, item 5; 004:125-126): a contractor's people,
logged in to Odoo's portal from a phone, see the repair items their company answers
for, take the order, set the visit time, report their arrival and the completion
with photos.

As for the customers' cases (realestate_complaint_portal.py), portal users get no
access right on the repair models: each service takes the user's partner, finds the
item among *their company's* items only (any other id is unknown) and gives only
what the visit needs of the case and the owner: the case number, the project and
unit, the owner's name, and their phone while the item is open. The controller
(``controllers/repair_portal.py``) only speaks HTTP.

The same two models as the customers' portal: ``realestate.repair.portal``
(AbstractModel) holds the services the controller calls with the user's partner
(their items, one item looked up for them, and the four steps with their checks);
``realestate.repair.item`` keeps what the page reads off one item (its URL, the
owner's phone while it is open, its photos).
"""
from datetime import datetime, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools import html_escape, plaintext2html

from .realestate_complaint_portal import PortalFormError

NOTE_CHARS = 2000
# Items a contractor sees: planned onwards (a draft item is not theirs yet).
PORTAL_STATES = ("planned", "done", "accepted")
VISIT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")


class RealestateRepairItem(models.Model):
    """One repair item as the contractor's page shows it."""

    _inherit = "realestate.repair.item"

    portal_url = fields.Char(compute="_compute_portal_url")

    def _compute_portal_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for item in self:
            item.portal_url = "%s/my/repairs/%d" % (base_url, item.id)

    def _portal_owner_phone(self):
        """The owner's phone, for the visit: while the item is being repaired."""
        self.ensure_one()
        return self.state == "planned" and self.sudo().complaint_id.partner_phone or ""

    def _portal_photos(self):
        self.ensure_one()
        return self.sudo().photo_before_ids | self.sudo().photo_after_ids


class RealestateRepairPortal(models.AbstractModel):
    """The contractors' portal services, called by ``controllers/repair_portal.py``
    as the logged-in user, with their partner; the item is one that ``_item``
    found for that partner."""

    _name = "realestate.repair.portal"
    _description = "Repair Contractor Portal"

    # Finding a contractor's items

    @api.model
    def _item_domain(self, partner):
        """The items of the contractor the portal user works for."""
        return [("party_id.partner_id", "=", partner.commercial_partner_id.id),
                ("state", "in", PORTAL_STATES)]

    @api.model
    def _item(self, partner, item_id):
        """The contractor's item of that id, or an empty recordset for any other
        id."""
        Item = self.env["realestate.repair.item"]
        if not isinstance(item_id, int) or not 0 < item_id < 2 ** 31:
            return Item.browse()
        return Item.sudo().search(
            self._item_domain(partner) + [("id", "=", item_id)], limit=1)

    # What the contractor does

    @api.model
    def _check_open(self, item, errors):
        if item.state != "planned":
            errors["form"] = _(
                "%(location)s of %(case)s is not waiting for your work (any more).") % {
                "location": item.location, "case": item.complaint_id.name}

    @api.model
    def _take_order(self, partner, item):
        """The contractor takes the order (接单)."""
        item.ensure_one()
        errors = {}
        self._check_open(item, errors)
        if item.date_order_taken and not errors:
            errors["form"] = _("You have taken this order already.")
        if errors:
            raise PortalFormError(errors)
        self._save(partner, item, {"date_order_taken": fields.Datetime.now()}, _(
            "%(party)s took the repair order of %(location)s."))

    @api.model
    def _set_visit(self, partner, item, value, tz_name):
        """The visit time agreed with the owner, typed in the user's time zone: not
        in the past, and no later than the repair date of the work plan."""
        item.ensure_one()
        errors = {}
        self._check_open(item, errors)
        moment = self._parse_moment(value, tz_name)
        now = fields.Datetime.from_string(fields.Datetime.now())
        if not errors:
            if not item.date_order_taken:
                errors["form"] = _("Take the order first.")
            elif moment is None:
                errors["date_visit"] = _("Give the date and time of the visit.")
            elif moment < now - timedelta(minutes=5):
                errors["date_visit"] = _("The visit time cannot be in the past.")
            elif moment >= item._repair_due():
                errors["date_visit"] = _(
                    "The visit must be on or before the repair date %s; ask the "
                    "person on repair duty to move the date.") % item.date_planned
        if errors:
            raise PortalFormError(errors)
        self._save(
            partner, item, {"date_visit": fields.Datetime.to_string(moment)},
            _("%(party)s will visit for %(location)s at %(when)s."),
            when=self._local(moment, tz_name))

    @api.model
    def _arrive(self, partner, item):
        """The contractor's people are on site (the first arrival counts for the
        timely repair rate, 002:891)."""
        item.ensure_one()
        errors = {}
        self._check_open(item, errors)
        if not errors and not item.date_order_taken:
            errors["form"] = _("Take the order first.")
        if errors:
            raise PortalFormError(errors)
        values = {} if item.date_arrived else {"date_arrived": fields.Datetime.now()}
        self._save(partner, item, values, _("%(party)s arrived on site for "
                                            "%(location)s."))

    @api.model
    def _complete(self, partner, item, note, uploads):
        """Repaired, with at least one photo after: property engineering accepts it
        next (004:126)."""
        item.ensure_one()
        errors = {}
        self._check_open(item, errors)
        if not errors and not item.date_arrived:
            errors["form"] = _("Report your arrival on site first.")
        # The customer portal's checks of a text and of uploaded files.
        Portal = self.env["realestate.complaint.portal"]
        text = Portal._text(note, NOTE_CHARS, "note", None, errors)
        files = Portal._check_files(uploads, errors)
        if not files and "attachments" not in errors:
            errors["attachments"] = _("Add at least one photo of the repair done.")
        elif any(not values["mimetype"].startswith("image/") for values in files):
            errors["attachments"] = _("Photos only (JPEG, PNG, GIF, WebP).")
        if errors:
            raise PortalFormError(errors)
        item = item.sudo()
        Attachment = self.env["ir.attachment"].sudo()
        photos = Attachment.browse()
        for values in files:
            photos |= Attachment.create(dict(values, res_model=item._name,
                                             res_id=item.id))
        item.write({"photo_after_ids": [(4, photo.id) for photo in photos]})
        item.action_done()
        self._note(partner, item, _("%(party)s reports %(location)s repaired."),
                   text=text)

    # Helpers

    @api.model
    def _save(self, partner, item, values, note, **params):
        if values:
            item.sudo().write(values)
        self._note(partner, item, note, **params)

    @api.model
    def _note(self, partner, item, note, text="", **params):
        """An internal note on the case, authored by the contractor's user."""
        params = dict(params, party=item.sudo().party_id.partner_id.name,
                      location=item.location)
        body = "<p>%s</p>" % html_escape(note % params)
        if text:
            body += plaintext2html(text)
        item.sudo().complaint_id.message_post(
            body=body, author_id=partner.id, message_type="comment",
            subtype="mail.mt_note")

    @api.model
    def _parse_moment(self, value, tz_name):
        """A local date and time typed in a form, as naive UTC, or None."""
        value = (value or "").strip()
        for pattern in VISIT_FORMATS:
            try:
                local = datetime.strptime(value, pattern)
            except ValueError:
                continue
            return pytz.timezone(tz_name).localize(local).astimezone(
                pytz.utc).replace(tzinfo=None)
        return None

    @api.model
    def _local(self, moment, tz_name):
        return pytz.utc.localize(moment).astimezone(
            pytz.timezone(tz_name)).strftime("%Y-%m-%d %H:%M")
