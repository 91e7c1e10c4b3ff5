"""The customer portal on the demo data (R1-R3, R16, R39): 蔡琳 (login customer) logs
in, finds her cases under My Complaints, and submits one with a photo."""
import base64
import re

from playwright.sync_api import expect

from conftest import BASE

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9a"
    "wAAAABJRU5ErkJggg==")


def customer(login):
    return login("customer", ready=".o_portal_my_home")


def test_customer_sees_her_cases_and_answers_are_offered(login, rpc):
    page = customer(login)
    resolved = rpc("realestate.complaint", "read",
                   [rpc.ref("realestate_complaint.complaint_p5_demo")], ["name"])[0]
    owner = rpc.ref("realestate_complaint.partner_owner_39_demo")
    mine = rpc("realestate.complaint", "search_count", [("partner_id", "=", owner)])
    entry = page.locator(".o_portal_complaints")
    expect(entry).to_contain_text("我的投诉")
    expect(entry.locator(".badge")).to_have_text(str(mine))
    entry.locator("a").click()
    rows = page.locator(".o_complaint_table tbody tr, .o_complaint_table tr:has(td)")
    expect(rows).to_have_count(mine)
    row = page.locator("tr", has_text=resolved["name"])
    expect(row.locator(".label")).to_have_text("已解决，请确认")
    row.locator("a").click()
    expect(page.locator(".o_complaint_status")).to_have_text("已解决，请确认")
    expect(page.locator(".o_complaint_answer")).to_be_visible()
    expect(page.locator(".o_complaint_result")).to_contain_text("会所")


def test_customer_submits_a_complaint_with_a_photo(login, rpc, tmp_path):
    page = customer(login)
    page.goto(BASE + "/my/complaints/new")
    photo = tmp_path / "阳台渗水.png"
    photo.write_bytes(PNG)
    unit = page.locator("#unit_id option").nth(1)
    page.select_option("#unit_id", unit.get_attribute("value"))
    leaks = page.locator("#category_id option", has_text="渗漏").first
    page.select_option("#category_id", leaks.get_attribute("value"))
    page.fill("#description", "阳台顶板下雨后渗水，墙面起皮。")
    page.select_option("#demand", "repair")
    # A wrong phone number first: refused, what was typed is still there.
    page.fill("#phone", "123")
    page.click(".o_complaint_submit")
    expect(page.locator(".has-error .o_complaint_error")).to_contain_text("123")
    expect(page.locator("#description")).to_have_value("阳台顶板下雨后渗水，墙面起皮。")
    page.fill("#phone", "13852178619")
    page.set_input_files("#attachments", str(photo))
    page.click(".o_complaint_submit")
    acknowledgement = page.locator(".o_complaint_acknowledgement")
    expect(acknowledgement).to_be_visible()
    number = re.search(r"TS\d{6}-\d+", acknowledgement.inner_text()).group(0)
    case = rpc("realestate.complaint", "search_read", [("name", "=", number)],
               ["channel", "partner_id", "stage_code", "evidence_attachment_ids"])[0]
    assert case["channel"] == "website"
    owner = rpc.ref("realestate_complaint.partner_owner_39_demo")
    assert case["partner_id"][0] == owner
    assert case["stage_code"] == "acknowledged"
    assert len(case["evidence_attachment_ids"]) == 1
    expect(page.locator(".o_complaint_evidence")).to_contain_text("阳台渗水.png")
