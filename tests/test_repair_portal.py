"""Contractors on the portal (issue 14, item 5; 004:125-126): the rules of
models/realestate_repair_portal.py, asked as the contractor's partner. The HTTP side,
with every id tried, is test_repair_portal_http.py."""
from datetime import datetime, timedelta

from odoo import fields

from .test_portal import JPEG, PNG
from .test_repair_item import RepairItemCase
from .test_repair_item_deadline import day
from .test_sla import utc

from ..models.realestate_complaint_portal import PortalFormError


def local(moment):
    """A naive UTC moment as a Shanghai datetime-local form value."""
    return (moment + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")


class TestRepairPortal(RepairItemCase):
    @classmethod
    def setUpClass(cls):
        super(TestRepairPortal, cls).setUpClass()
        cls.worker = cls.env["res.partner"].create({
            "name": "王师傅", "parent_id": cls.party.partner_id.id})
        cls.outsider = cls.env["res.partner"].create({"name": "李四"})
        cls.Portal = cls.env["realestate.repair.portal"]

    def setUp(self):
        super(TestRepairPortal, self).setUp()
        self.complaint = self.repair(fields.Datetime.now(),
                                     description="<p>业主的私下抱怨</p>")
        self.planned = self.item(self.complaint, self.waterproofing,
                                 party_id=self.party.id, plan="重做防水层",
                                 date_planned=day(3))
        self.planned.action_plan()
        self.draft = self.item(self.complaint, self.waterproofing,
                               party_id=self.party.id)

    def refused(self, call, field="form"):
        with self.assertRaises(PortalFormError) as refusal:
            call()
        self.assertIn(field, refusal.exception.errors)
        return refusal.exception.errors[field]

    def test_a_contractors_people_see_their_companys_planned_items_only(self):
        Portal = self.Portal
        found = self.Item.sudo().search(Portal._item_domain(self.worker))
        self.assertEqual(found, self.planned)
        self.assertEqual(Portal._item(self.worker, self.planned.id), self.planned)
        for partner in (self.outsider, self.owner):
            self.assertFalse(Portal._item(partner, self.planned.id))
        for bad in (self.draft.id, 0, -1, 2 ** 31, "1", None):
            self.assertFalse(Portal._item(self.worker, bad))
        self.assertEqual(self.planned._portal_owner_phone(), "13812345678")

    def test_take_visit_arrive_complete(self):
        item = self.Portal._item(self.worker, self.planned.id)
        self.assertIn("Take the order first", self.refused(
            lambda: self.Portal._arrive(self.worker, item)))
        self.Portal._take_order(self.worker, item)
        self.assertTrue(item.date_order_taken)
        self.refused(lambda: self.Portal._take_order(self.worker, item))
        now = fields.Datetime.from_string(fields.Datetime.now())
        for value in ("", "明天上午", "2026-13-40T25:00", local(now - timedelta(hours=2)),
                      day(4) + "T09:00"):
            self.refused(lambda: self.Portal._set_visit(
                self.worker, item, value, "Asia/Shanghai"), "date_visit")
        self.assertFalse(item.date_visit)
        visit = now + timedelta(hours=2)
        self.Portal._set_visit(self.worker, item, local(visit), "Asia/Shanghai")
        self.assertEqual(item.date_visit, fields.Datetime.to_string(
            visit.replace(second=0, microsecond=0)))
        self.assertIn("Report your arrival", self.refused(
            lambda: self.Portal._complete(self.worker, item, "", [("a.jpg", JPEG)])))
        self.Portal._arrive(self.worker, item)
        self.assertTrue(item.arrived_on_time)
        arrived = item.date_arrived
        self.Portal._arrive(self.worker, item)
        self.assertEqual(item.date_arrived, arrived, "the first arrival counts")
        self.assertIn("at least one photo", self.refused(
            lambda: self.Portal._complete(self.worker, item, "做完了", []), "attachments"))
        self.refused(lambda: self.Portal._complete(
            self.worker, item, "", [("a.pdf", b"%PDF-1.4 x")]), "attachments")
        self.refused(lambda: self.Portal._complete(
            self.worker, item, "x" * 2001, [("a.jpg", JPEG)]), "note")
        self.refused(lambda: self.Portal._complete(
            self.worker, item, "", [("a.exe", b"MZ\x90\x00")]), "attachments")
        self.assertEqual(item.state, "planned")
        self.Portal._complete(self.worker, item, "已重做防水层，闭水试验24小时。",
                              [("after.png", PNG)])
        self.assertEqual(item.state, "done")
        self.assertTrue(item.date_repaired)
        self.assertEqual(item.photo_after_ids.mapped("mimetype"), ["image/png"])
        self.assertEqual(item.deadline_id.status, "met")
        notes = self.complaint.message_ids.filtered(
            lambda m: m.author_id == self.worker)
        self.assertEqual(len(notes), 5)
        self.assertTrue(all(note.subtype_id == self.env.ref("mail.mt_note")
                            for note in notes))
        self.assertIn("闭水试验24小时", notes[0].body)
        # Done: the phone is no longer shown, and nothing more is done here.
        self.assertEqual(item._portal_owner_phone(), "")
        self.refused(lambda: self.Portal._arrive(self.worker, item))

    def test_a_late_arrival_is_not_on_time(self):
        """002:891: the timely repair rate counts arrivals by the visit time."""
        item = self.planned.sudo()
        self.Portal._take_order(self.worker, item)
        item.write({"date_visit": fields.Datetime.to_string(
            datetime.utcnow() - timedelta(hours=1))})
        self.Portal._arrive(self.worker, item)
        self.assertFalse(item.arrived_on_time)
        other = self.item(self.repair(utc(2026, 11, 24, 10, 0)), self.waterproofing,
                          party_id=self.party.id, plan="x", date_planned="2026-11-25")
        with self.env.cr.savepoint():
            other.sudo().write({"date_arrived": "2026-11-25 15:59:00"})
            self.assertTrue(other.arrived_on_time)
            other.sudo().write({"date_arrived": "2026-11-25 16:01:00"})
            self.assertFalse(other.arrived_on_time, "after the Shanghai day")
