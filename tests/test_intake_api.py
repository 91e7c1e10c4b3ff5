"""The intake API over HTTP (R1-R3, R39): the call-centre software and the WeChat
mini-program register cases and read their status with their own key. Every
refused request is checked for its answer and for leaving the database as it was.
"""
import json
import threading

from odoo import SUPERUSER_ID, api
from odoo.tests.common import (HOST, PORT, HttpCase, TransactionCase, at_install,
                               post_install)
from odoo.tools import mute_logger

from ..models.realestate_complaint_intake import IntakeError

API = "http://%s:%s/api/complaint/v1" % (HOST, PORT)
ADDON = "realestate_complaint"
# What an error answer must never show (R39).
INTERNALS = ("Traceback", 'File "', "psycopg2", "odoo.", "realestate_complaint",
             "SELECT", "INSERT", "res_partner", "key_hash", "intake_fingerprint")


def make_integrations(env):
    """A hotline and a WeChat integration with their keys, and a unit to complain
    about (project TAPI, building A栋, room 0801)."""
    env.user.company_id.email = env.user.company_id.email or "service@example.com"
    Integration = env["realestate.complaint.integration"]
    hotline = Integration.create({"name": "T API Hotline", "channel": "hotline"})
    wechat = Integration.create({"name": "T API WeChat", "channel": "wechat"})
    keys = {integration: integration.action_generate_key()["context"]["default_key"]
            for integration in (hotline, wechat)}
    project = env["realestate.project"].create({"name": "API 花园", "code": "TAPI"})
    building = env["realestate.building"].create(
        {"name": "A栋", "project_id": project.id})
    unit = env["realestate.unit"].create({
        "building_id": building.id, "floor": 8, "room": "0801",
        "contract_number": "TAPI-2025-0801"})
    return hotline, wechat, keys, unit


