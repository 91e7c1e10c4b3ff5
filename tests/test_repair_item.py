"""Repair orders (issue 14): the items of a repair request (004:124), who answers
for each (004:125) and who pays, decided by the component's warranty (004:118,
004:107, 004:44-46); a chargeable item's fee agreed before the work (002:883-889)."""
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError

from .process_common import ProcessCase
from .test_sla import utc


class RepairItemCase(ProcessCase):
    @classmethod
    def setUpClass(cls):
        super(RepairItemCase, cls).setUpClass()
        cls.unit.delivery_date = "2023-06-30"
        cls.env.user.company_id.repair_free_years = 3
        contractor = cls.env["res.partner"].create(
            {"name": "测试防水工程公司", "is_company": True})
        cls.group = cls.env["realestate.repair.group"].create({
            "project_id": cls.project.id, "team_id": cls.team.id,
            "member_ids": [(0, 0, {"role": "subcontractor", "trade": "waterproofing",
                                   "partner_id": contractor.id})]})
        cls.party = cls.group.member_ids
        cls.Item = cls.env["realestate.repair.item"]
        cls.waterproofing = cls.env.ref("realestate_complaint.warranty_waterproofing")
        cls.electrics = cls.env.ref("realestate_complaint.warranty_electrics")

    def repair(self, received, **overrides):
        vals = dict(kind="repair", date_received=received, user_id=self.agent.id,
                    team_id=self.team.id, responsible_id=self.engineer.id)
        vals.update(overrides)
        return self.create_complaint(**vals)

    def item(self, complaint, component, user=None, **vals):
        values = dict(complaint_id=complaint.id, location="主卧卫生间",
                      component_id=component.id, description="天花板渗水")
        values.update(vals)
        return self.Item.with_user(user or self.agent).create(values)


class TestRepairItem(RepairItemCase):
    def test_a_leak_in_warranty_is_free_and_says_why(self):
        """004:118: waterproofing 5 years from delivery, so free in 2026."""
        item = self.item(self.repair(utc(2026, 11, 24, 10, 0)), self.waterproofing)
        self.assertEqual(item.coverage, "warranty")
        self.assertEqual(item.warranty_end, "2028-06-29")
        self.assertIn("2028-06-29", item.coverage_reason)
        with self.assertRaises(ValidationError):
            item.fee = 200

    def test_out_of_warranty_needs_the_fee_agreed_before_the_work(self):
        """Electrics: 2 years, then 3 years of free repairs (004:107): out of
        both in December 2026; the fee is agreed first (002:883-889)."""
        complaint = self.repair(utc(2026, 12, 1, 10, 0))
        item = self.item(complaint, self.electrics, party_id=self.party.id,
                         plan="更换插座", date_planned="2026-12-03", fee=80)
        self.assertEqual(item.coverage, "chargeable")
        with self.assertRaises(UserError):
            item.with_user(self.agent).action_plan()
        item.with_user(self.agent).fee_agreed = True
        item.with_user(self.agent).action_plan()
        self.assertEqual(item.state, "planned")
        item.with_user(self.engineer).action_done()
        self.assertEqual(item.state, "done")

    def test_the_developers_free_repairs_and_the_owners_damage(self):
        complaint = self.repair(utc(2025, 11, 24, 10, 0))
        free = self.item(complaint, self.electrics)
        self.assertEqual(free.coverage, "free_maintenance")
        damage = self.item(complaint, self.waterproofing, owner_damage=True)
        self.assertEqual(damage.coverage, "excluded")
        self.assertIn("owner", damage.coverage_reason)
        damage.owner_damage = False
        self.assertEqual(damage.coverage, "warranty")

    def test_planning_needs_the_plan_the_date_and_the_party(self):
        """004:125: each item has its responsible party."""
        item = self.item(self.repair(utc(2026, 11, 24, 10, 0)), self.waterproofing,
                         plan="重做防水层")
        with self.assertRaises(UserError) as refusal:
            item.action_plan()
        self.assertIn("repair date", str(refusal.exception.name))
        self.assertIn("responsible party", str(refusal.exception.name))
        item.write({"date_planned": "2026-11-26", "party_id": self.party.id})
        item.action_plan()
        self.assertEqual(item.state, "planned")
        with self.assertRaises(UserError):
            item.action_plan()

    def test_the_party_belongs_to_the_projects_group(self):
        other = self.env["realestate.project"].create({"name": "他处", "code": "ELS"})
        complaint = self.repair(utc(2026, 11, 24, 10, 0), unit_id=False,
                                unit_unknown=True, project_id=other.id)
        with self.assertRaises(ValidationError):
            self.item(complaint, self.waterproofing, party_id=self.party.id)
        item = self.item(complaint, self.waterproofing)
        self.assertEqual(item.coverage, "unknown")

    def test_who_works_repair_items(self):
        """Open to whoever may open the case (R39); operators read; the state moves
        by the buttons only."""
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        item = self.item(complaint, self.waterproofing, user=self.engineer)
        self.assertEqual(item.company_id, complaint.company_id)
        self.assertTrue(item.with_user(self.operator).read(["location"]))
        with self.assertRaises(AccessError):
            item.with_user(self.operator).write({"location": "厨房"})
        with self.assertRaises(AccessError):
            self.item(complaint, self.waterproofing, user=self.operator)
        stranger = self._create_user("t_stranger", "group_complaint_department")
        with self.assertRaises(AccessError):
            item.with_user(stranger).read(["location"])
        for user in (self.agent, self.engineer, self.supervisor):
            with self.assertRaises(AccessError, msg=user.login):
                item.with_user(user).write({"state": "done"})
        secret = self.repair(utc(2026, 11, 24, 10, 0), is_confidential=True,
                             user_id=self.agent2.id, receiver_id=self.supervisor.id)
        hidden = self.item(secret, self.waterproofing, user=self.supervisor)
        with self.assertRaises(AccessError):
            hidden.with_user(self.agent).read(["location"])
        self.assertFalse(self.Item.with_user(self.agent).search(
            [("complaint_id.is_confidential", "=", True)]) & hidden)


