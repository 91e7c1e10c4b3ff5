import xmlrpc.client

from odoo import api, models

from .realestate_complaint_mail_gateway import CASE_MODEL

# Context key: the message as received, for the Rejected Emails' originals (a message
# Python regenerates from its parse is not byte for byte the one received).
SOURCE_KEY = "complaint_mail_source"


class MailThread(models.AbstractModel):
    """Incoming email on its way to a complaint passes the complaint gateway's
    checks (R1, R39; ``realestate.complaint.mail.gateway`` in
    realestate_complaint_mail_gateway.py).

    Odoo 11 routes a message on ``mail.thread`` whatever model it ends at (fetchmail
    and the mailgate script call ``mail.thread.message_process``), so the hook is
    here: routes to other models are left as they are.
    """

    _inherit = "mail.thread"

    @api.model
    def message_process(self, model, message, custom_values=None,
                        save_original=False, strip_attachments=False,
                        thread_id=None):
        source = message
        if isinstance(source, xmlrpc.client.Binary):
            source = bytes(source.data)
        elif isinstance(source, str):
            source = source.encode("utf-8")
        return super(MailThread, self.with_context(**{SOURCE_KEY: source})).\
            message_process(model, message, custom_values=custom_values,
                            save_original=save_original,
                            strip_attachments=strip_attachments, thread_id=thread_id)

    @api.model
    def message_parse(self, message, save_original=False):
        message_dict = super(MailThread, self).message_parse(
            message, save_original=save_original)
        if "\x00" in (message_dict.get("message_id") or ""):
            # Odoo looks the Message-Id up before routing, and PostgreSQL refuses
            # NUL: the message would raise before the gateway could keep it.
            message_dict["message_id"] = message_dict["message_id"].replace("\x00", "")
        return message_dict

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None,
                      custom_values=None):
        # What the gateway writes speaks the language of whoever runs it.
        Gateway = self.env["realestate.complaint.mail.gateway"].with_context(
            lang=self.env.lang or self.env.user.lang)
        if Gateway._screen_control_chars(message, message_dict) or \
                Gateway._screen_bounce(message, message_dict):
            return []
        routes = super(MailThread, self).message_route(
            message, message_dict, model=model, thread_id=thread_id,
            custom_values=custom_values)
        checked = []
        for route in routes:
            if route and route[0] == CASE_MODEL:
                route = Gateway._check_route(message, message_dict, route)
            if route:
                checked.append(route)
        return checked

    @api.model
    def message_route_process(self, message, message_dict, routes):
        # The source is for the routing only: not carried into the records made.
        return super(MailThread, self.with_context(**{SOURCE_KEY: None})).\
            message_route_process(message, message_dict, routes)
