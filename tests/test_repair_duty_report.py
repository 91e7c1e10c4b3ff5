"""The printed duty roster (售后维修值班表, 004:119): a project's month, a line per
day with the person in charge and their phone (004:122), from the roster's Print
menu, in the reader's language, as the reader may read it."""
import io
from unittest import mock

from lxml import etree
from PyPDF2 import PdfFileReader

from odoo.exceptions import AccessError
from odoo.tools import config

from .common import ADDON
from .process_common import ProcessCase


class TestRepairDutyReport(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(TestRepairDutyReport, cls).setUpClass()
        contractor = cls.env["res.partner"].create(
            {"name": "测试总包建设有限公司", "is_company": True})
        cls.group = cls.env["realestate.repair.group"].create({
            "project_id": cls.project.id, "team_id": cls.team.id,
            "member_ids": [(0, 0, {"role": "general_contractor", "trade": "general",
                                   "partner_id": contractor.id})]})
        other = cls.env["realestate.project"].create({"name": "别处花园",
                                                      "code": "OTH"})
        cls.other_group = cls.env["realestate.repair.group"].create({
            "project_id": other.id, "team_id": cls.team.id})
        cls.engineer.partner_id.mobile = "13900001111"
        cls.head.partner_id.mobile = "13900002222"
        Duty = cls.env["realestate.repair.duty"]
        cls.duties = Duty
        for day, user, note in [("2026-11-02", cls.engineer, "带队上门"),
                                ("2026-11-03", cls.head, False),
                                ("2026-11-30", cls.engineer, False),
                                ("2026-12-01", cls.head, False)]:
            cls.duties |= Duty.create({"group_id": cls.group.id, "date": day,
                                       "user_id": user.id, "note": note})
        cls.elsewhere = Duty.create({"group_id": cls.other_group.id,
                                     "date": "2026-11-02",
                                     "user_id": cls.supervisor.id})
        cls.report = cls.env.ref(ADDON + ".action_report_repair_duty_roster")

    def pages(self, duties, user=None, lang="en_US"):
        html = self.report.with_user(user or self.operator).with_context(
            lang=lang).render_qweb_html(duties.ids)[0]
        tree = etree.fromstring(html, etree.HTMLParser())
        return tree.xpath("//div[contains(@class, 'o_repair_duty_roster')]")

    @staticmethod
    def lines(page):
        return [[" ".join(cell.xpath("string()").split()) for cell in row.xpath("td")]
                for row in page.xpath(".//tr[contains(@class, 'o_duty_line')]")]

    def test_a_month_a_line_per_day(self):
        """One day chosen prints its whole month: every day, the empty ones
        blank, the weekends marked; another project's roster not."""
        pages = self.pages(self.duties[0])
        self.assertEqual(len(pages), 1)
        lines = self.lines(pages[0])
        self.assertEqual(len(lines), 30)
        self.assertEqual(lines[0], ["2026-11-01", "Sunday", "", "", ""])
        self.assertEqual(lines[1], ["2026-11-02", "Monday", self.engineer.name,
                                    "13900001111", "带队上门"])
        self.assertEqual(lines[2][2:4], [self.head.name, "13900002222"])
        self.assertEqual(lines[29][:3], ["2026-11-30", "Monday", self.engineer.name])
        self.assertNotIn(self.supervisor.name, pages[0].xpath("string()"))
        weekend = pages[0].xpath(".//tr[contains(@class, 'o_weekend')]")
        self.assertEqual(len(weekend), 9)    # 4 Saturdays and 5 Sundays
        self.assertIn("November 2026", pages[0].xpath("string()"))
        self.assertIn(self.project.name, pages[0].xpath("string()"))

    def test_one_page_per_project_and_month(self):
        pages = self.pages(self.duties | self.elsewhere)
        self.assertEqual(len(pages), 3)
        months = [(page.xpath("string(.//*[contains(@class, 'o_duty_project')])"),
                   page.xpath("string(.//*[contains(@class, 'o_duty_month')])"))
                  for page in pages]
        self.assertEqual(months, [("别处花园", "November 2026"),
                                  ("测试花园", "November 2026"),
                                  ("测试花园", "December 2026")])
        self.assertEqual(len(self.lines(pages[2])), 31)

    def test_in_chinese(self):
        page = self.pages(self.duties[0], lang="zh_CN")[0]
        lines = self.lines(page)
        self.assertEqual(lines[1][:2], ["2026-11-02", "星期一"])
        self.assertIn("2026年11月", page.xpath("string()"))

    def test_who_prints_it(self):
        """Whoever reads the roster prints it (004:119: every party follows it);
        a user without a complaints role does not."""
        for user in (self.operator, self.engineer, self.supervisor):
            self.assertEqual(len(self.pages(self.duties[0], user=user)), 1)
        with self.assertRaises(AccessError):
            self.pages(self.duties[0], user=self.employee)

        def printable(user):
            bindings = self.env["ir.actions.actions"].with_user(user).get_bindings(
                "realestate.repair.duty")
            return {action["report_name"] for action in bindings["report"]}
        for user in (self.operator, self.engineer):
            self.assertIn(ADDON + ".report_repair_duty_roster", printable(user))
        self.assertNotIn(ADDON + ".report_repair_duty_roster",
                         printable(self.employee))

    def test_pdf(self):
        """A real PDF: the month on one page, Chinese in a CJK font."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9")
        with mock.patch.dict(config.options, {"test_report_directory": "/tmp"}):
            content, kind = self.report.with_user(self.operator).with_context(
                lang="zh_CN").render_qweb_pdf(self.duties.ids)
        self.assertEqual(kind, "pdf")
        pdf = PdfFileReader(io.BytesIO(content))
        self.assertEqual(pdf.getNumPages(), 2)
        fonts = {str(font.getObject()["/BaseFont"]) for page in pdf.pages
                 for font in page["/Resources"].getObject().get("/Font", {}).values()}
        self.assertTrue(any("NotoSansCJK" in font for font in fonts), fonts)
