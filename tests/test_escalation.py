"""Escalation of late cases up the management chain (R21, R22), run by the SLA sweep
behind the shipped automated action."""
from datetime import timedelta

from odoo import api, fields
from odoo.tests.common import TransactionCase, at_install, post_install
from odoo.tools import mute_logger

from .common import ADDON, ComplaintCase
from .test_sla import utc

LADDER = ["Customer Assistant", "CS Supervisor", "Sales Manager", "Marketing VP",
          "General Manager", "Administration and HR"]


class EscalationMixin(object):
    def sweep(self, now):
        """What the cron does at ``now``: statuses, then the escalation rules."""
        Deadline = self.env["realestate.complaint.deadline"]
        Deadline._sweep_statuses(now)
        return self.env["base.automation"]._run_complaint_sweep(now).get(
            Deadline._name, Deadline)


class TestEscalation(EscalationMixin, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestEscalation, cls).setUpClass()
        cls.sales_manager = cls._create_user("t_sales_manager", "group_complaint_agent")
        cls.env.ref(ADDON + ".tier_sales_manager").user_ids = cls.sales_manager
        cls.rule = cls.env.ref(ADDON + ".automation_escalate_late_deadlines")
        # Received on Monday 2 November: every deadline is long breached on the 24th.
        cls.late = cls.env["realestate.complaint"].create(cls.complaint_vals(
            date_received=utc(2026, 11, 2, 9, 0), user_id=cls.agent.id))

    def resolve_line(self, complaint):
        return complaint.deadline_ids.filtered(lambda d: d.target == "resolve")

    def activities(self, complaint):
        return self.env["mail.activity"].search([
            ("res_model", "=", "realestate.complaint"), ("res_id", "=", complaint.id),
            ("activity_type_id", "=", self.env.ref(
                ADDON + ".mail_activity_type_escalation").id)])

    def digests(self, user):
        """The escalation emails of ``user`` (in the user's language)."""
        return self.env["mail.mail"].search([
            ("model", "=", "res.users"), ("res_id", "=", user.id),
            ("recipient_ids", "in", user.partner_id.ids)])

    def test_breach_raises_the_case_one_tier_with_activity_email_and_note(self):
        on_time = self.create_complaint(date_received=utc(2026, 11, 24, 9, 15))
        escalated = self.sweep(utc(2026, 11, 24, 9, 30))
        self.assertEqual(escalated & (self.late | on_time).mapped("deadline_ids"),
                         self.late.deadline_ids)
        tier = self.env.ref(ADDON + ".tier_customer_assistant")
        self.assertEqual(self.late.escalation_tier_id, tier)
        self.assertEqual(set(self.late.deadline_ids.mapped("escalation_tier_id")),
                         {tier})
        self.assertFalse(on_time.escalation_tier_id)
        # The customer assistant tier alerts the case's agent and receiver.
        self.assertEqual(self.activities(self.late).mapped("user_id"),
                         self.agent | self.late.receiver_id)
        self.assertEqual(len(self.digests(self.agent)), 1)
        self.assertIn(self.late.name, self.digests(self.agent).body_html)
        self.assertIn("Escalated to Customer Assistant",
                      self.late.message_ids[0].body)
        line = self.resolve_line(self.late)
        self.assertEqual(line.escalation_count, 1)
        self.assertEqual(line.date_escalated, utc(2026, 11, 24, 9, 30))
        # Half a working day (4.75 of 9.5 hours) later, if still late.
        self.assertEqual(line.date_next_escalation, utc(2026, 11, 24, 14, 15))

    def test_second_sweep_changes_nothing(self):
        now = utc(2026, 11, 24, 9, 30)
        self.sweep(now)
        lines = self.late.deadline_ids
        state = lines.read(["escalation_tier_id", "escalation_count",
                            "date_escalated", "date_next_escalation"])
        messages = len(self.late.message_ids)
        activities = len(self.activities(self.late))
        self.late.invalidate_cache()
        self.assertFalse(self.sweep(now) & lines)
        self.assertFalse(self.sweep(utc(2026, 11, 24, 14, 0)) & lines)
        self.assertEqual(lines.read(["escalation_tier_id", "escalation_count",
                                     "date_escalated", "date_next_escalation"]), state)
        self.assertEqual(len(self.late.message_ids), messages)
        self.assertEqual(len(self.activities(self.late)), activities)

    def test_still_late_climbs_every_tier_up_to_administration(self):
        """Each sweep after the tier's interval raises the case once more; past the
        general manager it goes to administration (R21) and climbs no further."""
        seen = []
        now = utc(2026, 11, 24, 9, 0)
        for _step in range(len(LADDER) + 2):
            self.sweep(now)
            seen.append(self.late.escalation_tier_id.name)
            pending = [d for d in self.late.deadline_ids.mapped("date_next_escalation")
                       if d]
            now = max(pending) if pending else fields.Datetime.to_string(
                fields.Datetime.from_string(now) + timedelta(days=1))
        self.assertEqual(seen, LADDER + LADDER[-1:] * 2)
        line = self.resolve_line(self.late)
        self.assertEqual(line.escalation_count, len(LADDER))
        self.assertFalse(line.date_next_escalation)
        # The sales manager tier has its own people.
        self.assertEqual(len(self.digests(self.sales_manager).filtered(
            lambda mail: self.late.name in mail.body_html)), 1)
        notes = self.late.message_ids.mapped("body")
        self.assertTrue(any("Escalated to Administration and HR" in n for n in notes))

    def test_met_deadlines_and_closed_cases_do_not_escalate(self):
        # "report": the leader's report (R11), where the company names a leader.
        self.late._complete_targets(["acknowledge", "report", "dispatch",
                                     "first_contact", "plan", "resolve"],
                                    when=utc(2026, 11, 24, 9, 0))
        closed = self.create_complaint(date_received=utc(2026, 11, 2, 9, 0))
        closed.stage_id = self.stage_closed
        escalated = self.sweep(utc(2026, 11, 24, 9, 30))
        self.assertFalse(escalated & (self.late | closed).mapped("deadline_ids"))
        self.assertFalse((self.late | closed).mapped("escalation_tier_id"))

    def test_the_rule_is_configurable(self):
        """The shipped automated action drives the sweep: archived, nothing climbs;
        its delay holds the escalation back; its domain narrows it."""
        # import_file: changing "active" otherwise reloads the registry, which
        # commits the test's transaction.
        self.rule.with_context(import_file=True).active = False
        self.assertFalse(self.sweep(utc(2026, 11, 24, 9, 30)))
        self.rule.with_context(import_file=True).active = True
        # A month's grace: the case was due on 2-5 November.
        self.rule.write({"trg_date_range": 1, "trg_date_range_type": "month"})
        self.assertFalse(self.sweep(utc(2026, 11, 24, 9, 30)) & self.late.deadline_ids)
        self.rule.write({"trg_date_range": 0, "filter_domain":
                         "[('status', '=', 'breached'), ('target', '=', 'resolve')]"})
        escalated = self.sweep(utc(2026, 11, 24, 9, 30))
        self.assertEqual(set(escalated.mapped("target")), {"resolve"})
        self.assertIn(self.resolve_line(self.late), escalated)
        # A rule left without its trigger date is skipped, not an error in the cron.
        self.rule.trg_date_id = False
        with mute_logger("odoo.addons.realestate_complaint.models.base_automation"):
            self.assertFalse(self.sweep(utc(2026, 11, 26, 9, 30)))

    def test_stock_timed_check_leaves_the_sweep_rule_alone(self):
        self.env["realestate.complaint.deadline"]._sweep_statuses(
            utc(2026, 11, 24, 9, 30))
        self.env["base.automation"]._check()
        self.assertFalse(self.late.escalation_tier_id)
        self.assertEqual(self.rule.last_run, False)

    def test_tiers_of_another_company_are_skipped(self):
        other = self.env["res.company"].create({"name": "Other Developer"})
        self.env.ref(ADDON + ".tier_customer_assistant").company_id = other
        self.sweep(utc(2026, 11, 24, 9, 30))
        self.assertEqual(self.late.escalation_tier_id,
                         self.env.ref(ADDON + ".tier_cs_supervisor"))


