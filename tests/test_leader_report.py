"""The complaint information report (投诉信息汇报表) to the leader in charge within
half a working day, and the leader's written instruction within half a working day
(R11; 000:466: 半个工作日内将《投诉信息汇报表》呈报公司分管领导; 000:470: 分管领导须
在半个工作日内作出明确批示……转送直接责任人)."""
from odoo.exceptions import AccessError, UserError

from .common import ADDON, ComplaintCase
from .test_sla import utc


class TestLeaderReport(ComplaintCase):

    @classmethod
    def setUpClass(cls):
        super(TestLeaderReport, cls).setUpClass()
        cls.leader = cls._create_user("t_leader", "group_complaint_executive")
        cls.env.user.company_id.complaint_leader_id = cls.leader
        cls.engineer = cls._create_user("t_leader_engineer",
                                        "group_complaint_department")
        cls.team = cls.env["realestate.complaint.team"].create(
            {"name": "测试工程部", "head_id": cls.engineer.id})

    def deadline(self, complaint, target):
        return complaint.deadline_ids.filtered(lambda d: d.target == target)

    def test_both_are_deadlines_of_half_a_working_day(self):
        # Tuesday 24 November 2026, 10:00 in Shanghai: half a working day later,
        # as the dispatch (R10).
        complaint = self.create_complaint(date_received=utc(2026, 11, 24, 10, 0),
                                          user_id=self.agent.id)
        report = self.deadline(complaint, "report")
        self.assertEqual(report.date_deadline,
                         self.deadline(complaint, "dispatch").date_deadline)
        self.assertGreater(report.date_deadline, utc(2026, 11, 24, 12, 0))
        self.assertFalse(self.deadline(complaint, "instruction"))
        complaint.with_user(self.agent).action_report_to_leader()
        self.assertIn(report.status, ("met", "met_late"))
        self.assertEqual(complaint.leader_id, self.leader)
        instruction = self.deadline(complaint, "instruction")
        self.assertEqual(instruction.status, "on_track")
        self.assertEqual(instruction.date_start, complaint.date_reported_leader)
        todo = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                ADDON + ".mail_activity_type_leader_instruction"))
        self.assertEqual(todo.user_id, self.leader)
        with self.assertRaisesRegex(UserError, "already"):
            complaint.with_user(self.agent).action_report_to_leader()

    def test_the_leader_instructs_and_it_reaches_the_responsible_person(self):
        complaint = self.create_complaint(user_id=self.agent.id,
                                          team_id=self.team.id,
                                          responsible_id=self.engineer.id)
        with self.assertRaisesRegex(UserError, "not been reported"):
            complaint._give_instruction("先处理")
        complaint.with_user(self.agent).action_report_to_leader()
        for user in (self.agent, self.supervisor, self.executive):
            with self.assertRaises(AccessError):
                complaint.with_user(user)._give_instruction("我来批示")
        with self.assertRaisesRegex(UserError, "Write the instruction"):
            complaint.with_user(self.leader)._give_instruction("  ")
        wizard = self.env["realestate.complaint.leader.instruction"].with_user(
            self.leader).create({"complaint_id": complaint.id,
                                 "instruction": "工程部今天派人上门，三日内修复"})
        wizard.action_instruct()
        self.assertEqual(complaint.leader_instruction, "工程部今天派人上门，三日内修复")
        self.assertIn(self.deadline(complaint, "instruction").status,
                      ("met", "met_late"))
        note = complaint.message_ids[0]
        self.assertIn("三日内修复", note.body)
        self.assertEqual(note.partner_ids,
                         (self.engineer | self.agent).mapped("partner_id"))
        self.assertFalse(complaint.activity_ids.filtered(
            lambda a: a.user_id == self.leader))

    def test_nobody_forges_the_report_or_the_instruction(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        for vals in ({"date_reported_leader": "2026-11-24 02:00:00"},
                     {"leader_instruction": "同意"}):
            with self.assertRaises(AccessError):
                complaint.with_user(self.agent).write(vals)
        with self.assertRaises(AccessError):
            complaint.with_user(self.operator).action_report_to_leader()

    def test_without_a_leader_there_is_no_such_deadline(self):
        self.env.user.company_id.complaint_leader_id = False
        complaint = self.create_complaint()
        self.assertFalse(self.deadline(complaint, "report"))
        with self.assertRaisesRegex(UserError, "leader in charge"):
            complaint.action_report_to_leader()

    def test_the_printed_report(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        complaint.with_user(self.agent).action_report_to_leader()
        complaint.with_user(self.leader)._give_instruction("立即处理")
        html = self.env.ref(ADDON + ".action_report_complaint_information").with_user(
            self.agent).render_qweb_html(complaint.ids)[0].decode()
        self.assertIn(complaint.name, html)
        self.assertIn(self.leader.name, html)
        self.assertIn("立即处理", html)
