"""Auto-assignment per department (issue 16 item 11; R10, R25; 004:198-202 首问责任制 /
一把手责任制; 002:787 rotation; 004:169 leaves)."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common import ADDON, ComplaintCase
from .test_sale_link import SaleCase


class TestAssignment(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestAssignment, cls).setUpClass()
        Users = cls.env["res.users"]
        cls.head = cls._create_user("t_as_head", "group_complaint_department")
        cls.anna = cls._create_user("t_as_anna", "group_complaint_department")
        cls.bo = cls._create_user("t_as_bo", "group_complaint_department")
        cls.chen = cls._create_user("t_as_chen", "group_complaint_department")
        cls.members = Users.browse(sorted((cls.anna | cls.bo | cls.chen).ids))
        cls.category_contract = cls.env.ref(ADDON + ".category_contract")
        cls.team = cls.env["realestate.complaint.team"].create({
            "name": "测试分派部", "head_id": cls.head.id,
            "assignment_method": "balanced",
            "member_ids": [(6, 0, cls.members.ids)]})
        cls.other_team = cls.env["realestate.complaint.team"].create({
            "name": "测试他部", "head_id": cls.head.id,
            "member_ids": [(6, 0, cls.members.ids)]})
        # chen handles contracts only: never a leak.
        cls.env["realestate.complaint.team.skill"].create({
            "team_id": cls.team.id, "user_id": cls.chen.id,
            "category_ids": [(6, 0, cls.category_contract.ids)]})

    def _open_cases(self, user, count, team=None):
        """``count`` open cases with ``user`` responsible (by hand, elsewhere)."""
        for _i in range(count):
            self.create_complaint(team_id=(team or self.other_team).id,
                                  responsible_id=user.id)

    def _register(self, **vals):
        return self.create_complaint(user=self.operator, team_id=self.team.id, **vals)

    def _leave(self, user, start_hours=-1, end_hours=8):
        now = fields.Datetime.from_string(fields.Datetime.now())
        return self.env["resource.calendar.leaves"].create({
            "name": "年假", "resource_id": user.resource_ids[:1].id,
            "date_from": fields.Datetime.to_string(now + timedelta(hours=start_hours)),
            "date_to": fields.Datetime.to_string(now + timedelta(hours=end_hours))})

    def _assignment_notes(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: "(R10)" in (m.body or "") or "R25" in (m.body or ""))

    def test_balanced_picks_the_least_loaded_member_with_the_skill(self):
        self._open_cases(self.anna, 2)
        self._open_cases(self.bo, 1)
        # A closed case is no load.
        closed = self.create_complaint(team_id=self.other_team.id,
                                       responsible_id=self.anna.id)
        closed.sudo().write({"stage_id": self.stage_closed.id})
        complaint = self._register()
        # chen has no case at all, but handles contracts only.
        self.assertEqual(complaint.responsible_id, self.bo)
        self.assertEqual(complaint.auto_responsible_id, self.bo)
        note = self._assignment_notes(complaint)
        self.assertEqual(len(note), 1)
        self.assertIn("1 open cases", note.body)
        self.assertIn(self.bo.name, note.body)
        # A contract matter: chen, who has the skill and no load.
        contract = self._register(category_id=self.category_contract.id)
        self.assertEqual(contract.responsible_id, self.chen)

    def test_balanced_counts_the_cases_it_assigns_in_one_call(self):
        """Set-based: many cases get a department at once, the loads grow as they
        are given out (one read_group, not one count per case)."""
        cases = self.Complaint.browse()
        for _i in range(4):
            cases |= self.create_complaint()
        cases.with_user(self.agent).write({"team_id": self.team.id})
        self.assertEqual(sorted(cases.mapped("responsible_id").ids),
                         sorted((self.anna | self.bo).ids))
        self.assertEqual(len(cases.filtered(
            lambda c: c.responsible_id == self.anna)), 2)

    def test_the_pick_costs_the_same_queries_for_two_cases_or_six(self):
        """Set-based: loads, leaves and turns are read once per call, whatever
        the number of cases (no count per case)."""
        self._leave(self.chen)
        cases = self.Complaint.browse()
        for _i in range(6):
            cases |= self.create_complaint(team_id=self.other_team.id)
        cases._pick_responsibles()   # warm the per-process caches
        costs = []
        for some in (cases[:2], cases):
            some = some.browse(some.ids)   # a fresh prefetch set
            some.invalidate_cache()
            before = self.cr.sql_log_count
            some._pick_responsibles()
            costs.append(self.cr.sql_log_count - before)
        self.assertEqual(costs[0], costs[1])

    def test_round_robin_rotates(self):
        self.team.assignment_method = "round_robin"
        self.env["realestate.complaint.team.skill"].search(
            [("team_id", "=", self.team.id)]).unlink()
        # Load plays no part: anna has the most and still comes first.
        self._open_cases(self.anna, 3)
        picked = [self._register().responsible_id for _i in range(4)]
        self.assertEqual(picked, [self.anna, self.bo, self.chen, self.anna])
        note = self._assignment_notes(self.Complaint.search(
            [("team_id", "=", self.team.id)], limit=1))
        self.assertIn("round robin", note.body)

    def test_round_robin_skips_who_lacks_the_skill(self):
        self.team.assignment_method = "round_robin"
        picked = [self._register().responsible_id for _i in range(3)]
        self.assertEqual(picked, [self.anna, self.bo, self.anna])

    def test_member_on_leave_is_skipped(self):
        self.assertTrue(self.anna.resource_ids, "members get a resource for leaves")
        self._open_cases(self.bo, 2)
        leave = self._leave(self.anna)
        complaint = self._register()
        self.assertEqual(complaint.responsible_id, self.bo)
        self.assertIn("on leave: %s" % self.anna.name, self._assignment_notes(
            complaint).body)
        # Back from leave (the leave ended an hour ago): the least loaded again.
        leave.write({"date_from": leave.date_from, "date_to": fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(hours=1))})
        self.assertEqual(self._register().responsible_id, self.anna)

    def test_members_of_existing_departments_get_their_resources(self):
        """A database upgraded with departments whose members have no resource:
        the post-migrate gives them one, so that their leaves can be recorded."""
        newcomer = self._create_user("t_as_old", "group_complaint_department")
        self.cr.execute("""INSERT INTO realestate_complaint_team_member_rel
                           (team_id, user_id) VALUES (%s, %s)""",
                        (self.other_team.id, newcomer.id))
        self.other_team.invalidate_cache()
        self.assertFalse(newcomer.resource_ids)
        self.env["realestate.complaint.team"]._ensure_all_member_resources()
        newcomer.invalidate_cache()
        self.assertEqual(newcomer.resource_ids.user_id, newcomer)
        self.assertEqual(len(self.anna.resource_ids), 1, "once per user")

    def test_a_company_holiday_skips_nobody(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        self.env["resource.calendar.leaves"].create({
            "name": "国庆", "calendar_id": self.anna.resource_ids.calendar_id.id,
            "date_from": fields.Datetime.to_string(now - timedelta(hours=1)),
            "date_to": fields.Datetime.to_string(now + timedelta(hours=1))})
        self.assertEqual(self._register().responsible_id, self.anna)

    def test_nobody_available_goes_to_the_head(self):
        """一把手责任制 (004:200-202): the head arranges the resources at once."""
        self._leave(self.anna)
        self._leave(self.bo)
        complaint = self._register()
        self.assertEqual(complaint.responsible_id, self.head)
        body = self._assignment_notes(complaint).body
        self.assertIn("head of the department", body)
        self.assertIn(self.anna.name, body)

    def test_the_picked_person_is_told_the_customer_nothing(self):
        """The note is internal and names only the picked member; the complainant,
        even as a follower of the case, gets no message and no notification."""
        Message = self.env["mail.message"]
        before = Message.search([], order="id desc", limit=1).id
        complaint = self.create_complaint(user=self.operator)
        complaint.message_subscribe(partner_ids=self.owner.ids)
        complaint.with_user(self.operator).write({"team_id": self.team.id})
        self.assertEqual(complaint.responsible_id, self.anna)
        note = self._assignment_notes(complaint)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(note.subtype_id.internal)
        self.assertEqual(note.partner_ids, self.anna.partner_id)
        self.assertIn(self.anna.partner_id, note.needaction_partner_ids)
        new = Message.search([("id", ">", before)])
        self.assertFalse(new.filtered(lambda m: self.owner in m.partner_ids
                                      or self.owner in m.needaction_partner_ids))
        self.assertFalse(self.env["mail.notification"].search([
            ("mail_message_id", "in", new.ids),
            ("res_partner_id", "=", self.owner.id)]))
        self.assertFalse(self.env["mail.mail"].search([
            ("mail_message_id", "in", new.ids),
            ("recipient_ids", "in", self.owner.ids)]))

    def test_dispatch_assigns_and_sends_the_handling_sheet_to_the_pick(self):
        complaint = self.create_complaint(user_id=self.agent.id)
        self.team.assignment_method = "manual"
        complaint.with_user(self.agent).write({"team_id": self.team.id})
        self.assertFalse(complaint.responsible_id, "manual: nobody picked")
        self.team.with_user(self.supervisor).assignment_method = "balanced"
        self._open_cases(self.anna, 1)
        complaint.with_user(self.agent).action_dispatch()
        self.assertEqual(complaint.responsible_id, self.bo)
        sheet = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                ADDON + ".mail_activity_type_handling_sheet"))
        self.assertEqual(sheet.user_id, self.bo)

    def test_onchange_proposes_and_the_save_decides(self):
        draft = self.Complaint.with_user(self.operator).new(
            {"team_id": self.team.id, "category_id": self.category_leak.id})
        draft._onchange_team_id()
        self.assertEqual(draft.responsible_id, self.anna)
        self.assertEqual(draft.auto_responsible_id, self.anna)
        # Kept as proposed: the method picks on save (and writes its note).
        kept = self._register(responsible_id=self.anna.id,
                              auto_responsible_id=self.anna.id)
        self.assertEqual(kept.responsible_id, self.anna)
        self.assertTrue(self._assignment_notes(kept))
        # Changed by hand in the form: the person chosen stays, no note.
        chosen = self._register(responsible_id=self.chen.id,
                                auto_responsible_id=self.bo.id)
        self.assertEqual(chosen.responsible_id, self.chen)
        self.assertFalse(chosen.auto_responsible_id)
        self.assertFalse(self._assignment_notes(chosen))
        # Nobody names the method's pick by hand.
        chosen.with_user(self.agent).write({"auto_responsible_id": self.chen.id})
        self.assertFalse(chosen.auto_responsible_id)

    def test_onchange_without_a_department_proposes_nobody(self):
        """Found in the browser: a new form (no department yet) or a department
        cleared ran the method's pick on nothing (KeyError)."""
        draft = self.Complaint.with_user(self.operator).new(
            {"category_id": self.category_leak.id})
        draft._onchange_team_id()
        self.assertFalse(draft.responsible_id)
        draft.auto_responsible_id = self.anna
        draft._onchange_category_assignment()
        self.assertEqual(draft.auto_responsible_id, self.anna)

    def test_onchange_of_a_manual_department_proposes_the_head(self):
        draft = self.Complaint.new({"team_id": self.other_team.id})
        draft._onchange_team_id()
        self.assertEqual(draft.responsible_id, self.head)
        complaint = self.create_complaint(team_id=self.other_team.id)
        self.assertFalse(complaint.responsible_id)
        self.assertFalse(self._assignment_notes(complaint))

    def test_skills_are_for_members_and_leave_with_them(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["realestate.complaint.team.skill"].create({
                "team_id": self.team.id, "user_id": self.head.id})
        self.team.write({"member_ids": [(3, self.chen.id)]})
        self.assertFalse(self.team.skill_ids)

    def test_supervisors_configure_departments_read(self):
        Skill = self.env["realestate.complaint.team.skill"]
        skill = self.team.skill_ids
        department = self.anna
        for user in (self.operator, self.agent, department):
            self.assertTrue(skill.with_user(user).read(["category_ids"]), user.login)
            for action in (
                    lambda: skill.with_user(user).write({"category_ids": [(5,)]}),
                    lambda: skill.with_user(user).unlink(),
                    lambda: Skill.with_user(user).create({
                        "team_id": self.team.id, "user_id": self.anna.id}),
                    lambda: self.team.with_user(user).write(
                        {"assignment_method": "manual"})):
                with self.assertRaises(AccessError), self.cr.savepoint():
                    action()
        for user in (self.supervisor, self.executive):
            with self.cr.savepoint():
                self.team.with_user(user).write({"assignment_method": "round_robin"})
                line = Skill.with_user(user).create({
                    "team_id": self.team.id, "user_id": self.anna.id,
                    "category_ids": [(6, 0, self.category_leak.ids)]})
                line.write({"category_ids": [(5,)]})
                line.unlink()
        self.assertFalse(Skill.with_user(self.portal_user).check_access_rights(
            "read", raise_exception=False))
        self.assertFalse(Skill.with_user(self.employee).check_access_rights(
            "read", raise_exception=False))


class TestSalesMatterAssignment(SaleCase):
    def test_a_routed_sales_matter_gets_the_least_loaded_sales_member(self):
        """Issue 15's route (a sales matter to the department of the team that
        sold the unit) and the department's method: the registrar chose no
        department, the case still gets a named person (R10)."""
        first = self._create_user("t_as_sales1", "group_complaint_department")
        second = self._create_user("t_as_sales2", "group_complaint_department")
        self.sales_department.write({
            "assignment_method": "balanced",
            "member_ids": [(6, 0, (first | second).ids)]})
        self.create_complaint(team_id=self.sales_department.id,
                              responsible_id=first.id)
        self.sell(self.unit, self.owner)
        case = self.create_complaint(category_id=self.promise.id)
        self.assertEqual(case.team_id, self.sales_department)
        self.assertEqual(case.responsible_id, second)
        self.assertTrue(case.message_ids.filtered(
            lambda m: second.partner_id in m.partner_ids
            and m.subtype_id == self.env.ref("mail.mt_note")))
