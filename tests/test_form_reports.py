"""The printed forms (R40): the complaint register and handling sheet, the
follow-up table, the callback record with the customer's signature (R29), the
investigation report (R13) and the supervision order (R19), printed for the demo
cases as HTML and as PDF, in English and in Chinese, one form per record, and
refused to a role that may not read what they print (R39)."""
import io
from unittest import mock

import pytz
from lxml import etree
from PyPDF2 import PdfFileReader

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import config

from .common import ADDON, ComplaintCase

REPORTS = {
    "register": "action_report_complaint_register",
    "handling_sheet": "action_report_complaint_handling_sheet",
    "followup": "action_report_complaint_followup",
    "investigation": "action_report_complaint_investigation",
    "callbacks": "action_report_complaint_callbacks",
    "callback": "action_report_callback_record",
    "case_order": "action_report_complaint_supervision_order",
    "order": "action_report_supervision_order",
}


class TestFormReports(ComplaintCase):

    @classmethod
    def setUpClass(cls):
        super(TestFormReports, cls).setUpClass()
        ref = cls.env.ref
        # Demo cases (demo/realestate_complaint_process_demo.xml): P4 has four
        # follow-ups and its investigation report; P6 two callbacks, the first by
        # phone, the second on site with the customer's signature; P7b (from the
        # regulator, level 1) its supervision order; P5 a callback still planned.
        cls.p4 = ref(ADDON + ".complaint_p4_demo")
        cls.p5 = ref(ADDON + ".complaint_p5_demo")
        cls.p6 = ref(ADDON + ".complaint_p6_demo")
        cls.p7b = ref(ADDON + ".complaint_p7b_demo")
        cls.engineer = ref(ADDON + ".user_engineer_demo")
        cls.department = cls._create_user("t_department", "group_complaint_department")

    def report(self, key):
        return self.env.ref("%s.%s" % (ADDON, REPORTS[key]))

    def html(self, key, records, user=None, lang="en_US"):
        """The report as the user sees it in the browser: one tree per form."""
        report = self.report(key).with_user(user or self.supervisor).with_context(
            lang=lang)
        content = report.render_qweb_html(records.ids)[0]
        tree = etree.fromstring(content, etree.HTMLParser())
        return tree.xpath("//div[contains(@class, 'o_complaint_form')]")

    @staticmethod
    def text(node, css_class=None):
        if css_class:
            found = node.xpath(".//*[contains(concat(' ', @class, ' '), ' %s ')]"
                               % css_class)
            node = found[0] if found else None
        return " ".join(" ".join(node.itertext()).split()) if node is not None else ""

    @staticmethod
    def local(value, fmt="%Y-%m-%d %H:%M"):
        """A stored UTC datetime as the forms print it: in the company's time zone
        (Asia/Shanghai in demo)."""
        moment = pytz.utc.localize(fields.Datetime.from_string(value))
        return moment.astimezone(pytz.timezone("Asia/Shanghai")).strftime(fmt)

    # The complaint register and the handling sheet (R2, R10-R17)
    def test_register(self):
        """R2: every registration item of the case; R10: the sign-for line."""
        case = self.p6
        forms = self.html("register", case)
        self.assertEqual(len(forms), 1)
        form = forms[0]
        self.assertEqual(self.text(form, "o_form_title"), "Complaint Register")
        self.assertEqual(self.text(form, "o_case_number"), case.name)
        self.assertEqual(self.text(form, "o_complainant"), case.partner_id.name)
        self.assertEqual(self.text(form, "o_unit"), case.unit_id.display_name)
        self.assertEqual(self.text(form, "o_date_received"),
                         self.local(case.date_received))
        self.assertEqual(self.text(form, "o_level"), "Level 2 (Group Risk)")
        body = self.text(form)
        for value in (case.partner_phone, case.contract_number, "Sales Centre",
                      case.demand_note, case.team_id.name, case.responsible_id.name,
                      "Signed for by the responsible person"):
            self.assertIn(value, body)
        self.assertIn("儿童游乐场", self.text(form, "o_description"))

    def test_handling_sheet(self):
        """R13-R16, R26: measures, the approved solution, the result, the
        customer's evaluation at the last callback."""
        case = self.p6
        form = self.html("handling_sheet", case)[0]
        self.assertEqual(self.text(form, "o_case_number"), case.name)
        self.assertEqual(self.text(form, "o_measures"),
                         " ".join(case.countermeasures.split()))
        self.assertIn(case.solution_ids[:1].description, self.text(form, "o_solution"))
        self.assertEqual(self.text(form, "o_result"),
                         " ".join(case.result_summary.split()))
        callback = self.text(form, "o_callback")
        self.assertIn("Very Satisfied", callback)
        self.assertIn("Problem solved", callback)

    # The follow-up table (R12, R15)
    def test_followup_table(self):
        """One line per follow-up, oldest first, with what was done, and blank
        lines to go on by hand."""
        case = self.p4
        followups = case.followup_ids.sorted(lambda f: (f.date, f.id))
        self.assertEqual(len(followups), 4)
        form = self.html("followup", case)[0]
        lines = form.xpath(".//tr[contains(@class, 'o_followup_line')]")
        self.assertEqual(len(lines), len(followups))
        for line, followup in zip(lines, followups):
            self.assertEqual(self.text(line, "o_followup_text"),
                             " ".join(followup.description.split()))
            self.assertIn(self.local(followup.date), self.text(line))
        self.assertIn("Site Visit", self.text(lines[1]))
        self.assertIn("把检测报告交给业主", self.text(lines[2]))
        self.assertTrue(form.xpath(".//tr[contains(@class, 'o_blank_line')]"))
        # A case without follow-ups prints the empty table.
        empty = self.html("followup", self.create_complaint())[0]
        self.assertFalse(empty.xpath(".//tr[contains(@class, 'o_followup_line')]"))

    # The callback record (R26-R33)
    def test_callbacks_of_a_case(self):
        """Every callback of the case, one form each; the signature image only on
        the one the customer signed on site (R29); a phone callback says so."""
        case = self.p6
        phone, on_site = case.callback_ids.sorted("sequence")
        self.assertEqual((phone.method, bool(phone.signature)), ("phone", False))
        self.assertEqual((on_site.method, bool(on_site.signature)), ("on_site", True))
        forms = self.html("callbacks", case)
        self.assertEqual(len(forms), 2)
        first, second = forms
        self.assertEqual(self.text(first, "o_callback_number"), "1")
        self.assertIn("(Phone callback)", self.text(first, "o_callback_method"))
        self.assertFalse(first.xpath(".//div[@class='o_complaint_signature']//img"))
        self.assertEqual(self.text(first, "o_new_problem"),
                         " ".join(phone.new_problem.split()))
        checked = first.xpath(".//td[contains(@class, 'o_satisfaction')]"
                              "/span[contains(@class, 'o_checked')]")
        self.assertEqual(len(checked), 1)
        self.assertEqual(self.text(checked[0].getnext()), "Dissatisfied")
        self.assertEqual(self.text(second, "o_callback_number"), "2")
        images = second.xpath(".//div[@class='o_complaint_signature']//img")
        self.assertEqual(len(images), 1)
        self.assertEqual(images[0].get("src"),
                         "data:image/png;base64," + on_site.signature.decode())
        checked = second.xpath(".//td[contains(@class, 'o_satisfaction')]"
                               "/span[contains(@class, 'o_checked')]")
        self.assertEqual([self.text(box.getnext()) for box in checked],
                         ["Very Satisfied"])
        self.assertEqual(self.text(second, "o_reviewed_by"),
                         on_site.reviewed_by_id.name)

    def test_callback_record_from_the_callback(self):
        """A callback printed on its own; a planned one is a blank form to fill in
        on site: nothing checked, no signature."""
        signed = self.p6.callback_ids.filtered("signature")
        forms = self.html("callback", signed)
        self.assertEqual(len(forms), 1)
        self.assertEqual(self.text(forms[0], "o_case_number"), self.p6.name)
        self.assertIn(" ".join(signed.customer_words.split()),
                      self.text(forms[0], "o_customer_words"))
        self.assertTrue(forms[0].xpath(".//div[@class='o_complaint_signature']//img"))
        planned = self.p5.callback_ids.filtered(lambda c: c.state == "planned")
        self.assertTrue(planned)
        form = self.html("callback", planned[:1])[0]
        self.assertEqual(self.text(form, "o_callback_state"), "Planned")
        self.assertFalse(form.xpath(".//span[contains(@class, 'o_checked')]"))
        self.assertFalse(form.xpath(".//div[@class='o_complaint_signature']"))

    def test_case_without_callback(self):
        with self.assertRaises(UserError):
            self.html("callbacks", self.create_complaint())

    # The investigation report (R13)
    def test_investigation_report(self):
        """The six items of the report, each in its cell."""
        case = self.p4
        form = self.html("investigation", case)[0]
        self.assertEqual(self.text(form, "o_form_title"),
                         "Complaint Investigation Report")
        for css_class, name in (
                ("o_cause", "investigation_cause"),
                ("o_course", "investigation_course"),
                ("o_party", "investigation_party"),
                ("o_conclusion", "investigation_conclusion"),
                ("o_countermeasures", "countermeasures"),
                ("o_preventive", "preventive_measures")):
            self.assertTrue(case[name])
            self.assertEqual(self.text(form, css_class), " ".join(case[name].split()),
                             name)

    # The supervision order (R19)
    def test_supervision_order(self):
        """From the order or from its case: the addressees by level, the copies,
        the order number, the instructions."""
        order = self.p7b.supervision_order_ids
        self.assertEqual(len(order), 1)
        self.assertTrue(order.addressee_ids)
        forms = self.html("order", order) + self.html("case_order", self.p7b)
        self.assertEqual(len(forms), 2)
        for form in forms:
            self.assertEqual(self.text(form, "o_form_number"), order.name)
            self.assertEqual(self.text(form, "o_case_number"), self.p7b.name)
            self.assertEqual(self.text(form, "o_level"), "Level 1 (Major)")
            self.assertEqual(self.text(form, "o_addressees"),
                             ", ".join(order.addressee_ids.mapped("name")))
            self.assertEqual(self.text(form, "o_copies"),
                             ", ".join(order.copy_ids.mapped("name")))
            self.assertIn(" ".join(order.instructions.split()),
                          self.text(form, "o_instructions"))
        # A case without an order (a consultation gets none, R19) prints none.
        with self.assertRaises(UserError):
            self.html("case_order", self.create_complaint(kind="consultation"))

    # Several records, languages, time zones
    def test_several_records_give_several_forms(self):
        cases = self.p4 | self.p6 | self.p7b
        for key in ("register", "handling_sheet", "followup", "investigation"):
            forms = self.html(key, cases)
            self.assertEqual([self.text(form, "o_case_number") for form in forms],
                             cases.mapped("name"), key)
        callbacks = self.html("callbacks", cases)
        self.assertEqual(len(callbacks), len(cases.mapped("callback_ids")))

    def test_chinese(self):
        """In zh_CN the labels, the selections and the title are Chinese; the case
        data is printed as it is."""
        form = self.html("register", self.p6, lang="zh_CN")[0]
        self.assertEqual(self.text(form, "o_form_title"), "投诉登记表")
        body = self.text(form)
        for text in ("受理时间", "投诉人", "房号", "直接责任人签收", "售楼处",
                     self.p6.name, self.p6.partner_id.name):
            self.assertIn(text, body)
        self.assertNotIn("Complaint Register", body)
        self.assertEqual(self.text(form, "o_level"), "二级（群诉风险）")
        callback = self.html("callbacks", self.p6, lang="zh_CN")[0]
        self.assertEqual(self.text(callback, "o_form_title"), "回访记录表")
        self.assertIn("（电话回访）", self.text(callback, "o_callback_method"))
        order = self.html("case_order", self.p7b, lang="zh_CN")[0]
        self.assertEqual(self.text(order, "o_form_title"), "客户投诉处理督办令")
        followup = self.html("followup", self.p4, lang="zh_CN")[0]
        self.assertEqual(self.text(followup, "o_form_title"),
                         "客户意见与投诉处理跟进表")
        investigation = self.html("investigation", self.p4, lang="zh_CN")[0]
        self.assertIn("投诉调查报告", self.text(investigation, "o_form_title"))

    def test_chinese_user(self):
        """Without a language in the context, the printing user's."""
        self.supervisor.lang = "zh_CN"
        report = self.report("register").with_user(self.supervisor).with_context(
            lang=None)
        content = report.render_qweb_html(self.p6.ids)[0].decode()
        self.assertIn("投诉登记表", content)

    def test_company_time_zone(self):
        """Times print in the company's complaint time zone whoever prints."""
        self.supervisor.tz = "Europe/Paris"
        self.p6.company_id.complaint_tz = "America/New_York"
        form = self.html("register", self.p6)[0]
        moment = pytz.utc.localize(fields.Datetime.from_string(self.p6.date_received))
        self.assertEqual(
            self.text(form, "o_date_received"),
            moment.astimezone(pytz.timezone("America/New_York")).strftime(
                "%Y-%m-%d %H:%M"))
        self.assertIn("(America/New_York)", self.text(form, "o_printed_on"))

    # Access (R39)
    def test_roles_without_access(self):
        """Reports render as the user: who may not read the records gets an
        access error, whatever the menu shows."""
        # Operators may not read supervision orders.
        with self.assertRaises(AccessError):
            self.html("case_order", self.p7b, user=self.operator)
        order = self.p7b.supervision_order_ids
        with self.assertRaises(AccessError):
            self.html("order", order, user=self.operator)
        # An employee outside the complaint roles reads no case and no callback.
        for key, records in (("callbacks", self.p6), ("callback", self.p6.callback_ids),
                             ("register", self.p6)):
            with self.assertRaises(AccessError):
                self.html(key, records, user=self.employee)
        # A department reads the callbacks of its own cases only.
        with self.assertRaises(AccessError):
            self.html("callbacks", self.p6, user=self.department)
        with self.assertRaises(AccessError):
            self.html("callback", self.p6.callback_ids, user=self.department)
        self.assertEqual(len(self.html("callbacks", self.p6, user=self.engineer)), 2)
        # An operator prints the callbacks of an open case.
        self.assertEqual(len(self.html("callbacks", self.p6, user=self.operator)), 2)

    def test_print_menu_per_role(self):
        """The Print menu lists only the forms a role may read."""
        def printable(user, model):
            bindings = self.env["ir.actions.actions"].with_user(user).get_bindings(
                model)
            return {action["report_name"] for action in bindings["report"]}
        operator = printable(self.operator, "realestate.complaint")
        self.assertIn(ADDON + ".report_complaint_register", operator)
        self.assertIn(ADDON + ".report_complaint_callbacks", operator)
        self.assertNotIn(ADDON + ".report_complaint_supervision_order", operator)
        agent = printable(self.agent, "realestate.complaint")
        self.assertTrue({ADDON + ".report_complaint_supervision_order",
                         ADDON + ".report_complaint_handling_sheet",
                         ADDON + ".report_complaint_followup",
                         ADDON + ".report_complaint_investigation"} <= agent)
        orders = printable(self.department, "realestate.complaint.supervision.order")
        self.assertIn(ADDON + ".report_supervision_order", orders)
        self.assertIn(ADDON + ".report_callback_record",
                      printable(self.operator, "realestate.complaint.callback"))

    # PDF
    def test_pdf_under_test_mode(self):
        """Under --test-enable without a test report directory Odoo 11 renders
        HTML instead of calling wkhtmltopdf (ir_actions_report.render_qweb_pdf)."""
        if config["test_report_directory"]:
            self.skipTest("a test report directory is set: wkhtmltopdf runs")
        content, kind = self.report("register").with_user(
            self.supervisor).render_qweb_pdf(self.p6.ids)
        self.assertEqual(kind, "html")
        self.assertFalse(content.startswith(b"%PDF"))
        self.assertIn(self.p6.name.encode(), content)

    def test_pdf(self):
        """A real PDF of every form: one page per form for these cases, Chinese in
        a CJK font (no missing glyphs), several records in one file."""
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        # wkhtmltopdf loads the style sheets from this address: not the web
        # server of another database.
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9")
        cases = self.p4 | self.p6
        order = self.p7b.supervision_order_ids
        jobs = [("register", cases, 2), ("handling_sheet", cases, 2),
                ("followup", self.p4, 1), ("investigation", self.p4, 1),
                ("callbacks", self.p6, 2), ("callback", self.p6.callback_ids[:1], 1),
                ("case_order", self.p7b, 1), ("order", order, 1)]
        with mock.patch.dict(config.options, {"test_report_directory": "/tmp"}):
            for key, records, pages in jobs:
                content, kind = self.report(key).with_user(
                    self.supervisor).with_context(lang="zh_CN").render_qweb_pdf(
                    records.ids)
                self.assertEqual(kind, "pdf", key)
                self.assertTrue(content.startswith(b"%PDF"), key)
                pdf = PdfFileReader(io.BytesIO(content))
                self.assertEqual(pdf.getNumPages(), pages, key)
                fonts = set()
                for page in pdf.pages:
                    resources = page["/Resources"].getObject()
                    for font in resources.get("/Font", {}).values():
                        fonts.add(str(font.getObject()["/BaseFont"]))
                self.assertTrue(any("NotoSansCJK" in font for font in fonts),
                                "%s: %s" % (key, fonts))

    def test_one_document_without_patched_qt(self):
        """A wkhtmltopdf without patched Qt takes one input document and ignores
        header and footer files: the forms go into one document, each with its
        company header and footer, each from a new page."""
        Report = self.env["ir.actions.report"]
        html = Report._one_document(
            "<html><body><main>"
            "<div class='header'><p>H1</p></div>"
            "<div class='article o_report_layout_standard'><p>A1</p></div>"
            "<div class='footer'><p>F1</p><div>Page: <span class='page'/> / "
            "<span class='topage'/></div></div>"
            "<div class='header'><p>H2</p></div>"
            "<div class='article'><p>A2</p></div>"
            "<div class='footer'><p>F2</p></div>"
            "</main></body></html>")
        root = etree.fromstring(html, etree.HTMLParser())
        articles = root.xpath("//div[contains(concat(' ', @class, ' '), ' article ')]")
        self.assertEqual(len(articles), 1)
        self.assertFalse(root.xpath("//div[@class='header' or @class='footer']"))
        documents = articles[0].xpath("./div[contains(@class, 'o_complaint_document')]")
        self.assertEqual(["".join(d.itertext()) for d in documents],
                         ["H1A1F1", "H2A2F2"])
        self.assertIn("o_report_layout_standard", documents[0].get("class"))
        self.assertIsNone(documents[0].get("style"))
        self.assertIn("page-break-before", documents[1].get("style"))
        self.assertEqual(root.get("data-report-margin-top"), "12")
        args = Report._build_wkhtmltopdf_args(
            self.env.ref("%s.paperformat_complaint_form" % ADDON), False,
            {"data-report-margin-bottom": "12"})
        self.assertEqual(args[args.index("--margin-bottom") + 1], "12")
