"""Classification: validity (R6), level (R7), complexity (R8), repeats and clusters
(R9)."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ComplaintCase


class TestClassification(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super(TestClassification, cls).setUpClass()
        cls.env.user.company_id.write({
            "complaint_repeat_window_days": 30, "complaint_cluster_households": 3})
        cls.delay = cls.env.ref("realestate_complaint.category_delivery_delay")
        cls.crack = cls.env.ref("realestate_complaint.category_quality_crack")

    def _unit(self, room, building=None, owner=None):
        partner = owner or self.env["res.partner"].create({
            "name": "业主" + room, "mobile": "1390000" + room.zfill(4)})
        unit = self.env["realestate.unit"].create({
            "building_id": (building or self.building).id, "room": room,
            "owner_ids": [(6, 0, [partner.id])], "contract_number": "C-" + room})
        return unit, partner

    def _complaint_for(self, unit, partner, **overrides):
        vals = dict(unit_id=unit.id, partner_id=partner.id,
                    partner_phone=partner.mobile, email_unknown=True,
                    partner_email=False, contract_number=unit.contract_number)
        vals.update(overrides)
        return self.create_complaint(**vals)

    # R7 suggestion -------------------------------------------------------------------
    def test_ordinary_complaint_is_level_3(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.level_suggested, "3")
        self.assertEqual(complaint.level, "3")

    def test_regulator_government_and_media_are_level_1(self):
        for channel in ("government", "media"):
            self.assertEqual(self.create_complaint(channel=channel).level, "1", channel)

    def test_ten_households_make_level_1(self):
        self.assertEqual(self.create_complaint(household_count=9).level, "3")
        self.assertEqual(self.create_complaint(household_count=10).level, "1")

    def test_group_risk_category_and_its_children_suggest_level_2(self):
        self.assertEqual(self.create_complaint(category_id=self.delay.id).level, "2")
        school = self.env.ref("realestate_complaint.category_facilities_school")
        self.assertEqual(self.create_complaint(category_id=school.id).level, "2")
        self.crack.group_risk = True
        self.assertEqual(self.create_complaint(category_id=self.crack.id).level, "2")

    def test_household_count_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.create_complaint(household_count=0)

    # override ------------------------------------------------------------------------
    def test_supervisor_overrides_level_with_a_tracked_reason(self):
        complaint = self.create_complaint()
        before = complaint.message_ids
        complaint.with_user(self.supervisor).write({
            "level_override": "1", "level_override_reason": "业主威胁找媒体曝光"})
        self.assertEqual(complaint.level, "1")
        self.assertEqual(complaint.level_suggested, "3")
        tracked = (complaint.message_ids - before).mapped("tracking_value_ids")
        self.assertIn("level", tracked.mapped("field"))
        self.assertIn("level_override_reason", tracked.mapped("field"))
        # back to the suggestion when the override is removed
        complaint.with_user(self.supervisor).write({"level_override": False})
        self.assertEqual(complaint.level, "3")

    def test_override_needs_a_reason(self):
        complaint = self.create_complaint()
        with self.assertRaisesRegex(ValidationError, "reason"):
            complaint.with_user(self.supervisor).write({"level_override": "2"})

    def test_agents_cannot_override_the_level(self):
        complaint = self.create_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({
                "level_override": "1", "level_override_reason": "x"})
        self.assertFalse(complaint.level_override)

    # R9 repeats ----------------------------------------------------------------------
    def test_repeat_candidates_same_unit_or_complainant_and_category(self):
        first = self.create_complaint()
        same_unit = self.create_complaint()
        self.assertEqual(same_unit.repeat_candidate_ids, first)
        other_category = self.create_complaint(category_id=self.crack.id)
        self.assertFalse(other_category.repeat_candidate_ids)
        other_unit, other_owner = self._unit("501")
        by_same_person = self._complaint_for(other_unit, self.owner)
        self.assertIn(first, by_same_person.repeat_candidate_ids)
        stranger = self._complaint_for(other_unit, other_owner)
        self.assertNotIn(first, stranger.repeat_candidate_ids)

    def test_repeat_window_and_closed_cases(self):
        old = self.create_complaint(date_received="2020-01-01 08:00:00")
        closed = self.create_complaint(stage_id=self.stage_closed.id)
        new = self.create_complaint()
        self.assertNotIn(old, new.repeat_candidate_ids)
        self.assertNotIn(closed, new.repeat_candidate_ids)

    def test_linking_keeps_each_complaint_and_raises_the_level(self):
        master = self.create_complaint()
        second = self.create_complaint(channel="wechat")
        second.action_link_repeat()
        self.assertEqual(second.repeat_of_id, master)
        self.assertTrue(second.is_closed)
        self.assertEqual(master.repeat_ids, second)
        self.assertEqual(master.repeat_count, 1)
        self.assertEqual(master.level, "2")
        third = self.create_complaint(channel="email")
        third.action_link_repeat()
        self.assertEqual(master.repeat_count, 2)
        self.assertEqual(master.level, "1")
        self.assertTrue(second.exists() and third.exists())
        self.assertIn(second.name, master.message_ids[1].body)

    def test_the_same_complaint_to_another_department_is_recorded_once(self):
        """002:815: 对同一问题多次投诉(指投诉人向不同部门投诉),应作一次记录: the
        property centre's registration is recorded on the case, which keeps its
        level, and the statistics count one case."""
        master = self.create_complaint()
        elsewhere = self.create_complaint(channel="property_centre")
        elsewhere.action_link_elsewhere()
        self.assertEqual(elsewhere.repeat_of_id, master)
        self.assertEqual(elsewhere.repeat_kind, "elsewhere")
        self.assertTrue(elsewhere.is_closed)
        self.assertEqual(master.repeat_ids, elsewhere)
        self.assertEqual((master.repeat_count, master.level), (0, "3"))
        self.assertIn("002:815", master.message_ids[0].body)
        # R37: one case in the statistics, not two.
        now = datetime.utcnow()
        bounds = (fields.Datetime.to_string(now - timedelta(days=1)),
                  fields.Datetime.to_string(now + timedelta(days=1)))
        figures = self.env["realestate.complaint.statistics"]._figures(bounds, {
            "company": self.env.user.company_id.id, "projects": None,
            "teams": None})
        registered = self.Complaint.search_count([
            ("date_received", ">=", bounds[0]), ("date_received", "<", bounds[1])])
        self.assertEqual(figures["received"], registered - 1)
        self.assertEqual(figures["repeat"], 0)
        # Nobody records it so by hand (the buttons do).
        with self.assertRaises(AccessError):
            master.with_user(self.agent).write({"repeat_kind": "repeat"})

    def test_a_repeated_complaint_is_major_where_the_company_says_so(self):
        """002:307: 重大客户投诉包括:重复投诉 … (R7, R9), configurable."""
        self.env.user.company_id.complaint_repeat_major = True
        master = self.create_complaint()
        self.assertEqual(master.level, "3")
        # Registered yesterday, in its own transaction.
        self.env.cr.execute("UPDATE realestate_complaint SET create_date = "
                            "create_date - interval '1 day' WHERE id = %s",
                            (master.id,))
        self.create_complaint(channel="wechat").action_link_repeat()
        self.assertEqual((master.repeat_count, master.level), (1, "1"))
        self.assertTrue(master.date_major_alerted)

    def test_nothing_to_link_is_a_clear_error(self):
        lonely = self.create_complaint()
        with self.assertRaisesRegex(UserError, "No open case"):
            lonely.action_link_repeat()

    def test_a_repeat_cannot_be_a_master(self):
        master = self.create_complaint()
        repeat = self.create_complaint()
        repeat._link_to_case(master)
        with self.assertRaises(ValidationError):
            self.create_complaint().write({"repeat_of_id": repeat.id})

    def test_onchange_warns_about_repeats(self):
        self.create_complaint()
        draft = self.Complaint.new(self.complaint_vals())
        result = draft._onchange_repeat_candidates()
        self.assertIn("warning", result)

    def test_repeat_warning_shows_once_when_the_partner_fills_the_unit(self):
        """Found in the browser: choosing a complainant whose only unit fills the
        unit showed the warning twice (once per onchange)."""
        existing = self.create_complaint()
        Complaint = self.Complaint
        values = Complaint.default_get(list(Complaint._fields))
        values.update(category_id=self.category_leak.id, partner_id=self.owner.id,
                      unit_id=False)
        result = Complaint.onchange(values, "partner_id", Complaint._onchange_spec())
        self.assertEqual(result["value"]["unit_id"][0], self.unit.id)
        self.assertEqual(result["warning"]["message"].count(existing.name), 1)
        # A complainant without a unit to fill is warned about by his own onchange.
        values.update(partner_id=self.owner2.id, unit_id=self.unit.id)
        self.create_complaint(partner_id=self.owner2.id, partner_phone="021-62345678",
                              partner_email=False, email_unknown=True)
        result = Complaint.onchange(values, "partner_id", Complaint._onchange_spec())
        self.assertIn("warning", result)

    # R7/R9 clusters ------------------------------------------------------------------
    def test_three_households_of_a_building_form_a_group_risk(self):
        cases = self.Complaint
        for room in ("601", "602"):
            unit, partner = self._unit(room)
            cases |= self._complaint_for(unit, partner, category_id=self.crack.id)
        self.assertFalse(any(cases.mapped("is_group_risk")))
        unit, partner = self._unit("603")
        cases |= self._complaint_for(unit, partner, category_id=self.crack.id)
        self.assertEqual(cases.mapped("is_group_risk"), [True] * 3)
        self.assertEqual(set(cases.mapped("level")), {"2"})
        for case in cases:
            self.assertIn("group complaint risk", case.message_ids[0].body)
            # The note names the building and the category of the cluster.
            self.assertIn(case.building_id.display_name, case.message_ids[0].body)
            self.assertIn(self.crack.display_name, case.message_ids[0].body)

    def test_cluster_note_escapes_the_names(self):
        """The note goes into the chatter as HTML: a building's name is text."""
        building = self.env["realestate.building"].create({
            "name": "<img src=x onerror=alert(1)>栋", "project_id": self.project.id})
        for room in ("801", "802", "803"):
            unit, partner = self._unit(room, building=building)
            case = self._complaint_for(unit, partner, category_id=self.crack.id)
        body = case.message_ids[0].body
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;栋", body)
        self.assertNotIn("<img", body)

    def test_no_cluster_across_buildings_or_categories(self):
        cases = self.Complaint
        unit, partner = self._unit("701")
        cases |= self._complaint_for(unit, partner, category_id=self.crack.id)
        unit, partner = self._unit("702", building=self.building2)
        cases |= self._complaint_for(unit, partner, category_id=self.crack.id)
        unit, partner = self._unit("703")
        cases |= self._complaint_for(unit, partner)
        self.assertFalse(any(cases.mapped("is_group_risk")))

    def test_one_household_complaining_thrice_is_no_cluster(self):
        cases = self.Complaint
        for _i in range(3):
            cases |= self.create_complaint(category_id=self.crack.id)
        self.assertFalse(any(cases.mapped("is_group_risk")))

    # R6 validity ---------------------------------------------------------------------
    def test_invalid_verdict_needs_reason_approval_and_customer_told(self):
        complaint = self.create_complaint()
        agent_view = complaint.with_user(self.agent)
        with self.assertRaisesRegex(UserError, "Write why"):
            agent_view.action_request_invalid()
        agent_view.write({"invalid_reason": "房屋已过保修期且系业主自行改造所致"})
        agent_view.action_request_invalid()
        self.assertEqual(complaint.invalid_requested_by_id, self.agent)
        self.assertEqual(complaint.validity, "pending")
        with self.assertRaises(AccessError):
            agent_view.action_approve_invalid()
        with self.assertRaisesRegex(UserError, "Tell the customer"):
            complaint.with_user(self.supervisor).action_approve_invalid()
        agent_view.write({"invalid_customer_informed": True})
        complaint.with_user(self.supervisor).action_approve_invalid()
        self.assertEqual(complaint.validity, "invalid")
        self.assertEqual(complaint.stage_id,
                         self.env.ref("realestate_complaint.stage_invalid"))
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.invalid_approved_by_id, self.supervisor)

    def test_supervisor_rejects_an_invalid_verdict(self):
        complaint = self.create_complaint(invalid_reason="理由")
        complaint.with_user(self.agent).action_request_invalid()
        complaint.with_user(self.supervisor).action_reject_invalid()
        self.assertFalse(complaint.invalid_requested_by_id)
        self.assertFalse(complaint.is_closed)
        complaint.with_user(self.agent).action_mark_valid()
        self.assertEqual(complaint.validity, "valid")
