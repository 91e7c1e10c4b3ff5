import logging
import re

import lxml.html

from odoo import _, api, fields, models
from odoo.tools import html_escape

_logger = logging.getLogger(__name__)

# Whitespace between two CJK characters or punctuation marks: a line break of the
# template's source, not a space of the text.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(r"(?<=[%s])\s+(?=[%s])" % (_CJK, _CJK))


class RealestateComplaint(models.Model):
    """R3: the customer is told the process and when the case is expected to be
    handled."""

    _inherit = "realestate.complaint"

    date_expected = fields.Datetime(
        string="Expected Handling By", compute="_compute_date_expected",
        help="The deadline to resolve the case (R18), as told to the customer.")

    @api.depends("deadline_ids.date_deadline")
    def _compute_date_expected(self):
        for complaint in self:
            complaint.date_expected = complaint.deadline_ids.filtered(
                lambda d: d.target == "resolve")[:1].date_deadline

    def action_acknowledge(self):
        """Send the acknowledgement (by email when there is an address, logged on
        the case either way) and move the case to *Acknowledged*."""
        acknowledged = self.env.ref("realestate_complaint.stage_acknowledged")
        template = self.env.ref("realestate_complaint.mail_template_acknowledgement")
        for complaint in self:
            complaint._tell_customer(template, _(
                "The customer was told the process and the expected handling time "
                "by phone (R3)."))
        self.filtered(lambda c: c.stage_id.sequence < acknowledged.sequence).write(
            {"stage_id": acknowledged.id})
        self.sudo()._complete_targets(["acknowledge"])
        return True

    def _acknowledge_or_note(self, note):
        """R3 at once for a case a channel registered by itself. The case stays
        registered whatever happens to its acknowledgement (a broken template, a
        receiver without an email address): the agent gets ``note`` instead."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.action_acknowledge()
        except Exception:  # pylint: disable=broad-except
            _logger.exception("Acknowledging %s failed.", self.name)
            self.sudo().message_post(body=html_escape(note), subtype="mail.mt_note")

    def _acknowledgement_text(self):
        """The acknowledgement as plain text in the reader's language, as the
        customer receives it: channels that answer at once (the intake API) read
        it out or show it (R3)."""
        self.ensure_one()
        template = self.env.ref(
            "realestate_complaint.mail_template_acknowledgement").with_context(
                lang=self.env.lang)
        body = template.render_template(template.body_html, self._name, self.id)
        # One line per paragraph, without the email's emphasis and line breaks
        # (none between Chinese characters).
        paragraphs = lxml.html.fragment_fromstring(
            body or "<div/>", create_parent="div").iter("p")
        return "\n".join(_CJK_GAP.sub("", " ".join(p.text_content().split()))
                         for p in paragraphs)