class TestRepairAcceptance(RepairItemCase):
    """Acceptance and second rectification (004:126-127, 004:37-38), and the owner's
    completion acceptance (维修完成验收单)."""

    def repaired(self, complaint):
        item = self.item(complaint, self.waterproofing, party_id=self.party.id,
                         plan="重做防水层", date_planned="2026-11-26")
        item.action_plan()
        item.with_user(self.engineer).action_done()
        return item

    def test_property_engineering_accepts_the_repair(self):
        item = self.repaired(self.repair(utc(2026, 11, 24, 10, 0)))
        item.with_user(self.engineer).action_accept()
        self.assertEqual((item.state, item.accepted_by_id), ("accepted", self.engineer))
        self.assertTrue(item.date_accepted)
        with self.assertRaises(UserError):
            item.action_accept()

    def test_a_failed_acceptance_goes_back_for_a_second_rectification(self):
        """004:127: back to the responsible party with a new date, counted."""
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        item = self.repaired(complaint)
        wizard = self.env["realestate.repair.acceptance"].with_user(
            self.engineer).create({"item_id": item.id, "reason": "闭水试验仍渗漏",
                                   "date_planned": "2099-12-10"})
        wizard.action_confirm()
        self.assertEqual((item.state, item.rectification_count, item.date_planned),
                         ("planned", 1, "2099-12-10"))
        self.assertIn("闭水试验仍渗漏", item.acceptance_note)
        self.assertIn("rectification no. 1", complaint.message_ids[0].body)
        item.with_user(self.engineer).action_done()
        item._fail_acceptance("边角仍渗水", "2099-12-20")
        self.assertEqual(item.rectification_count, 2)
        self.assertIn("闭水试验仍渗漏", item.acceptance_note)
        self.assertIn("边角仍渗水", item.acceptance_note)
        item.action_done()
        item.action_accept()
        self.assertEqual(item.state, "accepted")
        for reason, date in (("", "2099-12-20"), ("x", False), ("x", "2020-01-01")):
            other = self.repaired(complaint)
            with self.assertRaises(UserError):
                other._fail_acceptance(reason, date)
            self.assertEqual(other.state, "done")
        with self.assertRaises(AccessError):
            item.with_user(self.engineer).write({"rectification_count": 0})

    def test_the_owner_signs_once_every_item_is_accepted(self):
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        first = self.repaired(complaint)
        second = self.repaired(complaint)
        first.action_accept()
        Completion = self.env["realestate.repair.completion"].with_user(self.agent)
        with self.assertRaises(UserError) as refusal:
            Completion.create({"complaint_id": complaint.id,
                               "signature": SIGNATURE}).action_confirm()
        self.assertIn("主卧卫生间", str(refusal.exception.name))
        second.action_accept()
        with self.assertRaises(UserError):
            Completion.create({"complaint_id": complaint.id}).action_confirm()
        Completion.create({"complaint_id": complaint.id,
                           "signature": SIGNATURE}).action_confirm()
        self.assertTrue(complaint.date_repair_accepted)
        self.assertTrue(complaint.repair_signature)
        self.assertFalse(complaint.repair_signed_on_paper)
        with self.assertRaises(UserError):
            complaint._owner_accepts_repairs(on_paper=True)
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"date_repair_accepted": False})

    def test_signed_on_paper(self):
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        self.repaired(complaint).action_accept()
        complaint.with_user(self.engineer)._owner_accepts_repairs(on_paper=True)
        self.assertTrue(complaint.repair_signed_on_paper)
        self.assertIn("signed on paper", complaint.message_ids[0].body)


