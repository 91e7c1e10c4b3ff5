"""Dispatch and sign-off of the handling sheet (R10, R11, R12, R25)."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ComplaintCase


class TestDispatch(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestDispatch, cls).setUpClass()
        cls.engineer = cls._create_user("t_engineer", "group_complaint_department")
        cls.head = cls._create_user("t_eng_head", "group_complaint_department")
        cls.outsider = cls._create_user("t_property", "group_complaint_department")
        cls.team = cls.env["realestate.complaint.team"].create({
            "name": "测试工程部", "head_id": cls.head.id,
            "member_ids": [(6, 0, [cls.engineer.id])]})
        cls.sheet_type = cls.env.ref(
            "realestate_complaint.mail_activity_type_handling_sheet")

    def _dispatched(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        complaint.with_user(self.agent).write({
            "team_id": self.team.id, "responsible_id": self.engineer.id})
        complaint.with_user(self.agent).action_dispatch()
        return complaint

    def test_dispatch_sends_activity_email_and_informs_the_head(self):
        complaint = self._dispatched()
        self.assertEqual(complaint.dispatched_by_id, self.agent)
        self.assertTrue(complaint.date_dispatched)
        self.assertEqual(complaint.stage_id, self.stage_investigating)
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.sheet_type)
        self.assertEqual(activity.user_id, self.engineer)
        self.assertIn(complaint.name, activity.summary)
        mail = self.env["mail.mail"].search([
            ("model", "=", "realestate.complaint"), ("res_id", "=", complaint.id),
            ("recipient_ids", "in", self.engineer.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.name, mail.subject)
        notice = complaint.message_ids.filtered(
            lambda m: self.head.partner_id in m.partner_ids)
        self.assertTrue(notice, "the head of the department is informed (R11)")
        self.assertIn(self.head.partner_id, complaint.message_partner_ids)

    def test_handling_sheet_in_the_responsible_persons_language(self):
        self.engineer.lang = "zh_CN"
        complaint = self._dispatched()
        mail = self.env["mail.mail"].search([
            ("model", "=", "realestate.complaint"), ("res_id", "=", complaint.id)])
        self.assertIn("投诉处理单 " + complaint.name, mail.subject)
        self.assertIn("请及时签收", mail.body_html)
        self.assertIn(self.unit.name, mail.body_html)

    def test_dispatch_needs_department_and_person(self):
        complaint = self.create_complaint()
        with self.assertRaisesRegex(UserError, "responsible department"):
            complaint.with_user(self.agent).action_dispatch()

    def test_responsible_must_belong_to_the_department(self):
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            complaint.write({"team_id": self.team.id,
                             "responsible_id": self.outsider.id})
        complaint.write({"team_id": self.team.id, "responsible_id": self.head.id})
        self.assertEqual(complaint.responsible_id, self.head)

    def test_onchange_team_proposes_the_head(self):
        draft = self.Complaint.new({"team_id": self.team.id})
        draft._onchange_team_id()
        self.assertEqual(draft.responsible_id, self.head)

    def test_responsible_signs_with_one_click(self):
        complaint = self._dispatched()
        complaint.with_user(self.engineer).action_sign()
        self.assertTrue(complaint.date_signed)
        self.assertFalse(complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.sheet_type))
        self.assertTrue(complaint.message_ids.filtered(
            lambda m: "Signed for by" in (m.body or "")))

    def test_only_the_responsible_or_a_supervisor_signs(self):
        complaint = self._dispatched()
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).action_sign()
        self.assertFalse(complaint.date_signed)
        complaint.with_user(self.supervisor).action_sign()
        self.assertTrue(complaint.date_signed)

    def test_cannot_sign_before_dispatch(self):
        complaint = self.create_complaint()
        with self.assertRaisesRegex(UserError, "not been dispatched"):
            complaint.with_user(self.supervisor).action_sign()

    def test_redispatch_replaces_the_sheet(self):
        complaint = self._dispatched()
        complaint.with_user(self.engineer).action_sign()
        complaint.write({"responsible_id": self.head.id})
        complaint.with_user(self.agent).action_dispatch()
        self.assertFalse(complaint.date_signed)
        sheets = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.sheet_type)
        self.assertEqual(sheets.mapped("user_id"), self.head)

    def test_department_sees_only_its_cases(self):
        mine = self._dispatched()
        other = self.create_complaint()
        visible = self.Complaint.with_user(self.engineer).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other, visible)
        self.assertIn(mine, self.Complaint.with_user(self.head).search([]))
        self.assertNotIn(mine, self.Complaint.with_user(self.outsider).search([]))
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.engineer).create(self.complaint_vals())
        with self.assertRaises(AccessError):
            mine.with_user(self.engineer).unlink()
