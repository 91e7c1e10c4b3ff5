"""Corrective and preventive measures approved and checked (R36; 004:294: 一周内
……制定纠正和预防措施,并进行跟踪验证; 002:729-731: 批准预防纠正措施并指派人员进行
监督 / 检查预防纠正措施的落实)."""
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .process_common import ProcessCase


class TestCorrectiveApproval(ProcessCase):

    def setUp(self):
        super(TestCorrectiveApproval, self).setUp()
        self.complaint = self.resolved(channel="government")
        self.action = self.env["realestate.complaint.corrective.action"].with_user(
            self.agent).create({
                "complaint_id": self.complaint.id, "kind": "preventive",
                "name": "全部在建项目卫生间增加闭水试验验收",
                "user_id": self.engineer.id, "date_deadline": "2026-12-31"})

    def todos(self, xmlid, user=None):
        activities = self.complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.ref(xmlid))
        return activities.filtered(lambda a: a.user_id == user) if user else activities

    def test_the_general_manager_approves_and_names_the_supervisor(self):
        self.assertEqual(self.action.state, "to_approve")
        self.assertTrue(self.todos("mail_activity_type_measure_approval",
                                   self.executive))
        with self.assertRaisesRegex(UserError, "approves the measure before"):
            self.action.with_user(self.engineer).action_done()
        with self.assertRaises(AccessError):
            self.action.with_user(self.supervisor).action_approve(self.supervisor)
        with self.assertRaises(ValidationError):
            self.action.with_user(self.executive).action_approve(self.agent)
        review = self.env["realestate.complaint.corrective.action.review"].with_user(
            self.executive).create({"action_id": self.action.id, "step": "approve",
                                    "verifier_id": self.supervisor.id})
        review.action_confirm()
        self.assertEqual(self.action.state, "approved")
        self.assertEqual(self.action.approved_by_id, self.executive)
        self.assertEqual(self.action.verifier_id, self.supervisor)
        self.assertFalse(self.todos("mail_activity_type_measure_approval"))

    def test_the_named_supervisor_checks_it_was_carried_out(self):
        other = self._create_user("t_other_supervisor", "group_complaint_supervisor")
        self.action.with_user(self.executive).action_approve(self.supervisor)
        self.action.with_user(self.engineer).action_done()
        self.assertEqual(self.action.state, "done")
        self.assertTrue(self.todos("mail_activity_type_corrective_action",
                                   self.supervisor))
        with self.assertRaises(AccessError):
            self.action.with_user(other).action_verify("看过了")
        with self.assertRaisesRegex(UserError, "what was checked"):
            self.action.with_user(self.supervisor).action_verify(" ")
        self.action.with_user(self.supervisor).action_verify("抽查3个项目的闭水试验记录，已执行")
        self.assertEqual(self.action.state, "verified")
        self.assertEqual(self.action.verified_by_id, self.supervisor)
        self.assertIn("闭水试验记录", self.action.verification_note)

    def test_the_road_is_not_forged(self):
        for vals in ({"state": "verified"}, {"verifier_id": self.agent.id},
                     {"approved_by_id": self.executive.id}):
            with self.assertRaises(AccessError):
                self.action.with_user(self.agent).write(vals)
        self.assertEqual(self.action.state, "to_approve")

    def test_a_resolved_complaint_is_analysed_within_a_week(self):
        """004:294: the company's analyst gets the to-do, due in a week, done
        once a measure is proposed."""
        self.env.user.company_id.complaint_analyst_id = self.sales_manager
        complaint = self.resolved()
        todo = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.ref("mail_activity_type_measures"))
        self.assertEqual(todo.user_id, self.sales_manager)
        self.assertEqual(fields.Date.from_string(todo.date_deadline),
                         date.today() + timedelta(days=7))
        self.env["realestate.complaint.corrective.action"].create({
            "complaint_id": complaint.id, "name": "完善交付前闭水试验",
            "user_id": self.engineer.id, "date_deadline": "2026-12-31"})
        self.assertFalse(todo.exists())
