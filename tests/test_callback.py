"""Callbacks (回访记录表, R26-R33): who calls back and when, which cases are called
back (sampling rates, levels, anonymous and written replies), what an unhappy
answer sets off, signatures on site, the supervisor's review."""
import base64
import math

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .process_common import ProcessCase

SIGNATURE = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


class TestCallback(ProcessCase):
    def log(self, callback, user=None, **vals):
        values = dict({"callback_id": callback.id, "method": "phone",
                       "satisfaction": "5", "problem_solved": True,
                       "customer_words": "维修很及时"}, **vals)
        wizard = self.env["realestate.complaint.callback.log"].with_user(
            user or self.agent).create(values)
        return wizard.action_log()

    def due(self, complaint):
        return complaint.callback_ids.filtered(
            lambda c: c.state == "planned" and c.date_due)

    def callback_activities(self, complaint):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.ref("mail_activity_type_callback"))

    def test_level_2_case_is_called_back_by_the_department_supervisor(self):
        complaint = self.resolved(level_override="2", level_override_reason="多户")
        self.assertEqual(complaint.callback_decision, "level")
        callback = self.due(complaint)
        self.assertEqual(callback.user_id, self.head)
        self.assertEqual(callback.sequence, 1)
        # Due within 3 working days (R27): the callback deadline's time.
        deadline = complaint.deadline_ids.filtered(lambda d: d.target == "callback")
        self.assertEqual(callback.date_due, deadline.date_deadline)
        self.assertEqual(self.callback_activities(complaint).user_id, self.head)

    def test_level_1_case_is_called_back_by_the_company_manager(self):
        complaint = self.resolved(channel="government")
        self.assertEqual(complaint.callback_decision, "level")
        self.assertEqual(self.due(complaint).user_id, self.manager)

    def test_repairs_are_called_back_within_a_month(self):
        complaint = self.resolved(kind="repair", level_override="2",
                                  level_override_reason="多户")
        callback = self.due(complaint)
        days = (fields.Datetime.from_string(callback.date_due)
                - fields.Datetime.from_string(complaint.date_resolved)).days
        self.assertEqual(days, 30)

    def test_anonymous_and_written_reply_cases_need_no_callback(self):
        anonymous = self.resolved(
            is_anonymous=True, partner_id=False, partner_phone=False,
            partner_email=False, level_override="2", level_override_reason="多户")
        written = self.resolved(written_reply_only=True, channel="government")
        self.assertEqual(anonymous.callback_decision, "anonymous")
        self.assertEqual(written.callback_decision, "written_reply")
        for complaint in anonymous | written:
            self.assertFalse(complaint.callback_ids)
            self.assertFalse(complaint.deadline_ids.filtered(
                lambda d: d.target == "callback"))
            self.assertNotEqual(complaint.next_deadline_target, "callback")

    def test_sampling_meets_the_rate_at_every_step(self):
        """R27, R28: complaints 50%, repairs 30%, counted over the month."""
        # The month starts empty here, whatever the database resolved already.
        self.env.cr.execute(
            "UPDATE realestate_complaint SET date_resolved = date_resolved - "
            "interval '45 days' WHERE date_resolved >= %s",
            (self.Complaint._month_start(),))
        self.Complaint.invalidate_cache(["date_resolved"])
        for kind, rate_record in (("complaint", "callback_rate_complaint"),
                                  ("repair", "callback_rate_repair")):
            rate = self.ref(rate_record)
            rate.invalidate_cache()
            self.assertEqual((rate.month_resolved, rate.month_called_back), (0, 0))
            decisions = []
            for _index in range(10):
                complaint = self.resolved(kind=kind)
                decisions.append(complaint.callback_decision)
                self.assertEqual(bool(complaint.callback_ids),
                                 complaint.callback_decision == "sampled")
                rate.invalidate_cache()
                self.assertEqual(rate.month_resolved, len(decisions))
                # Chosen whenever the month's share would fall below the rate.
                self.assertEqual(rate.month_called_back,
                                 math.ceil(rate.rate * len(decisions) / 100.0))
                self.assertGreaterEqual(rate.month_rate, rate.rate)
            self.assertIn("sampled", decisions)
            self.assertIn("not_sampled", decisions)

    def test_rate_zero_calls_back_no_ordinary_case(self):
        self.ref("callback_rate_complaint").rate = 0
        complaint = self.resolved()
        self.assertEqual(complaint.callback_decision, "not_sampled")
        self.assertFalse(complaint.callback_ids)

    def test_satisfied_callback_meets_the_deadline_and_thanks(self):
        complaint = self.resolved(channel="government")
        callback = self.due(complaint)
        self.log(callback, user=self.manager, suggestions="希望维修前提前通知")
        self.assertEqual(callback.state, "done")
        self.assertFalse(callback.is_unhappy)
        self.assertEqual(callback.suggestions, "希望维修前提前通知")
        deadline = complaint.deadline_ids.filtered(lambda d: d.target == "callback")
        self.assertIn(deadline.status, ("met", "met_late"))
        self.assertFalse(self.callback_activities(complaint))
        thanks = self.to_customer(complaint)
        self.assertEqual(len(thanks), 1)
        template = self.ref("mail_template_callback_thanks")
        self.assertEqual(thanks.subject, template.generate_email(
            complaint.id, fields=["subject"])["subject"])
        self.assertEqual(complaint.stage_id, self.stage_callback)
        self.assertFalse(complaint._closing_blockers())

    def test_unhappy_callback_reopens_until_satisfied(self):
        """R30: dissatisfaction sends the case back and plans the next callback;
        the second callback follows the next result."""
        complaint = self.resolved(level_override="2", level_override_reason="多户")
        first = self.due(complaint)
        self.log(first, user=self.head, satisfaction="2", problem_solved=False,
                 customer_words="天花板还有水渍")
        self.assertTrue(first.is_unhappy)
        self.assertEqual(complaint.stage_id, self.stage_in_progress)
        second = complaint.callback_ids - first
        self.assertEqual((second.sequence, second.state), (2, "planned"))
        self.assertFalse(second.date_due)
        # The responsible department is told and asked to rectify.
        rectify = complaint.activity_ids.filtered(
            lambda a: a.user_id == self.engineer and "Rectify" in a.summary)
        self.assertTrue(rectify)
        told = complaint.message_ids.filtered(lambda m: "天花板还有水渍" in (m.body or ""))
        self.assertIn(self.head.partner_id, told.partner_ids)
        self.assertIn(self.engineer.partner_id, told.partner_ids)
        self.assertIn("waits for a callback", complaint._closing_blockers() or "")
        # Rectified and reported again: the second callback is due.
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_callback.id})
        self.assertTrue(second.date_due)
        self.assertFalse(rectify.exists())
        self.assertEqual(len(complaint.callback_ids), 2)
        self.log(second, user=self.head, satisfaction="4")
        self.assertFalse(complaint._closing_blockers())

    def test_a_new_problem_also_reopens(self):
        complaint = self.resolved(channel="media")
        self.log(self.due(complaint), user=self.manager, satisfaction="4",
                 new_problem="阳台也开始渗水")
        self.assertEqual(complaint.stage_id, self.stage_in_progress)
        self.assertEqual(len(complaint.callback_ids), 2)

    def test_on_site_callback_needs_the_signature(self):
        complaint = self.resolved(channel="government")
        callback = self.due(complaint)
        with self.assertRaisesRegex(UserError, "signature"):
            self.log(callback, user=self.manager, method="on_site")
        self.assertEqual(callback.state, "planned")
        self.log(callback, user=self.manager, method="on_site", signature=SIGNATURE)
        self.assertEqual(callback.method, "on_site")
        self.assertTrue(callback.signature)

    def test_a_logged_callback_is_fixed_and_reviewed_by_a_supervisor(self):
        complaint = self.resolved(channel="government")
        callback = self.due(complaint)
        with self.assertRaises(UserError):
            callback.with_user(self.supervisor).action_review()
        self.log(callback, user=self.manager)
        with self.assertRaises(UserError):
            self.log(callback, user=self.manager)
        with self.assertRaises(AccessError):
            callback.with_user(self.agent).write({"satisfaction": "1"})
        with self.assertRaises(AccessError):
            callback.with_user(self.agent).write({"reviewed_by_id": self.agent.id})
        with self.assertRaises(AccessError):
            callback.with_user(self.agent).action_review()
        # Found in review: a happy callback moved to another case would let that
        # case close.
        other = self.resolved(channel="government")
        for vals in ({"complaint_id": other.id}, {"sequence": 99},
                     {"date_due": "2030-01-01 00:00:00"}):
            with self.assertRaises(AccessError):
                callback.with_user(self.agent).write(vals)
        callback.with_user(self.supervisor).action_review()
        self.assertEqual(callback.reviewed_by_id, self.supervisor)
        self.assertTrue(callback.date_reviewed)

    def test_closing_by_hand_cancels_the_planned_callback(self):
        complaint = self.resolved(channel="government")
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_closed.id})
        self.assertEqual(complaint.callback_ids.state, "cancelled")
        # Reopened and resolved again: the next callback is due (found in review:
        # the case could otherwise never be closed by its button again).
        complaint.with_user(self.supervisor).write(
            {"stage_id": self.stage_in_progress.id})
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_callback.id})
        self.assertEqual(self.due(complaint).sequence, 2)
        self.log(self.due(complaint), user=self.manager)
        self.assertFalse(complaint._closing_blockers())

    def test_an_operator_cannot_log_a_callback(self):
        complaint = self.resolved(channel="government")
        with self.assertRaises(AccessError):
            self.log(self.due(complaint), user=self.operator)
        self.assertEqual(complaint.callback_ids.state, "planned")

    def test_callback_cannot_be_logged_in_the_future(self):
        complaint = self.resolved(channel="government")
        with self.assertRaisesRegex(UserError, "future"):
            self.log(self.due(complaint), user=self.manager,
                     date_done="2099-01-01 00:00:00")

    def test_callbacks_are_open_to_whoever_may_open_the_case(self):
        mine = self.resolved(channel="government")
        secret = self.resolved(channel="government", is_confidential=True,
                               user_id=self.agent2.id, team_id=False,
                               responsible_id=False)
        ours = mine.callback_ids | secret.callback_ids
        self.assertEqual(len(ours), 2)
        Callback = self.Callback
        self.assertEqual(
            Callback.with_user(self.agent).search([("id", "in", ours.ids)]),
            mine.callback_ids)
        self.assertEqual(Callback.with_user(self.operator).search(
            [("id", "in", ours.ids)]), mine.callback_ids)
        self.assertEqual(Callback.with_user(self.engineer).search(
            [("id", "in", ours.ids)]), mine.callback_ids)
        self.assertEqual(Callback.with_user(self.supervisor).search(
            [("id", "in", ours.ids)]), ours)
        with self.assertRaises(AccessError):
            Callback.with_user(self.agent).create({"complaint_id": mine.id,
                                                   "user_id": self.agent.id})
        with self.assertRaises(AccessError):
            mine.callback_ids.with_user(self.agent).unlink()
        with self.assertRaises(AccessError):
            Callback.with_user(self.employee).search([])
