"""SLA policies and deadlines on the working calendar (R3, R10, R17, R18, R20, R27)."""
from datetime import datetime

import pytz

from odoo import fields

from .common import ComplaintCase

SHANGHAI = pytz.timezone("Asia/Shanghai")


def utc(*args):
    """Naive UTC string of a Shanghai wall-clock time."""
    moment = SHANGHAI.localize(datetime(*args)).astimezone(pytz.utc)
    return fields.Datetime.to_string(moment.replace(tzinfo=None))


class TestSla(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestSla, cls).setUpClass()
        cls.env.user.company_id.complaint_at_risk_ratio = 0.8
        cls.ref = lambda self, xmlid: self.env.ref("realestate_complaint." + xmlid)

    def deadlines(self, complaint):
        return {d.target: d for d in complaint.deadline_ids}

    def test_simple_complaint_targets(self):
        """Received Friday 16:00: half a day to dispatch ends Monday 11:15."""
        complaint = self.create_complaint(date_received=utc(2026, 11, 27, 16, 0))
        self.assertEqual(complaint.sla_policy_id, self.ref("sla_policy_default"))
        lines = self.deadlines(complaint)
        self.assertEqual(set(lines), {"acknowledge", "dispatch", "first_contact",
                                      "plan", "resolve"})
        self.assertEqual(lines["acknowledge"].date_deadline, utc(2026, 11, 27, 17, 0))
        self.assertEqual(lines["dispatch"].date_deadline, utc(2026, 11, 30, 11, 15))
        self.assertEqual(lines["first_contact"].date_deadline, utc(2026, 11, 30, 16, 0))
        self.assertEqual(lines["plan"].date_deadline, utc(2026, 12, 1, 16, 0))
        self.assertEqual(lines["resolve"].date_deadline, utc(2026, 12, 2, 16, 0))
        self.assertEqual(complaint.next_deadline, lines["acknowledge"].date_deadline)
        self.assertEqual(complaint.next_deadline_target, "acknowledge")

    def test_complex_complaint_resolves_in_seven_working_days(self):
        complaint = self.create_complaint(
            complexity="complex", date_received=utc(2026, 9, 30, 9, 0))
        # 8.5 h on 30 Sep, 1-7 Oct off, then 8, 9, 10 (Saturday makeup), 12, 13,
        # 14 Oct full days (57 h) and the last hour on 15 Oct
        self.assertEqual(self.deadlines(complaint)["resolve"].date_deadline,
                         utc(2026, 10, 15, 9, 0))

    def test_repair_on_site_in_20_minutes_or_an_hour_outside_hours(self):
        inside = self.create_complaint(kind="repair",
                                       date_received=utc(2026, 11, 24, 10, 0))
        self.assertEqual(inside.sla_policy_id, self.ref("sla_policy_repair"))
        self.assertEqual(self.deadlines(inside)["onsite"].date_deadline,
                         utc(2026, 11, 24, 10, 20))
        night = self.create_complaint(kind="repair",
                                      date_received=utc(2026, 11, 24, 22, 0))
        self.assertEqual(self.deadlines(night)["onsite"].date_deadline,
                         utc(2026, 11, 24, 23, 0))

    def test_written_complaints_most_specific_policy_wins(self):
        quality = self.create_complaint(channel="letter",
                                        date_received=utc(2026, 11, 2, 9, 0))
        self.assertEqual(quality.sla_policy_id, self.ref("sla_policy_written_quality"))
        # 15 working days (R18): 8.5 h on Mon 2 Nov, 14 full days, 1 h on 23 Nov
        self.assertEqual(self.deadlines(quality)["resolve"].date_deadline,
                         utc(2026, 11, 23, 9, 0))
        prop = self.create_complaint(
            channel="letter", category_id=self.ref("category_property_mgmt").id)
        self.assertEqual(prop.sla_policy_id, self.ref("sla_policy_written_property"))
        # a written repair request about a leak matches the written quality and the
        # written maintenance policies equally: the sequence decides (maintenance)
        repair = self.create_complaint(channel="letter", kind="repair")
        self.assertEqual(repair.sla_policy_id, self.ref("sla_policy_written_repair"))
        by_phone = self.create_complaint(channel="hotline")
        self.assertEqual(by_phone.sla_policy_id, self.ref("sla_policy_default"))

    def test_acknowledging_and_dispatching_meet_their_targets(self):
        complaint = self.create_complaint()
        complaint.write({"stage_id": self.ref("stage_acknowledged").id})
        self.assertEqual(self.deadlines(complaint)["acknowledge"].status, "met")
        team = self.env["realestate.complaint.team"].create({
            "name": "SLA team", "head_id": self.agent.id})
        complaint.write({"team_id": team.id, "responsible_id": self.agent.id})
        complaint.action_dispatch()
        self.assertEqual(self.deadlines(complaint)["dispatch"].status, "met")
        self.assertEqual(complaint.next_deadline_target, "first_contact")

    def test_late_completion_is_met_late(self):
        complaint = self.create_complaint(date_received=utc(2026, 1, 5, 9, 0))
        complaint.write({"stage_id": self.ref("stage_acknowledged").id})
        self.assertEqual(self.deadlines(complaint)["acknowledge"].status, "met_late")

    def test_resolution_starts_the_callback_clock(self):
        """R27: call back within 3 working days of resolution (a level 2 case is
        always called back)."""
        complaint = self.create_complaint(level_override="2",
                                          level_override_reason="多户投诉")
        self.assertNotIn("callback", self.deadlines(complaint))
        complaint.write({"stage_id": self.ref("stage_callback").id})
        lines = self.deadlines(complaint)
        self.assertIn(lines["resolve"].status, ("met", "met_late"))
        self.assertEqual(lines["acknowledge"].status, "met")
        self.assertEqual(lines["callback"].status, "on_track")
        self.assertEqual(complaint.next_deadline_target, "callback")

    def test_sweep_marks_at_risk_then_breached_once(self):
        complaint = self.create_complaint(date_received=utc(2026, 11, 23, 8, 0))
        dispatch = self.deadlines(complaint)["dispatch"]  # 12:45, at risk from 11:48
        Deadline = self.env["realestate.complaint.deadline"]
        Deadline._sweep_statuses(utc(2026, 11, 23, 11, 0))
        self.assertEqual(dispatch.status, "on_track")
        Deadline._sweep_statuses(utc(2026, 11, 23, 12, 0))
        self.assertEqual(dispatch.status, "at_risk")
        breached = Deadline._sweep_statuses(utc(2026, 11, 23, 13, 0))
        self.assertIn(dispatch.id, breached)
        self.assertEqual(dispatch.status, "breached")
        self.assertEqual(complaint.next_deadline_status, "breached")
        # idempotent: the second sweep breaches nothing again
        again = Deadline._sweep_statuses(utc(2026, 11, 23, 13, 0))
        self.assertNotIn(dispatch.id, again)
        # done late after the breach
        team = self.env["realestate.complaint.team"].create({
            "name": "Late team", "head_id": self.agent.id})
        complaint.write({"team_id": team.id, "responsible_id": self.agent.id})
        complaint.action_dispatch()
        self.assertEqual(dispatch.status, "met_late")

    def test_sweep_finds_its_work_by_its_partial_indexes(self):
        """Issue 17: the sweep's searches can use the partial indexes of init,
        whatever the history: the status moves the open deadlines by their date,
        the level 1 rule the open cases not warned yet. Worded otherwise than an
        index's predicate (the ORM's `is_closed = False`), a search cannot use it
        and reads the table (here sequential scans are turned off to tell)."""
        self.create_complaint(date_received=utc(2026, 11, 23, 8, 0))
        queries = []
        cr = self.env.cr
        execute = cr.execute

        def record(query, params=None, log_exceptions=None):
            queries.append((query, params))
            return execute(query, params, log_exceptions)
        cr.execute = record
        try:
            self.Complaint._cron_sweep_sla(utc(2026, 11, 23, 13, 0))
        finally:
            del cr.execute
        wanted = {
            "realestate_complaint_deadline_breach_due_idx":
                lambda q: "status IN" in q and "date_deadline <=" in q,
            "realestate_complaint_deadline_at_risk_due_idx":
                lambda q: "status IN" in q and "date_at_risk <=" in q,
            "realestate_complaint_major_alert_idx":
                lambda q: '"date_major_alerted" IS NULL' in q,
        }
        cr.execute("SET LOCAL enable_seqscan = off")
        try:
            for index, matches in wanted.items():
                found = [(q, p) for q, p in queries if matches(q.strip())]
                self.assertEqual(len(found), 1, index)
                cr.execute("EXPLAIN " + found[0][0], found[0][1])
                plan = "\n".join(row[0] for row in cr.fetchall())
                self.assertIn(index, plan)
        finally:
            cr.execute("RESET enable_seqscan")

    def test_at_risk_counts_working_time_across_the_weekend(self):
        """Received Friday 16:00, dispatch by Monday 11:15: 80% of the 4.75 working
        hours is used on Monday at 10:18, not during the weekend."""
        complaint = self.create_complaint(date_received=utc(2026, 11, 27, 16, 0))
        dispatch = self.deadlines(complaint)["dispatch"]
        self.assertEqual(dispatch.date_at_risk, utc(2026, 11, 30, 10, 18))

    def test_at_risk_share_is_configurable(self):
        self.env.user.company_id.complaint_at_risk_ratio = 0.5
        complaint = self.create_complaint(date_received=utc(2026, 11, 23, 8, 0))
        dispatch = self.deadlines(complaint)["dispatch"]
        self.assertEqual(dispatch.date_at_risk, utc(2026, 11, 23, 10, 22, 30))

    def test_policy_changes_apply_to_the_next_registration(self):
        """The policies are cached per process: editing a target, archiving a
        policy or adding one is seen by the very next registration."""
        received = utc(2026, 11, 23, 8, 0)
        self.create_complaint(date_received=received)     # fills the cache
        default = self.ref("sla_policy_default")
        default.target_ids.filtered(lambda t: t.target == "resolve").duration = 4
        complaint = self.create_complaint(date_received=received)
        self.assertEqual(self.deadlines(complaint)["resolve"].date_deadline,
                         utc(2026, 11, 26, 17, 30))
        specific = default.copy({"name": "Leaks", "category_id":
                                 self.category_leak.id})
        specific.target_ids.filtered(lambda t: t.target == "resolve").duration = 1
        self.assertEqual(self.create_complaint(date_received=received).sla_policy_id,
                         specific)
        specific.active = False
        self.assertEqual(self.create_complaint(date_received=received).sla_policy_id,
                         default)