class ConcurrentSweepCase(EscalationMixin, TransactionCase):
    """Two cron workers at once, each with its own database transaction. The case
    is committed so that both see it, and removed afterwards."""

    statuses_swept = True

    def setUp(self):
        super(ConcurrentSweepCase, self).setUp()
        self.now = utc(2026, 11, 24, 9, 30)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            project = env["realestate.project"].create(
                {"name": "Concurrency Garden", "code": "CCG"})
            building = env["realestate.building"].create(
                {"name": "C1", "project_id": project.id})
            complaint = env["realestate.complaint"].create({
                "kind": "complaint", "channel": "hotline", "is_anonymous": True,
                "category_id": env.ref(ADDON + ".category_quality_leak").id,
                "project_id": project.id, "unit_unknown": True,
                "contract_unknown": True, "evidence_unknown": True,
                "description": "<p>Concurrent sweeps</p>", "demand": "repair",
                "date_received": utc(2026, 11, 2, 9, 0)})
            if self.statuses_swept:
                env["realestate.complaint.deadline"]._sweep_statuses(self.now)
            # Only this case: the demo cases stay as they are.
            rule = env.ref(ADDON + ".automation_escalate_late_deadlines")
            # Late by 24 November: every target counting from receipt (the
            # leader's report too where the company names a leader, R11).
            self.late_count = len(complaint.deadline_ids)
            self.ids = {"complaint": complaint.id, "building": building.id,
                        "project": project.id, "domain": rule.filter_domain}
            rule.filter_domain = "[('status', '=', 'breached'), " \
                "('complaint_id', '=', %d)]" % complaint.id
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            complaint = env["realestate.complaint"].browse(self.ids["complaint"])
            env["mail.activity"].search([
                ("res_model", "=", complaint._name),
                ("res_id", "=", complaint.id)]).unlink()
            env["mail.message"].search([("model", "=", complaint._name),
                                        ("res_id", "=", complaint.id)]).unlink()
            env["mail.mail"].search([("model", "=", "res.users"),
                                     ("body_html", "like", complaint.name)]).unlink()
            complaint.unlink()
            env.ref(ADDON + ".automation_escalate_late_deadlines").filter_domain = \
                self.ids["domain"]
            env["realestate.building"].browse(self.ids["building"]).unlink()
            env["realestate.project"].browse(self.ids["project"]).unlink()

    def escalation_counts(self):
        with self.registry.cursor() as cr:
            cr.execute("""SELECT target, escalation_count
                            FROM realestate_complaint_deadline
                           WHERE complaint_id = %s""", (self.ids["complaint"],))
            return dict(cr.fetchall())

    def worker(self, cr):
        """One cron worker's sweep at ``self.now``: the deadlines it escalated."""
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        return env["base.automation"]._run_complaint_sweep(self.now).get(
            "realestate.complaint.deadline", [])


