"""The satisfaction questionnaire (004:28), reached by the personal link of the
owner's email: no login, the token is the key (32 random hex digits). A link
that is unknown, answered or of a closed survey gets the same 404."""
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.realestate_complaint_callback import SATISFACTION
from ..models.realestate_satisfaction_survey import ASPECTS
from .repair_portal import RepairPortal


class SatisfactionQuestionnaire(http.Controller):

    def _response(self, token):
        response = request.env["realestate.satisfaction.response"]._by_token(token)
        if not response:
            raise NotFound()
        return response

    def _render(self, response, **values):
        # In the page's language (the frontend's), not the public user's.
        env = request.env(context=dict(request.env.context,
                                       lang=request.context.get("lang")))
        fields_ = response._fields
        questions = [(name, fields_[name].get_description(env)["string"])
                     for name, _rate in ASPECTS]
        # The callbacks' scale: the same five steps, translated once.
        scale = dict(env["realestate.complaint.callback"]._fields[
            "satisfaction"]._description_selection(env))
        return request.render("realestate_complaint.satisfaction_questionnaire", dict(
            values, response=response, questions=questions,
            scale=[(key, scale[key]) for key, _label in SATISFACTION]))

    @http.route("/satisfaction/<string:token>", type="http", auth="public",
                methods=["GET"], website=True)
    def questionnaire(self, token, **_kw):
        return self._render(self._response(token))

    @http.route("/satisfaction/<string:token>", type="http", auth="public",
                methods=["POST"], website=True)
    def questionnaire_answer(self, token, **post):
        response = self._response(token)
        try:
            response._answer(post, "questionnaire")
        except UserError as error:
            return self._render(response, error=error.name, answers=post)
        return request.render("realestate_complaint.satisfaction_questionnaire_done",
                              {"response": response})


class SatisfactionPortal(RepairPortal):
    """The portal's home lists the owner's open questionnaires (the links of
    their own responses only)."""

    def _prepare_portal_layout_values(self):
        values = super(SatisfactionPortal, self)._prepare_portal_layout_values()
        values["satisfaction_responses"] = request.env[
            "realestate.satisfaction.response"]._portal_pending(
            request.env.user.partner_id)
        return values
