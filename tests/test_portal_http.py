"""'My complaints' over HTTP (R1-R3, R16, R30, R39): a real Odoo server, a logged-in
portal customer, the forms with their CSRF tokens, and every id of the database tried
for another customer's case or file."""
import base64
import re

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import security
from odoo.tests.common import (
    HOST, PORT, HttpCase, at_install, get_db_name, post_install)

from .test_portal import JPEG, PNG

BASE = "http://%s:%s" % (HOST, PORT)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class PortalHttpMixin(object):
    """A logged-in portal user's requests to the test server, on the test cursor."""

    def authenticate(self, user, password):
        """HttpCase.authenticate, reading the user on the test cursor: the users of
        this test exist only there."""
        uid = self.registry["res.users"].authenticate(
            get_db_name(), user, password, None)
        env = self.env(user=uid)
        session = self.session
        session.db, session.uid, session.login = get_db_name(), uid, user
        session.session_token = security.compute_session_token(session, env)
        session.context = dict(env["res.users"].context_get(), uid=uid)
        session._fix_lang(session.context)
        odoo.http.root.session_store.save(session)

    def request(self, method, path, **kwargs):
        """The answer; a GET follows redirects (Odoo's frontend puts a language
        other than the default one in the path), a POST does not."""
        # Odoo 11's TestCursor: commit() moves its savepoint, the transaction
        # stays open (rolled back by tearDown). pylint: disable-next=invalid-commit
        self.env.cr.commit()  # to the test cursor's savepoint
        kwargs.setdefault("allow_redirects", method == "GET")
        response = self.opener.request(method, BASE + path, timeout=60, **kwargs)
        self.env.cache.invalidate()
        return response

    def csrf(self, path):
        page = self.request("GET", path)
        self.assertEqual(page.status_code, 200, path)
        return CSRF.search(page.text).group(1)


