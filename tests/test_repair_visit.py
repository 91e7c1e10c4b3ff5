"""The visits of a repair request (issue 14, R4, R20): the arrival on site meets the
20-minute target when it is recorded (004:123), and the property service centre's
verification on site within 48 hours is a target of its own (004:33)."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .process_common import ProcessCase
from .test_escalation import EscalationMixin
from .test_sla import utc

# Tuesday 24 November 2026, 10:00 in Shanghai: working hours.
RECEIVED = (2026, 11, 24, 10, 0)


class TestRepairVisit(EscalationMixin, ProcessCase):
    def repair(self, **overrides):
        return self.create_complaint(
            kind="repair", date_received=utc(*RECEIVED), user_id=self.agent.id,
            team_id=self.team.id, responsible_id=self.engineer.id, **overrides)

    def line(self, complaint, target):
        return complaint.deadline_ids.filtered(lambda d: d.target == target)

    def test_arrival_in_15_minutes_is_met_and_never_escalates(self):
        """004:123: on site within 20 minutes of a request in working hours."""
        complaint = self.repair()
        onsite = self.line(complaint, "onsite")
        self.assertEqual(onsite.date_deadline, utc(2026, 11, 24, 10, 20))
        complaint.with_user(self.engineer)._record_visit(
            "onsite", self.engineer, utc(2026, 11, 24, 10, 15))
        self.assertEqual(onsite.status, "met")
        self.assertEqual(onsite.date_done, utc(2026, 11, 24, 10, 15))
        self.assertEqual((complaint.date_onsite, complaint.onsite_user_id),
                         (utc(2026, 11, 24, 10, 15), self.engineer))
        # Hours later, the case still in progress: nothing about the arrival climbs.
        self.sweep(utc(2026, 11, 24, 14, 0))
        self.assertEqual(onsite.status, "met")
        self.assertFalse(onsite.escalation_count)
        self.assertFalse(onsite.date_next_escalation)
        self.assertNotEqual(complaint.next_deadline_target, "onsite")

    def test_arrival_after_25_minutes_is_met_late_and_stops_climbing(self):
        """Breached at 10:20 and escalated once by the sweep; the arrival at 10:25
        ends it: met late, no further escalation."""
        complaint = self.repair()
        onsite = self.line(complaint, "onsite")
        self.sweep(utc(2026, 11, 24, 10, 22))
        self.assertEqual(onsite.status, "breached")
        climbed = onsite.escalation_count
        self.assertGreaterEqual(climbed, 1)
        complaint.with_user(self.agent)._record_visit(
            "onsite", self.engineer, utc(2026, 11, 24, 10, 25))
        self.assertEqual(onsite.status, "met_late")
        self.assertFalse(onsite.date_next_escalation)
        for hour in (11, 14, 17):
            self.sweep(utc(2026, 11, 24, hour, 0))
        self.assertEqual(onsite.escalation_count, climbed)
        self.assertEqual(onsite.status, "met_late")

    def test_arrival_late_without_a_sweep_between(self):
        complaint = self.repair()
        complaint._record_visit("onsite", self.engineer, utc(2026, 11, 24, 10, 25))
        onsite = self.line(complaint, "onsite")
        self.assertEqual(onsite.status, "met_late")
        self.sweep(utc(2026, 11, 24, 12, 0))
        self.assertFalse(onsite.escalation_count)

    def test_verification_on_site_within_48_hours_is_its_own_target(self):
        """004:33: the property service centre verifies within 48 hours (calendar
        hours: it works at the weekend) and records the repair and its fee."""
        complaint = self.repair()
        verify = self.line(complaint, "verify")
        self.assertEqual(verify.date_deadline, utc(2026, 11, 26, 10, 0))
        complaint.with_user(self.engineer)._record_visit(
            "onsite", self.engineer, utc(2026, 11, 24, 10, 15))
        self.assertEqual(verify.status, "on_track")
        complaint.with_user(self.engineer)._record_visit(
            "verify", self.head, utc(2026, 11, 25, 9, 0),
            note="卫生间防水层破损，保修期内免费维修")
        self.assertEqual(verify.status, "met")
        self.assertEqual(complaint.verified_by_id, self.head)
        self.assertIn("防水层", complaint.verification_note)
        self.assertIn("防水层", complaint.message_ids[0].body)
        # Resolving the case later changes neither visit.
        self.assertEqual(self.line(complaint, "onsite").date_done,
                         utc(2026, 11, 24, 10, 15))

    def test_resolving_completes_visits_never_recorded(self):
        """A repair resolved without its visits recorded: they are done then (met
        late if their time had passed), as before."""
        complaint = self.repair()
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_callback.id})
        self.assertEqual(self.line(complaint, "onsite").status, "met_late")
        self.assertEqual(self.line(complaint, "verify").status, "met_late")

    def test_what_a_visit_refuses(self):
        complaint = self.repair()
        with self.assertRaises(ValidationError):
            complaint._record_visit("onsite", self.engineer, utc(2026, 11, 24, 9, 0))
        with self.assertRaises(ValidationError):
            complaint._record_visit("onsite", self.engineer, "2099-01-01 00:00:00")
        complaint._record_visit("onsite", self.engineer, utc(2026, 11, 24, 10, 10))
        with self.assertRaises(UserError):
            complaint._record_visit("onsite", self.agent, utc(2026, 11, 24, 10, 12))
        other = self.create_complaint(user_id=self.agent.id)
        with self.assertRaises(UserError):
            other._record_visit("onsite", self.engineer, other.date_received)

    def test_who_records_a_visit(self):
        """Whoever may work the case: its department and agent; not an operator who
        neither received nor works it, nor another department (R39)."""
        complaint = self.repair()
        other_department = self._create_user("t_other_dept",
                                             "group_complaint_department")
        for user in (self.operator, other_department):
            with self.assertRaises(AccessError, msg=user.login):
                complaint.with_user(user)._record_visit(
                    "onsite", user, utc(2026, 11, 24, 10, 15))
        with self.assertRaises(AccessError):
            complaint.with_user(self.engineer).write(
                {"date_onsite": utc(2026, 11, 24, 10, 15)})
        Visit = self.env["realestate.complaint.visit"].with_user(self.engineer)
        wizard = Visit.create({
            "complaint_id": complaint.id, "visit": "onsite",
            "date": utc(2026, 11, 24, 10, 18)})
        self.assertEqual(wizard.user_id, self.engineer)
        wizard.action_record()
        self.assertEqual(self.line(complaint, "onsite").status, "met")
