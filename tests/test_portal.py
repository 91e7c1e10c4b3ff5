"""The customer portal's rules (R1-R3, R16, R30, R39), below HTTP: registering from
the form, what a customer sees, writing on a case and answering its result. The pages
themselves are tested in test_portal_http.py."""
import base64

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from ..tools.portal_upload import UPLOAD_LIMIT_PARAM, detect_type, safe_name
from ..models.realestate_complaint_portal import PortalFormError
from .process_common import ProcessCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9a"
    "wAAAABJRU5ErkJggg==")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PortalCase(ProcessCase):

    @classmethod
    def setUpClass(cls):
        super(PortalCase, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.complaint_portal_user_id = cls.operator
        cls.customer = cls._portal_user("t_customer", cls.owner)
        cls.customer2 = cls._portal_user("t_customer2", cls.owner2)

    @classmethod
    def _portal_user(cls, login, partner):
        return cls.env["res.users"].create({
            "login": login, "partner_id": partner.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})

    def form(self, **overrides):
        values = {
            "kind": "repair", "unit_id": str(self.unit.id),
            "category_id": str(self.category_leak.id),
            "description": "卫生间天花板漏水，\n已经持续一周。",
            "demand": "repair", "phone": "138 1234 5678",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    def register(self, form=None, uploads=(), user=None):
        user = user or self.customer
        return self.Complaint.with_user(user)._portal_register(
            user.partner_id, form if form is not None else self.form(), list(uploads))

    def counts(self):
        return (self.Complaint.search_count([]),
                self.env["ir.attachment"].search_count([]),
                self.env["mail.message"].search_count([]))


class TestPortalRegistration(PortalCase):

    def test_registers_a_complete_acknowledged_case(self):
        """R1-R3: channel website, the customer as complainant, their unit and its
        contract, the photos as evidence; acknowledged at once."""
        complaint = self.register(uploads=[("../漏水 照片.JPG", JPEG),
                                           ("合同.pdf", PDF)])
        self.assertEqual(complaint.channel, "website")
        self.assertEqual(complaint.kind, "repair")
        self.assertEqual(complaint.partner_id, self.owner)
        self.assertEqual(complaint.partner_phone, "13812345678")
        self.assertEqual(complaint.partner_email, "zhang.wei@example.com")
        self.assertEqual(complaint.unit_id, self.unit)
        self.assertEqual(complaint.project_id, self.project)
        self.assertEqual(complaint.contract_number, "TST-2024-001")
        self.assertEqual(complaint.receiver_id, self.operator)
        self.assertEqual(complaint.stage_id, self.stage_acknowledged)
        self.assertFalse(complaint._missing_registration_items())
        self.assertIn("已经持续一周", complaint.description)
        evidence = complaint.evidence_attachment_ids
        self.assertEqual(sorted(evidence.mapped("datas_fname")),
                         ["合同.pdf", "漏水 照片.jpg"])
        self.assertEqual(sorted(evidence.mapped("mimetype")),
                         ["application/pdf", "image/jpeg"])
        self.assertFalse(complaint.evidence_unknown)
        self.assertTrue(complaint.date_expected)
        # R3: the acknowledgement was sent to the customer and is readable at once.
        template = self.ref("mail_template_acknowledgement")
        sent = self.to_customer(complaint)
        self.assertEqual(sent.mapped("subject"), [template.generate_email(
            complaint.id, fields=["subject"])["subject"]])
        self.assertIn(complaint.name, complaint._acknowledgement_text())
        # The receiver follows the case: the customer's messages reach them.
        self.assertIn(self.operator.partner_id, complaint.message_partner_ids)

    def test_a_failed_acknowledgement_email_loses_no_case(self):
        """A broken acknowledgement template: the case is registered all the same,
        the agent is told, the page that follows still tells the customer the
        number and the expected date (R3)."""
        template = self.ref("mail_template_acknowledgement")
        for lang, _name in self.env["res.lang"].get_installed():
            template.with_context(lang=lang).body_html = "${object.no_such_field.name}"
        with mute_logger("odoo.addons.realestate_complaint.models."
                         "realestate_complaint_acknowledgement",
                         "odoo.addons.realestate_complaint.models."
                         "realestate_complaint_portal",
                         "odoo.addons.mail.models.mail_template"):
            complaint = self.register()
            text = complaint._portal_acknowledgement(lambda value: "WHEN")
        self.assertEqual(complaint.stage_id, self.stage_registered)
        self.assertIn("could not be emailed", " ".join(
            complaint.message_ids.mapped("body")))
        self.assertIn(complaint.name, text)
        self.assertIn("WHEN", text)

    def test_without_unit_or_photos_the_items_are_marked_unknown(self):
        complaint = self.register(self.form(unit_id=""))
        self.assertFalse(complaint.unit_id)
        self.assertTrue(complaint.unit_unknown)
        self.assertTrue(complaint.contract_unknown)
        self.assertTrue(complaint.evidence_unknown)
        self.assertEqual(complaint.complainant_role, "other")
        self.assertFalse(complaint._missing_registration_items())

    def test_bad_forms_are_refused_field_by_field_and_nothing_is_created(self):
        """Every field is checked on the server, whatever the browser allowed."""
        other_unit = str(self.unit2.id)  # another customer's unit (R39)
        cases = [
            ({"description": None}, "description"),
            ({"description": "   \n  "}, "description"),
            ({"description": "漏" * 10001}, "description"),
            ({"description": "漏水\x00\x07"}, "description"),
            ({"demand": None}, "demand"),
            ({"demand": "free_flat"}, "demand"),
            ({"kind": "lawsuit"}, "kind"),
            ({"category_id": None}, "category_id"),
            ({"category_id": "abc"}, "category_id"),
            ({"category_id": "999999999"}, "category_id"),
            ({"unit_id": other_unit}, "unit_id"),
            ({"unit_id": "1 OR 1=1"}, "unit_id"),
            ({"phone": None}, "phone"),
            ({"phone": "12345"}, "phone"),
            ({"phone": "<script>alert(1)</script>"}, "phone"),
            ({"demand_note": "x" * 2001}, "demand_note"),
        ]
        before = self.counts()
        for overrides, field in cases:
            with self.subTest(field=field, overrides=str(overrides)[:40]):
                with self.assertRaises(PortalFormError) as caught:
                    self.register(self.form(**overrides))
                self.assertIn(field, caught.exception.errors)
                self.assertTrue(caught.exception.errors[field])
        self.assertEqual(self.counts(), before)

    def test_bad_files_are_refused_and_nothing_is_created(self):
        self.env["ir.config_parameter"].set_param(UPLOAD_LIMIT_PARAM, "0.001")
        cases = [
            ("too_big", [("big.jpg", JPEG + b"\x00" * 20000)], "larger than"),
            ("exe_named_jpg", [("photo.jpg", b"MZ\x90\x00" + b"\x00" * 60)],
             "not a photo"),
            ("html_named_png", [("a.png", b"<html><script>x</script></html>")],
             "not a photo"),
            ("svg", [("a.svg", b"<?xml version='1.0'?><svg/>")], "not a photo"),
            ("empty", [("empty.png", b"")], "is empty"),
            ("too_many", [("p%d.png" % i, PNG) for i in range(11)], "at most 10"),
        ]
        before = self.counts()
        for name, uploads, words in cases:
            with self.subTest(name):
                with self.assertRaises(PortalFormError) as caught:
                    self.register(uploads=uploads)
                self.assertIn(words, caught.exception.errors["attachments"])
        self.assertEqual(self.counts(), before)

    def test_fields_the_form_does_not_offer_are_ignored(self):
        """A forged form cannot choose the complainant, channel, stage, receiver or
        confidentiality of its case."""
        complaint = self.register(self.form(
            partner_id=str(self.owner2.id), channel="government",
            stage_id=str(self.stage_closed.id), receiver_id=str(self.supervisor.id),
            is_confidential="1", user_id=str(self.agent.id)))
        self.assertEqual(
            (complaint.partner_id, complaint.channel, complaint.stage_id,
             complaint.receiver_id, complaint.is_confidential, complaint.user_id),
            (self.owner, "website", self.stage_acknowledged, self.operator, False,
             self.env["res.users"]))

    def test_several_problems_are_all_listed(self):
        with self.assertRaises(PortalFormError) as caught:
            self.register({"phone": "1", "description": ""},
                          uploads=[("x.exe", b"MZ")])
        self.assertEqual(
            {"phone", "description", "demand", "category_id", "attachments"},
            set(caught.exception.errors))

    def test_errors_speak_the_customers_language(self):
        """The messages are in the language of the request (the customer's)."""
        Complaint = self.Complaint.with_user(self.customer).with_context(lang="zh_CN")
        with self.assertRaises(PortalFormError) as caught:
            Complaint._portal_register(self.owner, self.form(phone="12345"), [])
        self.assertIn("不是有效的电话号码", caught.exception.errors["phone"])

    def test_without_a_receiver_customers_are_sent_to_the_hotline(self):
        self.company.complaint_portal_user_id = False
        before = self.counts()
        with self.assertRaises(PortalFormError) as caught:
            self.register()
        self.assertIn("call our hotline", caught.exception.errors["form"])
        self.assertEqual(self.counts(), before)

    def test_the_receiver_must_be_an_operator_with_an_email(self):
        with self.assertRaises(ValidationError):
            with self.cr.savepoint():
                self.company.complaint_portal_user_id = self.employee
        self.operator2.partner_id.email = False
        with self.assertRaises(ValidationError):
            with self.cr.savepoint():
                self.company.complaint_portal_user_id = self.operator2
        self.assertEqual(self.company.complaint_portal_user_id, self.operator)

    def test_file_types_are_read_from_the_content(self):
        self.assertEqual(detect_type(PNG), ("image/png", "png"))
        self.assertEqual(detect_type(JPEG), ("image/jpeg", "jpg"))
        self.assertEqual(detect_type(b"RIFF\x00\x00\x00\x00WEBPVP8 "),
                         ("image/webp", "webp"))
        self.assertIsNone(detect_type(b"GIF00a"))
        self.assertEqual(safe_name("C:\\Users\\me\\a<b>.exe", "png"), "a_b.png")
        self.assertEqual(safe_name("../../etc/passwd", "pdf"), "passwd.pdf")
        self.assertEqual(safe_name("", "jpg"), "file.jpg")
        self.assertEqual(len(safe_name("长" * 300 + ".jpg", "jpg")), 104)


class TestPortalCases(PortalCase):

    def test_a_customer_finds_only_their_own_cases(self):
        """R39: every id of the database is tried; only the customer's answer."""
        mine = self.create_complaint()
        theirs = self.create_complaint(
            partner_id=self.owner2.id, partner_phone="021-62345678",
            partner_email=False, email_unknown=True, unit_id=self.unit2.id,
            contract_number="TST-2024-002")
        # Every case of the database (the demo data's too), and ids of none.
        ids = self.Complaint.sudo().search([]).ids
        found = {case_id for case_id in ids + [0, -1, max(ids) + 1]
                 if self.Complaint._portal_case(self.owner, case_id)}
        self.assertEqual(found, set(self.Complaint._portal_cases(self.owner).ids))
        self.assertEqual(found, set(self.Complaint.sudo().search(
            [("partner_id", "=", self.owner.id)]).ids))
        self.assertIn(mine.id, found)
        self.assertNotIn(theirs.id, found)
        self.assertFalse(self.Complaint._portal_case(self.owner, "1"))

    def test_portal_users_cannot_read_cases_through_the_orm(self):
        """No access right: RPC gives a portal user nothing (R39)."""
        self.create_complaint()
        for model in ("realestate.complaint", "realestate.unit",
                      "realestate.complaint.callback"):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(
                    self.customer).check_access_rights("read", raise_exception=False))

    def test_emails_take_portal_customers_to_the_portal(self):
        complaint = self.create_complaint()
        groups = complaint._notification_recipients(self.env["mail.message"], [
            ("user", None, {}), ("portal", None, {"has_button_access": False}),
            ("customer", None, {"has_button_access": False})])
        portal = dict((name, data) for name, _method, data in groups)["portal"]
        self.assertTrue(portal["has_button_access"])
        self.assertTrue(portal["button_access"]["url"].endswith(
            "/my/complaints/%d" % complaint.id))
        self.assertFalse(dict((n, d) for n, _m, d in groups)["customer"][
            "has_button_access"])

    def test_status_in_words(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint._portal_status()[0], "Complaint received")
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_callback.id})
        self.assertEqual(complaint._portal_status()[0], "Resolved: please confirm")
        self.assertEqual(
            complaint.with_context(lang="zh_CN")._portal_status()[0], "已解决，请确认")

    def test_messages_meant_for_the_customer(self):
        """The acknowledgement and the customer's own messages; never a note or a
        message to the departments."""
        complaint = self.register()
        complaint.with_user(self.operator).message_post(
            body="内部备注：业主情绪激动", subtype="mail.mt_note")
        complaint.with_user(self.operator).message_post(
            body="请工程部明天上门", subtype="mail.mt_comment",
            partner_ids=[self.engineer.partner_id.id])
        complaint._portal_add_message(self.owner, "师傅什么时候来？", [])
        bodies = " ".join(complaint._portal_messages().mapped("body"))
        self.assertIn(complaint.name, bodies)  # the acknowledgement
        self.assertIn("师傅什么时候来", bodies)
        self.assertNotIn("内部备注", bodies)
        self.assertNotIn("请工程部", bodies)


