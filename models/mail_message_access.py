"""The chatter of a case is for the complaint roles (R39; issue 15).

A salesperson without a complaint role reads the cases of his own sales (their
reduced sales views), not their messages: the notes hold internal judgements, and a
complaint about his promises or his attitude is about him. Odoo 11's mail.message
opens a document's messages to whoever may read the document; this narrows that for
the addon's cases, in both of its paths: the search (``_find_allowed_model_wise``)
and the read check (``check_mail_message_access``). Messages the user wrote or
received stay his, as Odoo decides before these.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError

from .realestate_unit_sale import works_complaints
from .roles import is_system

CASE = "realestate.complaint"


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        if doc_model == CASE and not works_complaints(self.env.user):
            return set()
        return super(MailMessage, self)._find_allowed_model_wise(doc_model, doc_dict)


class RealestateComplaint(models.Model):
    _inherit = CASE

    def check_mail_message_access(self, res_ids, operation, model_name=None):
        if not is_system(self.env) and not works_complaints(self.env.user):
            raise AccessError(_("The messages of a case are for the complaint "
                                "team."))
        return super(RealestateComplaint, self).check_mail_message_access(
            res_ids, operation, model_name=model_name)
