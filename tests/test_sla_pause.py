"""SLA pause (issue 16, item 12): while a case waits on the customer or a third
party its deadlines stand still, and on resumption they move later by the working
time paused. The limits are the seeds' working days: a plan within two (R17,
000:714), resolution within 3 or 7 (R18, 000:33, 000:35); what is late goes up
(R21, 001:43) — but not for the days the ball was in the customer's court."""
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from .process_common import ProcessCase
from .test_mail_gateway import MailGatewayCase, compose
from .test_repair_item import RepairItemCase
from .test_sla import utc


class TestSlaPause(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(TestSlaPause, cls).setUpClass()
        cls.env.user.company_id.complaint_at_risk_ratio = 0.8
        cls.Pause = cls.env["realestate.complaint.sla.pause"]
        cls.Deadline = cls.env["realestate.complaint.deadline"]

    def lines(self, complaint):
        complaint.invalidate_cache()
        return {d.target: d for d in complaint.deadline_ids}

    def sweep(self, now):
        """What the cron does at ``now``: statuses, then the escalation rules."""
        self.Deadline._sweep_statuses(now)
        done = self.env["base.automation"]._run_complaint_sweep(now)
        self.Deadline.invalidate_cache()
        return done.get(self.Deadline._name, self.Deadline)

    def test_a_paused_case_is_not_swept_late_nor_escalated(self):
        """Received Monday 23 November 09:00: the plan is due on Wednesday 09:00
        (R17), resolution on Thursday 09:00 (R18). Paused at 09:30 waiting for the
        customer, a sweep on Friday changes nothing; the same case unpaused is
        breached and escalated (R21)."""
        paused = self.create_complaint(date_received=utc(2026, 11, 23, 9, 0),
                                       user_id=self.agent.id)
        running = self.create_complaint(date_received=utc(2026, 11, 23, 9, 0),
                                        user_id=self.agent.id)
        paused.with_user(self.agent)._sla_pause(
            "customer", when=utc(2026, 11, 23, 9, 30))
        self.assertTrue(paused.sla_paused)
        self.assertEqual(paused.sla_pause_reason, "customer")
        self.assertTrue(all(paused.deadline_ids.mapped("paused")))
        self.assertFalse(any(paused.deadline_ids.mapped("date_next_escalation")))
        escalated = self.sweep(utc(2026, 11, 27, 12, 0))
        self.assertEqual(set(paused.deadline_ids.mapped("status")), {"on_track"})
        self.assertFalse(escalated & paused.deadline_ids)
        self.assertFalse(paused.escalation_tier_id)
        self.assertEqual(set(running.deadline_ids.mapped("status")), {"breached"})
        self.assertEqual(escalated & running.deadline_ids, running.deadline_ids)

    def test_resume_moves_the_deadlines_by_the_working_hours_over_a_weekend(self):
        """Received Friday 27 November 09:00: plan Tuesday 1 December 09:00,
        resolution Wednesday 2 December 09:00. Paused Friday 16:00, resumed Monday
        10:00: 1.5 + 2 = 3.5 working hours, the weekend counts for nothing."""
        complaint = self.create_complaint(date_received=utc(2026, 11, 27, 9, 0),
                                          user_id=self.agent.id)
        before = self.lines(complaint)
        self.assertEqual(before["plan"].date_deadline, utc(2026, 12, 1, 9, 0))
        self.assertEqual(before["resolve"].date_deadline, utc(2026, 12, 2, 9, 0))
        self.assertEqual(before["first_contact"].date_deadline,
                         utc(2026, 11, 30, 9, 0))
        agent_case = complaint.with_user(self.agent)
        agent_case._sla_pause("customer", when=utc(2026, 11, 27, 16, 0))
        hours = agent_case._sla_resume(when=utc(2026, 11, 30, 10, 0))
        self.assertAlmostEqual(hours, 3.5)
        after = self.lines(complaint)
        self.assertEqual(after["plan"].date_deadline, utc(2026, 12, 1, 12, 30))
        self.assertEqual(after["resolve"].date_deadline, utc(2026, 12, 2, 12, 30))
        self.assertEqual(after["resolve"].date_next_escalation,
                         utc(2026, 12, 2, 12, 30))
        # Due during the pause (Monday 09:00): 2.5 working hours were left at the
        # pause, so 12:30 after resuming at 10:00.
        self.assertEqual(after["first_contact"].date_deadline,
                         utc(2026, 11, 30, 12, 30))
        self.assertEqual(after["first_contact"].status, "on_track")
        self.assertFalse(any(complaint.deadline_ids.mapped("paused")))
        pause = complaint.sla_pause_ids
        self.assertEqual(len(pause), 1)
        self.assertEqual((pause.date_start, pause.date_end, pause.resumed_how),
                         (utc(2026, 11, 27, 16, 0), utc(2026, 11, 30, 10, 0), "hand"))
        self.assertEqual((pause.user_id, pause.resumed_by_id),
                         (self.agent, self.agent))
        self.assertAlmostEqual(pause.hours, 3.5)
        self.assertAlmostEqual(complaint.sla_paused_hours, 3.5)
        self.assertFalse(complaint.sla_paused)
        self.assertFalse(complaint.sla_pause_reason)
        # Late before the pause (acknowledgement due Friday 10:00): stays so.
        self.assertEqual((after["acknowledge"].status,
                          after["acknowledge"].date_deadline),
                         ("breached", utc(2026, 11, 27, 10, 0)))
        self.assertEqual(complaint.next_deadline_status, "breached")
        # The next sweep runs them again, from the moved dates.
        self.sweep(utc(2026, 11, 30, 12, 29))
        self.assertEqual(self.lines(complaint)["first_contact"].status, "at_risk")
        self.sweep(utc(2026, 11, 30, 12, 31))
        self.assertEqual(self.lines(complaint)["first_contact"].status, "breached")

    def test_a_pause_over_the_national_day_holidays_moves_little(self):
        """Received Tuesday 29 September 09:00, resolution due 9 October 09:00
        (1-7 October are holidays, data/resource_calendar_cn_2026.xml). Paused
        30 September 16:00 to 8 October 09:00: eight days, 2.5 working hours."""
        complaint = self.create_complaint(date_received=utc(2026, 9, 29, 9, 0),
                                          user_id=self.agent.id)
        self.assertEqual(self.lines(complaint)["resolve"].date_deadline,
                         utc(2026, 10, 9, 9, 0))
        complaint._sla_pause("authority", note="房管局 title office",
                             when=utc(2026, 9, 30, 16, 0))
        hours = complaint._sla_resume(when=utc(2026, 10, 8, 9, 0))
        self.assertAlmostEqual(hours, 2.5)
        self.assertEqual(self.lines(complaint)["resolve"].date_deadline,
                         utc(2026, 10, 9, 11, 30))

    def test_elapsed_time_limits_move_by_the_elapsed_time(self):
        """A repair request at 22:00 is visited within an hour (R20: outside
        working hours, plain time). Paused 22:10-22:40 with no working hour in
        between, the visit is still due 30 minutes later: 23:30."""
        complaint = self.create_complaint(kind="repair",
                                          date_received=utc(2026, 11, 24, 22, 0))
        self.assertEqual(self.lines(complaint)["onsite"].date_deadline,
                         utc(2026, 11, 24, 23, 0))
        complaint._sla_pause("customer", when=utc(2026, 11, 24, 22, 10))
        self.assertEqual(complaint._sla_resume(when=utc(2026, 11, 24, 22, 40)), 0.0)
        lines = self.lines(complaint)
        self.assertEqual(lines["onsite"].date_deadline, utc(2026, 11, 24, 23, 30))
        # A limit in working hours does not move for night time.
        self.assertEqual(lines["acknowledge"].date_deadline, utc(2026, 11, 25, 9, 0))

    def test_a_breached_deadline_stays_breached_and_its_escalation_waits(self):
        """Lateness before the pause is not erased (R21): the breached deadline
        keeps its date and status; only its next escalation waits, and moves
        later by the working time paused."""
        complaint = self.create_complaint(date_received=utc(2026, 11, 2, 9, 0),
                                          user_id=self.agent.id)
        self.sweep(utc(2026, 11, 24, 9, 30))
        resolve = self.lines(complaint)["resolve"]
        self.assertEqual(resolve.status, "breached")
        self.assertEqual(resolve.escalation_count, 1)
        deadline, next_escalation = resolve.date_deadline, resolve.date_next_escalation
        self.assertTrue(next_escalation)
        complaint._sla_pause("third_party", when=utc(2026, 11, 24, 10, 0))
        # Past its next escalation (14:15), still paused: no climb.
        self.sweep(utc(2026, 11, 24, 16, 0))
        resolve = self.lines(complaint)["resolve"]
        self.assertEqual((resolve.status, resolve.escalation_count), ("breached", 1))
        complaint._sla_resume(when=utc(2026, 11, 25, 10, 0))
        resolve = self.lines(complaint)["resolve"]
        self.assertEqual(resolve.status, "breached")
        self.assertEqual(resolve.date_deadline, deadline)
        # One working day (9.5 h) later than before.
        self.assertEqual(resolve.date_next_escalation, utc(2026, 11, 25, 14, 15))
        self.assertEqual(next_escalation, utc(2026, 11, 24, 14, 15))

    def test_what_came_due_before_the_pause_is_marked_as_it_stops(self):
        complaint = self.create_complaint(date_received=utc(2026, 11, 23, 9, 0))
        # The acknowledgement was due at 10:00; no sweep ran since.
        complaint._sla_pause("customer", when=utc(2026, 11, 23, 10, 30))
        self.assertEqual(self.lines(complaint)["acknowledge"].status, "breached")

    def test_the_customer_writing_resumes_a_case_waiting_for_them(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        complaint.with_user(self.agent)._sla_pause("customer")
        # An agent's note is not the customer's answer.
        complaint.with_user(self.agent).message_post(body="Phoned, no answer.",
                                                     subtype="mail.mt_note")
        self.assertTrue(complaint.sla_paused)
        self.env["realestate.complaint.portal"]._add_message(
            self.owner, complaint, "合同复印件已上传。", [])
        self.assertFalse(complaint.sla_paused)
        self.assertEqual(complaint.sla_pause_ids.resumed_how, "customer")
        self.assertFalse(complaint.sla_pause_ids.resumed_by_id)
        # An email of the customer does it too.
        complaint.with_user(self.agent)._sla_pause("customer")
        complaint.message_post(body="Here it is.", author_id=self.owner.id,
                               message_type="email", subtype="mail.mt_comment")
        self.assertFalse(complaint.sla_paused)

    def test_the_customer_writing_leaves_a_third_party_wait_alone(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        complaint.with_user(self.agent)._sla_pause("supplier", note="电梯厂家检测报告")
        self.env["realestate.complaint.portal"]._add_message(
            self.owner, complaint, "请问进展如何？", [])
        self.assertTrue(complaint.sla_paused)

    def test_resolving_the_case_ends_the_pause(self):
        complaint = self.investigated()
        complaint.with_user(self.engineer)._sla_pause("customer")
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_callback.id})
        self.assertFalse(complaint.sla_paused)
        self.assertEqual(complaint.sla_pause_ids.resumed_how, "stage")
        with self.assertRaises(UserError):
            complaint.with_user(self.agent)._sla_pause("customer")

    def test_pause_twice_and_other_without_words_are_refused(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            complaint.with_user(self.agent)._sla_pause("other")
        complaint.with_user(self.agent)._sla_pause("other", note="业主出国，月底回来")
        with self.assertRaises(UserError):
            complaint.with_user(self.agent)._sla_pause("customer")

    def test_the_wizard_pauses_and_the_button_resumes(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        action = complaint.with_user(self.agent).action_sla_pause()
        self.assertEqual(action["res_model"], "realestate.complaint.sla.pause.wizard")
        wizard = self.env[action["res_model"]].with_user(self.agent).with_context(
            **action["context"]).create({"reason": "customer", "note": "购房合同"})
        wizard.action_pause()
        self.assertTrue(complaint.sla_paused)
        self.assertEqual(complaint.sla_pause_ids.note, "购房合同")
        # The note names the reason, in whichever language the agent reads.
        self.assertIn("购房合同", complaint.message_ids[0].body)
        complaint.with_user(self.agent).action_sla_resume()
        self.assertFalse(complaint.sla_paused)
        self.assertIn("SLA resumed", complaint.message_ids[0].body)

    def test_who_may_pause_and_touch_the_pause_records(self):
        """Agents, supervisors and the case's department pause and resume through
        the buttons; operators do not; nobody writes a pause record or the
        case's pause fields by hand (they would forge the SLA, R21)."""
        complaint = self.investigated()
        outsider = self._create_user("t_other_dept", "group_complaint_department")
        with self.assertRaises(UserError):
            complaint.with_user(self.operator).action_sla_resume()
        with self.assertRaises(AccessError):
            complaint.with_user(outsider).action_sla_pause()
        complaint.with_user(self.engineer).action_sla_pause()
        complaint.with_user(self.engineer)._sla_pause("customer")
        complaint.with_user(self.supervisor).action_sla_resume()
        pause = complaint.sla_pause_ids
        for user in (self.operator, self.agent, self.supervisor, self.executive,
                     self.engineer):
            self.assertEqual(pause.with_user(user).read(["reason"])[0]["reason"],
                             "customer", user.login)
            with self.assertRaises(AccessError):
                pause.with_user(user).write({"hours": 0})
            with self.assertRaises(AccessError):
                pause.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Pause.with_user(user).create({
                    "complaint_id": complaint.id, "reason": "customer",
                    "date_start": utc(2026, 11, 23, 9, 0)})
        self.assertFalse(self.Pause.with_user(outsider).search(
            [("complaint_id", "=", complaint.id)]))
        with self.assertRaises(AccessError):
            self.Pause.with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"sla_paused": True})
        with self.assertRaises(AccessError):
            complaint.with_user(self.supervisor).write({"sla_paused_hours": 0})

    def test_confidential_pauses_follow_the_case(self):
        complaint = self.create_complaint(user_id=self.agent.id, is_confidential=True)
        complaint.with_user(self.agent)._sla_pause("customer")
        self.assertFalse(self.Pause.with_user(self.operator).search(
            [("complaint_id", "=", complaint.id)]))
        self.assertTrue(self.Pause.with_user(self.agent).search(
            [("complaint_id", "=", complaint.id)]))

    def test_statistics_say_how_much_was_paused_and_comply_net_of_pauses(self):
        """R37: the month's pauses per reason, and a resolution done after its
        original date but within the date moved by the pause is met in time."""
        company = self.env.user.company_id
        first = self.create_complaint(date_received=utc(2026, 11, 23, 9, 0))
        second = self.create_complaint(date_received=utc(2026, 11, 23, 9, 0))
        # Monday 10:00 to Tuesday 10:00: 9.5 working hours.
        first._sla_pause("customer", when=utc(2026, 11, 23, 10, 0))
        first._sla_resume(when=utc(2026, 11, 24, 10, 0))
        # Wednesday 16:00 to Thursday 10:00: 3.5 working hours.
        first._sla_pause("customer", when=utc(2026, 11, 25, 16, 0))
        first._sla_resume(when=utc(2026, 11, 26, 10, 0))
        second._sla_pause("supplier", note="检测报告", when=utc(2026, 11, 25, 9, 0))
        # Resolution due Thursday 26 November 09:00, moved to Friday 12:30: done
        # at 11:00, it is met in time, net of the pauses.
        self.assertEqual(self.lines(first)["resolve"].date_deadline,
                         utc(2026, 11, 27, 12, 30))
        first._complete_targets(["resolve"], when=utc(2026, 11, 27, 11, 0))
        self.assertEqual(self.lines(first)["resolve"].status, "met")

        Statistics = self.env["realestate.complaint.statistics"]
        # The fixture's own project: other cases of the database do not count.
        before = Statistics._report("month", date(2026, 11, 1), date(2026, 11, 30),
                                    company, projects=self.project)
        current = before["current"]
        self.assertEqual(current["paused_count"], 3)
        self.assertEqual(current["paused_cases"], 2)
        self.assertAlmostEqual(current["paused_hours"], 13.0)
        self.assertEqual(current["pauses"]["customer"],
                         {"pauses": 2, "cases": 1, "hours": 13.0, "running": 0})
        self.assertEqual(current["pauses"]["supplier"],
                         {"pauses": 1, "cases": 1, "hours": 0.0, "running": 1})
        self.assertGreaterEqual(current["sla"]["resolve"]["met"], 1)
        tables = Statistics._tables(before)
        pauses = next(t for t in tables if t["title"].startswith("SLA Pauses"))
        rows = {row[0][0]: [cell[0] for cell in row[1:]] for row in pauses["rows"]}
        self.assertEqual(rows["Waiting for the Customer"], [2, 1, 13.0, 0, 0, 0.0])
        self.assertEqual(rows["Waiting for a Supplier or Contractor"],
                         [1, 1, 0.0, 1, 0, 0.0])
        summary = {row[0][0]: row[1][0] for row in tables[0]["rows"]}
        self.assertEqual(summary["SLA pauses started"], 3)
        # Another month knows none of it.
        october = Statistics._report("month", date(2026, 10, 1), date(2026, 10, 31),
                                     company, projects=self.project)
        self.assertEqual(october["current"]["paused_count"], 0)


class TestSlaPauseByEmail(MailGatewayCase):
    """The customer's emailed answer resumes a case waiting for them; their
    mailbox's out-of-office reply does not."""

    def setUp(self):
        super(TestSlaPauseByEmail, self).setUp()
        self.case = self.process(self.sample("plain.eml"))
        self.case._sla_pause("customer", note="照片")
        self.acknowledgement = self.case.message_ids.filtered(
            lambda m: self.case.partner_id in m.partner_ids)[-1:]

    def test_the_customers_reply_resumes_the_case(self):
        landed = self.process(compose(
            body="照片见附件。", In_Reply_To=self.acknowledgement.message_id,
            Message_Id="<pause-reply-1@owners.example.org>"))
        self.assertEqual(landed, self.case)
        self.assertFalse(self.case.sla_paused)
        self.assertEqual(self.case.sla_pause_ids.resumed_how, "customer")

    def test_an_auto_reply_from_the_customers_mailbox_does_not(self):
        raw = self.sample("auto_reply.eml").replace(
            b"Auto-Submitted", b"In-Reply-To: %s\r\nAuto-Submitted"
            % self.acknowledgement.message_id.encode())
        self.assertEqual(self.process(raw), self.case)
        self.assertTrue(self.case.message_ids.filtered(
            lambda m: m.message_id == "<auto-1@owners.example.org>"))
        self.assertTrue(self.case.sla_paused)


class TestSlaPauseDemo(ProcessCase):
    def test_the_demo_shows_a_paused_case_and_a_resumed_one(self):
        waiting = self.ref("complaint_14_demo")
        resumed = self.ref("complaint_13_demo")
        self.assertTrue(waiting.sla_paused)
        self.assertEqual(waiting.sla_pause_reason, "customer")
        self.assertFalse(resumed.sla_paused)
        self.assertEqual(resumed.sla_pause_ids.reason, "authority")
        self.assertGreater(resumed.sla_paused_hours, 0)
        # Loaded again (as on an upgrade), it changes nothing.
        pauses = (waiting | resumed).mapped("sla_pause_ids")
        self.Complaint._demo_sla_pauses()
        self.assertEqual((waiting | resumed).mapped("sla_pause_ids"), pauses)


class TestSlaPauseRepairItem(RepairItemCase):
    def test_a_repair_items_date_is_not_paused(self):
        """A repair item's deadline is its date in the work plan, agreed with the
        owner (004:125-126): it is rescheduled, not paused."""
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        item = self.item(complaint, self.waterproofing, party_id=self.party.id,
                         plan="重做防水层", date_planned="2026-11-30")
        item.action_plan()
        complaint._sla_pause("customer", when=utc(2026, 11, 24, 11, 0))
        self.assertFalse(item.deadline_id.paused)
        self.assertTrue(item.deadline_id.date_next_escalation)
        self.assertTrue((complaint.deadline_ids - item.deadline_id).filtered("paused"))