class TestPortalMessages(PortalCase):

    def test_a_message_with_a_photo_reaches_the_people_on_the_case(self):
        complaint = self.register()
        message = complaint._portal_add_message(
            self.owner, "补充一张照片", [("新照片.png", PNG)])
        self.assertEqual(message.author_id, self.owner)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.attachment_ids.mapped("datas_fname"), ["新照片.png"])
        self.assertIn(message.attachment_ids, complaint.evidence_attachment_ids)
        self.assertIn(self.operator.partner_id, message.needaction_partner_ids)

    def test_empty_messages_and_closed_cases_are_refused(self):
        complaint = self.register()
        before = self.counts()
        with self.assertRaises(PortalFormError) as caught:
            complaint._portal_add_message(self.owner, "  ", [])
        self.assertIn("message", caught.exception.errors)
        with self.assertRaises(PortalFormError) as caught:
            complaint._portal_add_message(self.owner, "x" * 5001, [])
        self.assertIn("message", caught.exception.errors)
        with self.assertRaises(PortalFormError):
            complaint._portal_add_message(self.owner, "看看", [("a.gif", b"GIF")])
        complaint.with_user(self.supervisor).write({"stage_id": self.stage_closed.id})
        with self.assertRaises(PortalFormError) as caught:
            complaint._portal_add_message(self.owner, "还有问题", [])
        self.assertIn("closed", caught.exception.errors["form"])
        self.assertEqual(self.counts()[:2], before[:2])


