"""Complaints by email (R1-R3, R39): real RFC 822 messages fed to Odoo 11's mail
gateway (``mail.thread.message_process``), routed by the real alias."""

import base64
import os
from email.header import Header

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import ADDON, ComplaintCase

MAIL_DIR = os.path.join(os.path.dirname(__file__), "mail")
REJECTION_LOGGER = "odoo.addons.%s.models.realestate_complaint_mail_rejection" % ADDON
GATEWAY_LOGGER = "odoo.addons.%s.models.realestate_complaint_mail_gateway" % ADDON
OWNER_EMAIL = "wang.fang@owners.example.org"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
    "awAAAABJRU5ErkJggg==")


def compose(body="地下车库积水，请尽快处理。", subject="车库积水", drop=(),
            content_type="text/plain; charset=utf-8", encoding="8bit", **headers):
    """An RFC 822 message as bytes: UTF-8 headers encoded (RFC 2047) unless given
    raw, headers in ``drop`` left out, ``headers`` (Python names: Message_Id)
    added or replacing the defaults."""
    fields = [
        ("From", "%s <%s>" % (Header("王芳", "utf-8").encode(), OWNER_EMAIL)),
        ("To", "complaints@example.com"),
        ("Subject", Header(subject, "utf-8").encode() if subject else None),
        ("Date", "Mon, 30 Nov 2026 16:00:00 +0800"),
        ("Message-Id", "<composed-1@owners.example.org>"),
    ]
    given = {name.replace("_", "-"): value for name, value in headers.items()}
    lines = []
    for name, value in fields:
        value = given.pop(name, value)
        if name not in drop and value is not None:
            lines.append("%s: %s" % (name, value))
    lines += ["%s: %s" % item for item in given.items()]
    lines += ["MIME-Version: 1.0", "Content-Type: " + content_type,
              "Content-Transfer-Encoding: " + encoding]
    head = "\r\n".join(lines).encode("utf-8")
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    return head + b"\r\n\r\n" + data


class MailGatewayCase(ComplaintCase):

    @classmethod
    def setUpClass(cls):
        super(MailGatewayCase, cls).setUpClass()
        cls.env["ir.config_parameter"].set_param("mail.catchall.domain", "example.com")
        # The gateway speaks its user's language: English in the assertions.
        cls.env.user.lang = "en_US"
        cls.alias = cls.env.ref(ADDON + ".mail_alias_complaints")
        cls.Rejection = cls.env["realestate.complaint.mail.rejection"]
        cls.mail_owner = cls.env["res.partner"].create({
            "name": "王芳", "email": OWNER_EMAIL, "mobile": "13900001111"})
        cls.mail_unit = cls.env["realestate.unit"].create({
            "building_id": cls.building.id, "floor": 15, "room": "1502",
            "owner_ids": [(6, 0, cls.mail_owner.ids)],
            "contract_number": "TST-2024-015"})

    def sample(self, name, **replace):
        with open(os.path.join(MAIL_DIR, name), "rb") as source:
            raw = source.read()
        for old, new in replace.items():
            raw = raw.replace(old.encode(), new.encode())
        return raw

    def process(self, raw, model=None):
        """The message through the gateway: the case it went to (empty if none)."""
        thread_id = self.env["mail.thread"].message_process(model, raw)
        return self.Complaint.browse(thread_id or [])

    def email_cases(self):
        return self.Complaint.search([("channel", "=", "email")])

    def assert_rejected(self, raw, reason):
        """Nothing registered, changed or acknowledged; kept and logged as rejected."""
        cases = self.email_cases()
        messages = self.env["mail.message"].search_count([])
        with self.assertLogs(REJECTION_LOGGER, "WARNING") as logged:
            self.assertFalse(self.process(raw))
        self.assertEqual(self.email_cases(), cases)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        rejection = self.Rejection.search([], order="id desc", limit=1)
        self.assertEqual(rejection.reason, reason)
        self.assertEqual(rejection.state, "new")
        self.assertIn("not registered (%s" % reason, logged.output[0])
        # Nothing lost: the original is kept, byte for byte the message received.
        self.assertEqual(base64.b64decode(rejection.original_id.datas), raw)
        self.assertEqual(rejection.original_id.res_model, self.Rejection._name)
        return rejection

    def acknowledgement(self, case):
        """R3: the acknowledgement sent to the complainant, with number and date."""
        return case.message_ids.filtered(
            lambda m: case.partner_id in m.partner_ids and case.name in (m.body or ""))


