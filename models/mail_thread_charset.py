"""Chinese mail clients' charsets, read as they are meant (R1: complaints by email).

Mail clients label text "gb2312" (or "gbk") and write GBK characters that GB2312 lacks
(镕, 堃, most traditional characters, ...); some send 8-bit headers without any RFC 2047
encoding. Odoo 11 decodes such a subject with a fallback charset (mojibake, e.g.
"¹ØÓÚ") and such a body with replacement marks: what the customer wrote would be
silently changed. GB18030 is a superset of GB2312 and GBK (their bytes decode the
same), so every incoming email, whatever its model, is read with it: text parts labelled
with a GB charset, or with none but not valid UTF-8, and headers labelled GB or sent
as raw 8 bits (UTF-8 first, then GB18030).
"""
import email
import re
from email.message import Message

from odoo import api, models, tools
from odoo.tools import pycompat

GB_CHARSETS = ("gb2312", "gbk", "x-gbk", "cp936", "euc-cn", "x-euc-cn", "gb_2312-80")
_GB_ENCODED_WORD = re.compile(
    r"=\?(?:%s)\?" % "|".join(re.escape(c) for c in GB_CHARSETS), re.IGNORECASE)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
# message_parse's keys that come from a header.
_HEADER_KEYS = (("subject", "Subject"), ("from", "From"), ("email_from", "From"),
                ("to", "To"), ("cc", "Cc"))


def _has_surrogates(value):
    """Raw 8-bit header bytes, as Python's parser keeps them (surrogateescape)."""
    return any("\udc80" <= char <= "\udcff" for char in value)


def decode_raw_header(value):
    """A header value as written, decoded: encoded words labelled with a GB charset
    read as GB18030; raw 8-bit bytes as UTF-8, else GB18030."""
    value = _FOLD.sub("", value)
    if _has_surrogates(value):
        data = value.encode("ascii", "surrogateescape")
        for charset in ("utf-8", "gb18030"):
            try:
                return data.decode(charset)
            except UnicodeDecodeError:
                continue
        return data.decode("utf-8", "replace")
    return tools.decode_smtp_header(_GB_ENCODED_WORD.sub("=?gb18030?", value))


def _needs_gb18030(part):
    charset = part.get_content_charset()
    if charset:
        return charset in GB_CHARSETS
    payload = part.get_payload(decode=True) or b""
    try:
        payload.decode("utf-8")
        return False
    except UnicodeDecodeError:  # not UTF-8: GB18030 next; pylint: disable=except-pass
        pass
    try:
        payload.decode("gb18030")
        return True
    except UnicodeDecodeError:
        return False


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_parse(self, message, save_original=False):
        """Parse as Odoo does, with GB text parts relabelled GB18030 for the time of
        the parsing (the message is left as received) and GB or 8-bit headers
        decoded again."""
        if not isinstance(message, Message):
            message = email.message_from_string(pycompat.to_native(message))
        relabelled = []
        for part in message.walk():
            if part.get_content_maintype() == "text" and _needs_gb18030(part):
                relabelled.append((part, part.get("Content-Type")))
                part.set_param("charset", "gb18030")
        try:
            msg_dict = super(MailThread, self).message_parse(
                message, save_original=save_original)
        finally:
            for part, content_type in relabelled:
                if content_type is None:
                    del part["Content-Type"]
                else:
                    part.replace_header("Content-Type", content_type)
        raw_headers = {}
        for name, value in message.raw_items():
            raw_headers.setdefault(name.lower(), value)
        for key, name in _HEADER_KEYS:
            raw = raw_headers.get(name.lower())
            if raw and (_has_surrogates(raw) or _GB_ENCODED_WORD.search(raw)):
                msg_dict[key] = decode_raw_header(raw)
        return msg_dict
