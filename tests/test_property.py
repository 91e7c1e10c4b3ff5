"""Property units (项目/楼栋/房号) and the partner's view of them."""

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import ComplaintCase


class TestProperty(ComplaintCase):

    def test_room_is_unique_per_building(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["realestate.unit"].create(
                    {"building_id": self.building.id, "room": "1201"}
                )

    def test_same_room_in_another_building_is_fine(self):
        unit = self.env["realestate.unit"].create(
            {"building_id": self.building2.id, "room": "1201"}
        )
        self.assertEqual(unit.project_id, self.project)

    def test_building_name_unique_per_project(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["realestate.building"].create(
                    {"name": "1栋", "project_id": self.project.id}
                )

    def test_unit_name_reads_project_building_room(self):
        self.assertEqual(self.unit.name, "测试花园 1栋-1201")
        self.building.name = "一号楼"
        self.assertEqual(self.unit.name, "测试花园 一号楼-1201")

    def test_negative_area_is_refused(self):
        with self.assertRaises(ValidationError):
            self.unit.area = -1

    def test_warranty_cannot_end_before_delivery(self):
        with self.assertRaises(ValidationError):
            self.unit.write(
                {"delivery_date": "2025-06-30", "warranty_end_date": "2025-01-01"}
            )
        self.unit.write(
            {"delivery_date": "2025-06-30", "warranty_end_date": "2027-06-30"}
        )
        self.assertEqual(self.unit.warranty_end_date, "2027-06-30")

    def test_project_and_building_counts(self):
        self.assertEqual(self.project.building_count, 2)
        self.assertEqual(self.project.unit_count, 2)
        self.assertEqual(self.building.unit_count, 1)

    def test_partner_smart_button_counts(self):
        self.create_complaint()
        self.create_complaint()
        self.env["realestate.unit"].create(
            {
                "building_id": self.building2.id,
                "room": "101",
                "owner_ids": [(6, 0, [self.owner.id, self.owner2.id])],
            }
        )
        self.assertEqual(self.owner.complaint_count, 2)
        self.assertEqual(self.owner.unit_count, 2)
        self.assertEqual(self.owner2.unit_count, 2)
        self.assertEqual(self.owner2.complaint_count, 0)
        action = self.owner.action_view_complaints()
        self.assertEqual(
            self.Complaint.search(action["domain"]), self.owner.complaint_ids
        )
        units = self.env["realestate.unit"].search(
            self.owner.action_view_units()["domain"]
        )
        self.assertEqual(len(units), 2)

    def test_unit_complaint_count_and_action(self):
        complaint = self.create_complaint()
        self.assertEqual(self.unit.complaint_count, 1)
        action = self.unit.action_view_complaints()
        self.assertEqual(self.Complaint.search(action["domain"]), complaint)

    def test_partner_form_opens_for_a_user_without_complaint_role(self):
        """A salesperson sees partners as before: no access error from our fields."""
        partner = self.owner.with_user(self.employee)
        arch = partner.fields_view_get(view_type="form")["arch"]
        self.assertNotIn("complaint_count", arch)
        self.assertEqual(partner.read(["name"])[0]["name"], "张伟")

    def test_partner_form_shows_buttons_to_operators(self):
        arch = self.owner.with_user(self.operator).fields_view_get(
            view_type="form")["arch"]
        self.assertIn("complaint_count", arch)
        self.assertIn("unit_count", arch)
