"""Each planned repair item is a to-do of its responsible party with a deadline, swept
and escalated like the case's (004:125-127, R21, R22)."""
from datetime import datetime, timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import ADDON
from .test_escalation import EscalationMixin
from .test_repair_item import RepairItemCase


def day(offset):
    return fields.Date.to_string(datetime.utcnow().date() + timedelta(days=offset))


class TestRepairItemDeadline(EscalationMixin, RepairItemCase):
    @classmethod
    def setUpClass(cls):
        super(TestRepairItemDeadline, cls).setUpClass()
        cls.contact = cls.env["res.partner"].create({
            "name": "王师傅", "parent_id": cls.party.partner_id.id,
            "email": "wang@waterproof.example.com", "mobile": "13900000001"})
        cls.party.contact_id = cls.contact

    def setUp(self):
        super(TestRepairItemDeadline, self).setUp()
        self.complaint = self.repair(fields.Datetime.now())

    def planned(self, date_planned, **vals):
        item = self.item(self.complaint, self.waterproofing, party_id=self.party.id,
                         plan="重做防水层", date_planned=date_planned, **vals)
        item.action_plan()
        return item

    def to_dos(self):
        return self.env["mail.activity"].search([
            ("res_model", "=", "realestate.complaint"),
            ("res_id", "=", self.complaint.id),
            ("activity_type_id", "=", self.env.ref(
                ADDON + ".mail_activity_type_repair_item").id)])

    def test_planning_makes_the_partys_to_do_due_at_the_end_of_the_repair_date(self):
        """004:125: the work plan's time point, in the company's day (UTC+8)."""
        item = self.planned(day(3))
        deadline = item.deadline_id
        self.assertEqual((deadline.target, deadline.repair_round, deadline.status),
                         ("repair", 0, "on_track"))
        self.assertEqual(deadline.complaint_id, self.complaint)
        # The end of the Shanghai day is 16:00 UTC.
        self.assertEqual(deadline.date_deadline, day(3) + " 16:00:00")
        self.assertLess(deadline.date_start, deadline.date_at_risk)
        self.assertLess(deadline.date_at_risk, deadline.date_deadline)
        # The contractor's contact gets the repair order by email; in Odoo the
        # head of the group's engineering department holds the to-do (nobody is
        # on duty here).
        mail = self.env["mail.mail"].search([
            ("model", "=", "realestate.repair.item"), ("res_id", "=", item.id)])
        self.assertEqual(mail.recipient_ids, self.contact)
        self.assertIn("/my/repairs/%d" % item.id, mail.body_html)
        self.assertIn(self.complaint.partner_phone or "", mail.body_html)
        to_do = self.to_dos()
        self.assertEqual(to_do.user_id, self.team.head_id)
        self.assertEqual(to_do.date_deadline, day(3))
        self.assertIn(item.location, to_do.summary)

    def test_an_internal_party_holds_the_to_do_itself(self):
        """Property engineering's contact is a user: theirs is the activity, and no
        email goes out as if to a contractor."""
        self.contact.user_ids = self.engineer
        item = self.planned(day(2))
        self.assertEqual(self.to_dos().user_id, self.engineer)
        self.assertFalse(self.env["mail.mail"].search([
            ("model", "=", "realestate.repair.item"), ("res_id", "=", item.id)]))

    def test_a_late_item_is_breached_and_escalated_then_met_late(self):
        """R21, R22: the sweep treats it as any deadline of the case."""
        soon = self.planned(day(1))
        due = fields.Datetime.from_string(soon.deadline_id.date_deadline)
        escalated = self.sweep(fields.Datetime.to_string(due - timedelta(hours=1)))
        self.assertEqual(soon.deadline_id.status, "at_risk")
        self.assertFalse(escalated & soon.deadline_id)
        item = self.planned(day(-1))
        escalated = self.sweep(fields.Datetime.now())
        self.assertEqual(item.deadline_id.status, "breached")
        self.assertIn(item.deadline_id, escalated)
        tier = self.env.ref(ADDON + ".tier_customer_assistant")
        self.assertEqual(item.deadline_id.escalation_tier_id, tier)
        self.assertEqual(self.complaint.escalation_tier_id, tier)
        self.assertIn("Repair Item by Its Date", self.complaint.message_ids[0].body)
        item.with_user(self.engineer).action_done()
        self.assertEqual(item.deadline_id.status, "met_late")
        self.assertEqual(len(self.to_dos()), 1, "the other item's to-do remains")
        self.assertFalse(item.deadline_id.date_next_escalation)

    def test_a_second_rectification_is_a_new_round_with_its_own_deadline(self):
        """004:127: the first round stays as it was met; the rectification is due
        on the new date."""
        item = self.planned(day(1))
        item.with_user(self.engineer).action_done()
        first = item.deadline_id
        self.assertEqual(first.status, "met")
        item._fail_acceptance("闭水试验仍渗漏", day(5))
        self.assertEqual(len(item.deadline_ids), 2)
        second = item.deadline_id
        self.assertEqual((second.repair_round, second.status), (1, "on_track"))
        self.assertEqual(second.date_deadline, day(5) + " 16:00:00")
        self.assertEqual(first.status, "met")
        self.assertEqual(len(self.to_dos()), 1)
        self.assertIn(second, self.complaint.deadline_ids)

    def test_a_moved_repair_date_moves_the_deadline_unless_breached(self):
        item = self.planned(day(1))
        item.with_user(self.engineer).date_planned = day(4)
        self.assertEqual(item.deadline_id.date_deadline, day(4) + " 16:00:00")
        self.assertEqual(item.deadline_id.date_next_escalation, day(4) + " 16:00:00")
        self.assertEqual(item.activity_id.date_deadline, day(4))
        self.assertIn(day(4), self.complaint.message_ids[0].body)
        late = self.planned(day(-1))
        self.sweep(fields.Datetime.now())
        self.assertEqual(late.deadline_id.status, "breached")
        late.date_planned = day(6)
        self.assertEqual(late.deadline_id.status, "breached")
        self.assertEqual(late.deadline_id.date_deadline, day(-1) + " 16:00:00")

    def test_a_cancelled_item_leaves_nothing_to_be_late_for(self):
        item = self.planned(day(1))
        item.with_user(self.engineer).action_cancel()
        self.assertFalse(item.deadline_ids)
        self.assertFalse(self.to_dos())

    def test_the_item_and_round_are_unique_and_no_policy_sets_this_target(self):
        item = self.planned(day(1))
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                item.deadline_id.sudo().copy()
        case_deadline = self.complaint.deadline_ids.filtered(
            lambda d: d.target == "resolve")
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                case_deadline.sudo().copy()
        policy = self.env.ref(ADDON + ".sla_policy_repair")
        with self.assertRaises(ValidationError):
            policy.target_ids = [(0, 0, {"target": "repair", "duration": 1})]

    def test_the_deadline_fields_are_the_processs(self):
        item = self.planned(day(1))
        for vals in ({"repair_round": 3}, {"repair_item_id": False}):
            with self.assertRaises(AccessError):
                item.deadline_id.with_user(self.supervisor).write(vals)
        self.assertEqual(item.deadline_id.repair_round, 0)
