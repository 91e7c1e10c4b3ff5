"""The intake API's keys in the web client (R1, R39): the administrator generates a
key, sees it once, the call-centre software registers a case with it; revoked, the
key is refused."""
import json
import re
import urllib.error
import urllib.request

from playwright.sync_api import expect

from conftest import BASE, open_record

API = BASE + "/api/complaint/v1/complaints"


def call(key, payload=None, number=None):
    """(status, answer) of the API: a registration, or a case's status."""
    request = urllib.request.Request(
        API + ("/%s" % number if number else ""),
        data=payload and json.dumps(payload).encode("utf-8"),
        headers={"Authorization": "Bearer %s" % key,
                 "Content-Type": "application/json", "Accept-Language": "zh-CN"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode())


def test_key_is_shown_once_and_works_until_revoked(login, rpc):
    integration = rpc.ref("realestate_complaint.integration_hotline_demo")
    page = login("admin", lang="en_US")
    open_record(page, "realestate.complaint.integration", integration)
    page.click(".o_form_statusbar button:has-text('Generate Key')")
    dialog = page.locator(".modal:has(.o_field_widget[name=key])")
    key = dialog.locator(".o_field_widget[name=key]").inner_text().strip()
    assert re.match(r"^rc_[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$", key), key
    dialog.locator("button:has-text('Done')").click()
    expect(page.locator(".modal")).to_have_count(0)
    # Shown once: no record keeps it.
    assert rpc("realestate.complaint.integration.key", "search_count", []) == 0
    prefix = rpc("realestate.complaint.integration", "read", [integration],
                 ["key_prefix"])[0]["key_prefix"]
    assert key.startswith("rc_%s." % prefix)

    status, answer = call(key, {
        "external_id": "E2E-0001", "kind": "complaint", "category": "QUA01",
        "description": "楼上漏水到我家客厅。", "demand": "repair", "anonymous": True})
    assert status == 201, answer
    assert answer["stage"]["name"] == "已受理"
    assert answer["number"] in answer["acknowledgement"]
    assert call(key, number=answer["number"])[0] == 200

    page.once("dialog", lambda d: d.accept())
    page.click(".o_form_statusbar button:has-text('Revoke')")
    confirm = page.locator(".modal .modal-footer button:has-text('Ok')")
    if confirm.count():
        confirm.first.click()
    expect(page.locator(".alert-danger:has-text('Revoked')")).to_be_visible()
    expect(page.locator(".o_form_statusbar button:has-text('Restore')")).to_be_visible()
    status, answer = call(key, number=answer["number"])
    assert status == 401, answer
