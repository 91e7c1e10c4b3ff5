"""The monthly assessment of agents and departments (004:79-80, 004:203, 004:206,
000:140; R36): scores of October 2024 from deadlines and callbacks counted by
hand, the company's day and weights, ranks, stored lines that rewards and
penalties rest on, and who may read or act on them (R39)."""
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError

from .common import ComplaintCase


class TestAssessment(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestAssessment, cls).setUpClass()
        cls.Assessment = cls.env["realestate.complaint.assessment"]
        cls.company = cls.env.user.company_id
        cls.company.write({
            "complaint_tz": "Asia/Shanghai", "assessment_weight_on_time": 40,
            "assessment_weight_reopened": 20, "assessment_weight_satisfaction": 30,
            "assessment_weight_escalation": 10})
        cls.head = cls._create_user("t_dept_head", "group_complaint_department")
        cls.member = cls._create_user("t_dept_member", "group_complaint_department")
        cls.head2 = cls._create_user("t_dept_head2", "group_complaint_department")
        Team = cls.env["realestate.complaint.team"]
        cls.team1 = Team.create({"name": "测试工程部", "head_id": cls.head.id,
                                 "member_ids": [(6, 0, [cls.member.id])]})
        cls.team2 = Team.create({"name": "测试物业部", "head_id": cls.head2.id})
        # C1: agent, 工程部; C2: agent2, 工程部; C3: nobody, 物业部.
        cls.c1 = cls.case(cls.agent, cls.team1)
        cls.c2 = cls.case(cls.agent2, cls.team1)
        cls.c3 = cls.case(None, cls.team2)
        # Deadlines (due, status, escalations). The company's October runs from
        # 2024-09-30 16:00 to 2024-10-31 16:00 UTC.
        # One deadline per case and target (a partial unique index).
        targets = ["acknowledge", "dispatch", "onsite", "verify", "first_contact",
                   "plan", "resolve", "callback"]
        for number, (case, due, status, climbs) in enumerate([
                (cls.c1, "2024-10-03 02:00:00", "met", 0),
                (cls.c1, "2024-10-09 02:00:00", "met", 0),
                (cls.c1, "2024-09-30 17:00:00", "met", 0),       # 1 Oct, local
                (cls.c1, "2024-10-15 02:00:00", "met_late", 1),
                (cls.c1, "2024-10-20 02:00:00", "breached", 2),
                (cls.c1, "2024-10-31 16:30:00", "met", 0),       # 1 Nov, local
                (cls.c1, "2024-09-30 15:00:00", "breached", 1),  # 30 Sep, local
                (cls.c1, "2024-10-22 02:00:00", "on_track", 0),  # not decided
                (cls.c2, "2024-10-12 02:00:00", "met", 0)]):
            cls.env.cr.execute("""
                INSERT INTO realestate_complaint_deadline (complaint_id, target,
                    date_start, date_at_risk, date_deadline, status,
                    escalation_count)
                VALUES (%s, %s, %s, %s, %s, %s, %s)""", (
                case.id, targets[number % 8], due, due, due, status, climbs))
        # Callbacks (done on, satisfaction, reopened the case).
        for number, (case, done, satisfaction, unhappy) in enumerate([
                (cls.c1, "2024-10-05 02:00:00", "5", False),
                (cls.c1, "2024-10-20 02:00:00", "4", False),
                (cls.c1, "2024-10-25 02:00:00", "3", False),
                (cls.c1, "2024-11-02 02:00:00", "1", True),     # November
                (cls.c2, "2024-10-10 02:00:00", "2", True),
                (cls.c3, "2024-10-11 02:00:00", "5", False)]):
            cls.env.cr.execute("""
                INSERT INTO realestate_complaint_callback (complaint_id, sequence,
                    state, user_id, satisfaction, date_done, is_unhappy,
                    company_id)
                VALUES (%s, %s, 'done', %s, %s, %s, %s, %s)""", (
                case.id, number + 1, cls.agent.id, satisfaction, done, unhappy,
                cls.company.id))
        cls.env.cr.execute("""
            INSERT INTO realestate_complaint_callback (complaint_id, sequence, state,
                user_id, company_id)
            VALUES (%s, 99, 'planned', %s, %s)""", (
            cls.c1.id, cls.agent.id, cls.company.id))
        cls.env.clear()

    @classmethod
    def case(cls, agent, team):
        case = cls.Complaint.create(cls.complaint_vals())
        cls.env.cr.execute("DELETE FROM realestate_complaint_deadline "
                           "WHERE complaint_id = %s", (case.id,))
        cls.env.cr.execute("UPDATE realestate_complaint SET user_id = %s, "
                           "team_id = %s WHERE id = %s",
                           (agent.id if agent else None, team.id, case.id))
        return case

    def october(self):
        lines = self.Assessment._generate(self.company, date(2024, 10, 17))
        return {(line.user_id if line.kind == "agent" else line.team_id): line
                for line in lines}

    def test_figures_and_scores_of_the_month_counted_by_hand(self):
        """004:79, 004:206. Agent: deadlines met 3 (one on 1 Oct local), late 1,
        breached 1 (the one of 30 Sep local and the one of 1 Nov are other
        months', the open one is not decided), 2 escalated; callbacks 3, satisfied
        2, reopened 0 → on time 60%, not escalated 60%, satisfied 66.7%, not
        reopened 100% → (40×0.6 + 20×1 + 30×⅔ + 10×0.6) = 70.0.
        Agent 2: 1 met; 1 callback dissatisfied that reopened the case →
        (40 + 0 + 0 + 10) = 50.0. 工程部 (C1 + C2): 4 met of 6, 2 escalated, 4
        callbacks, 2 satisfied, 1 reopened → 26.67 + 15 + 15 + 6.67 = 63.3.
        物业部: one satisfied callback, no deadline → only the callbacks'
        weights count: 100.0. The case without an agent gives no agent line."""
        lines = self.october()
        self.assertEqual(set(lines), {self.agent, self.agent2, self.team1,
                                      self.team2})
        agent = lines[self.agent]
        self.assertEqual(
            (agent.deadlines_met, agent.deadlines_late, agent.deadlines_breached,
             agent.deadlines_escalated, agent.callbacks, agent.callbacks_satisfied,
             agent.callbacks_reopened), (3, 1, 1, 2, 3, 2, 0))
        self.assertEqual((agent.rate_on_time, agent.rate_not_escalated,
                          agent.rate_satisfied, agent.rate_not_reopened),
                         (60.0, 60.0, 66.7, 100.0))
        self.assertEqual(agent.score, 70.0)
        self.assertEqual(agent.date_month, "2024-10-01")
        agent2 = lines[self.agent2]
        self.assertEqual((agent2.rate_on_time, agent2.rate_satisfied,
                          agent2.rate_not_reopened, agent2.score),
                         (100.0, 0.0, 0.0, 50.0))
        team1 = lines[self.team1]
        self.assertEqual(
            (team1.deadlines_met, team1.deadlines_late, team1.deadlines_breached,
             team1.deadlines_escalated, team1.callbacks, team1.callbacks_satisfied,
             team1.callbacks_reopened), (4, 1, 1, 2, 4, 2, 1))
        self.assertEqual(team1.score, 63.3)
        team2 = lines[self.team2]
        self.assertEqual((team2.deadlines_met, team2.callbacks, team2.score),
                         (0, 1, 100.0))
        # Ranks among agents and among departments.
        self.assertEqual((agent.rank, agent2.rank, team2.rank, team1.rank),
                         (1, 2, 1, 2))

    def test_the_weights_are_the_companys(self):
        """Only deadlines met count: the agent's score is its 60%."""
        self.company.write({"assessment_weight_reopened": 0,
                            "assessment_weight_satisfaction": 0,
                            "assessment_weight_escalation": 0,
                            "assessment_weight_on_time": 100})
        lines = self.october()
        self.assertEqual(lines[self.agent].score, 60.0)
        # 物业部 has no deadline: no figure weighs, no score, no rank.
        self.assertFalse(lines[self.team2].has_score)
        self.assertEqual(lines[self.team2].rank, 0)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.assessment_weight_on_time = 0
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.assessment_weight_reopened = -5

    def test_counting_again_keeps_the_lines_rewards_rest_on(self):
        """The lines are stored (004:80: rewards and penalties name them): a second
        count updates them in place."""
        first = self.october()
        self.env.cr.execute("UPDATE realestate_complaint_deadline SET status = 'met' "
                            "WHERE complaint_id = %s AND status = 'breached'",
                            (self.c1.id,))
        self.env.clear()
        second = self.october()
        self.assertEqual(first[self.agent].id, second[self.agent].id)
        # 4 met of 5 now.
        self.assertEqual(second[self.agent].rate_on_time, 80.0)
        self.assertEqual(self.Assessment.search_count(
            [("company_id", "=", self.company.id), ("date_month", "=", "2024-10-01")]),
            4)

    def test_supervisor_proposes_and_executive_decides(self):
        """004:80, R36: a supervisor proposes a reward from a score; only an
        executive decides it; an executive's own is decided at once. A
        department's goes to its head (一把手责任制, R25)."""
        lines = self.october()
        Wizard = self.env["realestate.complaint.assessment.sanction"]
        line = lines[self.agent].with_user(self.supervisor)
        action = line.action_propose_sanction()
        self.assertEqual(action["res_model"], Wizard._name)
        Wizard.with_user(self.supervisor).create({
            "assessment_id": line.id, "kind": "reward", "name": "月度第一",
            "amount": 500}).action_confirm()
        sanction = lines[self.agent].with_user(self.executive).sanction_ids
        self.assertEqual((sanction.state, sanction.user_id, sanction.proposed_by_id,
                          sanction.decided_by_id.id, sanction.amount),
                         ("proposed", self.agent, self.supervisor, False, 500.0))
        # Supervisors neither read nor decide rewards and penalties (R36).
        with self.assertRaises(AccessError):
            sanction.with_user(self.supervisor).read(["name"])
        with self.assertRaises(AccessError):
            sanction.with_user(self.supervisor).action_decide()
        sanction.with_user(self.executive).action_decide()
        self.assertEqual((sanction.state, sanction.decided_by_id),
                         ("decided", self.executive))
        Wizard.with_user(self.executive).create({
            "assessment_id": lines[self.team1].id, "kind": "penalty",
            "name": "超时两件", "amount": 200}).action_confirm()
        penalty = lines[self.team1].with_user(self.executive).sanction_ids
        self.assertEqual((penalty.state, penalty.user_id, penalty.decided_by_id),
                         ("decided", self.head, self.executive))
        # An agent proposes nothing.
        with self.assertRaises(AccessError):
            lines[self.agent].with_user(self.agent).action_propose_sanction()
        with self.assertRaises(AccessError):
            Wizard.with_user(self.agent).create({
                "assessment_id": lines[self.agent].id, "kind": "reward",
                "name": "x"}).action_confirm()
        # A line a reward rests on survives a count that no longer finds it;
        # one without is dropped.
        Wizard.with_user(self.executive).create({
            "assessment_id": lines[self.agent2].id, "kind": "penalty",
            "name": "回访不满意", "amount": 100}).action_confirm()
        self.env.cr.execute("DELETE FROM realestate_complaint_callback "
                            "WHERE complaint_id = %s", (self.c2.id,))
        self.env.cr.execute("DELETE FROM realestate_complaint_deadline "
                            "WHERE complaint_id = %s", (self.c2.id,))
        self.env.clear()
        again = self.october()
        self.assertNotIn(self.agent2, again)
        self.assertTrue(lines[self.agent2].exists())
        self.env.cr.execute("DELETE FROM realestate_complaint_sanction "
                            "WHERE assessment_id = %s", (lines[self.agent2].id,))
        self.env.clear()
        self.october()
        self.assertFalse(lines[self.agent2].exists())

    def test_who_reads_which_scores(self):
        """R39: agents read their own scores, departments their department's,
        supervisors all; operators none; nobody writes them by hand."""
        lines = self.october()
        mine = self.Assessment.with_user(self.agent).search([])
        self.assertEqual(mine, lines[self.agent])
        self.assertEqual(self.Assessment.with_user(self.member).search([]),
                         lines[self.team1])
        self.assertEqual(self.Assessment.with_user(self.head2).search([]),
                         lines[self.team2])
        self.assertEqual(len(self.Assessment.with_user(self.supervisor).search(
            [("date_month", "=", "2024-10-01")])), 4)
        with self.assertRaises(AccessError):
            lines[self.agent2].with_user(self.agent).read(["score"])
        with self.assertRaises(AccessError):
            self.Assessment.with_user(self.operator).search([])
        for user in (self.agent, self.supervisor, self.executive):
            with self.assertRaises(AccessError):
                lines[self.agent].with_user(user).write({"score": 100})

    def test_the_printed_summary(self):
        lines = self.october()
        report = self.env.ref("realestate_complaint.action_report_assessment")
        ordered = lines[self.agent] | lines[self.team1]
        html = report.with_user(self.supervisor).render_qweb_html(ordered.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn(">70.0<", html)
        self.assertIn(">63.3<", html)
        self.assertIn("测试工程部", html)
        self.assertIn(self.agent.name, html)
        self.assertNotIn(self.agent2.name, html)

    def test_the_cron_counts_last_month_on_the_first(self):
        """004:206: the monthly cron counts the month before today's."""
        cron = self.env.ref("realestate_complaint.ir_cron_assessment")
        self.assertEqual((cron.interval_number, cron.interval_type, cron.numbercall),
                         (1, "months", -1))
        self.assertTrue(cron.nextcall.endswith("-01 20:00:00"))
        last = date.today().replace(day=1) - relativedelta(months=1)
        due = "%s 04:00:00" % last.replace(day=15)
        self.env.cr.execute("""
            INSERT INTO realestate_complaint_deadline (complaint_id, target,
                date_start, date_at_risk, date_deadline, status)
            VALUES (%s, 'resolve', %s, %s, %s, 'met')""", (
            self.c3.id, due, due, due))
        self.env.cr.execute("UPDATE realestate_complaint SET user_id = %s "
                            "WHERE id = %s", (self.executive.id, self.c3.id))
        cron.sudo().method_direct_trigger()
        line = self.Assessment.search([("user_id", "=", self.executive.id)])
        self.assertEqual(line.date_month, str(last))
        self.assertEqual((line.deadlines_met, line.score), (1, 100.0))

    def test_the_wizard_counts_for_supervisors_only(self):
        Wizard = self.env["realestate.complaint.assessment.wizard"]
        action = Wizard.with_user(self.supervisor).create(
            {"date_reference": "2024-10-17"}).action_generate()
        self.assertEqual(len(action["domain"][0][2]), 4)
        with self.assertRaises(AccessError):
            Wizard.with_user(self.agent).create(
                {"date_reference": "2024-10-17"}).action_generate()
