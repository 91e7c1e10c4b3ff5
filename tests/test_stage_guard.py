"""The board and the status bar reach the later stages only through the process's
buttons (R6, R14, R16, R34); supervisors may correct any case."""

from odoo.exceptions import UserError

from .process_common import ProcessCase


class TestStageGuard(ProcessCase):
    def test_the_board_cannot_skip_the_process(self):
        complaint = self.investigated()
        for xmlid in ("stage_solution_approval", "stage_in_progress",
                      "stage_callback", "stage_closed", "stage_invalid"):
            stage = self.ref(xmlid)
            for user in (self.agent, self.engineer, self.operator):
                with self.assertRaisesRegex(UserError, "through the button"), \
                        self.cr.savepoint():
                    complaint.with_user(user).write({"stage_id": stage.id})
        self.assertEqual(complaint.stage_id, self.stage_investigating)
        self.assertFalse(complaint.date_closed)
        self.assertFalse(complaint.callback_decision)

    def test_nor_register_a_case_past_them(self):
        with self.assertRaisesRegex(UserError, "Close Case"), \
                self.cr.savepoint():
            self.create_complaint(user=self.operator, stage_id=self.stage_closed.id)
        self.assertFalse(self.Complaint.search([
            ("partner_id", "=", self.owner.id),
            ("stage_id", "=", self.stage_closed.id)]))

    def test_the_early_stages_stay_free_to_drag(self):
        complaint = self.create_complaint(user=self.operator)
        complaint.with_user(self.agent).write({"stage_id": self.stage_acknowledged.id})
        self.assertEqual(complaint.stage_id, self.stage_acknowledged)
        # Staying in a button stage is not a move: other fields still save.
        resolved = self.resolved()
        resolved.with_user(self.agent).write({"stage_id": self.stage_callback.id,
                                              "description": "<p>补充：楼上也漏水。</p>"})
        self.assertIn("楼上也漏水", resolved.description)

    def test_the_buttons_move_the_case(self):
        complaint = self.investigated()
        solution = self.propose(complaint)
        self.assertEqual(complaint.stage_id, self.stage_solution_approval)
        solution.with_user(self.supervisor)._decide(True)
        solution.with_user(self.agent).action_customer_confirm()
        self.assertEqual(complaint.stage_id, self.stage_in_progress)
        complaint.with_user(self.agent).write({"result_summary": "已修复。"})
        complaint.with_user(self.agent).action_report_result()
        self.assertEqual(complaint.stage_id, self.stage_callback)

    def test_a_supervisor_may_correct_a_case(self):
        complaint = self.investigated()
        complaint.with_user(self.supervisor).write(
            {"stage_id": self.stage_in_progress.id})
        self.assertEqual(complaint.stage_id, self.stage_in_progress)
