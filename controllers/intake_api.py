"""The intake API (R1-R3, R39) over HTTP: plain JSON in and out, proper status codes.

The rules live in ``realestate.complaint.intake``; this file reads the HTTP request,
calls them as the superuser, and writes the answer. See readme/USAGE.md, "Intake API".
"""
import json
import logging

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, http
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from ..models.realestate_complaint_intake import MAX_BODY_BYTES, IntakeError

_logger = logging.getLogger(__name__)

API_ROOT = "/api/complaint/v1"


class IntakeHttpRequest(http.HttpRequest):
    """A request to the intake API. Odoo 11 treats every ``application/json`` body
    as JSON-RPC: it parses it before any route is found, answers a malformed body
    with an HTML page quoting it, and refuses ``type='http'`` routes. This request
    leaves the body unread: the controller reads it within the size limit."""

    def __init__(self, httprequest):
        # HttpRequest.__init__ would parse a form body, whatever its size.
        http.WebRequest.__init__(self, httprequest)
        self.params = {key: value for key, value in httprequest.args.items()
                       if key != "session_id"}


_odoo_get_request = http.Root.get_request


def _get_request(root, httprequest):
    """The kind of request: the intake API's paths get theirs (as OCA's base_rest
    does for its REST services), everything else Odoo's."""
    if httprequest.path.startswith(API_ROOT + "/"):
        return IntakeHttpRequest(httprequest)
    return _odoo_get_request(root, httprequest)


http.Root.get_request = _get_request


class IntakeApi(http.Controller):

    @http.route(API_ROOT + "/complaints", type="http", auth="none", csrf=False)
    def complaints(self, **_query):
        """POST: register a case (201), or the same request again (200)."""
        return self._serve("POST", self._register)

    @http.route(API_ROOT + "/complaints/<string:number>", type="http",
                auth="none", csrf=False)
    def complaint(self, number, **_query):
        """GET: the status of one of the integration's cases."""
        return self._serve(
            "GET", lambda intake, integration: intake._case_status(integration, number))

    @http.route(API_ROOT + "/<path:_unknown>", type="http", auth="none", csrf=False)
    def unknown(self, **_query):
        """Any other path of the API: a JSON 404, not Odoo's HTML page."""
        return self._serve(None, None)

    def _serve(self, method, handler):
        httprequest = request.httprequest
        Intake = request.env(user=SUPERUSER_ID)["realestate.complaint.intake"]
        intake = Intake.with_context(lang=Intake._pick_lang(self._header_langs()))
        headers = {}
        try:
            if not handler:
                raise intake._not_found()
            if httprequest.method != method:
                raise intake._method_not_allowed(method)
            integration = intake._authenticate(
                httprequest.headers.get("Authorization"), httprequest.remote_addr)
            status, body = handler(intake, integration)
            if status == 201:
                headers["Location"] = "%s/complaints/%s" % (API_ROOT, body["number"])
        except IntakeError as error:
            status, body, headers = error.status, error.as_json(), error.headers
        except OperationalError as error:
            if error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise  # Odoo retries the request on a fresh transaction.
            status, body = self._internal_error(intake)
        except Exception:
            status, body = self._internal_error(intake)
        # Stateless: no session is stored for an API call.
        request.session.modified = False
        return http.Response(
            json.dumps(body, ensure_ascii=False), status=status,
            headers=[("Content-Type", "application/json; charset=utf-8"),
                     ("Cache-Control", "no-store")] + list(headers.items()))

    def _register(self, intake, integration):
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY_BYTES:
            raise intake._too_large()
        body = httprequest.stream.read(MAX_BODY_BYTES + 1)
        payload = intake._read_json(body, httprequest.mimetype)
        # The language the body asks for comes before the header's.
        intake = intake.with_context(lang=intake._pick_lang(
            [payload.get("lang")] + self._header_langs()))
        return intake._register_case(integration, payload)

    @staticmethod
    def _header_langs():
        return [tag for tag, _quality in request.httprequest.accept_languages]

    @staticmethod
    def _internal_error(intake):
        """Logged with its traceback here; the client learns nothing internal."""
        _logger.exception("Intake API: unexpected error on %s",
                          request.httprequest.path)
        request.env.cr.rollback()
        return 500, IntakeError(500, "internal_error",
                                intake._internal_error_message()).as_json()
