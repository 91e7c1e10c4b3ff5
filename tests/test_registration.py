"""Registration of complaints: R1, R2, R4, R5 and the unique number."""

import re

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import ComplaintCase


class TestRegistration(ComplaintCase):

    def test_number_comes_from_sequence(self):
        """R2: each case gets a number TS<yyyymm>-<5 digits> from ir.sequence."""
        complaint = self.create_complaint()
        self.assertRegex(complaint.name, r"^TS\d{6}-\d{5}$")

    def test_numbers_are_unique_and_increasing(self):
        first = self.create_complaint()
        second = self.create_complaint()
        self.assertNotEqual(first.name, second.name)
        number = lambda c: int(re.search(r"(\d{5})$", c.name).group(1))  # noqa: E731
        self.assertEqual(number(second), number(first) + 1)

    def test_duplicate_number_is_refused_by_database(self):
        first = self.create_complaint()
        second = self.create_complaint()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                second.write({"name": first.name})

    def test_copy_gets_a_new_number(self):
        complaint = self.create_complaint()
        duplicate = complaint.copy()
        self.assertNotEqual(duplicate.name, complaint.name)
        self.assertRegex(duplicate.name, r"^TS\d{6}-\d{5}$")

    def test_complete_registration_is_accepted(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint._missing_registration_items(), [])
        self.assertEqual(complaint.stage_id, self.stage_registered)

    def test_missing_phone_is_refused(self):
        """R2: the phone is required for a named complainant."""
        with self.assertRaisesRegex(ValidationError, "phone"):
            self.create_complaint(partner_phone=False)

    def test_missing_complainant_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "complainant"):
            self.create_complaint(partner_id=False)

    def test_missing_email_needs_explicit_unknown(self):
        """R2: no email is acceptable only when marked as unknown."""
        with self.assertRaisesRegex(ValidationError, "email"):
            self.create_complaint(partner_email=False)
        complaint = self.create_complaint(partner_email=False, email_unknown=True)
        self.assertTrue(complaint.email_unknown)

    def test_missing_unit_needs_explicit_unknown(self):
        with self.assertRaisesRegex(ValidationError, "property unit"):
            self.create_complaint(unit_id=False)
        complaint = self.create_complaint(unit_id=False, unit_unknown=True)
        self.assertFalse(complaint.project_id)

    def test_missing_contract_needs_explicit_unknown(self):
        with self.assertRaisesRegex(ValidationError, "contract number"):
            self.create_complaint(contract_number=False)
        self.assertTrue(
            self.create_complaint(
                contract_number=False, contract_unknown=True
            ).contract_unknown
        )

    def test_evidence_attachment_or_explicit_none(self):
        """R2: evidence is attached, or it is said that there is none yet."""
        with self.assertRaisesRegex(ValidationError, "evidence"):
            self.create_complaint(evidence_unknown=False)
        photo = self.env["ir.attachment"].create(
            {
                "name": "leak.jpg",
                "datas_fname": "leak.jpg",
                "datas": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
                "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
            }
        )
        complaint = self.create_complaint(
            evidence_unknown=False, evidence_attachment_ids=[(6, 0, [photo.id])]
        )
        self.assertEqual(complaint.evidence_attachment_ids, photo)

    def test_empty_description_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "description"):
            self.create_complaint(description="<p><br></p>")

    def test_missing_demand_is_refused(self):
        """R2: the customer's demand is a required item."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.create_complaint(demand=False)

    def test_message_lists_every_missing_item(self):
        with self.assertRaises(ValidationError) as caught:
            self.create_complaint(
                partner_phone=False,
                partner_email=False,
                unit_id=False,
                contract_number=False,
                evidence_unknown=False,
            )
        message = caught.exception.name
        for item in ("phone", "email", "property unit", "contract number", "evidence"):
            self.assertIn(item, message)

    def test_missing_items_are_named_in_chinese(self):
        """R2 message in the operator's language (zh_CN), one missing item a line."""
        Complaint = self.Complaint.with_context(lang="zh_CN")
        with self.assertRaises(ValidationError) as caught:
            Complaint.create(self.complaint_vals(partner_phone=False, unit_id=False))
        message = caught.exception.name
        self.assertIn("登记不完整", message)
        self.assertIn("\n- 电话\n- 房号", message)
        with self.assertRaisesRegex(ValidationError, "电话号码"):
            Complaint.create(self.complaint_vals(partner_phone="12345"))

    def test_later_edit_cannot_remove_an_item(self):
        """Nothing recorded is silently lost: clearing the phone later is refused."""
        complaint = self.create_complaint()
        with self.assertRaisesRegex(ValidationError, "phone"):
            complaint.write({"partner_phone": False})

    def test_anonymous_complaint_needs_no_contact(self):
        """R31: an anonymous complaint has no complainant, phone or email."""
        complaint = self.create_complaint(
            is_anonymous=True,
            partner_id=False,
            partner_phone=False,
            partner_email=False,
        )
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.partner_id)

    def test_invalid_phones_are_refused(self):
        for phone in (
            "12345",
            "1381234567",
            "23812345678",
            "abc-defg",
            "138123456789",
            "+86 238 1234 5678",
            "010-123",
        ):
            with self.assertRaisesRegex(
                ValidationError, "not a valid phone", msg=phone
            ):
                self.create_complaint(partner_phone=phone)

    def test_valid_phones_are_normalised(self):
        cases = {
            "138-1234-5678": "13812345678",
            "+86 138 1234 5678": "+8613812345678",
            "010-12345678": "01012345678",
            "(0755) 2345 6789": "075523456789",
            "400-820-8820": "4008208820",
            "+852 2345 6789": "+85223456789",
        }
        for raw, expected in cases.items():
            complaint = self.create_complaint(partner_phone=raw)
            self.assertEqual(complaint.partner_phone, expected, raw)

    def test_invalid_emails_are_refused(self):
        for email in (
            "zhang",
            "zhang@",
            "@example.com",
            "zhang@example",
            "zhang wei@example.com",
            "a@b..com",
            "张@例子",
            "x@-bad.com",
        ):
            with self.assertRaisesRegex(
                ValidationError, "not a valid email", msg=email
            ):
                self.create_complaint(partner_email=email)

    def test_receiver_defaults_to_current_user(self):
        """R25: the first receiver is who registers the case, and stays recorded."""
        complaint = self.create_complaint(user=self.operator)
        self.assertEqual(complaint.receiver_id, self.operator)
        self.assertFalse(complaint.user_id)

    def test_project_and_building_follow_the_unit(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.building_id, self.building)
        self.assertEqual(complaint.project_id, self.project)
        complaint.write({"unit_id": self.unit2.id, "partner_id": self.owner2.id})
        self.assertEqual(complaint.building_id, self.building2)

    def test_project_without_unit_is_kept(self):
        """A case about a whole project keeps the project set by hand."""
        complaint = self.create_complaint(
            unit_id=False, unit_unknown=True, project_id=self.project.id
        )
        self.assertEqual(complaint.project_id, self.project)
        self.assertFalse(complaint.building_id)

    def test_onchange_partner_fills_contact_and_unit(self):
        draft = self.Complaint.new({"partner_id": self.owner.id, "email_unknown": True})
        draft._onchange_partner_id()
        self.assertEqual(draft.partner_phone, "13812345678")
        self.assertEqual(draft.partner_email, "zhang.wei@example.com")
        self.assertFalse(draft.email_unknown)
        self.assertEqual(draft.unit_id, self.unit)
        draft._onchange_unit_id()
        self.assertEqual(draft.contract_number, "TST-2024-001")
        self.assertEqual(draft.project_id, self.project)

    def test_channels_and_kinds_of_the_rules(self):
        """R1 channels and R4 kinds are all offered."""
        fields = self.Complaint.fields_get(["channel", "kind"])
        channels = {key for key, _label in fields["channel"]["selection"]}
        self.assertGreaterEqual(
            channels,
            {
                "hotline",
                "walk_in",
                "sales_centre",
                "property_centre",
                "group_call_centre",
                "email",
                "letter",
                "website",
                "wechat",
                "government",
                "media",
            },
        )
        kinds = {key for key, _label in fields["kind"]["selection"]}
        self.assertEqual(
            kinds, {"complaint", "repair", "consultation", "suggestion", "praise"}
        )

    def test_assign_to_me(self):
        complaint = self.create_complaint(user=self.operator)
        complaint.with_user(self.agent).action_assign_to_me()
        self.assertEqual(complaint.user_id, self.agent)

    def test_chatter_opens_with_one_created_note(self):
        """The "created" note is logged by the addon (one INSERT), as mail.thread
        would: an internal note by the registering user, first in the chatter,
        notifying nobody; `mail_create_nolog` still leaves it out."""
        complaint = self.create_complaint()
        created = complaint.message_ids.filtered(
            lambda m: "Complaint created" in (m.body or ""))
        self.assertEqual(len(created), 1)
        self.assertEqual(created, complaint.message_ids.sorted("id")[0])
        self.assertEqual(created.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(created.message_type, "notification")
        self.assertEqual(created.author_id, self.env.user.partner_id)
        self.assertFalse(created.needaction_partner_ids)
        quiet = self.Complaint.with_context(mail_create_nolog=True).create(
            self.complaint_vals())
        self.assertFalse(quiet.message_ids.filtered(
            lambda m: "Complaint created" in (m.body or "")))