def case_payload(**overrides):
    """A complete hotline registration (R2); a value None leaves the field out."""
    data = {
        "external_id": "CC-20261125-0001",
        "kind": "repair",
        "category": "QUA01",
        "description": "卫生间天花板漏水，已经三天。\n请尽快上门查看。",
        "demand": "repair",
        "demand_note": "希望本周内修好",
        "customer": {"name": "欧阳测试", "phone": "138-0013-8000",
                     "email": "ouyang.test@example.com", "role": "owner"},
        "unit": {"project": "TAPI", "building": "A栋", "room": "0801"},
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@at_install(False)
@post_install(True)
class TestIntakeApi(HttpCase):

    def setUp(self):
        super(TestIntakeApi, self).setUp()
        # Odoo 11 serves the requests of an HttpCase on a cursor of its own (the
        # registry's test cursor): the data of the test must be written there.
        self.env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {
            "lang": "en_US", "no_reset_password": True})
        self.Complaint = self.env["realestate.complaint"]
        # Failures of earlier requests to this database would count (rolled back).
        self.env.cr.execute("DELETE FROM realestate_complaint_intake_attempt")
        self.hotline, self.wechat, keys, self.unit = make_integrations(self.env)
        self.hotline_key, self.wechat_key = keys[self.hotline], keys[self.wechat]

    # Helpers
    def call(self, method, path, key=None, body=None, payload=None,
             content_type="application/json", headers=None):
        """The answer to a request; ``key`` False sends no Authorization."""
        sent = {"Content-Type": content_type} if content_type else {}
        if key is not False:
            sent["Authorization"] = "Bearer %s" % (key or self.hotline_key)
        sent.update(headers or {})
        if body is None and payload is not None:
            body = json.dumps(payload).encode("utf-8")
        # The test cursor "commits" to a savepoint; a request that rolls back goes
        # back to it, not before what the test wrote (Odoo 11's TestCursor: the
        # transaction stays open). pylint: disable-next=invalid-commit
        self.env.cr.commit()
        response = self.opener.request(method, API + path, data=body, headers=sent,
                                       timeout=60)
        self.env.cache.invalidate()
        return response

    def post(self, payload=None, **kwargs):
        if payload is None and "body" not in kwargs:
            payload = case_payload()
        return self.call("POST", "/complaints", payload=payload, **kwargs)

    def get(self, number, **kwargs):
        return self.call("GET", "/complaints/%s" % number, content_type=None,
                         **kwargs)

    def snapshot(self):
        """What a refused request must leave as it was."""
        self.env.cr.execute("""
            SELECT (SELECT count(*) FROM realestate_complaint),
                   (SELECT max(write_date) FROM realestate_complaint),
                   (SELECT count(*) FROM res_partner),
                   (SELECT max(write_date) FROM res_partner),
                   (SELECT count(*) FROM mail_message)""")
        return self.env.cr.fetchone()

    def assertRefused(self, response, status, code, before, field=None):
        """The answer is a JSON error with this status and code, no internals, and
        nothing was created or changed."""
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"],
                         "application/json; charset=utf-8")
        body = response.json()
        self.assertEqual(list(body), ["error"])
        self.assertEqual(body["error"]["code"], code, response.text)
        self.assertTrue(body["error"]["message"])
        for internal in INTERNALS:
            self.assertNotIn(internal, response.text)
        if field:
            self.assertIn(field, [d["field"] for d in body["error"]["details"]],
                          response.text)
        self.assertEqual(self.snapshot(), before)
        return body["error"]

    def case(self, number):
        return self.Complaint.sudo().search([("name", "=", number)])

    # Registration (R1-R3)
    def test_hotline_registers_a_complete_acknowledged_case(self):
        """R1-R3: the case is registered as the integration's technical user, with
        the same process as the form: number, deadlines, acknowledgement."""
        response = self.post()
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()
        case = self.case(answer["number"])
        self.assertEqual(len(case), 1)
        self.assertRegex(case.name, r"^TS\d{6}-\d{5}$")
        self.assertTrue(response.headers["Location"].endswith(
            "/api/complaint/v1/complaints/%s" % case.name))
        self.assertEqual(case.channel, "hotline")
        self.assertEqual(case.company_id, self.hotline.company_id)
        self.assertEqual(case.receiver_id, self.hotline.user_id)
        self.assertEqual(case.kind, "repair")
        self.assertEqual(case.category_id,
                         self.env.ref(ADDON + ".category_quality_leak"))
        self.assertEqual(case.unit_id, self.unit)
        self.assertEqual(case.contract_number, "TAPI-2025-0801")
        self.assertTrue(case.evidence_unknown)
        self.assertEqual(case.partner_id.name, "欧阳测试")
        self.assertEqual(case.partner_id.mobile, "13800138000")
        self.assertEqual(case.partner_phone, "13800138000")
        self.assertEqual(case.partner_email, "ouyang.test@example.com")
        self.assertIn("请尽快上门查看", case.description)
        self.assertEqual(case.demand_note, "希望本周内修好")
        self.assertEqual(case.intake_external_id, "CC-20261125-0001")
        self.assertEqual(case.intake_integration_id, self.hotline)
        self.assertEqual(case._missing_registration_items(), [])
        # R3: acknowledged at once, by email, with the expected handling time.
        self.assertEqual(case.stage_id, self.env.ref(ADDON + ".stage_acknowledged"))
        self.assertTrue(case.date_expected)
        self.assertTrue(case.message_ids.filtered(
            lambda m: case.partner_id in m.partner_ids and case.name in m.body))
        self.assertEqual(answer["created"], True)
        self.assertEqual(answer["external_id"], "CC-20261125-0001")
        self.assertEqual(answer["channel"], "hotline")
        self.assertEqual(answer["stage"], {"code": "acknowledged",
                                           "name": "Acknowledged"})
        self.assertEqual(answer["expected_by"],
                         case.date_expected.replace(" ", "T") + "Z")
        self.assertIn(case.name, answer["acknowledgement"])
        self.assertIn("What happens next", answer["acknowledgement"])
        self.assertIn("We expect to have handled it by", answer["acknowledgement"])

    def test_wechat_registers_an_anonymous_case_in_chinese(self):
        """R1, R31: an anonymous WeChat complaint about a project; the answer in
        the language the request asks for."""
        response = self.post(case_payload(
            external_id="wx-5f3a9c", customer=None, anonymous=True, unit=None,
            kind="complaint", category="PRM", demand="explanation",
            demand_note=None), key=self.wechat_key,
            headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()
        case = self.case(answer["number"])
        self.assertEqual(case.channel, "wechat")
        self.assertTrue(case.is_anonymous)
        self.assertFalse(case.partner_id)
        self.assertTrue(case.unit_unknown)
        self.assertTrue(case.contract_unknown)
        self.assertEqual(case.receiver_id, self.wechat.user_id)
        self.assertEqual(answer["stage"]["name"], "已受理")
        acknowledgement = answer["acknowledgement"]
        self.assertIn("受理编号", acknowledgement)
        self.assertIn(case.name, acknowledgement)
        # Plain text: no email markup, no line breaks of the template's source.
        self.assertNotIn("*", acknowledgement)
        self.assertNotRegex(acknowledgement, r"[\u4e00-\u9fff，；。][ \t]+[\u4e00-\u9fff]")

    def test_lang_field_comes_before_the_header(self):
        response = self.post(case_payload(lang="zh_CN"),
                             headers={"Accept-Language": "en-US"})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["stage"]["name"], "已受理")
        case = self.case(response.json()["number"])
        # A new complainant is written to in the language they used.
        self.assertEqual(case.partner_id.lang, "zh_CN")

    def test_languages_are_matched_to_the_installed_ones(self):
        Intake = self.env["realestate.complaint.intake"]
        self.assertEqual(Intake._pick_lang(["zh-CN"]), "zh_CN")
        self.assertEqual(Intake._pick_lang(["ZH_cn"]), "zh_CN")
        self.assertEqual(Intake._pick_lang(["zh-TW"]), "zh_CN")
        self.assertEqual(Intake._pick_lang(["fr-FR", "zh"]), "zh_CN")
        self.assertEqual(Intake._pick_lang(["fr-FR"]), "en_US")
        self.assertEqual(Intake._pick_lang([None, 3, "", "en"]), "en_US")

    def test_same_request_twice_registers_one_case(self):
        """Idempotent by external id: the repeat answers 200 with the same case."""
        first = self.post()
        before = self.snapshot()
        second = self.post(headers={"Accept-Language": "zh-CN"})
        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(second.json()["number"], first.json()["number"])
        self.assertIs(second.json()["created"], False)
        self.assertNotIn("Location", second.headers)
        self.assertEqual(self.snapshot(), before)

    def test_used_external_id_with_other_content_is_a_conflict(self):
        """The case registered first is neither overwritten nor duplicated."""
        number = self.post().json()["number"]
        case = self.case(number)
        description = case.description
        before = self.snapshot()
        error = self.assertRefused(
            self.post(case_payload(description="完全不同的问题")), 409,
            "external_id_conflict", before)
        self.assertIn(number, error["message"])
        self.assertEqual(case.description, description)

    def test_external_ids_belong_to_their_integration(self):
        first = self.post()
        second = self.post(key=self.wechat_key)
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertNotEqual(first.json()["number"], second.json()["number"])
        self.assertEqual(self.case(second.json()["number"]).channel, "wechat")

    def test_known_complainant_is_reused_and_not_changed(self):
        """Found by name and phone; what they gave now stays on the case only."""
        known = self.env["res.partner"].create({
            "name": "欧阳测试", "mobile": "138 0013 8000",
            "email": "old.address@example.com"})
        changed = known.write_date
        response = self.post()
        case = self.case(response.json()["number"])
        self.assertEqual(case.partner_id, known)
        self.assertEqual(known.email, "old.address@example.com")
        self.assertEqual(known.mobile, "138 0013 8000")
        self.assertEqual(known.write_date, changed)
        self.assertEqual(case.partner_email, "ouyang.test@example.com")

    # Status (R39)
    def test_status_shows_what_the_customer_may_know(self):
        number = self.post().json()["number"]
        case = self.case(number)
        case.message_post(body="内部备注：业主情绪激动", subtype="mail.mt_note")
        response = self.get(number, headers={"Accept-Language": "zh-CN"})
        self.assertEqual(response.status_code, 200, response.text)
        status = response.json()
        self.assertEqual(set(status), {
            "number", "external_id", "kind", "channel", "stage", "closed",
            "received_at", "expected_by", "closed_at"})
        self.assertEqual(status["number"], number)
        self.assertEqual(status["stage"], {"code": "acknowledged", "name": "已受理"})
        self.assertIs(status["closed"], False)
        self.assertIsNone(status["closed_at"])
        self.assertEqual(status["received_at"],
                         case.date_received.replace(" ", "T") + "Z")
        for private in ("内部备注", case.partner_id.name, "13800138000",
                        self.hotline.user_id.name, '"id"'):
            self.assertNotIn(private, response.text)

    def test_status_follows_the_case(self):
        number = self.post().json()["number"]
        self.case(number).write({"stage_id": self.env.ref(ADDON + ".stage_closed").id})
        status = self.get(number).json()
        self.assertEqual(status["stage"]["code"], "closed")
        self.assertIs(status["closed"], True)
        self.assertTrue(status["closed_at"])

    def test_another_integrations_case_is_not_found(self):
        """R39: the same answer as a number that does not exist."""
        number = self.post().json()["number"]
        form_case = self.Complaint.create({
            "partner_id": self.env["res.partner"].create({"name": "T Walk-in"}).id,
            "partner_phone": "13912345678", "email_unknown": True,
            "unit_unknown": True, "contract_unknown": True, "evidence_unknown": True,
            "description": "<p>x</p>", "demand": "other", "channel": "walk_in"})
        before = self.snapshot()
        other = self.assertRefused(self.get(number, key=self.wechat_key), 404,
                                   "not_found", before)
        self.assertRefused(self.get(form_case.name), 404, "not_found", before)
        unknown = self.assertRefused(self.get("TS209901-99999", key=self.wechat_key),
                                     404, "not_found", before)
        self.assertEqual(other["message"].replace(number, "N"),
                         unknown["message"].replace("TS209901-99999", "N"))

    # Refused requests: the answer, and nothing created or changed (R39)
    def test_no_key(self):
        before = self.snapshot()
        response = self.post(key=False)
        self.assertRefused(response, 401, "unauthorized", before)
        self.assertEqual(response.headers["WWW-Authenticate"],
                         'Bearer realm="complaints"')
        self.assertRefused(self.post(headers={"Authorization": "Basic %s" %
                                              self.hotline_key}),
                           401, "unauthorized", before)

    def test_wrong_key(self):
        """A known prefix with a wrong secret gets the same answer as any key."""
        before = self.snapshot()
        forged = self.hotline_key[:-4] + "AAAA"
        first = self.assertRefused(self.post(key=forged), 401, "unauthorized", before)
        second = self.assertRefused(self.post(key="rc_00000000.x"), 401,
                                    "unauthorized", before)
        self.assertEqual(first, second)

    def test_revoked_key(self):
        self.hotline.action_revoke()
        before = self.snapshot()
        self.assertRefused(self.post(), 401, "unauthorized", before)
        self.assertRefused(self.get("TS209901-99999"), 401, "unauthorized", before)

    def test_malformed_json(self):
        before = self.snapshot()
        for body in (b'{"external_id": "CC-1", ', b"", b"{'a': 1}",
                     b'{"a": NaN}', b'{"a": 1, "a": 2}', b"\xff\xfe{}",
                     b"[" * 5000 + b"]" * 5000):
            self.assertRefused(self.post(body=body), 400, "invalid_json", before)

    def test_json_that_is_not_an_object(self):
        before = self.snapshot()
        for body in (b"[]", b'"text"', b"42", b"null"):
            self.assertRefused(self.post(body=body), 400, "invalid_body", before)

    def test_missing_description_and_demand(self):
        """R2: every missing item is listed at once."""
        before = self.snapshot()
        error = self.assertRefused(
            self.post(case_payload(description="   ", demand=None)), 422,
            "invalid_request", before, field="description")
        self.assertIn("demand", [d["field"] for d in error["details"]])

    def test_missing_customer_and_external_id(self):
        before = self.snapshot()
        error = self.assertRefused(
            self.post(case_payload(customer=None, external_id=None)), 422,
            "invalid_request", before, field="customer")
        self.assertIn("external_id", [d["field"] for d in error["details"]])
        self.assertRefused(
            self.post(case_payload(customer={"name": "欧阳测试"})), 422,
            "invalid_request", before, field="customer.phone")

    def test_bad_phone(self):
        before = self.snapshot()
        for phone in ("12345", "138001380001", "电话", "+86 138"):
            error = self.assertRefused(
                self.post(case_payload(customer={"name": "欧阳测试", "phone": phone})),
                422, "invalid_request", before, field="customer.phone")
            self.assertEqual(error["details"][0]["code"], "invalid_phone")

    def test_bad_email(self):
        before = self.snapshot()
        for email in ("ouyang", "a@b", "张三 <z@example.com>", "a@@example.com"):
            error = self.assertRefused(self.post(case_payload(customer={
                "name": "欧阳测试", "phone": "13800138000", "email": email})),
                422, "invalid_request", before, field="customer.email")
            self.assertEqual(error["details"][0]["code"], "invalid_email")

    def test_unknown_category(self):
        before = self.snapshot()
        self.assertRefused(self.post(case_payload(category="NOPE")), 422,
                           "unknown_category", before, field="category")

    def test_unknown_unit(self):
        before = self.snapshot()
        for unit in ({"project": "TAPI", "building": "A栋", "room": "9999"},
                     {"project": "NOPE", "building": "A栋", "room": "0801"}):
            self.assertRefused(self.post(case_payload(unit=unit)), 422,
                               "unknown_unit", before, field="unit")
        self.assertRefused(
            self.post(case_payload(unit={"project": "TAPI", "room": "0801"})),
            422, "invalid_request", before, field="unit.building")

    def test_unit_of_another_company(self):
        other = self.env["res.company"].create({"name": "T Other Developer"})
        self.env["realestate.project"].create(
            {"name": "别家", "code": "TAPI", "company_id": other.id})
        self.unit.building_id.project_id.code = "TAPJ"
        before = self.snapshot()
        self.assertRefused(self.post(), 422, "unknown_unit", before)

    def test_oversized_body(self):
        before = self.snapshot()
        description = "漏" * 30000  # 90 KB in UTF-8
        self.assertRefused(self.post(case_payload(description=description)), 413,
                           "payload_too_large", before)

    def test_oversized_and_odd_fields(self):
        before = self.snapshot()
        cases = [
            (case_payload(description="x" * 10001), "description", "too_long"),
            (case_payload(external_id="x" * 65), "external_id", "too_long"),
            (case_payload(external_id="CC 1"), "external_id", "invalid"),
            (case_payload(description="漏水\x00"), "description",
             "invalid_characters"),
            (case_payload(customer={"name": "欧阳\n测试", "phone": "13800138000"}),
             "customer.name", "invalid_characters"),
            (case_payload(customer={"name": "\ud800", "phone": "13800138000"}),
             "customer.name", "invalid_characters"),
            (case_payload(customer={"name": "欧阳测试", "phone": 13800138000}),
             "customer.phone", "invalid_type"),
            (case_payload(anonymous="yes", customer=None), "anonymous",
             "invalid_type"),
            (case_payload(customer=["欧阳测试"]), "customer", "invalid_type"),
            (case_payload(kind="rant"), "kind", "invalid_choice"),
            (case_payload(anonymous=True), "customer", "not_allowed"),
        ]
        for payload, field, code in cases:
            error = self.assertRefused(self.post(payload), 422, "invalid_request",
                                       before, field=field)
            self.assertIn(code, [d["code"] for d in error["details"]], payload)

    def test_wrong_content_type(self):
        before = self.snapshot()
        body = json.dumps(case_payload()).encode("utf-8")
        for content_type in ("text/plain", "application/x-www-form-urlencoded",
                             None):
            self.assertRefused(self.post(body=body, content_type=content_type),
                               415, "unsupported_media_type", before)

    def test_unknown_fields(self):
        """A misspelt field would lose what the customer said: refused, named."""
        before = self.snapshot()
        error = self.assertRefused(
            self.post(case_payload(descripton="typo", customer={
                "name": "欧阳测试", "phone": "13800138000", "wechat": "oy"})),
            422, "invalid_request", before, field="descripton")
        self.assertIn("customer.wechat", [d["field"] for d in error["details"]])

    def test_forged_channel_or_company(self):
        """The channel and company come from the integration, never the request."""
        before = self.snapshot()
        for forged in ({"channel": "government"}, {"company": "Other"},
                       {"company_id": 1}):
            self.assertRefused(self.post(case_payload(**forged)), 422,
                               "invalid_request", before, field=list(forged)[0])

    def test_method_not_allowed_and_unknown_address(self):
        before = self.snapshot()
        response = self.call("PUT", "/complaints", payload=case_payload())
        self.assertRefused(response, 405, "method_not_allowed", before)
        self.assertEqual(response.headers["Allow"], "POST")
        self.assertRefused(self.call("GET", "/complaints"), 405,
                           "method_not_allowed", before)
        self.assertRefused(self.call("POST", "/cases", payload=case_payload()), 404,
                           "not_found", before)

    def test_odoo_rpc_keeps_working(self):
        """Integrators who prefer Odoo's own XML-RPC or JSON-RPC still can: only
        the intake API's paths read JSON bodies themselves."""
        self.assertIn("server_version", self.xmlrpc_common.version())
        response = self.opener.post(
            "http://%s:%s/jsonrpc" % (HOST, PORT), timeout=60,
            headers={"Content-Type": "application/json"},
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "service": "common", "method": "version", "args": []}}))
        self.assertIn("server_version", response.json()["result"])

    def test_archived_technical_user(self):
        self.hotline.user_id.active = False
        before = self.snapshot()
        self.assertRefused(self.post(), 403, "integration_unavailable", before)

    def test_too_many_failed_attempts(self):
        """R39: failed keys are limited per address (429 with Retry-After); calls
        with a valid key do not count, and the limit lifts with the window."""
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("realestate_complaint.intake_max_failures", "3")
        Param.set_param("realestate_complaint.intake_failure_window", "600")
        for _i in range(5):
            self.assertEqual(self.get("TS209901-99999").status_code, 404)
        before = self.snapshot()
        for _i in range(3):
            self.assertRefused(self.post(key="rc_00000000.guess"), 401,
                               "unauthorized", before)
        response = self.post(key="rc_00000000.guess")
        self.assertRefused(response, 429, "too_many_attempts", before)
        self.assertTrue(0 < int(response.headers["Retry-After"]) <= 600)
        # Blocked, the address cannot try keys at all, valid ones included.
        self.assertRefused(self.post(), 429, "too_many_attempts", before)
        Attempt = self.env["realestate.complaint.intake.attempt"]
        self.assertEqual(Attempt.search_count([]), 3)
        self.assertEqual(set(Attempt.search([]).mapped("key_prefix")),
                         {"00000000"})
        # The window passes: the address may try again; old failures are deleted.
        self.env.cr.execute("UPDATE realestate_complaint_intake_attempt "
                            "SET date = date - interval '601 seconds'")
        self.assertEqual(self.post().status_code, 201)
        self.assertRefused(self.post(key="rc_00000000.guess"), 401, "unauthorized",
                           self.snapshot())
        self.assertEqual(Attempt.search_count([]), 1)