class TestPortalAnswer(PortalCase):

    def resolved_case(self, **overrides):
        complaint = self.resolved(**overrides)
        self.assertEqual(complaint.stage_id, self.stage_callback)
        return complaint

    def test_solved_and_satisfied_is_the_callback(self):
        """R16, R26: the customer's answer is logged as the due callback."""
        complaint = self.resolved_case(channel="government")
        due = complaint.callback_ids.filtered(lambda c: c.state == "planned")
        self.assertTrue(due)
        self.assertTrue(complaint._portal_may_answer_result())
        callback = complaint._portal_answer_result(
            self.owner, {"solved": "yes", "satisfaction": "5", "words": "很满意"})
        self.assertEqual(callback, due)
        self.assertEqual((callback.state, callback.method, callback.problem_solved,
                          callback.satisfaction, callback.customer_words),
                         ("done", "portal", True, "5", "很满意"))
        self.assertFalse(callback.is_unhappy)
        self.assertEqual(complaint.stage_id, self.stage_callback)
        self.assertFalse(complaint._closing_blockers())
        self.assertFalse(complaint._portal_may_answer_result())
        with self.assertRaises(PortalFormError) as caught:
            complaint._portal_answer_result(
                self.owner, {"solved": "no", "satisfaction": "1", "words": "又漏了"})
        self.assertIn("form", caught.exception.errors)
        self.assertEqual(complaint.stage_id, self.stage_callback)

    def test_not_solved_reopens_the_case(self):
        """R30: back to rectification, the next callback planned."""
        complaint = self.resolved_case(channel="government")
        callback = complaint._portal_answer_result(
            self.owner, {"solved": "no", "satisfaction": "3", "words": "墙角还在渗水"})
        self.assertTrue(callback.is_unhappy)
        self.assertEqual(callback.new_problem, "墙角还在渗水")
        self.assertEqual(complaint.stage_id, self.stage_in_progress)
        following = complaint.callback_ids - callback
        self.assertEqual((following.sequence, following.state), (2, "planned"))
        self.assertFalse(complaint._portal_may_answer_result())

    def test_a_case_not_sampled_still_takes_the_answer(self):
        self.ref("callback_rate_complaint").rate = 0
        complaint = self.resolved_case()
        self.assertFalse(complaint.callback_ids)
        callback = complaint._portal_answer_result(
            self.owner, {"solved": "yes", "satisfaction": "4"})
        self.assertEqual((callback.sequence, callback.state), (1, "done"))

    def test_bad_answers_change_nothing(self):
        complaint = self.resolved_case(channel="government")
        cases = [
            ({"satisfaction": "5"}, "solved"),
            ({"solved": "maybe", "satisfaction": "5"}, "solved"),
            ({"solved": "yes"}, "satisfaction"),
            ({"solved": "yes", "satisfaction": "6"}, "satisfaction"),
            ({"solved": "no", "satisfaction": "2"}, "words"),
            ({"solved": "no", "satisfaction": "2", "words": "x" * 2001}, "words"),
        ]
        for answer, field in cases:
            with self.subTest(field=field, answer=str(answer)[:40]):
                with self.assertRaises(PortalFormError) as caught:
                    complaint._portal_answer_result(self.owner, answer)
                self.assertIn(field, caught.exception.errors)
        self.assertEqual(complaint.stage_id, self.stage_callback)
        self.assertEqual(complaint.callback_ids.mapped("state"), ["planned"])

    def test_only_a_resolved_case_takes_an_answer(self):
        complaint = self.investigated()
        with self.assertRaises(PortalFormError) as caught:
            complaint._portal_answer_result(
                self.owner, {"solved": "yes", "satisfaction": "5"})
        self.assertIn("not waiting", caught.exception.errors["form"])
