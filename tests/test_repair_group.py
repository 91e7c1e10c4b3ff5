"""The after-sales repair group of a project and its duty roster (issue 14;
004:119-122): the engineering department with the contractors and property
engineering; each day's person in charge hears of every repair request at once and
leads the visit."""
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .process_common import ProcessCase
from .test_sla import utc


class TestRepairGroup(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(TestRepairGroup, cls).setUpClass()
        Partner = cls.env["res.partner"]
        cls.contractor = Partner.create({"name": "测试总包建设有限公司", "is_company": True})
        cls.foreman = Partner.create({"name": "赵工长", "parent_id": cls.contractor.id,
                                      "mobile": "13700001111"})
        cls.waterproofer = Partner.create({"name": "测试防水工程公司", "is_company": True})
        cls.group = cls.env["realestate.repair.group"].create({
            "project_id": cls.project.id, "team_id": cls.team.id,
            "member_ids": [
                (0, 0, {"role": "general_contractor", "trade": "general",
                        "partner_id": cls.contractor.id, "contact_id": cls.foreman.id}),
                (0, 0, {"role": "subcontractor", "trade": "waterproofing",
                        "partner_id": cls.waterproofer.id})]})
        cls.Duty = cls.env["realestate.repair.duty"]
        cls.duty = cls.Duty.create({"group_id": cls.group.id, "date": "2026-11-24",
                                    "user_id": cls.engineer.id})
        cls.repair_type = cls.env.ref("realestate_complaint.mail_activity_type_repair")

    def repair(self, received, **overrides):
        return self.create_complaint(kind="repair", date_received=received,
                                     **overrides)

    def duty_activities(self, complaint):
        return self.env["mail.activity"].search([
            ("res_model", "=", complaint._name), ("res_id", "=", complaint.id),
            ("activity_type_id", "=", self.repair_type.id)])

    def test_the_group_brings_the_parties_together(self):
        """004:119: engineering department, general contractor, subcontractors."""
        self.assertEqual(self.group.name, "测试花园 Repair Group")
        self.assertEqual(self.group.member_ids.mapped("role"),
                         ["general_contractor", "subcontractor"])
        self.assertEqual(self.group.member_ids[0].phone, "13700001111")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.group.member_ids[1].partner_id = self.foreman
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.group.member_ids[1].contact_id = self.foreman
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.env["realestate.repair.group"].create({
                "project_id": self.project.id, "team_id": self.team.id})

    def test_one_person_in_charge_per_day(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.Duty.create({"group_id": self.group.id, "date": "2026-11-24",
                              "user_id": self.head.id})

    def test_a_repair_request_reaches_the_person_on_duty_at_once(self):
        """004:122: received on the 24th, the day's person in charge gets an
        activity and an email (a note naming them) and is named on the case."""
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        self.assertEqual(complaint.duty_user_id, self.engineer)
        activity = self.duty_activities(complaint)
        self.assertEqual(activity.user_id, self.engineer)
        self.assertEqual(activity.date_deadline, "2026-11-24")
        self.assertIn(complaint.name, activity.summary)
        note = complaint.message_ids.filtered(
            lambda m: self.engineer.partner_id in m.partner_ids)
        self.assertTrue(note)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(complaint.partner_id, note.partner_ids)
        # Not dispatched to any department yet: they open it and record the arrival.
        other_department = self._create_user(
            "t_other_dept", "group_complaint_department")
        self.assertFalse(self.Complaint.with_user(other_department).search(
            [("id", "=", complaint.id)]))
        as_duty = complaint.with_user(self.engineer)
        self.assertEqual(as_duty.read(["name"])[0]["name"], complaint.name)
        self.assertTrue(as_duty.deadline_ids)
        as_duty._record_visit("onsite", self.engineer, utc(2026, 11, 24, 10, 12))
        self.assertEqual(complaint.onsite_user_id, self.engineer)

    def test_the_day_is_the_companys(self):
        """23:30 on the 24th in Shanghai is still the 24th; 00:30 on the 25th (16:30
        UTC on the 24th) is the 25th, when nobody is on the roster."""
        late = self.repair(utc(2026, 11, 24, 23, 30))
        self.assertEqual(late.duty_user_id, self.engineer)
        next_day = self.repair(utc(2026, 11, 25, 0, 30))
        self.assertFalse(next_day.duty_user_id)
        self.assertFalse(self.duty_activities(next_day))
        self.assertIn("No one is on repair duty", next_day.message_ids[0].body)

    def test_other_kinds_and_projects_do_not_call_the_repair_duty(self):
        complaint = self.create_complaint(date_received=utc(2026, 11, 24, 10, 0))
        self.assertFalse(complaint.duty_user_id)
        self.assertFalse(self.duty_activities(complaint))
        # A project without a repair group has no roster to follow: no note either.
        other = self.env["realestate.project"].create({"name": "另一个项目", "code": "OTH"})
        elsewhere = self.repair(utc(2026, 11, 24, 10, 0), unit_id=False,
                                unit_unknown=True, project_id=other.id)
        self.assertFalse(elsewhere.duty_user_id)
        self.assertFalse(elsewhere.message_ids.filtered(
            lambda m: "repair duty" in (m.body or "")))

    def test_who_keeps_the_roster(self):
        """The group's engineering department and supervisors keep it; operators,
        agents and other departments read it; employees without a role nothing."""
        other_department = self._create_user(
            "t_other_dept", "group_complaint_department")
        for day, user in enumerate((self.engineer, self.head, self.supervisor), 1):
            duty = self.Duty.with_user(user).create({
                "group_id": self.group.id, "date": "2026-12-%02d" % day,
                "user_id": self.engineer.id})
            duty.with_user(user).write({"note": "值班"})
        for user in (self.operator, self.agent, other_department):
            self.assertTrue(self.duty.with_user(user).read(["user_id"]))
            with self.assertRaises(AccessError, msg=user.login):
                self.duty.with_user(user).write({"user_id": user.id})
            with self.assertRaises(AccessError, msg=user.login), \
                    self.env.cr.savepoint():
                self.Duty.with_user(user).create({"group_id": self.group.id,
                                                  "date": "2026-12-30",
                                                  "user_id": user.id})
        with self.assertRaises(AccessError):
            self.duty.with_user(self.engineer).unlink()
        with self.assertRaises(AccessError):
            self.duty.with_user(self.employee).read(["user_id"])
        for user in (self.operator, self.agent, self.engineer):
            with self.assertRaises(AccessError, msg=user.login):
                self.group.with_user(user).write({"team_id": self.team.id})
        self.group.with_user(self.supervisor).write({"team_id": self.team.id})
        with self.assertRaises(AccessError):
            self.complaint_with_duty().with_user(self.agent).write(
                {"duty_user_id": self.agent.id})

    def complaint_with_duty(self):
        return self.repair(utc(2026, 11, 24, 10, 0), user_id=self.agent.id)
