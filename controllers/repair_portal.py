"""'My repair orders' on Odoo's portal, for contractors' people (issue 14, item 5).

The rules live in ``models/realestate_repair_portal.py``: this file reads the request
(forms are CSRF-checked by Odoo), asks the model as the logged-in user's partner and
renders the pages. Any id that is not one of the contractor's items gets the same 404
as an id that does not exist.
"""
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.portal_upload import MAX_FILES, upload_limit_bytes
from ..models.realestate_complaint_portal import PortalFormError
from .portal import ComplaintPortal

ROOT = "/my/repairs"


class RepairPortal(ComplaintPortal):

    def _prepare_portal_layout_values(self):
        values = super(RepairPortal, self)._prepare_portal_layout_values()
        Item = request.env["realestate.repair.item"]
        values["repair_count"] = Item.sudo().search_count(
            Item._portal_domain(request.env.user.partner_id) +
            [("state", "=", "planned")])
        return values

    @http.route([ROOT, ROOT + "/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_repairs(self, page=1, filterby="open", **_kw):
        Item = request.env["realestate.repair.item"]
        filters = {
            "open": {"label": _("To Do"), "domain": [("state", "=", "planned")]},
            "all": {"label": _("All"), "domain": []},
        }
        if filterby not in filters:
            filterby = "open"
        domain = Item._portal_domain(request.env.user.partner_id) + \
            filters[filterby]["domain"]
        total = Item.sudo().search_count(domain)
        pager = portal_pager(url=ROOT, url_args={"filterby": filterby}, total=total,
                             page=page, step=self._items_per_page)
        items = Item.sudo().search(domain, order="date_planned, id",
                                   limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({
            "items": items, "pager": pager, "page_name": "repair",
            "default_url": ROOT, "searchbar_filters": filters, "filterby": filterby,
            "states": self._item_states(), "when": self._when,
            "due_text": self._due_text,
        })
        return request.render("realestate_complaint.portal_my_repairs", values)

    @http.route(ROOT + "/<int:item_id>", type="http", auth="user", website=True)
    def portal_my_repair(self, item_id, done=None, **_kw):
        return self._render_item(self._item_or_404(item_id), notice=done)

    @http.route(ROOT + "/<int:item_id>/<any(take,visit,arrive,complete):step>",
                type="http", auth="user", methods=["POST"], website=True)
    def portal_repair_step(self, item_id, step, **post):
        item = self._item_or_404(item_id)
        partner = request.env.user.partner_id
        try:
            if step == "take":
                item._portal_take_order(partner)
            elif step == "visit":
                item._portal_set_visit(partner, post.get("date_visit"), self._tz())
            elif step == "arrive":
                item._portal_arrive(partner)
            else:
                item._portal_complete(partner, post.get("note"), self._uploads())
        except PortalFormError as error:
            return self._render_item(item, errors=error.errors, posted=post)
        return request.redirect("%s/%d?done=%s" % (ROOT, item.id, step))

    @http.route(ROOT + "/<int:item_id>/photos/<int:attachment_id>", type="http",
                auth="user", website=True)
    def portal_repair_photo(self, item_id, attachment_id, **_kw):
        item = self._item_or_404(item_id)
        photo = item._portal_photos().filtered(lambda a: a.id == attachment_id)
        if not photo:
            raise NotFound()
        return self._file_response(photo)

    # Helpers

    def _item_or_404(self, item_id):
        item = request.env["realestate.repair.item"]._portal_item(
            request.env.user.partner_id, item_id)
        if not item:
            raise NotFound()
        return item

    def _tz(self):
        user = request.env.user
        return user.tz or user.company_id.complaint_tz or "Asia/Shanghai"

    def _render_item(self, item, notice=None, errors=None, posted=None):
        values = self._prepare_portal_layout_values()
        values.update({
            "item": item, "case": item.complaint_id, "page_name": "repair",
            "notice": notice, "errors": errors or {}, "posted": posted or {},
            "states": self._item_states(), "phone": item._portal_owner_phone(),
            "photos_before": item.photo_before_ids,
            "photos_after": item.photo_after_ids,
            "when": self._when, "due_text": self._due_text,
            "upload_hint": _("At most %(files)s photos of %(mb)s MB each.") % {
                "files": MAX_FILES,
                "mb": "%g" % round(upload_limit_bytes(request.env) / 1048576.0, 2)},
        })
        return request.render("realestate_complaint.portal_my_repair", values)

    @staticmethod
    def _due_text(item, rectification=False):
        """Whole sentences, so that a translation may order their words."""
        if rectification:
            return _("Second rectification no. %d:") % item.rectification_count
        if item.rectification_count:
            return _("Repair by %(date)s · rectification no. %(count)d") % {
                "date": item.date_planned, "count": item.rectification_count}
        return _("Repair by %s") % item.date_planned

    @staticmethod
    def _item_states():
        return dict(request.env["realestate.repair.item"]._fields["state"].
                    _description_selection(request.env))
