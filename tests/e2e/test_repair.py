"""A repair from the hotline to the owner's signature (issue 14; R20, 004:119-127,
004:38): the day's repair duty head is told and records the arrival, the repair
order's item is in warranty and says why, property engineering accepts it and the
owner signs the completion acceptance on the pad."""
from playwright.sync_api import expect

from conftest import complaint_values, draw_signature, open_record
from test_process import CASE, button, dialog_button

ITEM = "realestate.repair.item"


def repair_case(rpc):
    """A repair request of a 锦绣华庭 unit delivered a year ago (its repair group
    has a duty roster around today)."""
    unit = rpc("realestate.unit", "search_read",
               [("project_id.code", "=", "JXHT"), ("owner_ids", "!=", False)],
               fields=["owner_ids", "contract_number"], limit=1)[0]
    rpc("realestate.unit", "write", [unit["id"]],
        {"delivery_date": "2025-12-01", "warranty_end_date": "2027-11-30"})
    partner = rpc("res.partner", "read", unit["owner_ids"][:1], ["mobile", "email"])[0]
    values = complaint_values(
        rpc, kind="repair", unit_id=unit["id"], partner_id=partner["id"],
        partner_phone=partner["mobile"] or "13812345678",
        partner_email=partner["email"] or False, email_unknown=not partner["email"],
        contract_number=unit["contract_number"] or "E2E-R",
        description="<p>浏览器测试：主卧卫生间天花板渗水。</p>")
    return rpc(CASE, "create", values)


def test_a_repair_from_the_hotline_to_the_owners_signature(login, rpc):
    case_id = repair_case(rpc)
    case = rpc(CASE, "read", [case_id], ["duty_user_id"])[0]
    assert case["duty_user_id"], "the demo roster names today's repair duty head"
    duty = rpc("res.users", "read", [case["duty_user_id"][0]], ["login"])[0]["login"]

    # The duty head opens the case they were told of and records the arrival.
    page = login(duty)
    open_record(page, CASE, case_id)
    button(page, "登记到场").click()
    who = page.locator(".modal .o_field_widget[name=user_id] input")
    expect(who).not_to_have_value("")
    dialog_button(page, "登记").click()
    expect(page.locator(".modal")).to_have_count(0)
    expect(button(page, "登记到场")).to_have_count(0)
    onsite = rpc("realestate.complaint.deadline", "search_read",
                 [("complaint_id", "=", case_id), ("target", "=", "onsite")],
                 fields=["status"])[0]
    assert onsite["status"] in ("met", "met_late")

    # The repair order's item, agreed with the owner on site.
    waterproofing = rpc.ref("realestate_complaint.warranty_waterproofing")
    party = rpc("realestate.repair.group.member", "search",
                [("group_id.project_id.code", "=", "JXHT"),
                 ("trade", "=", "waterproofing")],
                limit=1)[0]
    item_id = rpc(ITEM, "create", {
        "complaint_id": case_id, "location": "主卧卫生间", "component_id": waterproofing,
        "description": "天花板渗水", "plan": "重做防水层", "party_id": party,
        "date_planned": "2099-01-10"})
    page.reload()    # the same address: a goto would keep the form as it was
    page.wait_for_selector(".o_form_view .o_form_statusbar")
    page.click("a[role=tab]:has-text('报修单')")
    row = page.locator(".tab-pane.active .o_data_row").first
    expect(row).to_contain_text("保修期内")
    row.click()
    dialog = page.locator(".modal")
    expect(dialog).to_contain_text("2030")      # waterproofing: 5 years from delivery
    status = dialog.locator(".o_statusbar_status .btn-primary")
    for label, state in (("维修方案已商定", "维修方案已商定"), ("已维修", "已维修"),
                         ("验收合格", "已验收")):
        dialog.locator(".o_statusbar_buttons button", has_text=label).click()
        expect(status).to_have_text(state)
    page.locator(".modal-footer button", has_text="关闭").click()
    assert rpc(ITEM, "read", [item_id], ["state"])[0]["state"] == "accepted"

    # The owner signs the completion acceptance on the agent's screen.
    page2 = login("agent")
    open_record(page2, CASE, case_id)
    button(page2, "业主验收维修").click()
    pad = page2.locator(".modal .o_signature_pad canvas")
    expect(pad).to_be_visible()
    draw_signature(page2, pad)
    dialog_button(page2, "业主验收").click()
    expect(page2.locator(".modal")).to_have_count(0)
    saved = rpc(CASE, "read", [case_id],
                ["date_repair_accepted", "repair_signature"])[0]
    assert saved["date_repair_accepted"] and saved["repair_signature"]
