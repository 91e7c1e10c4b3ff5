"""Canned replies of complaint agents on Odoo 11's ``mail.shortcode``.

Standard customer-service phrases (标准客户服务用语, 002:581; 用语礼貌, 000:490):
the chatter's composer offers every *Canned Response* shortcode after a colon
(``:ack``) and inserts its text, so agents get them where they write to the
customer with no code of ours in the web client.

One record per reply and language, not a translated text: in Odoo 11
``substitution`` is a plain, untranslated Text column that the web client loads once
per session (``/mail/client_action``, ``search_read`` in the user's language), so a
translated text would always come out in the agent's own language, while the reply
must be in the customer's (a Chinese agent answering an English-speaking owner).
The shortcuts say the language (``zh-ack``, ``en-ack``): typing ``:ack`` offers
both. Making a core column translatable would also change every other shortcode of
the database (the smileys).

Everyone reads them (the composer does, as the system); only agents and supervisors
change the complaint replies (record rules): stock Odoo lets every employee edit
any shortcode, which stays so for the others.
"""
from odoo import fields, models

# The languages of the replies: a fixed list, not the installed languages, so that
# the shipped replies load on a database without Chinese installed.
REPLY_LANGS = [("zh_CN", "Chinese (Simplified)"), ("zh_TW", "Chinese (Traditional)"),
               ("en_US", "English")]


class MailShortcode(models.Model):
    _inherit = "mail.shortcode"

    complaint_reply = fields.Boolean(
        index=True,
        help="A canned reply of the complaint agents: only agents and supervisors "
        "change it.")
    lang = fields.Selection(
        REPLY_LANGS, string="Language",
        help="The language of the reply: choose the customer's.")

    def write(self, vals):
        """Odoo 11 checks the write rules before a write only: turning one's own
        shortcode into a complaint reply is checked after it too."""
        result = super(MailShortcode, self).write(vals)
        if "complaint_reply" in vals:
            self.check_access_rule("write")
        return result
