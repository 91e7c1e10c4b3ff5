"""Referring a case up by hand (R22; 000:402-444: 超出能力范围,则将投诉反映到客户服务
主管处 … 不能解决的投诉反映到销售部经理处 … 上报营销副总 … 上报总经理)."""
from odoo.exceptions import AccessError, UserError

from .common import ADDON, ComplaintCase
from .test_sla import utc


class TestReferral(ComplaintCase):

    @classmethod
    def setUpClass(cls):
        super(TestReferral, cls).setUpClass()
        cls.engineer = cls._create_user("t_ref_engineer", "group_complaint_department")
        cls.chain = [cls.env.ref(ADDON + "." + xmlid) for xmlid in (
            "tier_customer_assistant", "tier_cs_supervisor", "tier_sales_manager",
            "tier_marketing_vp", "tier_general_manager")]
        cls.escalation = cls.env.ref(ADDON + ".mail_activity_type_escalation")

    def setUp(self):
        super(TestReferral, self).setUp()
        self.case = self.create_complaint(user_id=self.agent.id)

    def refer(self, reason="业主要求退房，超出客服权限", user=None):
        return self.case.with_user(user or self.agent)._refer_up(reason)

    def test_the_chain_by_hand_e4_d5_c6_b7_a8(self):
        """Customer assistant → CS supervisor → sales manager → marketing VP →
        general manager; administration follows up lateness only (R21)."""
        reached = []
        for _step in range(4):
            referral = self.refer()
            self.assertEqual(referral.user_id, self.agent)
            reached.append(referral.tier_id)
            self.assertEqual(self.case.escalation_tier_id, referral.tier_id)
        self.assertEqual(reached, self.chain[1:])
        self.assertEqual([r.from_tier_id for r in self.case.referral_ids.sorted("id")],
                         self.chain[:4])
        with self.assertRaisesRegex(UserError, "top of the chain"):
            self.refer()

    def test_recorded_like_an_escalation(self):
        self.refer("业主要求赔偿两万元")
        tier = self.chain[1]
        people = tier._people(self.case)
        self.assertIn(self.supervisor, people)
        todo = self.env["mail.activity"].search([
            ("res_model", "=", self.case._name), ("res_id", "=", self.case.id),
            ("activity_type_id", "=", self.escalation.id)])
        self.assertEqual(todo.mapped("user_id"), people)
        note = self.case.message_ids[0]
        self.assertIn("业主要求赔偿两万元", note.body)
        self.assertIn(tier.name, note.body)
        self.assertTrue(self.supervisor.partner_id in note.partner_ids)

    def test_a_reason_is_required(self):
        with self.assertRaisesRegex(UserError, "Say why"):
            self.refer("  ")
        self.assertFalse(self.case.referral_ids)

    def test_who_refers(self):
        self.refer(user=self.supervisor)
        for user in (self.operator, self.engineer):
            with self.assertRaises(AccessError):
                self.refer(user=user)
        self.assertEqual(len(self.case.referral_ids), 1)

    def test_a_closed_case_is_not_referred(self):
        closed = self.create_complaint(stage_id=self.stage_closed.id)
        with self.assertRaisesRegex(UserError, "closed"):
            closed.with_user(self.agent)._refer_up("太晚了")

    def test_a_late_deadline_does_not_lower_the_tier_reached(self):
        self.refer()
        self.refer()   # sales manager
        late = self.create_complaint(date_received=utc(2026, 11, 2, 9, 0))
        late.with_user(self.agent)._refer_up("复杂")
        self.env["realestate.complaint"]._cron_sweep_sla(utc(2026, 11, 3, 12, 0))
        # The sweep escalated its late deadlines to the first tiers; the case
        # stays at the tier it was referred to.
        self.assertTrue(late.deadline_ids.mapped("escalation_tier_id"))
        self.assertEqual(late.escalation_tier_id, self.chain[1])
        self.assertEqual(self.case.escalation_tier_id, self.chain[2])

    def test_referrals_follow_the_case(self):
        self.refer()
        Referral = self.env["realestate.complaint.referral"]
        self.assertEqual(Referral.with_user(self.agent2).search(
            [("complaint_id", "=", self.case.id)]), self.case.referral_ids)
        secret = self.create_complaint(is_confidential=True, user_id=self.agent.id)
        secret.with_user(self.agent)._refer_up("保密")
        self.assertFalse(Referral.with_user(self.agent2).search(
            [("complaint_id", "=", secret.id)]))
        self.assertTrue(Referral.with_user(self.supervisor).search(
            [("complaint_id", "=", secret.id)]))
        with self.assertRaises(AccessError):
            Referral.with_user(self.operator).search([])
        with self.assertRaises(AccessError):
            Referral.with_user(self.supervisor).create({
                "complaint_id": self.case.id, "tier_id": self.chain[4].id,
                "user_id": self.supervisor.id, "reason": "x",
                "date": "2026-12-01 00:00:00"})
        with self.assertRaises(AccessError):
            self.case.referral_ids.with_user(self.supervisor).write({"reason": "x"})
        with self.assertRaises(AccessError):
            self.case.referral_ids.with_user(self.supervisor).unlink()