@at_install(False)
@post_install(True)
class TestPortalHttp(PortalHttpMixin, HttpCase):

    def setUp(self):
        super(TestPortalHttp, self).setUp()
        # Odoo 11 serves an HttpCase's requests on the registry's test cursor: the
        # test's data is written there.
        self.env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {
            "lang": "en_US", "no_reset_password": True})
        env = self.env
        self.Complaint = env["realestate.complaint"]
        Users = env["res.users"]
        self.operator = Users.create({
            "name": "Portal receiver", "login": "t_portal_receiver",
            "email": "receiver@example.com",
            "groups_id": [(6, 0, [env.ref(
                "realestate_complaint.group_complaint_operator").id])]})
        env.user.company_id.complaint_portal_user_id = self.operator
        project = env["realestate.project"].create({"name": "门户花园", "code": "MHG"})
        building = env["realestate.building"].create(
            {"name": "9栋", "project_id": project.id})
        self.me = env["res.partner"].create({
            "name": "周杰", "mobile": "13912345678", "email": "zhou.jie@example.com",
            "lang": "en_US"})
        self.other = env["res.partner"].create({
            "name": "吴敏", "mobile": "13698765432", "email": "wu.min@example.com",
            "lang": "en_US"})
        self.unit = env["realestate.unit"].create({
            "building_id": building.id, "room": "901", "contract_number": "MHG-901",
            "owner_ids": [(6, 0, self.me.ids)]})
        self.other_unit = env["realestate.unit"].create({
            "building_id": building.id, "room": "902",
            "owner_ids": [(6, 0, self.other.ids)], "contract_number": "MHG-902"})
        portal = env.ref("base.group_portal")
        for login, partner in (("t_portal_me", self.me),
                               ("t_portal_other", self.other)):
            Users.create({"login": login, "password": login + "_pw",
                          "partner_id": partner.id, "tz": "Asia/Shanghai",
                          "groups_id": [(6, 0, portal.ids)]})
        self.category = env.ref("realestate_complaint.category_quality_leak")
        self.mine = self.case(self.me, self.unit, "我的窗户漏风")
        self.theirs = self.case(self.other, self.other_unit, "邻居的秘密投诉")
        self.theirs_file = env["ir.attachment"].create({
            "name": "邻居合同.pdf", "datas_fname": "邻居合同.pdf",
            "datas": "JVBERi0=", "res_model": self.Complaint._name,
            "res_id": self.theirs.id})
        self.theirs.evidence_attachment_ids = self.theirs_file
        self.authenticate("t_portal_me", "t_portal_me_pw")

    def case(self, partner, unit, text):
        return self.Complaint.create({
            "channel": "hotline", "category_id": self.category.id,
            "partner_id": partner.id, "partner_phone": partner.mobile,
            "partner_email": partner.email, "unit_id": unit.id,
            "contract_number": unit.contract_number, "evidence_unknown": True,
            "description": "<p>%s</p>" % text, "demand": "repair"})

    # Helpers

    def form(self, **overrides):
        values = {"kind": "repair", "unit_id": str(self.unit.id),
                  "category_id": str(self.category.id),
                  "description": "阳台门关不严，冬天漏风。", "demand": "repair",
                  "phone": "13912345678"}
        values.update(overrides)
        return values

    def submit(self, data, files=None, token=True):
        if token:
            data = dict(data, csrf_token=self.csrf("/my/complaints/new"))
        return self.request("POST", "/my/complaints/new", data=data, files=files)

    def assertRefusedForm(self, response):
        """The form comes back (Odoo's portal answers 200) with its problems."""
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_complaint_error", response.text)

    def snapshot(self):
        self.env.cr.execute("""
            SELECT (SELECT count(*) FROM realestate_complaint),
                   (SELECT max(write_date) FROM realestate_complaint),
                   (SELECT count(*) FROM ir_attachment
                     WHERE res_model = 'realestate.complaint'),
                   (SELECT count(*) FROM mail_message)""")
        return self.env.cr.fetchone()

    # Seeing one's cases

    def test_footer_names_the_company(self):
        """Issue 18 item 9: the footer says whom the customer deals with and
        how to reach them (empty in Odoo 11's portal)."""
        company = self.env.user.company_id
        company.write({"phone": "+86 21 1234 5678", "city": "上海市"})
        page = self.request("GET", "/my/home")
        self.assertEqual(page.status_code, 200)
        footer = page.text[page.text.index('id="footer"'):]
        self.assertIn("o_complaint_portal_footer", footer)
        for text in (company.name, "上海市", "+86 21 1234 5678"):
            self.assertIn(text, footer)

    def test_home_and_list_show_my_cases_only(self):
        home = self.request("GET", "/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/complaints"', home.text)
        listing = self.request("GET", "/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.mine.name, listing.text)
        self.assertIn("我的窗户漏风", listing.text)
        self.assertNotIn(self.theirs.name, listing.text)
        self.assertNotIn("邻居", listing.text)

    def test_case_page_shows_what_the_customer_may_know(self):
        self.mine.sudo().message_post(body="内部备注：不要告诉业主", subtype="mail.mt_note")
        page = self.request("GET", "/my/complaints/%d" % self.mine.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.mine.name, page.text)
        self.assertIn("Complaint received", page.text)
        self.assertIn("9栋", page.text)
        self.assertNotIn("内部备注", page.text)
        self.assertNotIn(self.operator.name, page.text)

    def test_every_other_id_is_not_found(self):
        """R39: every case id of the database, and ids of none, for the page, the
        message form, the answer form and the files."""
        ids = self.Complaint.search([]).ids
        token = self.csrf("/my/complaints/%d" % self.mine.id)
        before = self.snapshot()
        for case_id in ids + [0, max(ids) + 1, 2 ** 31]:
            if case_id == self.mine.id:
                continue
            for method, path, data in (
                    ("GET", "/my/complaints/%d" % case_id, None),
                    ("POST", "/my/complaints/%d/message" % case_id,
                     {"csrf_token": token, "message": "偷看"}),
                    ("POST", "/my/complaints/%d/answer" % case_id,
                     {"csrf_token": token, "solved": "no", "satisfaction": "1",
                      "words": "x"})):
                response = self.request(method, path, data=data)
                self.assertEqual(response.status_code, 404, path)
                self.assertNotIn("邻居", response.text)
        theirs_file = self.theirs_file.id
        for path in ("/my/complaints/%d/files/%d" % (self.theirs.id, theirs_file),
                     "/my/complaints/%d/files/%d" % (self.mine.id, theirs_file),
                     "/my/complaints/abc", "/my/complaints/-1"):
            self.assertEqual(self.request("GET", path).status_code, 404, path)
        self.assertEqual(self.snapshot(), before)

    def test_files_of_other_cases_are_never_served(self):
        """Every attachment id of the database through my own case: only my
        evidence comes back."""
        mine = self.env["ir.attachment"].create({
            "name": "窗户.png", "datas_fname": "窗户.png", "datas": base64.b64encode(PNG),
            "res_model": self.Complaint._name,
            "res_id": self.mine.id, "mimetype": "image/png"})
        self.mine.evidence_attachment_ids = mine
        served = []
        for attachment_id in self.env["ir.attachment"].search([]).ids:
            response = self.request(
                "GET", "/my/complaints/%d/files/%d" % (self.mine.id, attachment_id))
            if response.status_code == 200:
                served.append(attachment_id)
                self.assertEqual(response.content, PNG)
                self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
            else:
                self.assertEqual(response.status_code, 404)
        self.assertEqual(served, mine.ids)

    def test_odoo_file_routes_serve_no_case_file(self):
        """/web/content and /web/image check the case's rights, which a portal
        user has on none: not even their own evidence comes out that way."""
        self.mine.evidence_attachment_ids = self.env["ir.attachment"].create({
            "name": "mine.png", "datas_fname": "mine.png",
            "datas": base64.b64encode(PNG), "res_model": self.Complaint._name,
            "res_id": self.mine.id})
        files = self.env["ir.attachment"].search(
            [("res_model", "=", self.Complaint._name)])
        self.assertIn(self.theirs_file, files)
        for attachment in files:
            for path in ("/web/content/%d", "/web/image/%d"):
                response = self.request("GET", path % attachment.id)
                self.assertNotEqual(response.status_code, 200, path % attachment.id)
                self.assertNotIn(b"%PDF", response.content)
                self.assertNotEqual(response.content, PNG)

    def test_no_session_no_portal(self):
        self.opener.cookies.clear()
        response = self.request("GET", "/my/complaints/%d" % self.mine.id,
                                allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_orm_stays_closed_to_portal_users(self):
        """Odoo's JSON-RPC answers a portal user's read of a case with an access
        error (R39)."""
        response = self.request("POST", "/web/dataset/call_kw", json={
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": "realestate.complaint", "method": "read",
                "args": [[self.mine.id], ["name", "description"]], "kwargs": {}}})
        error = response.json()["error"]
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNotIn("我的窗户漏风", response.text)

    # Registering

    def test_submit_registers_and_acknowledges(self):
        """R1-R3 end to end: the form, a photo, the case, the acknowledgement."""
        response = self.submit(self.form(), files=[
            ("attachments", ("阳台.jpg", JPEG, "image/jpeg"))])
        errors = response.text[response.text.find("o_complaint_errors"):][:600]
        self.assertIn(response.status_code, (302, 303), re.sub(r"\s+", " ", errors))
        case = self.Complaint.search([("partner_id", "=", self.me.id),
                                      ("channel", "=", "website")])
        self.assertEqual(len(case), 1)
        self.assertTrue(response.headers["Location"].endswith(
            "/my/complaints/%d?registered=1" % case.id))
        self.assertEqual(case.unit_id, self.unit)
        self.assertEqual(case.receiver_id, self.operator)
        self.assertEqual(case.stage_id.code, "acknowledged")
        self.assertEqual(case.evidence_attachment_ids.mapped("datas_fname"),
                         ["阳台.jpg"])
        page = self.request("GET", "/my/complaints/%d?registered=1" % case.id)
        self.assertIn("o_complaint_acknowledgement", page.text)
        self.assertIn(case.name, page.text)
        self.assertIn("阳台.jpg", page.text)

    def test_forged_request_without_csrf_token_creates_nothing(self):
        before = self.snapshot()
        response = self.submit(self.form(), token=False)
        self.assertEqual(response.status_code, 400)
        response = self.submit(dict(self.form(), csrf_token="forged"), token=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.snapshot(), before)

    def test_a_refused_form_keeps_what_was_typed(self):
        before = self.snapshot()
        response = self.submit(self.form(phone="123", description="客厅地板起拱，约两平米。"))
        self.assertRefusedForm(response)
        self.assertIn("o_complaint_error", response.text)
        self.assertIn("123 is not a valid phone number", response.text)
        self.assertIn("客厅地板起拱，约两平米。", response.text)
        self.assertEqual(self.snapshot(), before)

    def test_another_customers_unit_is_refused(self):
        before = self.snapshot()
        response = self.submit(self.form(unit_id=str(self.other_unit.id)))
        self.assertRefusedForm(response)
        self.assertIn("Choose one of your units", response.text)
        # The neighbour's unit is not offered (not a bare "902": the page's random
        # CSRF tokens hold such digits now and then).
        self.assertNotIn(self.other_unit.name, response.text)
        self.assertIn(self.unit.name, response.text)
        self.assertEqual(self.snapshot(), before)

    def test_odd_files_are_refused(self):
        before = self.snapshot()
        response = self.submit(self.form(), files=[
            ("attachments", ("invoice.pdf.exe", b"MZ\x90\x00payload", "image/jpeg"))])
        self.assertRefusedForm(response)
        self.assertIn("is not a photo", response.text)
        self.env["ir.config_parameter"].set_param(
            "realestate_complaint.portal_upload_max_mb", "0.02")
        response = self.submit(self.form(), files=[
            ("attachments", ("huge.jpg", JPEG + b"\x00" * 40000, "image/jpeg"))])
        self.assertRefusedForm(response)
        self.assertIn("larger than 0.02 MB", response.text)
        self.assertEqual(self.snapshot(), before)

    def test_chinese_customer_reads_chinese(self):
        # Through the user: its write empties the cached context of the session.
        self.env["res.users"].search([("login", "=", "t_portal_me")]).lang = "zh_CN"
        self.authenticate("t_portal_me", "t_portal_me_pw")  # the session's language
        self.opener.cookies.pop("frontend_lang", None)
        response = self.submit(self.form(phone="123"))
        self.assertIn("不是有效的电话号码", response.text, re.sub(
            r"\s+", " ", response.text[response.text.find("<main"):][:1500]))
        self.assertIn("提交投诉", self.request("GET", "/my/complaints").text)

    # Afterwards

    def test_message_and_photo_on_my_case(self):
        token = self.csrf("/my/complaints/%d" % self.mine.id)
        response = self.request(
            "POST", "/my/complaints/%d/message" % self.mine.id,
            data={"csrf_token": token, "message": "今天又漏风了"},
            files=[("attachments", ("窗.png", PNG, "image/png"))])
        self.assertIn(response.status_code, (302, 303))
        message = self.mine.message_ids.filtered(lambda m: "今天又漏风了" in m.body)
        self.assertEqual(message.author_id, self.me)
        self.assertEqual(message.attachment_ids.mapped("datas_fname"), ["窗.png"])
        page = self.request("GET", "/my/complaints/%d" % self.mine.id)
        self.assertIn("今天又漏风了", page.text)

    def test_answer_not_solved_reopens(self):
        """R16, R30 over HTTP: the result reported, the customer says it is not
        solved; the case goes back to rectification."""
        self.mine.write({"validity": "valid", "result_summary": "已更换密封条。"})
        supervisor = self.env["res.users"].create({
            "name": "Sup", "login": "t_portal_sup", "email": "sup@example.com",
            "groups_id": [(6, 0, [self.env.ref(
                "realestate_complaint.group_complaint_supervisor").id])]})
        self.mine.with_user(supervisor).write({"stage_id": self.env.ref(
            "realestate_complaint.stage_callback").id})
        page = self.request("GET", "/my/complaints/%d" % self.mine.id)
        self.assertIn("o_complaint_answer", page.text)
        self.assertIn("已更换密封条。", page.text)
        token = CSRF.search(page.text).group(1)
        refused = self.request("POST", "/my/complaints/%d/answer" % self.mine.id,
                               data={"csrf_token": token, "solved": "no",
                                     "satisfaction": "2"})
        self.assertRefusedForm(refused)
        self.assertEqual(self.mine.stage_id.code, "callback")
        response = self.request("POST", "/my/complaints/%d/answer" % self.mine.id,
                                data={"csrf_token": token, "solved": "no",
                                      "satisfaction": "2", "words": "还是漏风"})
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.mine.stage_id.code, "in_progress")
        done = self.mine.callback_ids.filtered(lambda c: c.state == "done")
        self.assertEqual((done.method, done.new_problem), ("portal", "还是漏风"))
