"""A contractor on the portal, from a phone (issue 14, item 5; 004:125-126): 钱伟 of
the waterproofing subcontractor (login contractor) finds the repair order planned
for his company, takes it, sets the visit time, reports his arrival and the repair
done with a photo; property engineering then finds the item repaired."""
import base64
from datetime import datetime, timedelta

from playwright.sync_api import expect

from conftest import BASE
from test_repair import ITEM, repair_case

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9a"
    "wAAAABJRU5ErkJggg==")


def test_a_contractor_takes_and_reports_a_repair_from_the_phone(login, rpc, tmp_path):
    case_id = repair_case(rpc)
    party = rpc("realestate.repair.group.member", "search",
                [("group_id.project_id.code", "=", "JXHT"),
                 ("trade", "=", "waterproofing")], limit=1)[0]
    due = (datetime.utcnow() + timedelta(days=5)).strftime("%Y-%m-%d")
    item_id = rpc(ITEM, "create", {
        "complaint_id": case_id, "location": "浏览器测试·厨房", "description": "水槽下渗水",
        "plan": "更换下水管密封圈", "party_id": party, "date_planned": due,
        "component_id": rpc.ref("realestate_complaint.warranty_waterproofing")})
    rpc(ITEM, "action_plan", [item_id])
    general = rpc("realestate.repair.group.member", "search",
                  [("group_id.project_id.code", "=", "JXHT"),
                   ("role", "=", "general_contractor")], limit=1)[0]
    other_id = rpc(ITEM, "create", {
        "complaint_id": case_id, "location": "浏览器测试·入户门", "description": "门锁松动",
        "plan": "紧固门锁", "party_id": general, "date_planned": due})
    rpc(ITEM, "action_plan", [other_id])

    page = login("contractor", ready=".o_portal_my_home")
    page.set_viewport_size({"width": 390, "height": 844})
    entry = page.locator(".o_portal_repairs")
    expect(entry).to_contain_text("我的维修单")
    entry.locator("a").click()
    expect(page.locator(".o_repair_list")).not_to_contain_text("入户门")
    page.locator(".o_repair_line", has_text="浏览器测试·厨房").click()
    expect(page.locator(".o_repair_item")).to_contain_text("更换下水管密封圈")
    expect(page.locator(".o_repair_phone")).to_be_visible()

    page.click(".o_repair_take")
    expect(page.locator(".o_repair_notice")).to_contain_text("已接单")
    # A visit after the repair date is refused and says why; then a good one.
    page.fill("#date_visit", (datetime.now() + timedelta(days=9)).strftime(
        "%Y-%m-%dT%H:%M"))
    page.click(".o_repair_visit_submit")
    expect(page.locator(".has-error .o_complaint_error")).to_contain_text(due)
    visit = datetime.now() + timedelta(days=1)
    page.fill("#date_visit", visit.strftime("%Y-%m-%dT09:30"))
    page.click(".o_repair_visit_submit")
    expect(page.locator(".o_repair_visit")).to_contain_text(
        visit.strftime("%Y-%m-%d 09:30"))
    page.click(".o_repair_arrive")
    expect(page.locator(".o_repair_notice")).to_contain_text("到场")
    # Done without a photo is refused; with one it is reported.
    page.click(".o_repair_complete")
    expect(page.locator(".has-error .o_complaint_error")).to_contain_text("照片")
    photo = tmp_path / "修好了.png"
    photo.write_bytes(PNG)
    page.set_input_files("#attachments", str(photo))
    page.fill("#note", "已更换密封圈，试水无渗漏。")
    page.click(".o_repair_complete")
    expect(page.locator(".o_repair_notice")).to_contain_text("物业工程部")
    expect(page.locator(".o_repair_photos_after img")).to_have_count(1)
    expect(page.locator(".o_repair_phone")).to_have_count(0)

    item = rpc(ITEM, "read", [item_id], ["state", "date_arrived", "photo_after_ids",
                                         "date_visit", "deadline_status"])[0]
    assert item["state"] == "done" and item["date_arrived"]
    assert len(item["photo_after_ids"]) == 1
    assert item["deadline_status"] == "met"
    assert rpc(ITEM, "read", [other_id], ["state"])[0]["state"] == "planned"
    # Another item's page is not found for him (asked with his session, outside
    # the page: a 404 page would log its failed load in the console).
    response = page.context.request.get("%s/my/repairs/%d" % (BASE, other_id))
    assert response.status == 404