# A 1x1 PNG, as the signature pad sends it (base64).
SIGNATURE = (b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QD"
             b"wADhgGAWjR9awAAAABJRU5ErkJggg==")


class TestRepairForms(RepairItemCase):
    """The printed repair order in three copies (004:124), the work plan
    (004:125-126) and the completion acceptance (004:38)."""

    def html(self, report, records, user=None):
        action = self.env.ref("realestate_complaint." + report).with_user(
            user or self.agent).with_context(lang="en_US")
        content = action.render_qweb_html(records.ids)[0]
        tree = etree.fromstring(content, etree.HTMLParser())
        return tree.xpath("//div[contains(@class, 'o_complaint_form')]")

    def test_the_repair_order_prints_one_page_per_copy(self):
        self.env.user.company_id.repair_order_copies = "业主联, 值班负责人联, 物业工程部联"
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        self.item(complaint, self.waterproofing, party_id=self.party.id,
                  plan="重做防水层", date_planned="2026-11-26")
        self.item(complaint, self.electrics, location="客厅", fee=80)
        forms = self.html("action_report_repair_order", complaint)
        self.assertEqual(len(forms), 3)
        for form, label in zip(forms, ("业主联", "值班负责人联", "物业工程部联")):
            text = " ".join(" ".join(form.itertext()).split())
            self.assertIn(label, text)
            self.assertIn(complaint.name, text)
            lines = form.xpath(".//tr[contains(@class, 'o_repair_line')]")
            self.assertEqual(len(lines), 2)
            self.assertIn("重做防水层", text)
            self.assertIn("测试防水工程公司", text)
            self.assertIn("In Warranty", text)

    def test_work_plan_and_completion(self):
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        item = self.item(complaint, self.waterproofing, party_id=self.party.id,
                         plan="重做防水层", date_planned="2026-11-26")
        item.action_plan()
        item.action_done()
        item._fail_acceptance("仍渗漏", "2099-12-01")
        other = self.item(complaint, self.electrics, location="客厅")
        plan = self.html("action_report_repair_work_plan", complaint)[0]
        rows = plan.xpath(".//tr[contains(@class, 'o_plan_line')]")
        self.assertIn("2099-12-01", " ".join(rows[0].itertext()))
        # An item with nothing planned yet keeps every cell of its row (Odoo 11
        # drops an element whose t-esc is empty: the columns slid left).
        self.assertEqual([len(row.xpath("./td")) for row in rows], [8, 8])
        item.action_done()
        item.with_user(self.engineer).action_accept()
        with self.assertRaises(UserError):
            complaint._owner_accepts_repairs(signature=SIGNATURE)
        other.action_cancel()
        complaint._owner_accepts_repairs(signature=SIGNATURE)
        done = self.html("action_report_repair_completion", complaint)[0]
        images = done.xpath(".//img[starts-with(@src, 'data:image/png')]")
        self.assertEqual(len(images), 1)
        self.assertIn(self.engineer.name, " ".join(done.itertext()))

    def test_no_items_nothing_to_print_and_access(self):
        complaint = self.repair(utc(2026, 11, 24, 10, 0))
        with self.assertRaises(UserError):
            self.html("action_report_repair_order", complaint)
        self.item(complaint, self.waterproofing)
        stranger = self._create_user("t_printer", "group_complaint_department")
        with self.assertRaises(AccessError):
            self.html("action_report_repair_order", complaint, user=stranger)


class TestRepairItemUnitChanges(RepairItemCase):
    def test_a_corrected_delivery_date_recomputes_who_pays(self):
        """The fee agreed stays; the unit's date is not refused because of it."""
        complaint = self.repair(utc(2026, 12, 1, 10, 0))
        item = self.item(complaint, self.electrics, fee=80)
        self.assertEqual(item.coverage, "chargeable")
        self.unit.delivery_date = "2025-12-01"
        self.assertEqual(item.coverage, "warranty")
        self.assertEqual(item.fee, 80)
