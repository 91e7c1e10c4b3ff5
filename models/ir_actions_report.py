import logging
import subprocess

import lxml.html

from odoo import api, models
from odoo.addons.base.ir.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

ADDON = "realestate_complaint"
# Page margins (mm) of a PDF whose company header and footer print in the page
# body: no room to keep for them in the margins.
INLINE_MARGIN_TOP = 12
INLINE_MARGIN_BOTTOM = 12
_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' %s ')"

_patched_qt = None


def wkhtmltopdf_patched_qt():
    """Whether the wkhtmltopdf binary prints HTML headers and footers. Only the
    builds "with patched qt" (wkhtmltopdf.org's packages) do; Debian's ignores
    --header-html and --footer-html with a warning, and Odoo's reports then print
    no company header or footer at all."""
    global _patched_qt
    if _patched_qt is None:
        try:
            out = subprocess.run(
                [_get_wkhtmltopdf_bin(), "--version"], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, timeout=30).stdout
        except (OSError, IOError, subprocess.SubprocessError, TypeError):
            out = b""
        _patched_qt = b"patched qt" in out
        if not _patched_qt:
            _logger.info("wkhtmltopdf without patched Qt: the complaint reports "
                         "print the company header and footer in the page body.")
    return _patched_qt


class IrActionsReport(models.Model):
    """The addon's PDF reports (R37, R40) with a wkhtmltopdf built without patched
    Qt (Debian's). Such a build ignores header and footer files and takes one
    input document only: Odoo's reports then print without the company header
    and footer, and a print of several records gives an empty PDF. Here the
    header and footer (web.external_layout) move into the body of each document,
    the header above it, the footer below it (without its page numbers, which
    only a footer file can show), the documents go into one input, each from a
    new page, and the page margins shrink to what the body needs."""

    _inherit = "ir.actions.report"

    def _header_in_body(self):
        return self.report_name.startswith(ADDON + ".") and \
            not wkhtmltopdf_patched_qt()

    def _prepare_html(self, html):
        if self._header_in_body():
            html = self._one_document(html)
        return super(IrActionsReport, self)._prepare_html(html)

    @api.model
    def _one_document(self, html):
        """``html`` as one document (one div.article) holding each document with
        its header (the div.header before its div.article) and footer (the
        div.footer after it)."""
        root = lxml.html.fromstring(html)
        articles = root.xpath("//div[%s]" % (_HAS_CLASS % "article"))
        if not articles:
            return html
        for article in articles:
            header = article.getprevious()
            if header is not None and "header" in header.classes:
                block = lxml.html.Element("div", {"class": "o_complaint_inline_header"})
                block.extend(header)
                article.insert(0, block)
                header.getparent().remove(header)
            footer = article.getnext()
            if footer is not None and "footer" in footer.classes:
                for number in footer.xpath(".//span[%s]" % (_HAS_CLASS % "page")):
                    # "Page: x / y": the element holding the page numbers.
                    holder = number.getparent()
                    if holder is not None and holder.getparent() is not None:
                        holder.getparent().remove(holder)
                block = lxml.html.Element("div", {"class": "o_complaint_inline_footer"})
                block.extend(footer)
                article.append(block)
                footer.getparent().remove(footer)
        single = lxml.html.Element("div", {"class": "article"})
        articles[0].addprevious(single)
        for index, article in enumerate(articles):
            article.classes.discard("article")
            article.classes.add("o_complaint_document")
            if index:
                article.set("style", "page-break-before: always;")
            single.append(article)
        root.set("data-report-margin-top", str(INLINE_MARGIN_TOP))
        root.set("data-report-margin-bottom", str(INLINE_MARGIN_BOTTOM))
        return lxml.html.tostring(root, encoding="unicode")

    @api.model
    def _build_wkhtmltopdf_args(self, paperformat_id, landscape,
                                specific_paperformat_args=None,
                                set_viewport_size=False):
        """A bottom margin given by the document, like Odoo's top margin."""
        args = super(IrActionsReport, self)._build_wkhtmltopdf_args(
            paperformat_id, landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size)
        bottom = (specific_paperformat_args or {}).get("data-report-margin-bottom")
        if bottom and "--margin-bottom" in args:
            args[args.index("--margin-bottom") + 1] = str(bottom)
        return args