class TestMailIntake(MailGatewayCase):
    """What becomes a case, and with what (R1, R2, R3)."""

    def test_plain_email_of_a_known_owner_is_registered_and_acknowledged(self):
        case = self.process(self.sample("plain.eml"))
        self.assertEqual(len(case), 1)
        self.assertEqual(case.channel, "email")
        self.assertEqual(case.kind, "complaint")
        # R2: what the email and the known contact tell.
        self.assertEqual(case.partner_id, self.mail_owner)
        self.assertEqual(case.partner_email, OWNER_EMAIL)
        self.assertEqual(case.partner_phone, "13900001111")
        self.assertEqual(case.unit_id, self.mail_unit)
        self.assertEqual(case.contract_number, "TST-2024-015")
        self.assertIn("3栋1502卫生间漏水", case.description)
        self.assertIn("楼上说不是他们的问题", case.description)
        self.assertEqual(case.demand, "other")
        self.assertTrue(case.evidence_unknown)
        self.assertEqual(case.receiver_id, self.env.user)
        self.assertFalse(case.registration_pending)
        # The email is the first entry of the chatter, from the customer.
        email = case.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(email.message_id, "<plain-1@owners.example.org>")
        self.assertEqual(email.author_id, self.mail_owner)
        # R3: acknowledged at once, with the number and the expected handling time.
        self.assertEqual(case.stage_id, self.env.ref(ADDON + ".stage_acknowledged"))
        self.assertTrue(case.date_expected)
        self.assertEqual(len(self.acknowledgement(case)), 1)
        # The customer's answer comes back to the complaint mailbox.
        self.assertIn("<complaints@example.com>", self.acknowledgement(case).reply_to)
        acknowledge = case.deadline_ids.filtered(lambda d: d.target == "acknowledge")
        self.assertIn(acknowledge.status, ("met", "met_late"))

    def test_html_email_keeps_its_formatting_without_scripts(self):
        case = self.process(self.sample("html.eml"))
        self.assertIn("<b>脱落</b>", case.description)
        self.assertIn("外墙瓷砖脱落", case.description)
        self.assertNotIn("<script", case.description)
        self.assertNotIn("onclick", case.description)
        self.assertNotIn("alert", case.description)

    def test_attachments_are_kept_as_evidence(self):
        """R2: photos and contract pages of the email are the case's evidence."""
        case = self.process(self.sample("multipart_attachments.eml"))
        names = sorted(case.evidence_attachment_ids.mapped("datas_fname"))
        self.assertEqual(names, ["leak.png", "购房合同.pdf"])
        self.assertFalse(case.evidence_unknown)
        png = case.evidence_attachment_ids.filtered(
            lambda a: a.datas_fname == "leak.png")
        self.assertEqual(base64.b64decode(png.datas), PNG)
        self.assertEqual(png.res_model, "realestate.complaint")
        self.assertEqual(png.res_id, case.id)
        self.assertIn("附上漏水照片和购房合同", case.description)

    def test_gb2312_label_with_gbk_characters_is_read_right(self):
        """Odoo 11 alone turns this subject into mojibake (¹Ø...) and the body's
        镕 and 堃 into replacement marks."""
        case = self.process(self.sample("gb2312.eml"))
        self.assertIn("朱镕基路8号 李堃的投诉", case.description)
        self.assertIn("我是李堃，住在朱镕基路8号", case.description)
        self.assertNotIn("\ufffd", case.description)
        email = case.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(email.subject, "朱镕基路8号 李堃的投诉")
        self.assertIn("王芳", email.email_from)

    def test_gbk_quoted_printable(self):
        case = self.process(self.sample("gbk.eml"))
        self.assertIn("物业费收费不合理", case.description)
        self.assertIn("喆、瑄两户都被多收了", case.description)

    def test_utf8_raw_8bit_headers_are_decoded(self):
        """Malformed headers: UTF-8 written raw, without RFC 2047 encoding."""
        raw = compose(From="李明 <li.ming@owners.example.org>", Subject="电梯故障困人")
        case = self.process(raw)
        self.assertIn("电梯故障困人", case.description)
        self.assertEqual(case.partner_id.name, "李明")

    def test_gbk_raw_8bit_headers_and_unlabelled_body_are_decoded(self):
        raw = ("From: 李明 <li.ming@owners.example.org>\r\n"
               "To: complaints@example.com\r\nSubject: 门窗漏风\r\n"
               "Message-Id: <raw-gbk@owners.example.org>\r\n\r\n"
               "门窗关不严，冬天漏风。\r\n").encode("gbk")
        case = self.process(raw)
        self.assertIn("门窗漏风", case.description)
        self.assertIn("门窗关不严，冬天漏风", case.description)
        self.assertEqual(case.partner_id.name, "李明")

    def test_unknown_charset_does_not_stop_the_email(self):
        raw = compose(content_type="text/plain; charset=x-no-such-charset")
        case = self.process(raw)
        self.assertIn("车库积水", case.description)

    def test_missing_subject(self):
        case = self.process(compose(subject=None))
        self.assertIn("地下车库积水", case.description)
        self.assertNotIn("False", case.description)
        self.assertNotIn("<strong>", case.description)

    def test_empty_body_with_a_subject(self):
        case = self.process(compose(body=""))
        self.assertIn("车库积水", case.description)

    def test_attachment_without_any_text(self):
        raw = compose(
            subject=None, body=(
                b"--B\r\nContent-Type: image/png\r\nContent-Disposition: attachment; "
                b"filename=\"crack.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64.b64encode(PNG) + b"\r\n--B--\r\n"),
            content_type='multipart/mixed; boundary="B"')
        case = self.process(raw)
        self.assertIn("crack.png", case.description)
        self.assertEqual(case.evidence_attachment_ids.mapped("datas_fname"),
                         ["crack.png"])

    def test_malformed_date_gets_the_time_of_receipt(self):
        """R2: received when the developer received it, whatever the Date says."""
        before = fields.Datetime.now()
        case = self.process(compose(Date="the 32nd of Smarch"))
        self.assertGreaterEqual(case.date_received, before)
        case = self.process(compose(Date="Mon, 30 Nov 1998 16:00:00 +0800",
                                    Message_Id="<old-date@owners.example.org>"))
        self.assertGreaterEqual(case.date_received, before)

    def test_broken_base64_body_does_not_stop_the_email(self):
        case = self.process(compose(body="6L+Z5piv5LiA5Liq5p@@@", encoding="base64"))
        self.assertTrue(case)
        self.assertTrue(case.description)

    def test_huge_body_is_cut_in_the_case_and_attached_whole(self):
        text = "楼上装修噪音，每天从早到晚。" * 52000  # 2.2 MB in UTF-8
        raw = compose(body=text, encoding="8bit")
        self.assertGreater(len(raw), 2 * 1024 * 1024)
        case = self.process(raw)
        self.assertLess(len(case.description), 110000)
        self.assertIn("whole text is attached as email-body.html", case.description)
        whole = case.message_ids.mapped("attachment_ids").filtered(
            lambda a: a.datas_fname == "email-body.html")
        self.assertEqual(len(whole), 1)
        self.assertIn(text[-1000:], base64.b64decode(whole.datas).decode("utf-8"))

    def test_missing_message_id_delivered_twice_makes_one_case(self):
        raw = compose(drop=("Message-Id",))
        first = self.process(raw)
        self.assertTrue(first)
        cases = self.email_cases()
        self.assertFalse(self.process(raw))
        self.assertEqual(self.email_cases(), cases)

    def test_same_message_id_delivered_twice_makes_one_case(self):
        raw = self.sample("plain.eml")
        case = self.process(raw)
        cases = self.email_cases()
        messages = case.message_ids
        self.assertFalse(self.process(raw))
        self.assertEqual(self.email_cases(), cases)
        self.assertEqual(case.message_ids, messages)

    def test_missing_to_goes_by_delivered_to(self):
        case = self.process(compose(drop=("To",),
                                    Delivered_To="complaints@example.com"))
        self.assertEqual(case.channel, "email")

    def test_without_recipient_the_servers_fallback_model_takes_it(self):
        """An incoming mail server set to create complaints (fetchmail's model)."""
        case = self.process(compose(drop=("To",)), model="realestate.complaint")
        self.assertEqual(case.channel, "email")
        self.assertEqual(case.partner_id, self.mail_owner)

    def test_alias_defaults_and_owner_apply(self):
        """The alias's owner is the first receiver; its defaults preset the case."""
        self.alias.write({"alias_user_id": self.operator.id,
                          "alias_defaults": "{'kind': 'repair'}"})
        case = self.process(self.sample("plain.eml"))
        self.assertEqual(case.receiver_id, self.operator)
        self.assertEqual(case.message_partner_ids, self.operator.partner_id)
        self.assertEqual(case.kind, "repair")
        self.assertEqual(case.company_id, self.operator.company_id)
        self.assertEqual(len(self.acknowledgement(case)), 1)

    def test_failed_acknowledgement_keeps_the_case(self):
        """R3: a broken template does not lose the email; the agent is told."""
        template = self.env.ref(ADDON + ".mail_template_acknowledgement")
        for lang, _name in self.env["res.lang"].get_installed():
            template.with_context(lang=lang).body_html = "${object.no_such_field.name}"
        with mute_logger(GATEWAY_LOGGER, "odoo.addons.mail.models.mail_template",
                         "odoo.addons.realestate_complaint.models."
                         "realestate_complaint_acknowledgement"):
            case = self.process(self.sample("plain.eml"))
        self.assertTrue(case)
        self.assertEqual(case.stage_id, self.stage_registered)
        self.assertTrue(case.message_ids.filtered(
            lambda m: "could not be emailed" in (m.body or "")))


class TestMailSender(MailGatewayCase):
    """Who the complainant is (R2): one contact, never a random one."""

    def test_unknown_sender_becomes_a_contact_to_review(self):
        raw = compose(From="%s <new.owner@owners.example.org>"
                      % Header("赵敏", "utf-8").encode())
        case = self.process(raw)
        contact = case.partner_id
        self.assertEqual(contact.name, "赵敏")
        self.assertEqual(contact.email, "new.owner@owners.example.org")
        self.assertTrue(contact.complaint_review_needed)
        self.assertIn(contact, self.env["res.partner"].search(
            [("complaint_review_needed", "=", True)]))
        self.assertTrue(case.message_ids.filtered(
            lambda m: "new contact was created" in (m.body or "")))
        # R2: what an email cannot tell stays to complete, and is listed.
        self.assertTrue(case.registration_pending)
        self.assertIn("phone", case.registration_missing)
        self.assertIn("property unit", case.registration_missing)
        self.assertEqual(len(self.acknowledgement(case)), 1)

    def test_several_contacts_with_the_address_none_is_picked(self):
        twin = self.env["res.partner"].create({"name": "王芳（旧）", "email": OWNER_EMAIL})
        self.mail_unit.owner_ids = False
        case = self.process(self.sample("plain.eml"))
        self.assertFalse(case.partner_id)
        self.assertEqual(case.partner_email, OWNER_EMAIL)
        self.assertTrue(case.registration_pending)
        note = case.message_ids.filtered(lambda m: "Several contacts" in (m.body or ""))
        self.assertIn(twin.name, note.body)
        self.assertIn(self.mail_owner.name, note.body)
        self.assertFalse(case.message_ids.filtered(
            lambda m: m.message_id == "<plain-1@owners.example.org>").author_id)
        # R3: acknowledged all the same, to the address.
        acknowledgement = self.env["mail.mail"].search([
            ("model", "=", self.Complaint._name), ("res_id", "=", case.id),
            ("email_to", "=", OWNER_EMAIL)])
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(case.name, acknowledgement.subject)
        self.assertFalse(acknowledgement.recipient_ids)
        self.assertEqual(case.stage_id, self.env.ref(ADDON + ".stage_acknowledged"))

    def test_several_contacts_with_the_address_the_owner_is_picked(self):
        self.env["res.partner"].create({"name": "王芳（旧）", "email": OWNER_EMAIL})
        case = self.process(self.sample("plain.eml"))
        self.assertEqual(case.partner_id, self.mail_owner)

    def test_address_is_matched_whatever_its_case(self):
        case = self.process(compose(From="WANG FANG <WANG.FANG@OWNERS.EXAMPLE.ORG>"))
        self.assertEqual(case.partner_id, self.mail_owner)

    def test_like_wildcards_in_the_address_match_nobody_else(self):
        """wang_fang must not match wangXfang (an underscore is a LIKE wildcard)."""
        other = self.env["res.partner"].create(
            {"name": "Not her", "email": "wangxfang@owners.example.org"})
        case = self.process(compose(From="Wang Fang <wang_fang@owners.example.org>"))
        self.assertNotIn(case.partner_id, other | self.mail_owner)
        self.assertEqual(case.partner_id.email, "wang_fang@owners.example.org")
        self.assertTrue(case.partner_id.complaint_review_needed)

    def test_missing_from_is_rejected(self):
        self.assert_rejected(compose(drop=("From",)), "no_sender")

    def test_from_without_an_address_is_rejected(self):
        rejection = self.assert_rejected(compose(From="王芳"), "bad_sender")
        self.assertIn("王芳", rejection.email_from)

    def test_invalid_sender_address_is_rejected(self):
        rejection = self.assert_rejected(compose(From="Wang <wang@localhost>"),
                                         "bad_sender")
        self.assertEqual(rejection.detail, "Wang <wang@localhost>")

    def test_rejected_email_delivered_again_is_kept_once(self):
        raw = compose(drop=("From",))
        self.assert_rejected(raw, "no_sender")
        rejections = self.Rejection.search_count([])
        self.assertFalse(self.process(raw))
        self.assertEqual(self.Rejection.search_count([]), rejections)


class TestMailLoops(MailGatewayCase):
    """Machines answering machines: never registered, never acknowledged."""

    def test_auto_reply_is_not_registered(self):
        rejection = self.assert_rejected(self.sample("auto_reply.eml"), "auto_reply")
        self.assertEqual(rejection.detail, "Auto-Submitted: auto-replied")
        self.assertIn("我正在休假", rejection.body)
        self.assertFalse(self.env["mail.mail"].search([("email_to", "=", OWNER_EMAIL)]))

    def test_vendor_auto_reply_headers_are_not_registered(self):
        for number, header in enumerate((
                {"X_Autoreply": "yes"}, {"X_Autorespond": "vacation"},
                {"Precedence": "bulk"}, {"Precedence": "auto_reply"},
                {"Return_Path": "<>"})):
            raw = compose(Message_Id="<auto-%d@owners.example.org>" % number, **header)
            self.assert_rejected(raw, "auto_reply")

    def test_auto_submitted_no_is_a_person(self):
        case = self.process(compose(Auto_Submitted="no"))
        self.assertTrue(case)

    def test_bounce_to_the_alias_is_kept_not_registered(self):
        rejection = self.assert_rejected(self.sample("bounce.eml"), "bounce")
        self.assertIn("User unknown", rejection.body)

    def test_bounce_to_another_address_is_left_to_odoo(self):
        raw = self.sample("bounce.eml").replace(
            b"To: complaints@example.com", b"To: sales@example.com")
        rejections = self.Rejection.search_count([])
        self.assertFalse(self.process(raw))
        self.assertEqual(self.Rejection.search_count([]), rejections)

    def test_empty_email_is_rejected(self):
        self.assert_rejected(compose(subject=None, body=""), "empty")

    def test_empty_html_email_is_rejected(self):
        self.assert_rejected(compose(subject=None, body="<p><br></p>",
                                     content_type="text/html; charset=utf-8"), "empty")


class TestMailThread(MailGatewayCase):
    """Replies and numbers in the subject (R39: no one else's case)."""

    def setUp(self):
        super(TestMailThread, self).setUp()
        self.case = self.process(self.sample("plain.eml"))
        self.stranger = "stranger@elsewhere.example.net"

    def reply(self, **headers):
        headers.setdefault("Message_Id", "<reply-1@owners.example.org>")
        return self.process(compose(body="今天又漏了。", **headers))

    def test_reply_to_the_acknowledgement_lands_in_the_chatter(self):
        acknowledgement = self.acknowledgement(self.case)
        cases = self.email_cases()
        landed = self.reply(In_Reply_To=acknowledgement.message_id,
                            Subject="Re: " + acknowledgement.subject)
        self.assertEqual(landed, self.case)
        self.assertEqual(self.email_cases(), cases)
        reply = self.case.message_ids.filtered(
            lambda m: m.message_id == "<reply-1@owners.example.org>")
        self.assertIn("今天又漏了", reply.body)
        self.assertEqual(reply.author_id, self.mail_owner)
        # The receiver follows the case: the reply reaches them.
        self.assertIn(self.env.user.partner_id, reply.needaction_partner_ids)
        # No second acknowledgement for a reply.
        self.assertEqual(len(self.acknowledgement(self.case)), 1)
        self.assertNotIn("今天又漏了", self.case.description)

    def test_reply_by_references_with_photos_adds_evidence(self):
        raw = compose(
            body=(b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                  + "补充照片".encode("utf-8") + b"\r\n--B\r\nContent-Type: image/png\r\n"
                  b"Content-Disposition: attachment; filename=\"ceiling.png\"\r\n"
                  b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(PNG)
                  + b"\r\n--B--\r\n"),
            content_type='multipart/mixed; boundary="B"',
            References="<plain-1@owners.example.org>",
            Message_Id="<reply-2@owners.example.org>")
        self.assertEqual(self.process(raw), self.case)
        self.assertIn("ceiling.png",
                      self.case.evidence_attachment_ids.mapped("datas_fname"))
        self.assertFalse(self.case.evidence_unknown)

    def test_auto_reply_to_the_case_stays_in_its_chatter_unanswered(self):
        acknowledgement = self.acknowledgement(self.case)
        raw = self.sample("auto_reply.eml").replace(
            b"Auto-Submitted", b"In-Reply-To: %s\r\nAuto-Submitted"
            % acknowledgement.message_id.encode())
        self.assertEqual(self.process(raw), self.case)
        self.assertEqual(len(self.acknowledgement(self.case)), 1)

    def test_number_in_the_subject_from_the_complainant_goes_to_the_case(self):
        cases = self.email_cases()
        landed = self.reply(Subject="关于%s的补充" % self.case.name)
        self.assertEqual(landed, self.case)
        self.assertEqual(self.email_cases(), cases)
        self.assertTrue(self.case.message_ids.filtered(
            lambda m: "今天又漏了" in (m.body or "")))
        self.assertEqual(len(self.acknowledgement(self.case)), 1)

    def test_number_in_lower_case_goes_to_the_case(self):
        landed = self.reply(Subject="re: %s" % self.case.name.lower())
        self.assertEqual(landed, self.case)

    def test_number_of_no_case_makes_a_new_case_with_a_note(self):
        landed = self.reply(Subject="补充 TS209912-99999")
        self.assertNotEqual(landed, self.case)
        self.assertEqual(landed.channel, "email")
        self.assertTrue(landed.message_ids.filtered(
            lambda m: "TS209912-99999, which is not a case of this sender"
            in (m.body or "")))

    def test_strangers_mail_about_someone_elses_case_is_not_attached(self):
        """R39: a stranger naming a customer's case number gets a case of their own
        and the same answer as for a number that does not exist."""
        before = self.case.message_ids
        description = self.case.description
        landed = self.reply(From="Nosy <%s>" % self.stranger,
                            Subject="Re: %s 我也要看" % self.case.name)
        self.assertNotEqual(landed, self.case)
        self.assertEqual(landed.partner_id.email, self.stranger)
        self.assertEqual(self.case.message_ids, before)
        self.assertEqual(self.case.description, description)
        note = landed.message_ids.filtered(
            lambda m: "which is not a case of this sender" in (m.body or ""))
        self.assertEqual(len(note), 1)
        # The acknowledgement names the stranger's own case only.
        acknowledgement = self.acknowledgement(landed)
        self.assertEqual(len(acknowledgement), 1)
        self.assertNotIn(self.case.name, acknowledgement.body)

    def test_stranger_with_the_complainants_name_is_still_a_stranger(self):
        landed = self.reply(From="%s <%s>" % (Header("王芳", "utf-8").encode(),
                                              self.stranger),
                            Subject=self.case.name)
        self.assertNotEqual(landed, self.case)

    def test_employee_who_may_open_the_case_writes_to_it(self):
        agent = self.agent
        landed = self.reply(From="Agent <%s>" % agent.email,
                            Subject="%s: 已电话联系业主" % self.case.name)
        self.assertEqual(landed, self.case)

    def test_employee_who_may_not_open_a_confidential_case_does_not(self):
        self.case.write({"is_confidential": True})
        landed = self.reply(From="Agent <%s>" % self.agent.email,
                            Subject="%s: 已电话联系业主" % self.case.name)
        self.assertNotEqual(landed, self.case)


class TestMailAttachmentLimit(MailGatewayCase):

    def test_oversized_attachment_is_held_with_the_original(self):
        self.env["ir.config_parameter"].set_param(
            "realestate_complaint.mail_attachment_max_mb", "1")
        big = os.urandom(1536 * 1024)
        raw = compose(
            body=(b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                  + "视频和照片".encode("utf-8")
                  + b"\r\n--B\r\nContent-Type: video/mp4\r\nContent-Disposition: "
                  b"attachment; filename=\"leak.mp4\"\r\nContent-Transfer-Encoding: "
                  b"base64\r\n\r\n" + base64.encodebytes(big)
                  + b"\r\n--B\r\nContent-Type: image/png\r\nContent-Disposition: "
                  b"attachment; filename=\"leak.png\"\r\nContent-Transfer-Encoding: "
                  b"base64\r\n\r\n" + base64.b64encode(PNG) + b"\r\n--B--\r\n"),
            content_type='multipart/mixed; boundary="B"')
        with self.assertLogs(REJECTION_LOGGER, "WARNING"):
            case = self.process(raw)
        self.assertEqual(case.evidence_attachment_ids.mapped("datas_fname"),
                         ["leak.png"])
        self.assertFalse(self.env["ir.attachment"].search(
            [("res_model", "=", self.Complaint._name), ("res_id", "=", case.id),
             ("datas_fname", "=", "leak.mp4")]))
        held = self.Rejection.search([("complaint_id", "=", case.id)])
        self.assertEqual(held.reason, "attachment_too_large")
        self.assertEqual(held.detail, "leak.mp4 (1.5 MB)")
        self.assertEqual(base64.b64decode(held.original_id.datas), raw)
        self.assertTrue(case.message_ids.filtered(
            lambda m: "leak.mp4 (1.5 MB)" in (m.body or "")))
        # R3, issue 16 (bug): one acknowledgement, not one more for the note
        # about the held attachment.
        self.assertEqual(len(self.acknowledgement(case)), 1)


class TestRegistrationPending(MailGatewayCase):
    """R2 deferred for an emailed case, not weakened for anyone else."""

    def setUp(self):
        super(TestRegistrationPending, self).setUp()
        self.case = self.process(compose(From="new.owner@owners.example.org"))

    def test_cannot_be_worked_before_it_is_complete(self):
        self.assertTrue(self.case.registration_pending)
        with self.assertRaisesRegex(ValidationError, "phone") as caught:
            with self.env.cr.savepoint():
                self.case.with_user(self.agent).write(
                    {"stage_id": self.stage_investigating.id})
        self.assertIn("property unit", str(caught.exception.name))
        self.assertNotEqual(self.case.stage_id, self.stage_investigating)

    def test_can_be_judged_invalid_while_incomplete(self):
        self.case.write({"stage_id": self.env.ref(ADDON + ".stage_invalid").id})
        self.assertTrue(self.case.registration_pending)

    def test_completed_registration_clears_itself_and_is_checked_again(self):
        self.case.with_user(self.agent).write({
            "partner_phone": "139 0000 2222", "unit_id": self.unit2.id,
            "contract_number": "TST-2024-002"})
        self.assertFalse(self.case.registration_pending)
        self.case.with_user(self.agent).write({"stage_id": self.stage_investigating.id})
        # From now on R2 holds as for any case.
        with self.assertRaisesRegex(ValidationError, "phone"):
            with self.env.cr.savepoint():
                self.case.write({"partner_phone": False})

    def test_users_cannot_register_an_incomplete_case(self):
        vals = self.complaint_vals(partner_phone=False, registration_pending=True)
        for user in (self.operator, self.agent, self.supervisor):
            with self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    self.Complaint.with_user(user).create(vals)
        complaint = self.create_complaint(user=self.operator)
        with self.assertRaises(UserError):
            complaint.with_user(self.operator).write({"registration_pending": True})
        with self.assertRaisesRegex(ValidationError, "phone"):
            with self.env.cr.savepoint():
                self.Complaint.with_user(self.operator).create(
                    self.complaint_vals(partner_phone=False))

    def test_clearing_the_flag_by_hand_needs_every_item(self):
        with self.assertRaisesRegex(ValidationError, "incomplete"):
            with self.env.cr.savepoint():
                self.case.write({"registration_pending": False})


class TestMailGatewayAccess(MailGatewayCase):
    """R39: rejected emails hold any customer's data; supervisors only."""

    @classmethod
    def setUpClass(cls):
        super(TestMailGatewayAccess, cls).setUpClass()
        cls.department = cls._create_user(
            "t_department_mail", "group_complaint_department")
        cls.administrator = cls.env["res.users"].create({
            "name": "Settings admin", "login": "t_settings_admin",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("base.group_system").id])]})

    def setUp(self):
        super(TestMailGatewayAccess, self).setUp()
        with self.assertLogs(REJECTION_LOGGER, "WARNING"):
            self.process(compose(drop=("From",)))
        self.rejection = self.Rejection.search([], order="id desc", limit=1)

    def readable(self, user, record):
        try:
            record.with_user(user).read(["subject"])
            return True
        except AccessError:
            return False

    def test_only_supervisors_read_rejected_emails_and_their_originals(self):
        for user in (self.operator, self.agent, self.department, self.employee,
                     self.portal_user):
            self.assertFalse(self.readable(user, self.rejection), user.login)
            with self.assertRaises(AccessError):
                self.rejection.original_id.with_user(user).read(["datas"])
        for user in (self.supervisor, self.executive):
            self.assertTrue(self.readable(user, self.rejection), user.login)
            self.assertTrue(self.rejection.original_id.with_user(user).read(["datas"]))
            self.assertTrue(self.rejection.with_user(user).original_file)

    def test_supervisors_review_but_neither_create_nor_delete(self):
        rejection = self.rejection.with_user(self.supervisor)
        rejection.action_mark_reviewed()
        self.assertEqual(rejection.state, "reviewed")
        self.assertEqual(rejection.reviewed_by_id, self.supervisor)
        rejection.action_mark_to_review()
        self.assertEqual(rejection.state, "new")
        for user in (self.supervisor, self.executive):
            with self.assertRaises(AccessError):
                with self.env.cr.savepoint():
                    self.Rejection.with_user(user).create({"reason": "empty"})
            with self.assertRaises(AccessError):
                with self.env.cr.savepoint():
                    self.rejection.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.rejection.with_user(self.agent).action_mark_reviewed()

    def test_administrators_may_delete_rejected_emails(self):
        """Housekeeping (e.g. a customer's request to erase their data)."""
        self.assertTrue(self.readable(self.administrator, self.rejection))
        self.rejection.with_user(self.administrator).unlink()
        self.assertFalse(self.rejection.exists())

    def test_rejected_emails_of_another_company_are_hidden(self):
        other = self.env["res.company"].create({"name": "其他公司"})
        self.rejection.company_id = other
        self.assertFalse(self.readable(self.supervisor, self.rejection))

    def test_operators_review_contacts_created_from_email(self):
        case = self.process(compose(From="new.owner@owners.example.org",
                                    Message_Id="<access-2@owners.example.org>"))
        contact = case.partner_id
        self.assertTrue(contact.with_user(self.operator).complaint_review_needed)
        contact.with_user(self.operator).write({"complaint_review_needed": False})
        self.assertFalse(contact.complaint_review_needed)
        with self.assertRaises(AccessError):
            contact.with_user(self.employee).read(["complaint_review_needed"])

    def test_menu_of_rejected_emails_only_for_supervisors(self):
        menu = self.env.ref(ADDON + ".realestate_complaint_mail_rejection_menu")
        Menu = self.env["ir.ui.menu"]
        for user, sees in ((self.operator, False), (self.agent, False),
                           (self.supervisor, True), (self.executive, True)):
            self.assertEqual(menu.id in Menu.with_user(user)._visible_menu_ids(), sees,
                             user.login)
