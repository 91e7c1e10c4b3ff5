"""Major (level 1) complaints: management and legal warned (R24), supervision order
issued within the hour and signed by the CS head (R19)."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import ADDON, ComplaintCase
from .test_sla import utc


class TestMajorComplaint(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestMajorComplaint, cls).setUpClass()
        cls.lawyer = cls._create_user("t_lawyer", "group_complaint_department")
        cls.engineer = cls._create_user("t_engineer", "group_complaint_department")
        cls.head = cls._create_user("t_project_head", "group_complaint_agent")
        cls.legal = cls.env["realestate.complaint.team"].create(
            {"name": "测试法务部", "head_id": cls.lawyer.id})
        cls.env.user.company_id.complaint_legal_team_id = cls.legal
        cls.project.manager_id = cls.head
        cls.alert_type = cls.env.ref(ADDON + ".mail_activity_type_major_alert")
        cls.Order = cls.env["realestate.complaint.supervision.order"]
        cls.executive_group = cls.env.ref(ADDON + ".group_complaint_executive")

    def alerts(self, complaint):
        return self.env["mail.activity"].search([
            ("res_model", "=", complaint._name), ("res_id", "=", complaint.id),
            ("activity_type_id", "=", self.alert_type.id)])

    def major(self, **overrides):
        return self.create_complaint(channel="media", project_id=self.project.id,
                                     **overrides)

    def test_level_1_registration_warns_management_and_legal(self):
        complaint = self.major()
        self.assertEqual(complaint.level, "1")
        self.assertTrue(complaint.date_major_alerted)
        # Management is every executive (the demo data has one more).
        warned = self.alerts(complaint).mapped("user_id")
        self.assertTrue(self.executive | self.lawyer <= warned)
        self.assertEqual(warned - self.lawyer, self.executive_group.users)
        self.assertNotIn(self.agent, warned)
        mail = self.env["mail.mail"].search(
            [("subject", "like", "Major complaint %s" % complaint.name)])
        self.assertEqual(len(mail), 1)
        # The supervision order goes with it to the project head (R19).
        self.assertEqual(mail.recipient_ids,
                         (warned | self.head).mapped("partner_id"))
        self.assertIn(complaint.supervision_order_ids.name, mail.body_html)
        self.assertIn("warned (R24)", complaint.message_ids[0].body + "".join(
            complaint.message_ids.mapped("body")))

    def test_level_1_registration_issues_the_supervision_order(self):
        received = utc(2026, 11, 24, 10, 0)
        complaint = self.major(date_received=received)
        order = complaint.supervision_order_ids
        self.assertEqual(len(order), 1)
        self.assertRegex(order.name, r"^DB\d{4}-\d{4}$")
        self.assertEqual(order.level, "1")
        self.assertEqual(order.date_due, utc(2026, 11, 24, 11, 0))
        # Level 1 goes to the project head and up to the general manager (R19).
        self.assertEqual(order.addressee_ids, self.head | self.executive_group.users)
        self.assertIn(complaint.name, order.instructions)

    def test_other_levels_get_no_alert_at_registration(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.level, "3")
        self.assertFalse(complaint.date_major_alerted)
        self.assertFalse(self.alerts(complaint))
        # Their supervision order only (TestSupervisionOrders).
        self.assertEqual(complaint.supervision_order_ids.level, "3")

    def test_raised_to_level_1_later_the_sweep_alerts_once(self):
        complaint = self.create_complaint()
        complaint.with_user(self.supervisor).write(
            {"level_override": "1", "level_override_reason": "记者来电"})
        # Raised in the transaction that registered it (an import, a script): the
        # sweep warns (raised later: at once, TestSupervisionOrders).
        sweep = self.env["base.automation"]._run_complaint_sweep
        self.assertIn(complaint, sweep()["realestate.complaint"])
        self.assertEqual(
            sorted(complaint.supervision_order_ids.mapped("level")), ["1", "3"])
        alerts = len(self.alerts(complaint))
        self.assertTrue(alerts)
        self.assertNotIn(complaint, sweep().get("realestate.complaint", []))
        self.assertEqual(len(complaint.supervision_order_ids), 2)
        self.assertEqual(len(self.alerts(complaint)), alerts)

    def test_the_cs_head_signs_the_order(self):
        order = self.major().supervision_order_ids
        with self.assertRaises(AccessError):
            order.with_user(self.agent).action_sign()
        order.with_user(self.supervisor).action_sign()
        self.assertEqual(order.signed_by_id, self.supervisor)
        self.assertFalse(order.signed_late)
        with self.assertRaises(UserError):
            order.with_user(self.supervisor).action_sign()

    def test_signed_after_the_hour_is_late(self):
        order = self.major(date_received=utc(2026, 11, 2, 9, 0)).supervision_order_ids
        order.with_user(self.supervisor).action_sign()
        self.assertTrue(order.signed_late)

    def test_who_reads_supervision_orders(self):
        order = self.major().supervision_order_ids
        secret = self.major(is_confidential=True).supervision_order_ids
        self.assertEqual(self.Order.with_user(self.agent).search(
            [("id", "in", (order | secret).ids)]), order)
        self.assertEqual(self.Order.with_user(self.supervisor).search(
            [("id", "in", (order | secret).ids)]), order | secret)
        with self.assertRaises(AccessError):
            self.Order.with_user(self.operator).search([])
        # A department reads the orders of the cases dispatched to it only.
        self.assertFalse(self.Order.with_user(self.engineer).search(
            [("id", "in", order.ids)]))
        order.complaint_id.write({"team_id": self.legal.id,
                                  "responsible_id": self.lawyer.id})
        self.assertEqual(self.Order.with_user(self.lawyer).search(
            [("id", "in", order.ids)]), order)
        for user in (self.agent, self.supervisor):
            with self.assertRaises(AccessError):
                order.with_user(user).unlink()
        with self.assertRaises(AccessError):
            order.with_user(self.agent).write({"instructions": "x"})


class TestSupervisionOrders(ComplaintCase):
    """R19 for every graded complaint (004:204, 004:212: 须在受理投诉后1小时内根据
    投诉分级签发《客户投诉处理督办令》), naming the first responsible department
    (004:199), and a raised level gets its own order, due an hour after the raise."""

    @classmethod
    def setUpClass(cls):
        super(TestSupervisionOrders, cls).setUpClass()
        cls.head = cls._create_user("t_order_head", "group_complaint_agent")
        cls.project.manager_id = cls.head
        cls.engineer = cls._create_user(
            "t_order_engineer", "group_complaint_department")
        cls.department = cls.env["realestate.complaint.team"].create(
            {"name": "测试工程部", "head_id": cls.engineer.id})
        cls.school = cls.env.ref(ADDON + ".category_facilities_school")
        cls.alert_type = cls.env.ref(ADDON + ".mail_activity_type_major_alert")
        cls.managers = cls.env.ref(ADDON + ".group_complaint_executive").users

    def backdate(self, case, days):
        """The case was registered ``days`` ago, in an earlier transaction."""
        self.env.cr.execute(
            "UPDATE realestate_complaint SET create_date = create_date - %s * "
            "interval '1 day' WHERE id = %s", (days, case.id))
        case.invalidate_cache(["create_date"], case.ids)

    def assert_due_in_an_hour(self, order, before):
        due = fields.Datetime.from_string(order.date_due)
        self.assertTrue(before + timedelta(hours=1) <= due <= datetime.utcnow() +
                        timedelta(hours=1), order.date_due)

    def test_level_3_complaint_gets_its_order_at_registration(self):
        complaint = self.create_complaint(date_received=utc(2026, 11, 24, 10, 0),
                                          user_id=self.agent.id)
        self.assertEqual(complaint.level, "3")
        order = complaint.supervision_order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.level, "3")
        self.assertEqual(order.date_due, utc(2026, 11, 24, 11, 0))
        # Level 3: by customer service to the agent; nobody else is warned.
        self.assertEqual(order.addressee_ids, self.agent)
        self.assertFalse(order.copy_ids)
        self.assertFalse(complaint.date_major_alerted)

    def test_level_2_order_goes_to_the_project_head_copy_to_management(self):
        """004:212: 二级投诉由地产公司客服部负责人签发至责任项目负责人,抄报总经理."""
        complaint = self.create_complaint(category_id=self.school.id,
                                          project_id=self.project.id)
        self.assertEqual(complaint.level, "2")
        order = complaint.supervision_order_ids
        self.assertEqual(order.level, "2")
        self.assertEqual(order.addressee_ids, self.head)
        self.assertEqual(order.copy_ids, self.managers)

    def test_other_kinds_get_no_order(self):
        for kind in ("consultation", "suggestion", "praise"):
            self.assertFalse(self.create_complaint(kind=kind).supervision_order_ids)

    def test_the_order_names_the_first_responsible_department(self):
        """004:199: 《督办令》指定的责任部门为第一责任部门."""
        named = self.create_complaint(team_id=self.department.id,
                                      responsible_id=self.engineer.id)
        self.assertEqual(named.supervision_order_ids.team_id, self.department)
        later = self.create_complaint()
        order = later.supervision_order_ids
        self.assertFalse(order.team_id)
        later.write({"team_id": self.department.id, "responsible_id": self.engineer.id})
        later.with_user(self.agent).action_dispatch()
        self.assertEqual(order.team_id, self.department)
        # Nobody names it by hand (R19: the process issues the order).
        with self.assertRaises(AccessError):
            order.with_user(self.supervisor).write({"team_id": False})

    def test_raised_to_level_1_days_later(self):
        """The level 1 order is due an hour after the raise, not after the receipt
        (three days ago: it would be past due at once), and management and legal
        are warned at once, not at the next sweep (R19, R24)."""
        complaint = self.create_complaint(
            date_received=fields.Datetime.to_string(
                datetime.utcnow() - timedelta(days=3)))
        self.backdate(complaint, 3)
        before = datetime.utcnow().replace(microsecond=0)
        complaint.with_user(self.supervisor).write(
            {"level_override": "1", "level_override_reason": "记者来电"})
        self.assertTrue(complaint.date_major_alerted)
        self.assertTrue(self.env["mail.activity"].search([
            ("res_model", "=", complaint._name), ("res_id", "=", complaint.id),
            ("activity_type_id", "=", self.alert_type.id)]))
        orders = complaint.supervision_order_ids
        self.assertEqual(sorted(orders.mapped("level")), ["1", "3"])
        self.assert_due_in_an_hour(orders.filtered(lambda o: o.level == "1"), before)
        # The sweep has nothing left to do for it.
        sweep = self.env["base.automation"]._run_complaint_sweep()
        self.assertNotIn(complaint, sweep.get("realestate.complaint", []))

    def test_a_cluster_raises_the_older_cases_with_a_new_order(self):
        """R7, R9: a third household makes a group risk; the two cases registered
        earlier are raised to level 2 and get their level 2 order, due an hour
        after the raise; the new case gets its level 2 order only."""
        crack = self.env.ref(ADDON + ".category_quality_crack")
        older = self.Complaint
        for room in ("1101", "1102"):
            owner = self.env["res.partner"].create(
                {"name": "业主" + room, "mobile": "1390000" + room})
            unit = self.env["realestate.unit"].create({
                "building_id": self.building.id, "floor": 11, "room": room,
                "owner_ids": [(6, 0, owner.ids)]})
            case = self.create_complaint(partner_id=owner.id, unit_id=unit.id,
                                         partner_email=False, email_unknown=True,
                                         contract_number=False, contract_unknown=True,
                                         category_id=crack.id)
            self.backdate(case, 1)
            older |= case
        self.assertEqual(older.mapped("supervision_order_ids.level"), ["3", "3"])
        owner = self.env["res.partner"].create({"name": "业主1103"})
        unit = self.env["realestate.unit"].create({
            "building_id": self.building.id, "floor": 11, "room": "1103",
            "owner_ids": [(6, 0, owner.ids)]})
        before = datetime.utcnow().replace(microsecond=0)
        new = self.create_complaint(partner_id=owner.id, unit_id=unit.id,
                                    partner_email=False, email_unknown=True,
                                    contract_number=False, contract_unknown=True,
                                    category_id=crack.id)
        self.assertEqual(set((older | new).mapped("level")), {"2"})
        for case in older:
            raised = case.supervision_order_ids.filtered(lambda o: o.level == "2")
            self.assertEqual(len(raised), 1)
            self.assert_due_in_an_hour(raised, before)
        self.assertEqual(new.supervision_order_ids.mapped("level"), ["2"])
