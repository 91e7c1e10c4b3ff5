"""Follow-ups (客户意见与投诉处理跟进表): first contact (R12), progress notices (R15),
next steps as activities; open to whoever may open the case (R39)."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ComplaintCase
from .test_sla import utc


class TestFollowup(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestFollowup, cls).setUpClass()
        cls.Followup = cls.env["realestate.complaint.followup"]
        cls.engineer = cls._create_user("t_engineer", "group_complaint_department")
        cls.team = cls.env["realestate.complaint.team"].create({
            "name": "测试工程部", "head_id": cls.engineer.id})

    def log(self, complaint, user=None, **vals):
        values = dict({"complaint_id": complaint.id, "kind": "phone",
                       "description": "已电话联系业主，约定明天上门查看。"}, **vals)
        return self.Followup.with_user(user or self.agent).create(values)

    def first_contact(self, complaint):
        return complaint.deadline_ids.filtered(lambda d: d.target == "first_contact")

    def test_first_customer_contact_meets_the_first_contact_deadline(self):
        complaint = self.create_complaint(
            user_id=self.agent.id, date_received=utc(2026, 11, 23, 9, 0))
        self.log(complaint, kind="internal", date=utc(2026, 11, 23, 10, 0),
                 description="与工程部协调上门时间。")
        self.assertEqual(self.first_contact(complaint).status, "on_track")
        self.log(complaint, date=utc(2026, 11, 23, 11, 0))
        self.assertEqual(self.first_contact(complaint).status, "met")
        self.assertEqual(self.first_contact(complaint).date_done,
                         utc(2026, 11, 23, 11, 0))

    def test_a_late_first_contact_is_met_late(self):
        complaint = self.create_complaint(
            user_id=self.agent.id, date_received=utc(2026, 11, 23, 9, 0))
        self.log(complaint, kind="site_visit", date=utc(2026, 11, 25, 9, 0))
        self.assertEqual(self.first_contact(complaint).status, "met_late")

    def test_next_step_becomes_an_activity(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        self.log(complaint, next_step="上门查看漏水点", date_next="2026-11-26")
        activity = complaint.activity_ids.filtered(
            lambda a: a.summary == "上门查看漏水点")
        self.assertEqual(activity.user_id, self.agent)
        self.assertEqual(activity.date_deadline, "2026-11-26")
        with self.assertRaises(ValidationError):
            self.log(complaint, date_next="2026-11-27")

    def test_progress_notice_emails_the_customer(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        notice = self.log(complaint, kind="progress_notice",
                          description="工程部已查明漏点，本周内完成维修。")
        self.assertTrue(notice.customer_informed)
        # Logged on the case and sent to the customer (Odoo 11 sends the mail of
        # a notification at once and deletes it: the message is what stays).
        message = complaint.message_ids.filtered(
            lambda m: complaint.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("本周内完成维修", message.body)
        self.assertIn(complaint.name, message.subject)
        self.owner.email = False
        with self.assertRaisesRegex(UserError, "no email address"):
            self.log(complaint, kind="progress_notice")

    def test_follow_ups_are_open_to_whoever_may_open_the_case(self):
        mine = self.create_complaint(user_id=self.agent.id)
        secret = self.create_complaint(is_confidential=True, user_id=self.agent2.id)
        ours = self.log(mine) | self.log(secret, user=self.agent2)
        self.assertEqual(self.Followup.with_user(self.agent).search(
            [("id", "in", ours.ids)]), ours[0])
        self.assertEqual(self.Followup.with_user(self.supervisor).search(
            [("id", "in", ours.ids)]), ours)
        self.assertEqual(self.Followup.with_user(self.operator).search(
            [("id", "in", ours.ids)]), ours[0])
        with self.assertRaises(AccessError):
            ours[0].with_user(self.operator).write({"description": "改写"})
        with self.assertRaises(AccessError):
            ours[0].with_user(self.agent).unlink()
        # A department sees the follow-ups of the cases dispatched to it only.
        self.assertFalse(self.Followup.with_user(self.engineer).search(
            [("id", "in", ours.ids)]))
        mine.write({"team_id": self.team.id, "responsible_id": self.engineer.id})
        visit = self.log(mine, user=self.engineer, kind="site_visit")
        self.assertEqual(self.Followup.with_user(self.engineer).search(
            [("id", "in", ours.ids + visit.ids)]), ours[0] | visit)
