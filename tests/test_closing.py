"""Closing (R34-R36, R41): the close wizard and what blocks it, the case library,
corrective actions with reminders, rewards and penalties for executives only,
malicious complaints; and one case from registration to closing."""
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .process_common import ProcessCase


class TestClosing(ProcessCase):
    def close(self, complaints, user=None, **vals):
        values = dict({"complaint_ids": [(6, 0, complaints.ids)],
                       "summary": "方案执行到位，业主满意。"}, **vals)
        wizard = self.env["realestate.complaint.close"].with_user(
            user or self.agent).create(values)
        return wizard.action_close()

    def test_from_registration_to_closing_by_each_role(self):
        """The main branch: each step by the role that owns it."""
        # Level 2: called back whatever this month's sampling (R27).
        complaint = self.create_complaint(user=self.operator)
        complaint.with_user(self.supervisor).write(
            {"level_override": "2", "level_override_reason": "多户"})
        complaint.with_user(self.operator).action_acknowledge()
        complaint.with_user(self.agent).action_assign_to_me()
        complaint.with_user(self.agent).action_mark_valid()
        complaint.with_user(self.agent).write({"team_id": self.team.id,
                                               "responsible_id": self.engineer.id})
        complaint.with_user(self.agent).action_dispatch()
        complaint.with_user(self.engineer).action_sign()
        self.env["realestate.complaint.followup"].with_user(self.engineer).create({
            "complaint_id": complaint.id, "kind": "site_visit",
            "description": "上门查看，确认卫生间防水层破损。"})
        complaint.with_user(self.engineer).write({
            "investigation_cause": "防水层破损", "investigation_course": "上门确认",
            "investigation_party": "总包单位", "investigation_conclusion": "质量问题",
            "countermeasures": "重做防水", "preventive_measures": "同批次排查"})
        solution = self.propose(complaint, user=self.engineer)
        solution.with_user(self.sales_manager)._decide(True)  # level 2 (R14)
        complaint.with_user(self.agent).action_send_plan()
        complaint.with_user(self.agent).action_customer_confirm()
        complaint.with_user(self.engineer).write({"result_summary": "已重做防水。"})
        complaint.with_user(self.engineer).action_report_result()
        self.assertEqual(complaint.stage_id, self.stage_callback)
        wizard = self.env["realestate.complaint.callback.log"].with_user(
            self.head).create({"callback_id": complaint.callback_ids.id,
                               "method": "phone", "satisfaction": "5",
                               "problem_solved": True})
        wizard.action_log()
        action = complaint.with_user(self.agent).action_close()
        self.assertEqual(action["res_model"], "realestate.complaint.close")
        self.close(complaint)
        self.assertEqual(complaint.stage_id, self.stage_closed)
        self.assertEqual(complaint.closed_by_id, self.agent)
        self.assertEqual(complaint.resolution_summary, "方案执行到位，业主满意。")
        done = complaint.deadline_ids.filtered(
            lambda d: d.status in ("met", "met_late"))
        # The report to the leader (R11) exists where the company names a leader
        # (the demo company does).
        leader = {"report"} if self.env.user.company_id.complaint_leader_id else set()
        self.assertEqual(set(done.mapped("target")),
                         {"acknowledge", "dispatch", "first_contact", "plan", "resolve",
                          "callback"} | leader)

    def test_what_blocks_closing(self):
        pending = self.create_complaint()
        with self.assertRaisesRegex(UserError, "valid complaint"):
            self.close(pending)
        unresolved = self.investigated()
        with self.assertRaisesRegex(UserError, "Report the result"):
            unresolved.action_close()
        waiting = self.resolved(channel="government")
        with self.assertRaisesRegex(UserError, "waits for a callback"):
            self.close(waiting)
        written = self.resolved(written_reply_only=True)
        with self.assertRaisesRegex(UserError, "Attach the written reply"):
            self.close(written)
        written.reply_attachment_ids = self.env["ir.attachment"].create({
            "name": "复函.pdf", "datas": "JVBERi0xLjQK", "datas_fname": "复函.pdf"})
        self.close(written)
        self.assertEqual(written.stage_id, self.stage_closed)
        with self.assertRaisesRegex(UserError, "already closed"):
            self.close(written)
        with self.assertRaisesRegex(UserError, "summary"):
            self.resolved(is_anonymous=True, partner_id=False, partner_phone=False,
                          partner_email=False)._close(" ")

    def test_case_library(self):
        anonymous = self.resolved(is_anonymous=True, partner_id=False,
                                  partner_phone=False, partner_email=False)
        with self.assertRaisesRegex(UserError, "lesson"):
            self.close(anonymous, add_to_library=True)
        self.assertFalse(anonymous.is_closed)
        self.close(anonymous, add_to_library=True,
                   lesson="交房前必须做闭水试验，并留存影像资料。")
        self.assertTrue(anonymous.in_case_library)
        action = self.ref("realestate_complaint_case_library_action")
        found = self.Complaint.with_user(self.agent).search(
            safe_eval(action.domain) + [("case_lesson", "ilike", "交房前必须做闭水试验")])
        self.assertEqual(found, anonymous)
        plain = self.resolved(is_anonymous=True, partner_id=False,
                              partner_phone=False, partner_email=False)
        self.close(plain)
        self.assertFalse(plain.in_case_library)
        with self.assertRaisesRegex(ValidationError, "lesson"):
            plain.write({"in_case_library": True})

    def test_corrective_actions_remind_their_owner(self):
        complaint = self.resolved(channel="government")
        Action = self.env["realestate.complaint.corrective.action"]
        action = Action.with_user(self.agent).create({
            "complaint_id": complaint.id, "kind": "preventive",
            "name": "全部在建项目卫生间增加闭水试验验收", "user_id": self.engineer.id,
            "date_deadline": "2026-12-31"})
        reminder = action.activity_id
        self.assertEqual(reminder.user_id, self.engineer)
        self.assertEqual(reminder.date_deadline, "2026-12-31")
        self.assertEqual(reminder.res_id, complaint.id)
        action.with_user(self.agent).write({"user_id": self.head.id,
                                            "date_deadline": "2027-01-15"})
        self.assertEqual((reminder.user_id, reminder.date_deadline),
                         (self.head, "2027-01-15"))
        action.with_user(self.executive).action_approve(self.supervisor)
        action.with_user(self.head).action_done()
        self.assertTrue(action.date_done)
        self.assertFalse(reminder.exists())
        self.assertFalse(action.is_late)
        with self.assertRaises(UserError):
            action.with_user(self.head).action_done()
        late = Action.create({"complaint_id": complaint.id, "name": "整改",
                              "user_id": self.engineer.id,
                              "date_deadline": "2020-01-01"})
        self.assertTrue(late.is_late)
        # Open to whoever may open the case; departments cannot create them.
        self.assertEqual(Action.with_user(self.operator).search(
            [("id", "in", (action | late).ids)]), action | late)
        with self.assertRaises(AccessError):
            Action.with_user(self.operator).create({
                "complaint_id": complaint.id, "name": "x",
                "user_id": self.engineer.id, "date_deadline": "2026-12-31"})
        with self.assertRaises(AccessError):
            Action.with_user(self.engineer).create({
                "complaint_id": complaint.id, "name": "x",
                "user_id": self.engineer.id, "date_deadline": "2026-12-31"})

    def test_rewards_and_penalties_are_for_executives_only(self):
        complaint = self.resolved(channel="government")
        Sanction = self.env["realestate.complaint.sanction"]
        sanction = Sanction.with_user(self.executive).create({
            "complaint_id": complaint.id, "kind": "penalty",
            "user_id": self.engineer.id, "name": "未按时上门，通报批评",
            "amount": 200})
        self.assertEqual(sanction.decided_by_id, self.executive)
        self.assertEqual(complaint.with_user(self.executive).sanction_ids, sanction)
        for user in (self.operator, self.agent, self.supervisor, self.engineer):
            with self.assertRaises(AccessError, msg=user.login):
                Sanction.with_user(user).search([])
            with self.assertRaises(AccessError, msg=user.login):
                sanction.with_user(user).read(["name"])
            with self.assertRaises(AccessError, msg=user.login):
                Sanction.with_user(user).create({
                    "complaint_id": complaint.id, "user_id": self.agent.id,
                    "name": "表扬"})
            # The case's own field is hidden from them as well.
            with self.assertRaises(AccessError, msg=user.login):
                complaint.with_user(user).read(["sanction_ids"])
        sanction.with_user(self.executive).unlink()

    def test_the_process_fields_are_not_written_by_hand(self):
        """Found in review: writing the callback decision would let a level 1 case
        close without its callback."""
        complaint = self.resolved(channel="government")
        for vals in ({"callback_decision": "not_sampled"},
                     {"date_resolved": "2020-01-01 00:00:00"},
                     {"resolution_summary": "x"}, {"closed_by_id": self.agent.id}):
            with self.assertRaises(AccessError):
                complaint.with_user(self.agent).write(vals)
        self.assertEqual(complaint.callback_decision, "level")

    def test_malicious_flag_by_supervisors_with_a_reason(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write(
                {"is_malicious": True, "malicious_reason": "多次捏造事实"})
        with self.assertRaisesRegex(ValidationError, "reason"), self.cr.savepoint():
            complaint.with_user(self.supervisor).write({"is_malicious": True})
        complaint.with_user(self.supervisor).write(
            {"is_malicious": True, "malicious_reason": "多次捏造事实索要赔偿"})
        self.assertTrue(complaint.is_malicious)
        self.assertIn(complaint, self.Complaint.search([("is_malicious", "=", True)]))

    def test_records_of_a_case_follow_its_company(self):
        """R39: the multi-company rules of follow-ups, solutions, callbacks …
        read the company the record got from its case."""
        complaint = self.resolved(channel="government")
        action = self.env["realestate.complaint.corrective.action"].create({
            "complaint_id": complaint.id, "name": "整改", "user_id": self.engineer.id,
            "date_deadline": "2026-12-31"})
        for records in (complaint.callback_ids, action,
                        complaint.supervision_order_ids):
            self.assertEqual(records.company_id, complaint.company_id)
        other = self.env["res.company"].create({"name": "另一家公司"})
        complaint.company_id = other
        self.assertEqual(complaint.callback_ids.company_id, other)
        self.assertEqual(action.company_id, other)
        self.assertEqual(complaint.supervision_order_ids.company_id, other)
