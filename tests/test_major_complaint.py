"""Major (level 1) complaints: management and legal warned (R24), supervision order
issued within the hour and signed by the CS head (R19)."""
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
        self.assertFalse(complaint.supervision_order_ids)

    def test_raised_to_level_1_later_the_sweep_alerts_once(self):
        complaint = self.create_complaint()
        complaint.sudo(self.supervisor).write(
            {"level_override": "1", "level_override_reason": "记者来电"})
        sweep = self.env["base.automation"]._run_complaint_sweep
        self.assertIn(complaint, sweep()["realestate.complaint"])
        self.assertEqual(len(complaint.supervision_order_ids), 1)
        alerts = len(self.alerts(complaint))
        self.assertTrue(alerts)
        self.assertNotIn(complaint, sweep().get("realestate.complaint", []))
        self.assertEqual(len(complaint.supervision_order_ids), 1)
        self.assertEqual(len(self.alerts(complaint)), alerts)

    def test_the_cs_head_signs_the_order(self):
        order = self.major().supervision_order_ids
        with self.assertRaises(AccessError):
            order.sudo(self.agent).action_sign()
        order.sudo(self.supervisor).action_sign()
        self.assertEqual(order.signed_by_id, self.supervisor)
        self.assertFalse(order.signed_late)
        with self.assertRaises(UserError):
            order.sudo(self.supervisor).action_sign()

    def test_signed_after_the_hour_is_late(self):
        order = self.major(date_received=utc(2026, 11, 2, 9, 0)).supervision_order_ids
        order.sudo(self.supervisor).action_sign()
        self.assertTrue(order.signed_late)

    def test_who_reads_supervision_orders(self):
        order = self.major().supervision_order_ids
        secret = self.major(is_confidential=True).supervision_order_ids
        self.assertEqual(self.Order.sudo(self.agent).search(
            [("id", "in", (order | secret).ids)]), order)
        self.assertEqual(self.Order.sudo(self.supervisor).search(
            [("id", "in", (order | secret).ids)]), order | secret)
        with self.assertRaises(AccessError):
            self.Order.sudo(self.operator).search([])
        # A department reads the orders of the cases dispatched to it only.
        self.assertFalse(self.Order.sudo(self.engineer).search(
            [("id", "in", order.ids)]))
        order.complaint_id.write({"team_id": self.legal.id,
                                  "responsible_id": self.lawyer.id})
        self.assertEqual(self.Order.sudo(self.lawyer).search(
            [("id", "in", order.ids)]), order)
        for user in (self.agent, self.supervisor):
            with self.assertRaises(AccessError):
                order.sudo(user).unlink()
        with self.assertRaises(AccessError):
            order.sudo(self.agent).write({"instructions": "x"})
