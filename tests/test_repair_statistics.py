"""The monthly repair report and the assessment of the repair parties (004:121,
002:891, R36, R37): the figures of a month and the month before against counts
made by hand, the company's day, the score and its weights, the rank, who may ask,
and the printed and spreadsheet forms."""
import base64
import io
import zipfile
from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import at_install, post_install

from odoo.addons.realestate_complaint.tools.periods import period_bounds
from odoo.addons.realestate_complaint.models.realestate_repair_statistics import (
    _rates)

from .common import ADDON
from .test_repair_item import RepairItemCase

XLSX_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@at_install(False)
@post_install(True)
class TestRepairStatistics(RepairItemCase):
    @classmethod
    def setUpClass(cls):
        super(TestRepairStatistics, cls).setUpClass()
        cls.Statistics = cls.env["realestate.repair.statistics"]
        cls.Wizard = cls.env["realestate.repair.statistics.wizard"]
        cls.company = cls.env.user.company_id
        cls.company.complaint_tz = "Asia/Shanghai"
        cls.waterproofer = cls.party     # party A
        general = cls.env["res.partner"].create(
            {"name": "测试总包建设公司", "is_company": True})
        cls.general = cls.env["realestate.repair.group.member"].create({
            "group_id": cls.group.id, "role": "general_contractor",
            "trade": "general", "partner_id": general.id})     # party B
        cls.other_project = cls.env["realestate.project"].create(
            {"name": "别处花园", "code": "OTH"})
        cr = cls.env.cr
        # October 2024, September before it (UTC moments; the company's day
        # starts at 16:00 UTC the day before).
        cases = {
            "R1": ("repair", "2024-10-05 02:00:00", "met", None),
            "R2": ("repair", "2024-09-30 17:00:00", "met_late", None),
            "R3": ("repair", "2024-10-20 03:00:00", "breached", None),
            "R4": ("complaint", "2024-10-06 03:00:00", None, None),
            "R5": ("repair", "2024-09-10 03:00:00", "met", None),
            "R6": ("repair", "2024-09-30 15:00:00", "met", None),
            "X1": ("repair", "2024-10-08 03:00:00", "met", cls.other_project),
        }
        cls.cases = {}
        for key, (kind, received, onsite, project) in sorted(cases.items()):
            vals = cls.complaint_vals(kind=kind)
            if project:
                vals.update(unit_id=False, unit_unknown=True, project_id=project.id)
            case = cls.Complaint.create(vals)
            cls.cases[key] = case
            cr.execute("UPDATE realestate_complaint SET date_received = %s "
                       "WHERE id = %s", (received, case.id))
            case.invalidate_cache(["date_received"], case.ids)
            cr.execute("DELETE FROM realestate_complaint_deadline "
                       "WHERE complaint_id = %s", (case.id,))
            if onsite:
                cls.deadline(case, None, "onsite", onsite)
        # Items: (case, party, state, rectifications, arrived on time (None: no
        # arrival), repaired, deadline statuses per round).
        items = {
            "i1": ("R1", cls.waterproofer, "accepted", 0, True,
                   "2024-10-07 02:00:00", ["met"]),
            "i2": ("R1", cls.general, "accepted", 1, False,
                   "2024-10-11 02:00:00", ["met", "met_late"]),
            "i3": ("R2", cls.waterproofer, "done", 0, True,
                   "2024-10-04 17:00:00", ["met"]),
            "i4": ("R2", cls.waterproofer, "cancelled", 0, True,
                   "2024-10-04 17:00:00", []),
            "i5": ("R3", cls.team, "planned", 0, None, None, ["breached"]),
            "i6": ("R3", None, "draft", 0, None, None, []),
            "i7": ("R5", cls.general, "accepted", 0, True,
                   "2024-09-12 03:00:00", ["met"]),
            "i8": ("R6", cls.waterproofer, "accepted", 2, False,
                   "2024-10-02 15:00:00", ["met_late", "met_late", "met"]),
            "c1": ("R4", cls.waterproofer, "accepted", 0, True,
                   "2024-10-07 02:00:00", ["met"]),
            "x1": ("X1", cls.team, "accepted", 0, True, "2024-10-09 03:00:00",
                   ["met"]),
        }
        cls.items = {}
        for key, (case, party, state, rounds, on_time, repaired, statuses) in \
                sorted(items.items()):
            vals = {"complaint_id": cls.cases[case].id, "location": key,
                    "description": "渗水"}
            if party == cls.team:
                vals["team_id"] = cls.team.id
            elif party:
                vals["party_id"] = party.id
            item = cls.Item.create(vals)
            cls.items[key] = item
            cr.execute("""
                UPDATE realestate_repair_item
                   SET state = %s, rectification_count = %s, arrived_on_time = %s,
                       date_arrived = %s, date_repaired = %s
                 WHERE id = %s""", (
                state, rounds, bool(on_time),
                None if on_time is None else cls.cases[case].date_received,
                repaired, item.id))
            for round_, status in enumerate(statuses):
                cls.deadline(cls.cases[case], item, "repair", status, round_)
        # Callbacks made: R1 very satisfied, R2 dissatisfied, R5 satisfied; a
        # planned one of R3 is not an answer.
        for case, state, satisfaction in [("R1", "done", "5"), ("R2", "done", "2"),
                                          ("R5", "done", "4"),
                                          ("R3", "planned", None)]:
            cr.execute("""
                INSERT INTO realestate_complaint_callback (
                    complaint_id, sequence, state, user_id, satisfaction, date_done,
                    company_id)
                VALUES (%s, 1, %s, %s, %s, %s, %s)""", (
                cls.cases[case].id, state, cls.agent.id, satisfaction,
                "2024-10-25 03:00:00" if state == "done" else None, cls.company.id))
        cls.env.clear()

    @classmethod
    def deadline(cls, case, item, target, status, round_=0):
        moment = case.date_received
        cls.env.cr.execute("""
            INSERT INTO realestate_complaint_deadline (
                complaint_id, target, date_start, date_at_risk, date_deadline,
                date_done, status, repair_item_id, repair_round)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""", (
            case.id, target, moment, moment, moment,
            None if status == "breached" else moment, status,
            item.id if item else None, round_))

    def october(self, projects=None):
        return self.Statistics._report(
            date(2024, 10, 1), date(2024, 10, 31), self.company,
            projects if projects is not None else self.project)

    def row_of(self, report, party, month="current"):
        kind = "team" if party == self.team else "member"
        return report[month]["parties"].get((self.project.id, kind, party.id))

    def test_figures_of_the_project_this_month_and_the_month_before(self):
        report = self.october()
        now, then = report["current"]["total"], report["previous"]["total"]
        self.assertEqual((report["previous_from"], report["previous_to"]),
                         (date(2024, 9, 1), date(2024, 9, 30)))
        # R2 came in at 01:00 on 1 October in Shanghai, R6 at 23:00 on 30
        # September; R4 is a complaint, X1 of another project.
        self.assertEqual((now["cases"], then["cases"]), (3, 2))
        self.assertEqual((now["onsite_met"], now["onsite_late"],
                          now["onsite_breached"], now["onsite_rate"]),
                         (1, 1, 1, 33.3))
        self.assertEqual(then["onsite_rate"], 100.0)
        # The cancelled item counts nowhere; the one nobody answers for yet does
        # in the project's items.
        self.assertEqual(now["items"], 5)
        self.assertEqual((now["arrived"], now["arrived_on_time"],
                          now["arrival_rate"]), (3, 2, 66.7))
        self.assertEqual((now["reviewed"], now["passed_first"], now["pass_rate"]),
                         (2, 1, 50.0))
        self.assertEqual(now["rectifications"], 1)
        # i1 2 days, i2 6 days, i3 4 days (repaired, not yet accepted).
        self.assertEqual(now["days_avg"], 4.0)
        self.assertEqual((now["plan_met"], now["plan_late"], now["plan_breached"],
                          now["plan_rate"]), (3, 1, 1, 60.0))
        self.assertEqual((now["callbacks"], now["satisfied_share"],
                          now["satisfaction_avg"]), (2, 50.0, 3.5))
        self.assertEqual((then["items"], then["rectifications"], then["pass_rate"]),
                         (2, 2, 50.0))
        self.assertEqual(list(report["current"]["projects"]), [self.project.id])

    def test_figures_and_score_of_each_party(self):
        report = self.october()
        a = self.row_of(report, self.waterproofer)
        self.assertEqual((a["requests"], a["items"], a["arrival_rate"],
                          a["pass_rate"], a["rectifications"], a["days_avg"],
                          a["plan_rate"], a["satisfied_share"]),
                         (2, 2, 100.0, 100.0, 0, 3.0, 100.0, 50.0))
        # 30 + 30 + 20 + 20 x 50%.
        self.assertEqual((a["score"], a["rank"]), (90.0, 1))
        b = self.row_of(report, self.general)
        self.assertEqual((b["items"], b["arrival_rate"], b["pass_rate"],
                          b["plan_rate"], b["satisfied_share"]),
                         (1, 0.0, 0.0, 50.0, 100.0))
        # 20 x 50% + 20 x 100%, less 2 points for its second rectification.
        self.assertEqual((b["score"], b["rank"]), (28.0, 2))
        # The department has a breached plan date and nothing else: scored on it.
        team = self.row_of(report, self.team)
        self.assertEqual((team["items"], team["arrival_rate"], team["plan_rate"],
                          team["satisfied_share"]), (1, None, 0.0, None))
        self.assertEqual((team["score"], team["rank"]), (0.0, 3))
        self.assertEqual(len(report["current"]["parties"]), 3)
        # The parties' items add up to the project's, less the unassigned one.
        self.assertEqual(sum(row["items"] for row in
                             report["current"]["parties"].values()),
                         report["current"]["total"]["items"] - 1)
        # September: B did everything right; A failed twice and no callback was
        # made, so its other weights share the satisfaction's points:
        # 20 x 1/3 / 80 x 100, less 2 x 2.
        self.assertEqual(self.row_of(report, self.general, "previous")["score"],
                         100.0)
        before = self.row_of(report, self.waterproofer, "previous")
        self.assertEqual((before["plan_rate"], before["score"], before["rank"]),
                         (33.3, 4.3, 2))

    def test_the_weights_are_the_companys(self):
        self.company.write({"repair_weight_satisfaction": 0,
                            "repair_rectification_penalty": 5,
                            "repair_rectification_penalty_cap": 3})
        b = self.row_of(self.october(), self.general)
        # 20 x 50% / 80, less 5 points capped at 3.
        self.assertEqual(b["score"], 9.5)
        for vals in ({"repair_weight_arrival": -1},
                     {"repair_weight_arrival": 0, "repair_weight_pass": 0,
                      "repair_weight_plan": 0},
                     {"repair_rectification_penalty": -2}):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.write(vals)

    def test_equal_scores_share_a_rank(self):
        weights = self.Statistics._weights(self.company)
        parties = {}
        for key, on_time in (("a", 1), ("b", 1), ("c", 0), ("d", None)):
            row = dict.fromkeys(("arrived", "arrived_on_time", "reviewed",
                                 "passed_first", "plan_met", "plan_late",
                                 "plan_breached", "onsite_met", "onsite_late",
                                 "onsite_breached", "callbacks", "satisfied",
                                 "satisfaction_sum", "days_sum", "repaired",
                                 "rectifications"), 0)
            if on_time is not None:
                row.update(arrived=1, arrived_on_time=on_time)
            parties[key] = _rates(row)
        self.Statistics._rank(parties, weights)
        self.assertEqual([(parties[k]["score"], parties[k]["rank"]) for k in "abcd"],
                         [(100.0, 1), (100.0, 1), (0.0, 3), (None, None)])

    def test_the_company_and_its_projects(self):
        report = self.october(projects=self.env["realestate.project"])
        self.assertEqual(report["current"]["total"]["cases"], 4)
        self.assertEqual(set(report["current"]["projects"]),
                         {self.project.id, self.other_project.id})
        other = report["current"]["parties"][
            (self.other_project.id, "team", self.team.id)]
        self.assertEqual((other["items"], other["pass_rate"]), (1, 100.0))
        titles = [table["title"] for table in self.Statistics._tables(report)]
        self.assertIn("Project: %s" % self.other_project.name, titles)
        self.assertNotIn("Project: %s" % self.other_project.name,
                         [t["title"] for t in self.Statistics._tables(
                             self.october())])

    def test_the_current_month_against_the_orm(self):
        """Every repair of the company this month (demo data included), counted
        by the ORM and Python instead of SQL aggregates."""
        first, last = period_bounds("month", date.today())
        report = self.Statistics._report(first, last, self.company)
        start, end = report["current"]["_bounds"]
        cases = self.Complaint.search([
            ("company_id", "=", self.company.id), ("kind", "=", "repair"),
            ("date_received", ">=", start), ("date_received", "<", end)])
        items = cases.mapped("repair_item_ids").filtered(
            lambda i: i.state != "cancelled")
        total = report["current"]["total"]
        self.assertEqual(total["cases"], len(cases))
        self.assertEqual(total["items"], len(items))
        self.assertEqual(total["arrived"], len(items.filtered("date_arrived")))
        self.assertEqual(total["reviewed"], len(items.filtered(
            lambda i: i.state == "accepted" or i.rectification_count)))
        self.assertEqual(total["rectifications"],
                         sum(items.mapped("rectification_count")))
        deadlines = items.mapped("deadline_ids")
        self.assertEqual(total["plan_met"], len(deadlines.filtered(
            lambda d: d.status == "met")))
        for (project, kind, ref), row in report["current"]["parties"].items():
            mine = items.filtered(lambda i: (i.party_id.id if kind == "member"
                                             else not i.party_id and i.team_id.id)
                                  == ref and i.complaint_id.project_id.id == project)
            self.assertEqual(row["items"], len(mine))

    # Who may ask

    def wizard(self, user, **vals):
        return self.Wizard.with_user(user).create(dict({"date_reference": "2024-10-15"},
                                                  **vals))

    def test_who_may_report(self):
        stranger = self._create_user("t_stranger", "group_complaint_department")
        for user in (self.operator, self.agent, stranger):
            wizard = self.wizard(user)
            for action in (wizard._report_data, wizard.action_print,
                           wizard.action_export_xlsx):
                with self.assertRaises(AccessError, msg=user.login):
                    action()
        other = self.env["res.company"].create({"name": "别的公司"})
        with self.assertRaises(AccessError):
            self.wizard(self.executive, company_id=other.id)._report_data()
        self.assertEqual(
            self.wizard(self.supervisor)._report_data()["current"]["total"]["cases"],
            4)
        # The engineering department that runs the project's repair group: its
        # own projects only, whether it names one or not.
        for user in (self.engineer, self.head):
            report = self.wizard(user)._report_data()
            self.assertEqual(report["projects"], self.project, user.login)
            self.assertEqual(report["current"]["total"]["cases"], 3)
            self.assertTrue(self.wizard(user, project_id=self.project.id)
                            .action_print())
            with self.assertRaises(AccessError):
                self.wizard(user, project_id=self.other_project.id)._report_data()
        # A wizard is its creator's only.
        with self.assertRaises(AccessError):
            self.wizard(self.supervisor).with_user(self.engineer).read(["project_id"])

    def test_the_menu(self):
        menu = self.env.ref(ADDON + ".realestate_repair_statistics_menu")
        Menu = self.env["ir.ui.menu"]
        for user, sees in ((self.operator, False), (self.agent, False),
                           (self.supervisor, True), (self.executive, True),
                           (self.engineer, True)):
            self.assertEqual(menu.id in Menu.with_user(user)._visible_menu_ids(), sees,
                             user.login)

    def test_the_default_month_is_the_last(self):
        wizard = self.Wizard.with_user(self.supervisor).create({})
        first = date.today().replace(day=1)
        self.assertLess(wizard.date_to, first.isoformat())
        self.assertEqual(wizard.date_from[:7], wizard.date_to[:7])
        self.assertEqual(wizard.date_from[8:], "01")

    # The printed report and the spreadsheet

    def test_printed_report(self):
        report = self.env.ref(ADDON + ".action_report_repair_statistics")
        wizard = self.wizard(self.supervisor, project_id=self.project.id)
        html = report.with_user(self.supervisor).with_context(
            lang="zh_CN").render_qweb_html(wizard.ids)[0]
        tree = etree.fromstring(html, etree.HTMLParser())
        text = " ".join(tree.itertext())
        for expected in ("测试防水工程公司", "专项分包", "测试总包建设公司", "指标",
                         self.team.name):
            self.assertIn(expected, text)
        tables = tree.xpath("//table[contains(@class, 'table-bordered')]")
        summary = [cell.xpath("string()") for cell in
                   tables[0].xpath(".//tbody/tr[1]/td")]
        self.assertEqual(summary[1:], ["3", "2", "+1"])
        parties = tables[1].xpath(".//tbody/tr")
        first = [cell.xpath("string()") for cell in parties[0].xpath("./td")]
        # Rank, project, party … score, previous score, change: every cell kept,
        # the empty ones too.
        self.assertEqual(len(first), 14)
        self.assertEqual(first[0], "1")
        self.assertIn("测试防水工程公司", first[2])
        self.assertEqual(first[-3:], ["90.0", "4.3", "+85.7"])
        english = report.with_user(self.supervisor).with_context(
            lang="en_US").render_qweb_html(wizard.ids)[0]
        self.assertIn(b"Assessment of the Repair Parties", english)
        self.assertIn(b"Specialist Subcontractor", english)

    def test_spreadsheet(self):
        wizard = self.wizard(self.supervisor).with_context(lang="en_US")
        action = wizard.action_export_xlsx()
        self.assertIn("download=true", action["url"])
        self.assertEqual(wizard.xlsx_name, "Monthly Repair Report 2024-10.xlsx")
        book = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        strings = book.read("xl/sharedStrings.xml").decode()
        for expected in ("Monthly Repair Report", "Assessment of the Repair Parties",
                         "测试防水工程公司", "Project: 别处花园"):
            self.assertIn(expected, strings)
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        numbers = [cell.text for cell in sheet.iter(XLSX_MAIN + "v")]
        for expected in ("90", "28", "33.3", "66.7"):
            self.assertIn(expected, numbers)
