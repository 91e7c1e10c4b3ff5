"""'My repair orders' over HTTP (issue 14, item 5; 004:125-126, R39): a real Odoo
server, a contractor's logged-in worker, the forms with their CSRF tokens, and every
repair item id and attachment id of the database tried."""
import base64
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.tests.common import HttpCase, at_install, post_install

from .test_portal import JPEG, PNG
from .test_portal_http import PortalHttpMixin


@at_install(False)
@post_install(True)
class TestRepairPortalHttp(PortalHttpMixin, HttpCase):

    def setUp(self):
        super(TestRepairPortalHttp, self).setUp()
        self.env = env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {
            "lang": "en_US", "no_reset_password": True})
        Partner, Users = env["res.partner"], env["res.users"]
        head = Users.create({"name": "工程部经理", "login": "t_rp_head"})
        team = env["realestate.complaint.team"].create(
            {"name": "门户工程部", "head_id": head.id})
        project = env["realestate.project"].create({"name": "维修花园", "code": "WXH"})
        building = env["realestate.building"].create(
            {"name": "3栋", "project_id": project.id})
        owner = Partner.create({"name": "孙丽", "mobile": "13955556666"})
        unit = env["realestate.unit"].create({
            "building_id": building.id, "room": "301", "contract_number": "WXH-301",
            "owner_ids": [(6, 0, owner.ids)], "delivery_date": "2025-06-30"})
        mine = Partner.create({"name": "门户防水公司", "is_company": True})
        theirs = Partner.create({"name": "门户门窗公司", "is_company": True})
        self.worker = Partner.create({"name": "王师傅", "parent_id": mine.id,
                                      "email": "wang@example.com"})
        rival = Partner.create({"name": "赵师傅", "parent_id": theirs.id})
        group = env["realestate.repair.group"].create({
            "project_id": project.id, "team_id": team.id, "member_ids": [
                (0, 0, {"partner_id": mine.id, "trade": "waterproofing",
                        "contact_id": self.worker.id}),
                (0, 0, {"partner_id": theirs.id, "trade": "doors_windows",
                        "contact_id": rival.id})]})
        portal = env.ref("base.group_portal")
        for login, partner in (("t_rp_worker", self.worker), ("t_rp_rival", rival),
                               ("t_rp_owner", owner)):
            # The test database speaks Chinese by default: these users English.
            partner.lang = "en_US"
            Users.create({"login": login, "password": login + "_pw",
                          "partner_id": partner.id, "tz": "Asia/Shanghai",
                          "groups_id": [(6, 0, portal.ids)]})
        self.case = env["realestate.complaint"].create({
            "kind": "repair", "channel": "hotline", "partner_id": owner.id,
            "partner_phone": owner.mobile, "unit_id": unit.id,
            "contract_number": unit.contract_number, "evidence_unknown": True,
            "email_unknown": True,
            "category_id": env.ref("realestate_complaint.category_quality_leak").id,
            "description": "<p>业主私下说：别告诉施工方</p>", "demand": "repair"})
        due = fields.Date.to_string(datetime.utcnow().date() + timedelta(days=3))
        Item = env["realestate.repair.item"]
        waterproofing = env.ref("realestate_complaint.warranty_waterproofing")

        def item(member, location, plan=True):
            record = Item.create({
                "complaint_id": self.case.id, "location": location,
                "component_id": waterproofing.id, "description": location + "渗水",
                "party_id": member.id, "plan": "重做", "date_planned": due})
            if plan:
                record.action_plan()
            return record
        self.mine = item(group.member_ids[0], "主卫")
        self.theirs = item(group.member_ids[1], "阳台推拉门")
        self.draft = item(group.member_ids[0], "厨房", plan=False)
        self.theirs_photo = env["ir.attachment"].create({
            "name": "门.png", "datas_fname": "门.png", "datas": base64.b64encode(PNG),
            "res_model": Item._name, "res_id": self.theirs.id})
        self.theirs.photo_before_ids = self.theirs_photo
        self.my_photo = env["ir.attachment"].create({
            "name": "卫生间.jpg", "datas_fname": "卫生间.jpg",
            "datas": base64.b64encode(JPEG), "res_model": Item._name,
            "res_id": self.mine.id})
        self.mine.photo_before_ids = self.my_photo
        self.authenticate("t_rp_worker", "t_rp_worker_pw")

    def snapshot(self):
        self.env.cr.execute("""
            SELECT (SELECT string_agg(concat_ws(',', id, state, date_order_taken,
                                                date_visit, date_arrived), ';'
                                      ORDER BY id) FROM realestate_repair_item),
                   (SELECT count(*) FROM ir_attachment
                     WHERE res_model LIKE 'realestate.%'),
                   (SELECT count(*) FROM mail_message)""")
        return self.env.cr.fetchone()

    def test_the_worker_sees_their_companys_orders_only(self):
        home = self.request("GET", "/my/home")
        self.assertIn('href="/my/repairs"', home.text)
        listing = self.request("GET", "/my/repairs")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("主卫", listing.text)
        self.assertNotIn("阳台推拉门", listing.text)
        self.assertNotIn("厨房", listing.text)
        page = self.request("GET", "/my/repairs/%d" % self.mine.id)
        self.assertEqual(page.status_code, 200)
        for shown in ("孙丽", "13955556666", "3栋", "主卫渗水", self.case.name):
            self.assertIn(shown, page.text)
        for hidden in ("别告诉施工方", "门户门窗公司", "工程部经理"):
            self.assertNotIn(hidden, page.text)

    def test_every_other_id_is_not_found(self):
        """R39: every repair item id of the database, and ids of none, for the
        page and each step."""
        ids = self.env["realestate.repair.item"].search([]).ids
        token = self.csrf("/my/repairs/%d" % self.mine.id)
        before = self.snapshot()
        for item_id in ids + [0, max(ids) + 1, 2 ** 31]:
            if item_id == self.mine.id:
                continue
            self.assertEqual(self.request(
                "GET", "/my/repairs/%d" % item_id).status_code, 404, item_id)
            for step in ("take", "visit", "arrive", "complete"):
                response = self.request(
                    "POST", "/my/repairs/%d/%s" % (item_id, step),
                    data={"csrf_token": token, "date_visit": "2099-01-01T09:00",
                          "note": "x"},
                    files=[("attachments", ("a.jpg", JPEG, "image/jpeg"))])
                self.assertEqual(response.status_code, 404, (item_id, step))
                self.assertNotIn("阳台推拉门", response.text)
        for path in ("/my/repairs/abc", "/my/repairs/-1", "/my/repairs/%d/steal"
                     % self.mine.id):
            self.assertEqual(self.request("GET", path).status_code, 404, path)
        self.assertEqual(self.snapshot(), before)

    def test_photos_of_other_items_are_never_served(self):
        served = []
        for attachment_id in self.env["ir.attachment"].search([]).ids:
            for item in (self.mine, self.theirs):
                response = self.request("GET", "/my/repairs/%d/photos/%d" % (
                    item.id, attachment_id))
                if response.status_code == 200:
                    served.append((item, attachment_id))
                    self.assertEqual(response.content, JPEG)
                else:
                    self.assertEqual(response.status_code, 404)
        self.assertEqual(served, [(self.mine, self.my_photo.id)])

    def test_others_see_nothing(self):
        for login in ("t_rp_rival", "t_rp_owner"):
            self.authenticate(login, login + "_pw")
            response = self.request("GET", "/my/repairs/%d" % self.mine.id)
            self.assertEqual(response.status_code, 404, login)
        self.assertNotIn("主卫", self.request("GET", "/my/repairs").text)

    def test_take_visit_arrive_complete_from_the_phone(self):
        path = "/my/repairs/%d" % self.mine.id
        for step, data, files in (
                ("take", {}, None),
                ("visit", {"date_visit": (datetime.utcnow() + timedelta(hours=10))
                           .strftime("%Y-%m-%dT%H:%M")}, None),
                ("arrive", {}, None),
                ("complete", {"note": "已重做防水"},
                 [("attachments", ("after.jpg", JPEG, "image/jpeg"))])):
            data = dict(data, csrf_token=self.csrf(path))
            response = self.request("POST", "%s/%s" % (path, step), data=data,
                                    files=files)
            self.assertIn(response.status_code, (302, 303),
                          (step, response.text[-800:]))
            self.assertTrue(response.headers["Location"].endswith("?done=" + step))
        self.mine.invalidate_cache()
        self.assertEqual(self.mine.state, "done")
        self.assertTrue(self.mine.date_order_taken and self.mine.date_visit and
                        self.mine.date_arrived)
        self.assertEqual(self.mine.photo_after_ids.mapped("datas_fname"),
                         ["after.jpg"])
        page = self.request("GET", path)
        self.assertNotIn("13955556666", page.text, "no phone once repaired")

    def test_refused_forms_say_why_and_change_nothing(self):
        path = "/my/repairs/%d" % self.mine.id
        before = self.snapshot()
        response = self.request("POST", path + "/arrive",
                                data={"csrf_token": self.csrf(path)})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Take the order first", response.text)
        response = self.request("POST", path + "/take", data={})
        self.assertEqual(response.status_code, 400, "no CSRF token")
        self.assertEqual(self.snapshot(), before)

    def test_orm_stays_closed_to_contractors(self):
        response = self.request("POST", "/web/dataset/call_kw", json={
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": "realestate.repair.item", "method": "search_read",
                "args": [[], ["location", "complaint_id"]], "kwargs": {}}})
        self.assertEqual(response.json()["error"]["data"]["name"],
                         "odoo.exceptions.AccessError")
        self.assertNotIn("主卫", response.text)
