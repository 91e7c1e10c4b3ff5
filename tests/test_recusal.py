"""Recusal (002:301: 对原接待个人的投诉,原接待员工不得参与; 000:356: 投诉对象): the
staff a customer complains about do not handle, approve or call back the case."""
from odoo.exceptions import AccessError, ValidationError

from .process_common import ProcessCase


class TestRecusal(ProcessCase):

    def test_who_was_complained_about_is_recorded(self):
        complaint = self.create_complaint(
            complained_about="置业顾问（已离职）",
            complained_user_ids=[(6, 0, self.agent2.ids)])
        self.assertEqual(complaint.complained_user_ids, self.agent2)
        self.assertEqual(complaint.complained_about, "置业顾问（已离职）")
        # Nobody takes themselves off the list.
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent2).write({"complained_user_ids": [(5,)]})
        self.assertEqual(complaint.complained_user_ids, self.agent2)

    def test_the_person_complained_about_does_not_handle_the_case(self):
        with self.assertRaisesRegex(ValidationError, "002:301"):
            with self.env.cr.savepoint():
                self.create_complaint(user_id=self.agent.id,
                                      complained_user_ids=[(6, 0, self.agent.ids)])
        complaint = self.investigated()
        with self.assertRaisesRegex(ValidationError, "may not handle"):
            with self.env.cr.savepoint():
                complaint.write({"complained_user_ids": [(4, self.engineer.id)]})
        # Named later, the complaint first goes to someone else.
        complaint.write({"responsible_id": self.head.id,
                         "complained_user_ids": [(4, self.engineer.id)]})
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                complaint.write({"responsible_id": self.engineer.id})

    def test_the_person_complained_about_does_not_approve(self):
        complaint = self.investigated(
            complained_user_ids=[(6, 0, self.supervisor.ids)])
        solution = self.propose(complaint)
        self.assertNotIn(self.supervisor, solution._approvers())
        with self.assertRaises(AccessError):
            solution.with_user(self.supervisor)._decide(True)
        self.assertEqual(solution.state, "to_approve")
        approver = solution._approvers()[:1]
        self.assertTrue(approver)
        solution.with_user(approver)._decide(True)
        self.assertEqual(solution.state, "approved")

    def test_the_person_complained_about_does_not_call_back(self):
        """Level 2 is called back by the department head (R27); complained about,
        the agent calls instead, and the head may not log the callback."""
        complaint = self.resolved(category_id=self.env.ref(
            "realestate_complaint.category_facilities_school").id,
            complained_user_ids=[(6, 0, self.head.ids)])
        self.assertEqual(complaint.level, "2")
        callback = complaint.callback_ids.filtered(lambda c: c.date_due)
        self.assertEqual(callback.user_id, self.agent)
        with self.assertRaises(AccessError):
            callback.with_user(self.head)._log_outcome(
                {"method": "phone", "satisfaction": "5"})
        self.assertEqual(callback.state, "planned")

    def test_the_person_complained_about_does_not_refer_it_up(self):
        complaint = self.create_complaint(
            complained_user_ids=[(6, 0, self.supervisor.ids)])
        with self.assertRaises(AccessError):
            complaint.with_user(self.supervisor)._refer_up("我来处理")
        self.assertFalse(complaint.referral_ids)
