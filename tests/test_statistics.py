"""Periodic statistics (R37, R38): the figures against counts made independently,
periods and time zones, who may ask, and the printed and spreadsheet forms."""
import base64
import io
import zipfile
from collections import Counter
from datetime import date

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from odoo.addons.realestate_complaint.tools.periods import (
    period_bounds, previous_bounds)

from .process_common import ProcessCase


@at_install(False)
@post_install(True)
class TestStatistics(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(TestStatistics, cls).setUpClass()
        cls.Statistics = cls.env["realestate.complaint.statistics"]
        cls.Wizard = cls.env["realestate.complaint.statistics.wizard"]
        cls.company = cls.env.user.company_id
        cls.company.complaint_tz = "Asia/Shanghai"
        # October 2026 in the test project, September before it (UTC moments; the
        # company's day starts at 16:00 UTC the day before).
        cases = {
            "A": dict(kind="complaint", channel="hotline",
                      received="2026-10-05 02:00:00",
                      resolved="2026-10-08 03:00:00", days=2.0,
                      closed="2026-10-20 03:00:00", decision="level"),
            "B": dict(kind="repair", channel="wechat",
                      received="2026-09-30 17:00:00",
                      resolved="2026-10-10 03:00:00", days=5.0, decision="sampled"),
            "C": dict(kind="complaint", channel="hotline",
                      received="2026-10-15 03:00:00",
                      resolved="2026-10-16 03:00:00", days=1.0, decision="not_sampled",
                      group=True),
            "D": dict(kind="complaint", channel="email",
                      received="2026-10-20 03:00:00"),
            "E": dict(kind="complaint", channel="hotline",
                      received="2026-09-10 03:00:00",
                      resolved="2026-09-12 03:00:00", days=10.0,
                      closed="2026-09-15 03:00:00", decision="anonymous"),
            "F": dict(kind="repair", channel="hotline",
                      received="2026-09-30 15:00:00"),
        }
        cls.cases = {}
        for key, spec in sorted(cases.items()):
            case = cls.Complaint.create(cls.complaint_vals(
                kind=spec["kind"], channel=spec["channel"],
                demand="repair" if spec["kind"] == "repair" else "apology"))
            cls.cases[key] = case
            cls.env.cr.execute("""
                UPDATE realestate_complaint
                   SET date_received = %s, date_resolved = %s, resolution_days = %s,
                       date_closed = %s, callback_decision = %s, is_group_risk = %s
                 WHERE id = %s""", (
                spec["received"], spec.get("resolved"), spec.get("days"),
                spec.get("closed"), spec.get("decision"), spec.get("group", False),
                case.id))
        cls.env.cr.execute("UPDATE realestate_complaint SET repeat_of_id = %s "
                           "WHERE id = %s", (cls.cases["A"].id, cls.cases["C"].id))
        # Deadlines as the period saw them: met, met late, breached, met.
        ids = [case.id for case in cls.cases.values()]
        cls.env.cr.execute("DELETE FROM realestate_complaint_deadline "
                           "WHERE complaint_id IN %s", (tuple(ids),))
        for key, target, deadline, done, status in [
                ("A", "resolve", "2026-10-10 09:00:00", "2026-10-08 03:00:00", "met"),
                ("B", "resolve", "2026-10-09 09:00:00", "2026-10-10 03:00:00",
                 "met_late"),
                ("C", "resolve", "2026-10-20 09:00:00", None, "breached"),
                ("D", "acknowledge", "2026-10-21 09:00:00", "2026-10-20 05:00:00",
                 "met"),
                ("E", "resolve", "2026-09-14 09:00:00", "2026-09-12 03:00:00", "met")]:
            cls.env.cr.execute("""
                INSERT INTO realestate_complaint_deadline (
                    complaint_id, target, date_start, date_at_risk, date_deadline,
                    date_done, status)
                VALUES (%s, %s, %s, %s, %s, %s, %s)""", (
                cls.cases[key].id, target, deadline, deadline, deadline, done, status))
        for key, satisfaction, done in [("A", "5", "2026-10-09 03:00:00"),
                                        ("B", "4", "2026-10-12 03:00:00"),
                                        ("C", "2", "2026-10-17 03:00:00"),
                                        ("E", "3", "2026-09-13 03:00:00")]:
            cls.env.cr.execute("""
                INSERT INTO realestate_complaint_callback (
                    complaint_id, sequence, state, user_id, satisfaction, date_done,
                    company_id)
                VALUES (%s, 1, 'done', %s, %s, %s, %s)""", (
                cls.cases[key].id, cls.agent.id, satisfaction, done, cls.company.id))
        cls.Complaint.invalidate_cache()

    def october(self, **kwargs):
        return self.Statistics._report(
            "month", date(2026, 10, 1), date(2026, 10, 31), self.company,
            kwargs.get("projects", self.project), kwargs.get("teams"))

    def test_figures_of_a_month_and_the_month_before(self):
        report = self.october()
        now, then = report["current"], report["previous"]
        self.assertEqual((report["previous_from"], report["previous_to"]),
                         (date(2026, 9, 1), date(2026, 9, 30)))
        # B came in at 01:00 on 1 October in Shanghai, F at 23:00 on 30 September.
        self.assertEqual((now["received"], then["received"]), (4, 2))
        self.assertEqual((now["closed"], then["closed"]), (1, 1))
        self.assertEqual((now["open"], then["open"]), (4, 1))
        self.assertEqual((now["repeat"], now["group"]), (1, 1))
        self.assertEqual(now["resolved"], 3)
        self.assertEqual(now["resolution_avg"], 2.67)
        # percentile_cont over 1, 2, 5: 2 + 0.8 * (5 - 2).
        self.assertAlmostEqual(now["resolution_p90"], 4.4)
        self.assertAlmostEqual(then["resolution_avg"], 10.0)
        self.assertEqual(now["breakdowns"]["kind"], {"complaint": 3, "repair": 1})
        self.assertEqual(then["breakdowns"]["kind"], {"complaint": 1, "repair": 1})
        self.assertEqual(now["breakdowns"]["channel"],
                         {"hotline": 2, "wechat": 1, "email": 1})
        self.assertEqual(now["breakdowns"]["project"], {str(self.project.id): 4})
        self.assertEqual(now["breakdowns"]["team"], {None: 4})

    def test_sla_compliance_callbacks_and_satisfaction(self):
        report = self.october()
        now, then = report["current"], report["previous"]
        self.assertEqual(now["sla"]["resolve"], {
            "met": 1, "late": 1, "breached": 1, "pending": 0, "compliance": 33.3})
        self.assertEqual(now["sla"]["acknowledge"]["compliance"], 100.0)
        self.assertEqual(then["sla"]["resolve"]["compliance"], 100.0)
        # The anonymous case E is not counted against the rate (R31).
        self.assertEqual(now["callbacks"]["complaint"], {
            "resolved": 2, "chosen": 1, "done": 2, "rate": 50.0, "target": 50.0})
        self.assertEqual(now["callbacks"]["repair"]["rate"], 100.0)
        self.assertEqual(now["callbacks"]["repair"]["target"], 30.0)
        self.assertFalse(then["callbacks"])
        self.assertEqual(now["callbacks_done"], 3)
        self.assertEqual({k: v["count"] for k, v in now["satisfaction"].items()},
                         {"5": 1, "4": 1, "2": 1})
        self.assertEqual(now["satisfied_share"], 66.7)
        self.assertEqual(then["satisfaction"]["3"]["count"], 1)

    def test_cases_of_earlier_periods_still_counted(self):
        """Issue 17: the figures read only the cases received, closed or resolved
        since the period's start, or not closed. A case received before the
        period and closed after it is open at the end of the period and of the
        one before; one received and closed before the period but resolved in it
        counts as resolved there, with its resolution time."""
        before = self.october()
        across, late = [self.Complaint.create(self.complaint_vals(
            kind="complaint", channel="hotline", demand="apology"))
            for _i in range(2)]
        self.env.cr.execute("""
            UPDATE realestate_complaint
               SET date_received = '2026-09-05 03:00:00',
                   date_closed = '2026-11-03 03:00:00'
             WHERE id = %s""", (across.id,))
        self.env.cr.execute("""
            UPDATE realestate_complaint
               SET date_received = '2026-08-10 03:00:00',
                   date_closed = '2026-09-20 03:00:00',
                   date_resolved = '2026-10-02 03:00:00', resolution_days = 3.0
             WHERE id = %s""", (late.id,))
        self.Complaint.invalidate_cache()
        after = self.october()
        now, then = after["current"], after["previous"]
        self.assertEqual((now["open"], then["open"]),
                         (before["current"]["open"] + 1,
                          before["previous"]["open"] + 1))
        self.assertEqual((now["closed"], then["closed"]),
                         (before["current"]["closed"],
                          before["previous"]["closed"] + 1))
        self.assertEqual((now["received"], then["received"]),
                         (before["current"]["received"],
                          before["previous"]["received"] + 1))
        self.assertEqual(now["resolved"], before["current"]["resolved"] + 1)
        # 1, 2, 3, 5 working days.
        self.assertEqual(now["resolution_avg"], 2.75)

    def test_top_issues_ties_by_the_period_before_then_by_name(self):
        """Issue 17: categories as often complained about come in a fixed order,
        not in the order PostgreSQL grouped them."""
        zeta, alpha, mu = [str(self.env["realestate.complaint.category"].create(
            {"name": name}).id) for name in ("Zeta", "Alpha", "Mu")]
        now = {"received": 9, "breakdowns": {"category": {zeta: 3, alpha: 3, mu: 3}}}
        then = {"received": 1, "breakdowns": {"category": {mu: 1}}}
        top = self.Statistics._top_issues(now, then)
        self.assertEqual([row["label"] for row in top], ["Mu", "Alpha", "Zeta"])

    def test_a_department_narrows_the_figures(self):
        self.env.cr.execute(
            "UPDATE realestate_complaint SET team_id = %s WHERE id IN %s",
            (self.team.id, (self.cases["A"].id, self.cases["D"].id)))
        self.Complaint.invalidate_cache()
        report = self.october(teams=self.team)
        self.assertEqual(report["current"]["received"], 2)
        self.assertEqual(report["current"]["breakdowns"]["team"],
                         {str(self.team.id): 2})
        rows = {row["label"]: row for row in report["breakdowns"][5]["rows"]}
        self.assertEqual(rows[self.team.name]["current"], 2)

    def test_the_whole_company_against_the_orm(self):
        """The current month of every case of the company (demo data included),
        counted by the ORM and Python instead of SQL aggregates."""
        today = date.today()
        first, last = period_bounds("month", today)
        report = self.Statistics._report("month", first, last, self.company)
        start, end = (report["current"]["_bounds"])
        # 002:815: the same complaint brought to another department counts once.
        received = self.Complaint.search([
            ("company_id", "=", self.company.id), ("date_received", ">=", start),
            ("date_received", "<", end), ("repeat_kind", "in", ("repeat", False)),
            # Issue 16: a merged second registration is not a case either.
            ("merged_into_id", "=", False)])
        self.assertEqual(report["current"]["received"], len(received))
        self.assertEqual(report["current"]["breakdowns"]["kind"],
                         dict(Counter(received.mapped("kind"))))
        self.assertEqual(report["current"]["breakdowns"]["category"],
                         dict(Counter(str(c.category_id.id) for c in received)))
        self.assertEqual(report["current"]["breakdowns"]["level"],
                         dict(Counter(c.level or None for c in received)))
        open_ = self.Complaint.search_count([
            ("company_id", "=", self.company.id), ("date_received", "<", end),
            "|", ("date_closed", "=", False), ("date_closed", ">=", end)])
        self.assertEqual(report["current"]["open"], open_)
        deadlines = self.env["realestate.complaint.deadline"].search([
            ("complaint_id.company_id", "=", self.company.id),
            ("date_deadline", ">=", start), ("date_deadline", "<", end)])
        breached = deadlines.filtered(
            lambda d: not d.date_done and d.date_deadline < report["current"]["_now"])
        self.assertEqual(
            sum(row["breached"] for row in report["current"]["sla"].values()),
            len(breached))
        top = report["top_issues"]
        self.assertEqual([row["current"] for row in top],
                         sorted((row["current"] for row in top), reverse=True))

    def test_periods(self):
        day = date(2026, 11, 25)   # a Wednesday
        self.assertEqual(period_bounds("week", day), (date(2026, 11, 23),
                                                      date(2026, 11, 29)))
        self.assertEqual(period_bounds("quarter", day), (date(2026, 10, 1),
                                                         date(2026, 12, 31)))
        self.assertEqual(previous_bounds("quarter", date(2026, 1, 1),
                                         date(2026, 3, 31)),
                         (date(2025, 10, 1), date(2025, 12, 31)))
        self.assertEqual(previous_bounds("week", date(2026, 11, 23),
                                         date(2026, 11, 29)),
                         (date(2026, 11, 16), date(2026, 11, 22)))
        self.assertEqual(previous_bounds("custom", date(2026, 3, 10),
                                         date(2026, 3, 19)),
                         (date(2026, 2, 28), date(2026, 3, 9)))
        wizard = self.Wizard.with_user(self.supervisor).create(
            {"period": "quarter", "date_reference": "2026-05-20"})
        self.assertEqual((wizard.date_from, wizard.date_to),
                         ("2026-04-01", "2026-06-30"))
        custom = self.Wizard.with_user(self.supervisor).create(
            {"period": "custom", "date_from": "2026-03-10", "date_to": "2026-03-19"})
        self.assertEqual(custom.date_to, "2026-03-19")

    def test_who_may_report(self):
        for user in (self.operator, self.agent, self.engineer):
            wizard = self.Wizard.with_user(user).create({"period": "month"})
            with self.assertRaises(AccessError):
                wizard._report_data()
        other = self.env["res.company"].create({"name": "别的公司"})
        wizard = self.Wizard.with_user(self.executive).create(
            {"period": "month", "company_id": other.id})
        with self.assertRaises(AccessError):
            wizard._report_data()
        wizard = self.Wizard.with_user(self.executive).create({"period": "month"})
        self.assertIn("current", wizard._report_data())

    def wizard(self, period="month", lang="zh_CN"):
        return self.Wizard.with_user(self.supervisor).with_context(lang=lang).create({
            "period": period, "date_reference": "2026-10-15",
            "project_ids": [(6, 0, self.project.ids)]})

    def test_printed_report_in_chinese(self):
        wizard = self.wizard("week")
        report = self.env.ref(
            "realestate_complaint.action_report_complaint_statistics")
        html = report.with_context(lang="zh_CN").render_qweb_html(wizard.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        for text in ("客户投诉处理周报表", "测试花园", "工程质量 / 渗漏", "受理"):
            self.assertTrue(text in html, "%s is not in the report" % text)
        month = self.wizard("month")
        html = report.with_context(lang="zh_CN").render_qweb_html(month.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        tree = etree.fromstring(html, etree.HTMLParser())
        summary = tree.xpath("//table[contains(@class, 'table-bordered')]")[0]
        first = [cell.text for cell in summary.xpath(".//tbody/tr[1]/td")]
        # Cases received: 4 this month, 2 the month before, +2.
        self.assertEqual(first[1:], ["4", "2", "+2"])

    def test_cases_without_a_value_in_chinese(self):
        """Cases without a department yet are a row of their own, labelled in the
        reader's language (printed "(none)" in a Chinese report before)."""
        from ..models.realestate_complaint_statistics import BREAKDOWNS
        empty = {key: {} for key, _column in BREAKDOWNS}
        current = {"breakdowns": dict(empty, team={None: 2, self.team.id: 1})}
        before = {"breakdowns": dict(empty, team={None: 1})}
        Statistics = self.Statistics.with_context(lang="zh_CN")
        team = [b for b in Statistics._merge_breakdowns(current, before)
                if b["key"] == "team"][0]
        self.assertEqual([(row["label"], row["current"], row["previous"])
                          for row in team["rows"]],
                         [(self.team.name, 1, 0), ("（无）", 2, 1)])

    def test_spreadsheet(self):
        wizard = self.wizard("month", lang="en_US")
        action = wizard.action_export_xlsx()
        self.assertIn("download=true", action["url"])
        self.assertTrue(wizard.xlsx_name.endswith(".xlsx"))
        book = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        strings = book.read("xl/sharedStrings.xml").decode()
        self.assertIn("Monthly Complaint Statistics", strings)
        self.assertIn("测试花园", strings)
        self.assertIn("Cases received", strings)
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        numbers = [cell.text for cell in sheet.iter(
            "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v")]
        self.assertIn("33.3", numbers)   # resolve compliance
        self.assertIn("4.4", numbers)    # 90th percentile resolution time

    def test_breaches_this_week(self):
        """The dashboard's week starts on the reader's Monday (R21, R25)."""
        Deadline = self.env["realestate.complaint.deadline"]
        action = Deadline.with_user(self.supervisor).with_context(
            tz="Asia/Shanghai")._action_breaches_this_week()
        found = Deadline.search(action["domain"])
        # The reader's today: on Sunday evening in UTC it is Monday in Shanghai.
        today = fields.Date.from_string(fields.Date.context_today(
            Deadline.with_context(tz="Asia/Shanghai")))
        monday = today.toordinal() - today.weekday()
        for deadline in Deadline.search([("status", "in", ("breached", "met_late"))]):
            local = fields.Datetime.context_timestamp(
                Deadline.with_context(tz="Asia/Shanghai"),
                fields.Datetime.from_string(deadline.date_deadline)).date()
            this_week = monday <= local.toordinal() < monday + 7
            self.assertEqual(deadline in found, this_week, deadline.date_deadline)
        # A deadline breached now is in this week's.
        case = self.cases["D"]
        now = fields.Datetime.now()
        Deadline.create({"complaint_id": case.id, "target": "resolve",
                         "date_start": now, "date_at_risk": now, "date_deadline": now,
                         "status": "breached"})
        found = Deadline.search(Deadline._action_breaches_this_week()["domain"])
        self.assertIn(case, found.mapped("complaint_id"))
