"""The middle of a case: acknowledgement (R3), investigation (R12, R13), the
solution and its approval by the authority table (R14, R17), the result (R16)."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .process_common import ProcessCase


class TestSolution(ProcessCase):
    def target(self, complaint, name):
        return complaint.deadline_ids.filtered(lambda d: d.target == name)

    @property
    def approval_type(self):
        return self.ref("mail_activity_type_solution_approval")

    def noted(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_acknowledgement_tells_the_process_and_expected_time(self):
        complaint = self.create_complaint(user=self.operator)
        complaint.with_user(self.operator).action_acknowledge()
        self.assertEqual(complaint.stage_id, self.stage_acknowledged)
        self.assertEqual(self.target(complaint, "acknowledge").status, "met")
        message = self.to_customer(complaint)
        self.assertEqual(len(message), 1)
        self.assertIn(complaint.name, message.body)
        # The expected time, in the company's time zone, is in the message.
        expected = self.env["mail.template"].with_context(
            lang=complaint.partner_id.lang).render_template(
            "${format_tz(object.date_expected, tz=object.company_id.complaint_tz)}",
            complaint._name, complaint.id)
        self.assertTrue(complaint.date_expected)
        self.assertIn(expected, message.body)

    def test_acknowledgement_without_email_is_noted(self):
        complaint = self.create_complaint(
            partner_id=self.owner2.id, partner_phone="021-62345678",
            partner_email=False, email_unknown=True)
        complaint.action_acknowledge()
        self.assertFalse(self.to_customer(complaint))
        self.assertTrue(self.noted(complaint, "by phone"))
        self.assertEqual(complaint.stage_id, self.stage_acknowledged)

    def test_investigation_report_is_required_to_leave_investigation(self):
        complaint = self.investigated(investigation_cause=False,
                                      preventive_measures=" ")
        self.assertTrue(complaint.is_investigating)
        with self.assertRaisesRegex(ValidationError, "Cause.*Preventive Measures"):
            complaint.with_user(self.agent).write(
                {"stage_id": self.stage_solution_approval.id})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.propose(complaint)
        self.assertEqual(complaint.stage_id, self.stage_investigating)
        complaint.write({"investigation_cause": "防水层破损",
                         "preventive_measures": "加强验收"})
        self.propose(complaint)
        self.assertEqual(complaint.stage_id, self.stage_solution_approval)
        self.assertFalse(complaint.is_investigating)

    def test_invalid_verdict_needs_no_report(self):
        complaint = self.investigated(investigation_cause=False, validity="pending")
        Verdict = self.env["realestate.complaint.invalid.verdict"]
        wizard = Verdict.with_user(self.agent).create({
            "complaint_id": complaint.id, "reason": "非本公司开发项目",
            "customer_informed": True})
        wizard.action_propose()
        self.assertEqual(complaint.invalid_requested_by_id, self.agent)
        complaint.with_user(self.supervisor).action_approve_invalid()
        self.assertEqual(complaint.stage_id, self.stage_invalid)

    def test_approval_tier_follows_compensation_and_level(self):
        cases = [
            ({}, {"compensation_kind": "fee_waiver", "compensation_amount": 1500},
             "tier_cs_supervisor"),
            ({}, {"compensation_kind": "fee_waiver", "compensation_amount": 5000},
             "tier_sales_manager"),
            ({"level_override": "2", "level_override_reason": "多户"},
             {"compensation_kind": "none"}, "tier_sales_manager"),
            ({}, {"compensation_kind": "fee_waiver", "compensation_amount": 50000},
             "tier_marketing_vp"),
            ({}, {"compensation_kind": "fee_waiver", "compensation_amount": 300000},
             "tier_general_manager"),
            ({"channel": "media"}, {"compensation_kind": "apology"},
             "tier_general_manager"),
            # 004:292: 总经理决定退房、换房、赔偿、补偿等事宜, whatever the amount.
            ({}, {"compensation_kind": "refund", "compensation_amount": 500},
             "tier_general_manager"),
            ({}, {"compensation_kind": "exchange", "compensation_amount": 300000},
             "tier_general_manager"),
            ({}, {"compensation_kind": "money", "compensation_amount": 100},
             "tier_general_manager"),
        ]
        for case_vals, solution_vals, tier in cases:
            complaint = self.investigated(**case_vals)
            solution = self.propose(complaint, **solution_vals)
            self.assertEqual(solution.tier_id, self.ref(tier),
                             (case_vals, solution_vals))
            self.assertEqual(solution.state, "to_approve")
            self.assertEqual(complaint.stage_id, self.stage_solution_approval)

    def test_approvers_get_an_activity_and_only_they_decide(self):
        complaint = self.investigated()
        solution = self.propose(complaint, compensation_kind="fee_waiver",
                                compensation_amount=8000)
        activities = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.approval_type)
        # The sales manager and every tier above (general manager: executives).
        self.assertIn(self.sales_manager, activities.mapped("user_id"))
        self.assertIn(self.executive, activities.mapped("user_id"))
        self.assertNotIn(self.supervisor, activities.mapped("user_id"))
        for user in (self.agent, self.supervisor, self.engineer):
            with self.assertRaises(AccessError):
                solution.with_user(user)._decide(True)
        solution.with_user(self.sales_manager)._decide(True, "同意")
        self.assertEqual(solution.state, "approved")
        self.assertEqual(solution.decided_by_id, self.sales_manager)
        self.assertTrue(solution.date_decided)
        self.assertFalse(complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.approval_type))

    def test_a_higher_tier_may_approve(self):
        complaint = self.investigated()
        solution = self.propose(complaint, compensation_kind="money",
                                compensation_amount=800)
        solution.with_user(self.executive)._decide(True)
        self.assertEqual(solution.state, "approved")

    def test_rejected_solution_then_a_new_one(self):
        complaint = self.investigated()
        first = self.propose(complaint)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.propose(complaint)
        decision = self.env["realestate.complaint.solution.review"].with_user(
            self.supervisor).create({"solution_id": first.id})
        with self.assertRaisesRegex(UserError, "why"):
            decision.action_reject()
        decision.note = "方案不完整，需说明工期"
        decision.action_reject()
        self.assertEqual(first.state, "rejected")
        self.assertTrue(self.noted(complaint, "方案不完整"))
        self.assertEqual(complaint.solution_state, False)
        second = self.propose(complaint, description="重做防水，5个工作日内完成")
        self.assertEqual(complaint.solution_id, second)
        second.with_user(self.supervisor)._decide(True)
        self.assertEqual(complaint.solution_state, "approved")

    def test_decisions_cannot_be_forged_or_terms_changed(self):
        complaint = self.investigated()
        solution = self.propose(complaint, compensation_kind="fee_waiver",
                                compensation_amount=500)
        with self.assertRaises(AccessError):
            solution.with_user(self.agent).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.Solution.with_user(self.agent).create({
                "complaint_id": self.investigated().id, "description": "x",
                "state": "approved"})
        # Found in review: raising the amount while it waits would keep the lower
        # tier as approver; moving it would lend its approval to another case.
        other = self.investigated()
        for vals in ({"compensation_amount": 300000}, {"complaint_id": other.id},
                     {"decision_note": "x"}):
            with self.assertRaises(AccessError):
                solution.with_user(self.agent).write(vals)
        solution.with_user(self.supervisor)._decide(True)
        with self.assertRaises(AccessError):
            solution.with_user(self.agent).write({"compensation_amount": 50000})
        self.assertEqual(solution.compensation_amount, 500)
        self.assertEqual(solution.complaint_id, complaint)
        # Only those who may work a solution record the customer's answer.
        with self.assertRaises(AccessError):
            solution.with_user(self.operator).action_customer_confirm()
        self.assertEqual(solution.state, "approved")
        with self.assertRaisesRegex(ValidationError, "amount"), self.cr.savepoint():
            self.propose(self.investigated(), compensation_kind="refund")

    def test_the_table_decides_per_kind_of_compensation(self):
        """A company's table may give a kind its own lines (R14): they replace
        the lines for any kind; without them, the amounts decide."""
        Rule = self.env["realestate.complaint.approval.rule"]
        company = self.env.user.company_id
        self.assertEqual(Rule._tier_for(company, "3", 1500, "fee_waiver"),
                         self.ref("tier_cs_supervisor"))
        Rule.create({"compensation_kind": "fee_waiver", "level": "1",
                     "tier_id": self.ref("tier_marketing_vp").id})
        self.assertEqual(Rule._tier_for(company, "3", 1500, "fee_waiver"),
                         self.ref("tier_marketing_vp"))
        self.assertEqual(Rule._tier_for(company, "3", 1500, "repair"),
                         self.ref("tier_cs_supervisor"))
        self.ref("approval_rule_money_general_manager").active = False
        self.assertEqual(Rule._tier_for(company, "3", 1500, "money"),
                         self.ref("tier_cs_supervisor"))

    def test_plan_sent_and_confirmed_by_the_customer(self):
        complaint = self.investigated()
        solution = self.propose(complaint, compensation_kind="fee_waiver",
                                compensation_amount=1200)
        with self.assertRaises(UserError):
            complaint.with_user(self.agent).action_send_plan()
        solution.with_user(self.supervisor)._decide(True)
        complaint.with_user(self.engineer).action_send_plan()
        message = self.to_customer(complaint)
        self.assertEqual(len(message), 1)
        self.assertIn("重做防水并修复天花板", message.body)
        self.assertIn("1,200.00", message.body)
        self.assertIn(self.target(complaint, "plan").status, ("met", "met_late"))
        complaint.with_user(self.agent).action_customer_confirm()
        self.assertEqual(solution.state, "confirmed")
        self.assertEqual(complaint.stage_id, self.stage_in_progress)

    def test_customer_declines_the_plan(self):
        complaint = self.investigated()
        solution = self.propose(complaint)
        solution.with_user(self.supervisor)._decide(True)
        decision = self.env["realestate.complaint.solution.review"].with_user(
            self.agent).create({"solution_id": solution.id, "step": "customer"})
        with self.assertRaises(UserError):
            decision.action_customer_declines()
        decision.note = "业主要求赔偿租房费用"
        decision.action_customer_declines()
        self.assertEqual(solution.state, "declined")
        self.assertEqual(solution.customer_note, "业主要求赔偿租房费用")
        self.assertEqual(complaint.stage_id, self.stage_solution_approval)
        self.assertFalse(complaint.solution_id)

    def test_report_result_needs_a_confirmed_plan_and_tells_the_customer(self):
        complaint = self.investigated()
        self.propose(complaint).with_user(self.supervisor)._decide(True)
        complaint.result_summary = "已重做防水层并修复天花板，经闭水试验无渗漏。"
        with self.assertRaisesRegex(UserError, "not been confirmed"):
            complaint.with_user(self.agent).action_report_result()
        complaint.solution_id.with_user(self.agent).action_customer_confirm()
        complaint.result_summary = False
        with self.assertRaisesRegex(UserError, "result"):
            complaint.with_user(self.agent).action_report_result()
        complaint.result_summary = "已重做防水层并修复天花板，经闭水试验无渗漏。"
        complaint.with_user(self.engineer).action_report_result()
        self.assertEqual(complaint.stage_id, self.stage_callback)
        self.assertTrue(complaint.date_resolved)
        self.assertIn(self.target(complaint, "resolve").status, ("met", "met_late"))
        self.assertIn("闭水试验无渗漏", self.to_customer(complaint).body)

    def test_solutions_are_open_to_whoever_may_open_the_case(self):
        mine = self.investigated()
        secret = self.investigated(is_confidential=True, user_id=self.agent2.id,
                                   team_id=False, responsible_id=False)
        ours = self.propose(mine) | self.propose(secret, user=self.agent2)
        self.assertEqual(self.Solution.with_user(self.agent).search(
            [("id", "in", ours.ids)]), ours[0])
        self.assertEqual(self.Solution.with_user(self.engineer).search(
            [("id", "in", ours.ids)]), ours[0])
        self.assertEqual(self.Solution.with_user(self.supervisor).search(
            [("id", "in", ours.ids)]), ours)
        self.assertEqual(self.Solution.with_user(self.operator).search(
            [("id", "in", ours.ids)]), ours[0])
        with self.assertRaises(AccessError):
            self.propose(mine, user=self.operator)
        with self.assertRaises(AccessError):
            ours[0].with_user(self.agent).unlink()
        with self.assertRaises(AccessError):
            self.Solution.with_user(self.employee).search([])

    def test_no_solution_for_a_closed_case(self):
        closed = self.investigated(stage_id=self.stage_closed.id)
        with self.assertRaisesRegex(UserError, "after its investigation"), \
                self.cr.savepoint():
            self.propose(closed)
        self.assertTrue(closed.is_closed)

    def test_a_solution_needs_a_valid_case(self):
        complaint = self.investigated(validity="pending")
        with self.assertRaisesRegex(UserError, "valid complaint"), \
                self.cr.savepoint():
            self.propose(complaint)
        self.assertFalse(complaint.solution_ids)
