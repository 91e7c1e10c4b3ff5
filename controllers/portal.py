"""'My complaints' on Odoo's customer portal (R1-R3, R16, R30, R39).

The rules live in ``models/realestate_complaint_portal.py``: this file reads the
request (forms are CSRF-checked by Odoo), asks the model as the logged-in customer's
partner, and renders the pages. Any id that is not one of the customer's gets the same
404 as an id that does not exist.
"""
import base64

import pytz
from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.http import request
from odoo.tools import html2plaintext

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from ..tools.portal_upload import MAX_FILES, upload_limit_bytes
from ..models.realestate_complaint_portal import PortalFormError

ROOT = "/my/complaints"
# Types a browser may show inline; anything else is downloaded.
INLINE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


class ComplaintPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(ComplaintPortal, self)._prepare_portal_layout_values()
        Complaint = request.env["realestate.complaint"]
        values["complaint_count"] = Complaint.sudo().search_count(
            Complaint._portal_domain(request.env.user.partner_id))
        return values

    # Pages

    @http.route([ROOT, ROOT + "/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_complaints(self, page=1, filterby="all", **_kw):
        Complaint = request.env["realestate.complaint"]
        partner = request.env.user.partner_id
        filters = self._complaint_filters()
        if filterby not in filters:
            filterby = "all"
        domain = Complaint._portal_domain(partner) + filters[filterby]["domain"]
        total = Complaint.sudo().search_count(domain)
        pager = portal_pager(url=ROOT, url_args={"filterby": filterby}, total=total,
                             page=page, step=self._items_per_page)
        cases = Complaint._portal_list(partner, filters[filterby]["domain"],
                                       offset=pager["offset"],
                                       limit=self._items_per_page)
        values = self._prepare_portal_layout_values()
        values.update({
            "cases": cases, "pager": pager, "page_name": "complaint",
            "default_url": ROOT, "searchbar_filters": filters, "filterby": filterby,
            "summary": self._summary, "when": self._when,
        })
        return request.render("realestate_complaint.portal_my_complaints", values)

    @http.route(ROOT + "/<int:case_id>", type="http", auth="user", website=True)
    def portal_my_complaint(self, case_id, registered=None, answered=None, **_kw):
        case = self._case_or_404(case_id)
        return self._render_case(case, notice=(
            "registered" if registered else "answered" if answered else None))

    @http.route(ROOT + "/new", type="http", auth="user", methods=["GET", "POST"],
                website=True)
    def portal_new_complaint(self, **post):
        partner = request.env.user.partner_id
        if request.httprequest.method != "POST":
            return self._render_new({"phone": partner.mobile or partner.phone or ""})
        try:
            case = request.env["realestate.complaint"]._portal_register(
                partner, post, self._uploads())
        except PortalFormError as error:
            return self._render_new(post, error.errors)
        return request.redirect("%s/%d?registered=1" % (ROOT, case.id))

    @http.route(ROOT + "/<int:case_id>/message", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_complaint_message(self, case_id, message=None, **_kw):
        case = self._case_or_404(case_id)
        try:
            case._portal_add_message(request.env.user.partner_id, message,
                                     self._uploads())
        except PortalFormError as error:
            return self._render_case(case, errors=error.errors,
                                     posted={"message": message})
        return request.redirect("%s/%d#messages" % (ROOT, case.id))

    @http.route(ROOT + "/<int:case_id>/answer", type="http", auth="user",
                methods=["POST"], website=True)
    def portal_complaint_answer(self, case_id, **post):
        case = self._case_or_404(case_id)
        try:
            case._portal_answer_result(request.env.user.partner_id, post)
        except PortalFormError as error:
            return self._render_case(case, errors=error.errors, posted=post)
        return request.redirect("%s/%d?answered=1" % (ROOT, case.id))

    @http.route(ROOT + "/<int:case_id>/files/<int:attachment_id>", type="http",
                auth="user", website=True)
    def portal_complaint_file(self, case_id, attachment_id, **_kw):
        case = self._case_or_404(case_id)
        attachment = case._portal_attachments().filtered(
            lambda a: a.id == attachment_id)
        if not attachment:
            raise NotFound()
        return self._file_response(attachment)

    # Helpers

    @staticmethod
    def _file_response(attachment):
        """A portal file: inline only if a browser shows it as an image, never
        sniffed, never cached."""
        data = base64.b64decode(attachment.datas or b"")
        mimetype = attachment.mimetype or "application/octet-stream"
        disposition = "inline" if mimetype in INLINE_TYPES else "attachment"
        return request.make_response(data, headers=[
            ("Content-Type", mimetype),
            ("Content-Length", str(len(data))),
            ("Content-Disposition", http.content_disposition(
                attachment.datas_fname or attachment.name or "file").replace(
                    "attachment", disposition, 1)),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "private, no-store"),
        ])

    def _case_or_404(self, case_id):
        case = request.env["realestate.complaint"]._portal_case(
            request.env.user.partner_id, case_id)
        if not case:
            raise NotFound()
        return case

    def _uploads(self):
        """The uploaded files as (name, bytes), each read no further than the size
        limit plus one byte: a huge file is refused without being held in memory."""
        limit = upload_limit_bytes(request.env)
        files = request.httprequest.files.getlist("attachments")
        return [(f.filename, f.read(limit + 1)) for f in files[:MAX_FILES + 1]]

    def _render_new(self, posted, errors=None):
        """The form, again with what was typed and the problems when refused
        (status 200, as Odoo's own portal forms answer)."""
        Complaint = request.env["realestate.complaint"]
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "complaint_new", "posted": posted, "errors": errors or {},
            "units": Complaint._portal_units(partner),
            "categories": Complaint._portal_categories(),
            "kinds": self._selection("kind"), "demands": self._selection("demand"),
            "max_files": MAX_FILES,
            "max_mb": "%g" % round(upload_limit_bytes(request.env) / 1048576.0, 2),
        })
        return request.render("realestate_complaint.portal_complaint_new", values)

    def _render_case(self, case, notice=None, errors=None, posted=None):
        values = self._prepare_portal_layout_values()
        callback_fields = request.env["realestate.complaint.callback"]._fields
        values.update({
            "case": case, "page_name": "complaint", "notice": notice,
            "errors": errors or {}, "posted": posted or {},
            "status": case._portal_status(),
            "messages": case._portal_messages(),
            "evidence": case.evidence_attachment_ids,
            "callbacks": case._portal_callbacks(),
            "may_answer": case._portal_may_answer_result(),
            "may_write": not case.is_closed,
            "acknowledgement": notice == "registered" and
            case._portal_acknowledgement(self._when),
            "kinds": self._selection("kind"), "demands": self._selection("demand"),
            "satisfactions": callback_fields["satisfaction"]._description_selection(
                request.env),
            "max_files": MAX_FILES, "when": self._when,
            "plain": lambda html: html2plaintext(html or "").strip(),
        })
        return request.render("realestate_complaint.portal_my_complaint", values)

    def _complaint_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": _("Closed"), "domain": [("is_closed", "=", True)]},
        }

    @staticmethod
    def _selection(field):
        return dict(request.env["realestate.complaint"]._fields[field].
                    _description_selection(request.env))

    @staticmethod
    def _summary(case):
        text = " ".join(html2plaintext(case.description or "").split())
        return text if len(text) <= 80 else text[:79] + "…"

    @staticmethod
    def _when(value, with_time=True):
        """A UTC datetime of the database in the customer's time zone (else the
        company's complaint time zone)."""
        if not value:
            return ""
        user = request.env.user
        tz = pytz.timezone(user.tz or user.company_id.complaint_tz or "UTC")
        moment = pytz.utc.localize(fields.Datetime.from_string(value)).astimezone(tz)
        return moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
