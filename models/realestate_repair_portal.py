"""Contractors on the portal (issue 14, item 5; 004:125-126): a contractor's people,
logged in to Odoo's portal from a phone, see the repair items their company answers
for, take the order, set the visit time, report their arrival and the completion
with photos.

As for the customers' cases (realestate_complaint_portal.py), portal users get no
access right on the repair models: each method takes the user's partner, finds the
item among *their company's* items only (any other id is unknown) and gives only
what the visit needs of the case and the owner: the case number, the project and
unit, the owner's name, and their phone while the item is open. The controller
(``controllers/repair_portal.py``) only speaks HTTP.
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
    _inherit = "realestate.repair.item"

    portal_url = fields.Char(compute="_compute_portal_url")

    def _compute_portal_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for item in self:
            item.portal_url = "%s/my/repairs/%d" % (base_url, item.id)

    # Finding a contractor's items

    @api.model
    def _portal_domain(self, partner):
        """The items of the contractor the portal user works for."""
        return [("party_id.partner_id", "=", partner.commercial_partner_id.id),
                ("state", "in", PORTAL_STATES)]

    @api.model
    def _portal_item(self, partner, item_id):
        """The contractor's item of that id, or an empty recordset for any other
        id."""
        if not isinstance(item_id, int) or not 0 < item_id < 2 ** 31:
            return self.browse()
        return self.sudo().search(
            self._portal_domain(partner) + [("id", "=", item_id)], limit=1)

    def _portal_owner_phone(self):
        """The owner's phone, for the visit: while the item is being repaired."""
        self.ensure_one()
        return self.state == "planned" and self.sudo().complaint_id.partner_phone or ""

    def _portal_photos(self):
        self.ensure_one()
        return self.sudo().photo_before_ids | self.sudo().photo_after_ids

    # What the contractor does

    def _portal_check_open(self, errors):
        if self.state != "planned":
            errors["form"] = _(
                "%(location)s of %(case)s is not waiting for your work (any more).") % {
                "location": self.location, "case": self.complaint_id.name}

    def _portal_take_order(self, partner):
        """The contractor takes the order (接单)."""
        self.ensure_one()
        errors = {}
        self._portal_check_open(errors)
        if self.date_order_taken and not errors:
            errors["form"] = _("You have taken this order already.")
        if errors:
            raise PortalFormError(errors)
        self._portal_write(partner, {"date_order_taken": fields.Datetime.now()}, _(
            "%(party)s took the repair order of %(location)s."))

    def _portal_set_visit(self, partner, value, tz_name):
        """The visit time agreed with the owner, typed in the user's time zone: not
        in the past, and no later than the repair date of the work plan."""
        self.ensure_one()
        errors = {}
        self._portal_check_open(errors)
        moment = self._portal_parse_moment(value, tz_name)
        now = fields.Datetime.from_string(fields.Datetime.now())
        if not errors:
            if not self.date_order_taken:
                errors["form"] = _("Take the order first.")
            elif moment is None:
                errors["date_visit"] = _("Give the date and time of the visit.")
            elif moment < now - timedelta(minutes=5):
                errors["date_visit"] = _("The visit time cannot be in the past.")
            elif moment >= self._repair_due():
                errors["date_visit"] = _(
                    "The visit must be on or before the repair date %s; ask the "
                    "person on repair duty to move the date.") % self.date_planned
        if errors:
            raise PortalFormError(errors)
        self._portal_write(
            partner, {"date_visit": fields.Datetime.to_string(moment)},
            _("%(party)s will visit for %(location)s at %(when)s."),
            when=self._portal_local(moment, tz_name))

    def _portal_arrive(self, partner):
        """The contractor's people are on site (the first arrival counts for the
        timely repair rate, 002:891)."""
        self.ensure_one()
        errors = {}
        self._portal_check_open(errors)
        if not errors and not self.date_order_taken:
            errors["form"] = _("Take the order first.")
        if errors:
            raise PortalFormError(errors)
        values = {} if self.date_arrived else {"date_arrived": fields.Datetime.now()}
        self._portal_write(partner, values, _("%(party)s arrived on site for "
                                              "%(location)s."))

    def _portal_complete(self, partner, note, uploads):
        """Repaired, with at least one photo after: property engineering accepts it
        next (004:126)."""
        self.ensure_one()
        errors = {}
        self._portal_check_open(errors)
        if not errors and not self.date_arrived:
            errors["form"] = _("Report your arrival on site first.")
        # The customer portal's checks of a text and of uploaded files.
        Complaint = self.env["realestate.complaint"]
        text = Complaint._portal_text(note, NOTE_CHARS, "note", None, errors)
        files = Complaint._portal_check_files(uploads, errors)
        if not files and "attachments" not in errors:
            errors["attachments"] = _("Add at least one photo of the repair done.")
        elif any(not values["mimetype"].startswith("image/") for values in files):
            errors["attachments"] = _("Photos only (JPEG, PNG, GIF, WebP).")
        if errors:
            raise PortalFormError(errors)
        item = self.sudo()
        Attachment = self.env["ir.attachment"].sudo()
        photos = Attachment.browse()
        for values in files:
            photos |= Attachment.create(dict(values, res_model=self._name,
                                             res_id=self.id))
        item.write({"photo_after_ids": [(4, photo.id) for photo in photos]})
        item.action_done()
        self._portal_note(partner, _("%(party)s reports %(location)s repaired."),
                          text=text)

    # Helpers

    def _portal_write(self, partner, values, note, **params):
        item = self.sudo()
        if values:
            item.write(values)
        self._portal_note(partner, note, **params)

    def _portal_note(self, partner, note, text="", **params):
        """An internal note on the case, authored by the contractor's user."""
        params = dict(params, party=self.sudo().party_id.partner_id.name,
                      location=self.location)
        body = "<p>%s</p>" % html_escape(note % params)
        if text:
            body += plaintext2html(text)
        self.sudo().complaint_id.message_post(
            body=body, author_id=partner.id, message_type="comment",
            subtype="mail.mt_note")

    @api.model
    def _portal_parse_moment(self, value, tz_name):
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
    def _portal_local(self, moment, tz_name):
        return pytz.utc.localize(moment).astimezone(
            pytz.timezone(tz_name)).strftime("%Y-%m-%d %H:%M")