@at_install(False)
@post_install(True)
class TestIntakeConcurrency(TransactionCase):
    """The same request sent twice at once by two workers (R1): the second one's
    transaction began before the first committed, so it cannot see that case; the
    unique constraint refuses its insert and it answers with the committed case.

    Two real transactions: the data of the other one is committed, then deleted.
    """

    def setUp(self):
        super(TestIntakeConcurrency, self).setUp()
        self.committed = []
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            hotline, _wechat, keys, unit = make_integrations(env)
            self.committed = [("integration", hotline.id, hotline.user_id.id),
                              ("integration", _wechat.id, _wechat.user_id.id),
                              ("unit", unit.id, unit.building_id.id,
                               unit.building_id.project_id.id)]
            self.hotline_id = hotline.id
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cases = env["realestate.complaint"].search(
                [("intake_integration_id", "=", self.hotline_id)])
            partners = cases.mapped("partner_id")
            cases.unlink()
            partners.unlink()
            for row in self.committed:
                if row[0] == "integration":
                    env["realestate.complaint.integration"].browse(row[1]).unlink()
                    user = env["res.users"].browse(row[2])
                    partner = user.partner_id
                    user.unlink()
                    partner.unlink()
                else:
                    env["realestate.unit"].browse(row[1]).unlink()
                    env["realestate.building"].browse(row[2]).unlink()
                    env["realestate.project"].browse(row[3]).unlink()

    def register_elsewhere(self, payload):
        """The request as another worker handles it: its own committed
        transaction."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            intake = env["realestate.complaint.intake"]
            integration = env["realestate.complaint.integration"].browse(
                self.hotline_id)
            return intake._register_case(integration, payload)

    def test_simultaneous_repeat_answers_with_the_committed_case(self):
        env = self.env(context=dict(self.env.context, lang="en_US"))
        intake = env["realestate.complaint.intake"]
        integration = env["realestate.complaint.integration"].browse(self.hotline_id)
        # This transaction's snapshot is taken now, before the other worker's case.
        self.assertTrue(integration.user_id)
        payload = case_payload(external_id="CC-RACE-1")
        status, first = self.register_elsewhere(payload)
        self.assertEqual(status, 201)
        self.assertFalse(intake._registered(integration, "CC-RACE-1"))
        with mute_logger("odoo.sql_db"):
            status, second = intake._register_case(integration, payload)
        self.assertEqual(status, 200)
        self.assertEqual(second["number"], first["number"])
        self.assertIs(second["created"], False)
        # This transaction created nothing, and goes on working.
        self.assertFalse(intake._registered(integration, "CC-RACE-1"))
        self.assertTrue(integration.user_id.name)

    def test_simultaneous_other_request_is_a_conflict(self):
        env = self.env(context=dict(self.env.context, lang="en_US"))
        intake = env["realestate.complaint.intake"]
        integration = env["realestate.complaint.integration"].browse(self.hotline_id)
        self.assertTrue(integration.user_id)
        self.register_elsewhere(case_payload(external_id="CC-RACE-2"))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntakeError) as caught:
            intake._register_case(integration, case_payload(
                external_id="CC-RACE-2", description="另一个问题"))
        self.assertEqual(caught.exception.status, 409)

    def test_unique_constraint_holds_in_the_database(self):
        """Even two writers that both miss each other's case get one case."""
        barrier = threading.Barrier(2, timeout=30)
        results = []

        def worker():
            # Odoo sends no email from a thread marked as testing.
            threading.current_thread().testing = True
            with api.Environment.manage(), self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                integration = env["realestate.complaint.integration"].browse(
                    self.hotline_id)
                # pylint: disable-next=pointless-statement
                integration.user_id.name  # the snapshot before both inserts
                barrier.wait()
                try:
                    with mute_logger("odoo.sql_db"):
                        results.append(env["realestate.complaint.intake"]
                                       ._register_case(integration, case_payload(
                                           external_id="CC-RACE-3"))[0])
                except Exception as error:  # reported below, not swallowed
                    results.append(repr(error))

        threads = [threading.Thread(target=worker) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(sorted(results), [200, 201], results)
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM realestate_complaint "
                       "WHERE intake_integration_id = %s "
                       "AND intake_external_id = 'CC-RACE-3'", (self.hotline_id,))
            self.assertEqual(cr.fetchone()[0], 1)