@at_install(False)
@post_install(True)
class TestConcurrentSweeps(ConcurrentSweepCase):
    """Every late deadline is escalated exactly once."""

    def test_two_sweeps_at_once_escalate_each_deadline_once(self):
        """Worker B runs while worker A holds its rows: B skips them."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            done_a = self.worker(cr_a)
            done_b = self.worker(cr_b)
            self.assertEqual(len(done_a), self.late_count)
            self.assertFalse(done_b)
        self.assertEqual(set(self.escalation_counts().values()), {1})

    def test_a_sweep_started_before_the_other_committed_escalates_nothing(self):
        """Worker B's transaction began before worker A committed: B finds the rows
        due in its snapshot, cannot lock them, and leaves them."""
        with self.registry.cursor() as cr_b:
            cr_b.execute("SELECT count(*) FROM realestate_complaint_deadline")
            with self.registry.cursor() as cr_a:
                self.assertEqual(len(self.worker(cr_a)), self.late_count)
            self.assertFalse(self.worker(cr_b))
        self.assertEqual(set(self.escalation_counts().values()), {1})


@at_install(False)
@post_install(True)
class TestConcurrentStatusSweeps(ConcurrentSweepCase):
    """The status step of two sweeps at once (issue 16, bug: the second one ended
    with SerializationFailure in _sweep_statuses): each deadline changes status
    once, and the second sweep skips what the first one holds or did, cleanly."""

    statuses_swept = False

    def statuses(self):
        with self.registry.cursor() as cr:
            cr.execute("""SELECT status, count(*) FROM realestate_complaint_deadline
                           WHERE complaint_id = %s GROUP BY status""",
                       (self.ids["complaint"],))
            return dict(cr.fetchall())

    def status_sweep(self, cr):
        """One worker's status step: this case's deadlines it made breached (the
        sweep covers the whole database)."""
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        breached = env["realestate.complaint.deadline"]._sweep_statuses(self.now)
        return env["realestate.complaint.deadline"].browse(breached).filtered(
            lambda d: d.complaint_id.id == self.ids["complaint"])

    def test_a_sweep_started_before_the_other_committed_skips_its_rows(self):
        with self.registry.cursor() as cr_b:
            cr_b.execute("SELECT count(*) FROM realestate_complaint_deadline")
            with self.registry.cursor() as cr_a:
                self.assertEqual(len(self.status_sweep(cr_a)), self.late_count)
            self.assertFalse(self.status_sweep(cr_b))
            # B's transaction is still usable: its escalation step runs after it.
            self.assertFalse(self.worker(cr_b))
        self.assertEqual(self.statuses(), {"breached": self.late_count})

    def test_a_sweep_while_the_other_holds_the_rows_skips_them(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            self.assertEqual(len(self.status_sweep(cr_a)), self.late_count)
            # Waiting for A's locks would hang this single-threaded test: fail.
            cr_b.execute("SET LOCAL lock_timeout = '3s'")
            self.assertFalse(self.status_sweep(cr_b))
        self.assertEqual(self.statuses(), {"breached": self.late_count})
