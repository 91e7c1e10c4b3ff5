"""Departments register what reaches them and hand it over to customer service
(000:712, 1.2.2 and 1.2.4); a case that is not theirs goes back with the opinion
their head signs (000:714, 1.3.3). Issue 16 item 6."""

from odoo.exceptions import AccessError, UserError, ValidationError

from .process_common import ProcessCase

# Friday 27 November 2026, 15:00 in Shanghai: a working day before a weekend (no
# holiday or makeup day around it in the 2026 calendar).
FRIDAY = "2026-11-27 07:00:00"
MONDAY = "2026-11-30 07:00:00"
TUESDAY = "2026-12-01 07:00:00"
THURSDAY = "2026-11-26 07:00:00"


class TestDepartmentHandover(ProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestDepartmentHandover, cls).setUpClass()
        cls.Team = cls.env["realestate.complaint.team"]
        cls.engineer2 = cls._create_user("t_engineer2", "group_complaint_department")
        cls.team.member_ids |= cls.engineer2
        cls.property_member = cls._create_user("t_property",
                                               "group_complaint_department")
        cls.property_head = cls._create_user("t_property_head",
                                             "group_complaint_department")
        cls.property_team = cls.Team.create({
            "name": "测试物业部", "head_id": cls.property_head.id,
            "member_ids": [(6, 0, cls.property_member.ids)]})
        company = cls.env.user.company_id
        company.complaint_handover_days = 2
        company.complaint_handover_days_other = 1

    def register(self, user=None, scope="other", **overrides):
        """A complaint the engineer's department received directly."""
        vals = dict(receiving_team_id=self.team.id, department_scope=scope,
                    channel="hotline", **overrides)
        if user is None:
            vals.setdefault("receiver_id", self.engineer.id)
        return self.create_complaint(user=user, **vals)

    def handover_deadline(self, complaint):
        return complaint.deadline_ids.filtered(lambda d: d.target == "handover")

    # 000:712 (1.2.2): the department registers; who sees it

    def test_department_member_registers_a_case_it_received(self):
        """000:712: every department records what reaches it in a handling sheet;
        the case says which department received it, by which channel."""
        complaint = self.register(user=self.engineer)
        self.assertEqual(complaint.receiver_id, self.engineer)
        self.assertEqual(complaint.receiving_team_id, self.team)
        self.assertEqual(complaint.channel, "department")
        self.assertFalse(complaint.team_id, "not ours: customer service dispatches it")
        found = self.Complaint.with_user(self.engineer).search(
            [("id", "=", complaint.id)])
        self.assertEqual(found, complaint)
        self.assertIn("Received directly by 测试工程部",
                      complaint.message_ids.mapped("body")[0])

    def test_department_form_fills_the_complainant_and_acknowledges(self):
        """Found in the browser: choosing the complainant in the form failed for a
        department user (the partner's units were operators' only). The receiving
        department tells the customer at once (R3)."""
        defaults = self.Complaint.with_user(self.engineer).with_context(
            department_intake=True).default_get(["receiving_team_id"])
        self.assertEqual(defaults["receiving_team_id"], self.team.id)
        form = self.Complaint.with_user(self.engineer).new(
            {"partner_id": self.owner.id})
        form._onchange_partner_id()
        self.assertEqual(form.unit_id, self.unit)
        self.assertEqual(form.partner_phone, "13812345678")
        complaint = self.register(user=self.engineer)
        complaint.with_user(self.engineer).action_acknowledge()
        self.assertEqual(complaint.stage_id, self.stage_acknowledged)
        acknowledge = complaint.deadline_ids.filtered(
            lambda d: d.target == "acknowledge")
        self.assertEqual(acknowledge.status, "met")

    def test_own_case_is_dispatched_to_the_department_at_registration(self):
        """000:712: "属于本部门责任的直接做出处理": the department handles its own
        case; it wrote the handling sheet itself, so dispatch is met."""
        complaint = self.register(user=self.engineer, scope="own")
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.responsible_id, self.engineer)
        self.assertTrue(complaint.date_dispatched)
        self.assertTrue(complaint.date_signed)
        self.assertEqual(complaint.stage_id, self.stage_investigating)
        dispatch = complaint.deadline_ids.filtered(lambda d: d.target == "dispatch")
        self.assertIn(dispatch.status, ("met", "met_late"))
        self.assertFalse(self.handover_deadline(complaint),
                         "ours: the hand-over is due only once handling is done")

    def test_department_registers_only_for_its_own_department_and_name(self):
        """000:712: a department records what reaches it, not another's, and in its
        own name (首问责任制, R2)."""
        with self.assertRaises(ValidationError):
            self.create_complaint(
                user=self.property_member, receiving_team_id=self.team.id,
                department_scope="other")
        with self.assertRaises(AccessError):
            self.create_complaint(
                user=self.engineer, receiving_team_id=self.team.id,
                department_scope="other", receiver_id=self.engineer2.id)
        with self.assertRaises(AccessError):
            # Outside the department's registration: no general intake right.
            self.create_complaint(user=self.engineer)
        with self.assertRaises(ValidationError):
            self.create_complaint(user=self.engineer, receiving_team_id=self.team.id)

    def test_access_to_cases_received_by_a_department(self):
        """R39 stays true: the receiving department reads and works its case, not
        another department; a confidential one only its receiver and the head."""
        complaint = self.register(user=self.engineer)
        secret = self.register(user=self.engineer, is_confidential=True)
        for user in (self.engineer, self.engineer2, self.head):
            self.assertTrue(self.can(user, complaint, "read"), user.login)
            self.assertTrue(self.can(user, complaint, "write"), user.login)
            self.assertFalse(self.can(user, complaint, "unlink"), user.login)
        for user in (self.property_member, self.property_head):
            self.assertFalse(self.can(user, complaint, "read"), user.login)
            self.assertFalse(self.can(user, complaint, "write"), user.login)
        self.assertTrue(self.can(self.engineer, secret, "read"))
        self.assertTrue(self.can(self.head, secret, "read"))
        self.assertFalse(self.can(self.engineer2, secret, "read"))
        self.assertFalse(self.can(self.operator, secret, "read"))
        self.assertTrue(self.can(self.operator, complaint, "read"),
                        "on customer service's board")
        # Its deadlines too (the hand-over's), not those of another department.
        deadline = self.handover_deadline(complaint)
        self.assertTrue(self.can(self.engineer2, deadline, "read"))
        self.assertFalse(self.can(self.property_member, deadline, "read"))
        self.assertFalse(self.can(self.engineer2, self.handover_deadline(secret),
                                  "read"))
        # The receiving department is set by the registration, not changed later.
        with self.assertRaises(AccessError):
            complaint.with_user(self.engineer).write(
                {"receiving_team_id": self.property_team.id})

    # 000:712 (1.2.4): the two hand-over deadlines in working days

    def test_not_ours_is_due_one_working_day_after_receipt(self):
        """000:712: "不属于本部门责任的在一个工作日内移交客户服务部": received on a
        Friday afternoon, due on Monday afternoon (the weekend does not count)."""
        complaint = self.register(date_received=FRIDAY)
        deadline = self.handover_deadline(complaint)
        self.assertEqual(deadline.date_start, FRIDAY)
        self.assertEqual(deadline.date_deadline, MONDAY)
        self.assertEqual(deadline.date_next_escalation, MONDAY)
        self.assertEqual(deadline.status, "on_track")

    def test_ours_is_due_two_working_days_after_handling_is_done(self):
        """000:712: "处理完成后两个工作日内移交客户服务部": handled on a Friday
        afternoon, due on Tuesday afternoon."""
        complaint = self.register(scope="own", date_received=THURSDAY)
        complaint.with_user(self.engineer)._department_done(FRIDAY)
        self.assertEqual(complaint.date_department_done, FRIDAY)
        deadline = self.handover_deadline(complaint)
        self.assertEqual(deadline.date_start, FRIDAY)
        self.assertEqual(deadline.date_deadline, TUESDAY)
        with self.assertRaises(UserError):
            complaint.with_user(self.engineer).action_department_done()

    def test_company_sets_the_handover_limits(self):
        self.env.user.company_id.complaint_handover_days_other = 2
        complaint = self.register(date_received=FRIDAY)
        self.assertEqual(self.handover_deadline(complaint).date_deadline, TUESDAY)
        with self.assertRaises(ValidationError):
            self.env.user.company_id.complaint_handover_days = 0

    def test_handover_is_no_policy_target(self):
        policy = self.env.ref("realestate_complaint.sla_policy_default")
        with self.assertRaises(ValidationError):
            policy.target_ids = [(0, 0, {"target": "handover", "duration": 2})]

    # The hand-over itself

    def test_handover_records_who_and_when_and_meets_the_deadline(self):
        """000:712: the case goes to customer service, which finds it on its board
        (cases handed over and not yet taken)."""
        complaint = self.register()
        complaint.with_user(self.engineer2).action_handover()
        self.assertEqual(complaint.handed_over_by_id, self.engineer2)
        self.assertTrue(complaint.date_handed_over)
        self.assertEqual(self.handover_deadline(complaint).status, "met")
        self.assertIn("Handed over to customer service by T Engineer2",
                      complaint.message_ids[0].body)
        to_take = self.Complaint.with_user(self.agent).search([
            ("date_handed_over", "!=", False), ("user_id", "=", False),
            ("is_closed", "=", False)])
        self.assertIn(complaint, to_take)
        complaint.with_user(self.agent).action_assign_to_me()
        self.assertEqual(complaint.user_id, self.agent)
        with self.assertRaises(UserError):
            complaint.with_user(self.engineer).action_handover()
        with self.assertRaises(UserError):
            complaint.with_user(self.engineer).write({"department_scope": "own"})

    def test_own_case_is_handed_over_after_its_handling(self):
        complaint = self.register(user=self.engineer, scope="own")
        with self.assertRaises(UserError):
            complaint.with_user(self.engineer).action_handover()
        complaint.with_user(self.engineer).action_department_done()
        complaint.with_user(self.head).action_handover()
        self.assertEqual(complaint.handed_over_by_id, self.head)
        self.assertEqual(self.handover_deadline(complaint).status, "met")

    def test_who_hands_over(self):
        """Only the receiving department's people (and supervisors) hand over; an
        operator, an agent or another department cannot."""
        complaint = self.register()
        for user in (self.operator, self.agent, self.property_member,
                     self.property_head):
            with self.assertRaises(AccessError, msg=user.login):
                complaint.with_user(user).action_handover()
        self.assertFalse(complaint.date_handed_over)
        with self.assertRaises(AccessError):
            # The process sets the hand-over, not a write.
            complaint.with_user(self.engineer).write(
                {"date_handed_over": FRIDAY, "handed_over_by_id": self.engineer.id})
        complaint.with_user(self.supervisor).action_handover()
        self.assertEqual(complaint.handed_over_by_id, self.supervisor)

    def test_changing_the_answer_moves_the_deadline_and_the_dispatch(self):
        """Before the hand-over, the receiving department may change its answer
        (an agent, who may write the case, may not)."""
        complaint = self.register(user=self.engineer)
        self.assertTrue(self.handover_deadline(complaint))
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"department_scope": "own"})
        complaint.with_user(self.engineer).write({"department_scope": "own"})
        self.assertFalse(self.handover_deadline(complaint))
        self.assertEqual(complaint.team_id, self.team)
        complaint.with_user(self.engineer).write({"department_scope": "other"})
        self.assertFalse(complaint.team_id)
        self.assertEqual(self.handover_deadline(complaint).date_start,
                         complaint.date_received)

    def test_late_handover_breaches_and_escalates(self):
        """000:712: a hand-over not made in time shows as late and climbs the
        management chain like the other deadlines (R21, R22)."""
        complaint = self.register(date_received=FRIDAY)
        self.Complaint._cron_sweep_sla("2026-11-30 09:00:00")
        deadline = self.handover_deadline(complaint)
        self.assertEqual(deadline.status, "breached")
        self.assertTrue(deadline.escalation_tier_id)
        notes = " ".join(complaint.message_ids.mapped("body"))
        self.assertIn("Hand Over to Customer Service", notes)
        # Handed over late: met late, the lateness stays recorded.
        complaint.with_user(self.engineer)._handover("2026-11-30 10:00:00")
        self.assertEqual(deadline.status, "met_late")

    # 000:714 (1.3.3): returned with the head's signed opinion

    def dispatched(self):
        """A case customer service dispatched to the engineering department."""
        complaint = self.create_complaint(
            user_id=self.agent.id, team_id=self.team.id,
            responsible_id=self.engineer.id)
        complaint.with_user(self.agent).action_dispatch()
        return complaint

    def return_wizard(self, user, complaint, **vals):
        Wizard = self.env["realestate.complaint.department.return.wizard"].with_user(
            user)
        return Wizard.with_context(default_complaint_id=complaint.id).create(
            dict({"reason": "not_ours"}, **vals))

    def test_return_needs_the_head_opinion(self):
        """000:714: "经本部门负责人签署意见": no opinion, no return."""
        complaint = self.dispatched()
        with self.assertRaises(UserError):
            complaint.with_user(self.head)._return_to_customer_service("not_ours", "  ")
        self.assertEqual(complaint.team_id, self.team)
        self.assertFalse(complaint.department_return_ids)

    def test_member_prepares_head_signs(self):
        """000:714: a member prepares the return; the case leaves the department only
        when its head signs the opinion."""
        complaint = self.dispatched()
        self.assertTrue(complaint.with_user(self.engineer).can_return_to_cs)
        result = self.return_wizard(
            self.engineer, complaint,
            opinion="属于物业管理范围，不是工程质量问题").action_return()
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        draft = complaint.department_return_ids
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.prepared_by_id, self.engineer)
        self.assertEqual(complaint.team_id, self.team, "not signed yet")
        to_sign = complaint.activity_ids.filtered(lambda a: a.user_id == self.head)
        self.assertEqual(to_sign.activity_type_id, self.env.ref(
            "realestate_complaint.mail_activity_type_department_return"))
        with self.assertRaises(AccessError):
            draft.with_user(self.engineer)._sign()
        with self.assertRaises(AccessError):
            draft.with_user(self.supervisor)._sign()
        # The head sees the draft in the wizard, amends and signs it.
        wizard = self.return_wizard(self.head, complaint)
        self.assertTrue(wizard.is_head)
        self.assertEqual(wizard.opinion, "属于物业管理范围，不是工程质量问题")
        wizard.opinion = "属于物业管理范围，请转物业部处理"
        action = wizard.action_return()
        self.assertEqual(action["res_model"], "realestate.complaint",
                         "the case left: back to the cases, not its form")
        self.assertEqual(draft.state, "returned")
        self.assertEqual(draft.head_id, self.head)
        self.assertEqual(draft.opinion, "属于物业管理范围，请转物业部处理")
        self.assertTrue(draft.date_signed)
        self.assertFalse(complaint.team_id)
        self.assertFalse(complaint.responsible_id)
        self.assertFalse(complaint.date_dispatched)
        self.assertNotEqual(complaint.stage_id, self.stage_investigating)
        self.assertFalse(complaint.activity_ids.filtered(
            lambda a: a.user_id in (self.head | self.engineer)))
        self.assertIn("属于物业管理范围，请转物业部处理", complaint.message_ids[0].body)
        self.assertIn("signed by T Head", complaint.message_ids[0].body)
        # The department no longer sees the case, but keeps its return.
        self.assertFalse(self.can(self.engineer, complaint, "read"))
        self.assertTrue(self.can(self.engineer, draft, "read"))
        # Customer service dispatches it again (1.2.3).
        complaint.with_user(self.agent).write({
            "team_id": self.property_team.id,
            "responsible_id": self.property_member.id})
        complaint.with_user(self.agent).action_dispatch()
        self.assertTrue(self.can(self.property_member, complaint, "read"))

    def test_head_returns_in_one_step(self):
        complaint = self.dispatched()
        ret = complaint.with_user(self.head)._return_to_customer_service(
            "invalid", "业主所述问题不存在，经现场核实无渗漏")
        self.assertEqual(ret.state, "returned")
        self.assertEqual(ret.reason, "invalid")
        self.assertFalse(complaint.team_id)

    def test_draft_can_be_cancelled_by_head_or_preparer(self):
        complaint = self.dispatched()
        ret = complaint.with_user(self.engineer)._return_to_customer_service(
            "not_ours", "不属于本部门")
        with self.assertRaises(AccessError):
            ret.with_user(self.engineer2).action_cancel()
        ret.with_user(self.head).action_cancel()
        self.assertEqual(ret.state, "cancelled")
        self.assertEqual(complaint.team_id, self.team)
        with self.assertRaises(UserError):
            ret.with_user(self.head)._sign()

    def test_who_returns(self):
        """Only the people of the department the case is with return it."""
        complaint = self.dispatched()
        for user in (self.operator, self.agent, self.supervisor,
                     self.property_member, self.property_head):
            with self.assertRaises(AccessError, msg=user.login):
                complaint.with_user(user)._return_to_customer_service(
                    "not_ours", "不属于本部门")
        self.assertFalse(complaint.department_return_ids)
        self.assertTrue(complaint.team_id)
        # A case the department registered as its own is handed over instead.
        own = self.register(user=self.engineer, scope="own")
        self.assertFalse(own.with_user(self.engineer).can_return_to_cs)
        with self.assertRaises(UserError):
            own.with_user(self.head)._return_to_customer_service("not_ours", "不属于")

    def test_access_to_returns(self):
        """R39: returns follow their case; nobody creates or changes one by hand,
        nobody deletes one."""
        complaint = self.dispatched()
        ret = complaint.with_user(self.engineer)._return_to_customer_service(
            "not_ours", "不属于本部门")
        Return = self.env["realestate.complaint.department.return"]
        for user in (self.operator, self.agent, self.supervisor, self.engineer,
                     self.head):
            self.assertTrue(self.can(user, ret, "read"), user.login)
            self.assertFalse(self.can(user, ret, "write", {"opinion": "改"}),
                             user.login)
            self.assertFalse(self.can(user, ret, "unlink"), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                with self.env.cr.savepoint():
                    Return.with_user(user).create({
                        "complaint_id": complaint.id, "team_id": self.team.id,
                        "reason": "not_ours", "opinion": "伪造"})
        for user in (self.property_member, self.employee):
            self.assertFalse(self.can(user, ret, "read"), user.login)
