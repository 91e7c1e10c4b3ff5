"""Canned replies of complaint agents (issue 16 item 13; standard service phrases,
002:581, 000:490) on Odoo 11's ``mail.shortcode``."""
from odoo.exceptions import AccessError

from .common import ComplaintCase


class TestShortcode(ComplaintCase):

    @classmethod
    def setUpClass(cls):
        super(TestShortcode, cls).setUpClass()
        cls.Shortcode = cls.env["mail.shortcode"]
        cls.replies = cls.Shortcode.search([("complaint_reply", "=", True)])
        cls.department = cls._create_user("t_department", "group_complaint_department")

    def test_every_reply_in_chinese_and_english(self):
        keys = {}
        for reply in self.replies:
            lang, key = reply.source.split("-", 1)
            keys.setdefault(key, {})[reply.lang] = reply
            self.assertEqual(reply.shortcode_type, "text")
            self.assertEqual(lang, reply.lang[:2])
        for key in ("ack", "photos", "contract", "visit", "delay", "thanks"):
            self.assertEqual(set(keys[key]), {"zh_CN", "en_US"}, key)
        for key, by_lang in keys.items():
            self.assertEqual(set(by_lang), {"zh_CN", "en_US"}, key)
            self.assertRegex(by_lang["zh_CN"].substitution, "[\u4e00-\u9fff]")
            self.assertNotRegex(by_lang["en_US"].substitution, "[\u4e00-\u9fff]")

    def test_agent_gets_them_in_the_composer(self):
        """The composer's list (mail's /mail/client_action: every shortcode as the
        system, in the user's language) holds both languages for a Chinese agent."""
        self.agent.lang = "zh_CN"
        loaded = self.env["mail.shortcode"].with_user(self.agent).sudo().with_context(
            lang="zh_CN").search_read(
            [], ["shortcode_type", "source", "substitution"])
        sources = {row["source"] for row in loaded if row["shortcode_type"] == "text"}
        self.assertTrue({"zh-ack", "en-ack", "zh-visit", "en-visit"} <= sources)
        # Inserted as typed text, posted by the agent on a case like any note.
        case = self.create_complaint(user_id=self.agent.id)
        text = self.env.ref("realestate_complaint.shortcode_zh_photos").substitution
        message = case.with_user(self.agent).message_post(body=text,
                                                          subtype="mail.mt_note")
        self.assertIn("照片", message.body)

    def test_agents_and_supervisors_manage_them(self):
        for user in (self.agent, self.supervisor):
            mine = self.Shortcode.with_user(user).create({
                "source": "zh-wait-%s" % user.id, "substitution": "请稍候，我们正在查询。",
                "complaint_reply": True, "lang": "zh_CN"})
            mine.write({"substitution": "请稍候，我们正在为您查询。"})
            self.replies[:1].with_user(user).write({"description": "改"})
            mine.unlink()

    def test_operators_and_departments_only_read_them(self):
        reply = self.env.ref("realestate_complaint.shortcode_en_ack")
        for user in (self.operator, self.department, self.employee):
            self.assertEqual(
                reply.with_user(user).read(["source"])[0]["source"], "en-ack")
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                reply.with_user(user).write({"substitution": "Hi"})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                reply.with_user(user).unlink()
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.Shortcode.with_user(user).create({
                    "source": "en-x", "substitution": "x", "complaint_reply": True})
            # Their own shortcodes stay as stock Odoo has them.
            own = self.Shortcode.with_user(user).create(
                {"source": "x%s" % user.id, "substitution": "x"})
            own.write({"substitution": "y"})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                own.write({"complaint_reply": True})
        with self.assertRaises(AccessError):
            reply.with_user(self.portal_user).write({"substitution": "Hi"})
