"""Referring a case up by hand (issue 16, R22; 000:402-444): the agent 李强 finds a
case beyond his competence, refers it up with a reason; the wizard names the next
tier (客服主管) and who it informs; the case shows the referral and the tier it
reached, and the CS supervisors have the to-do."""
from playwright.sync_api import expect

from conftest import complaint_values, open_record

CASE = "realestate.complaint"


def test_an_agent_refers_a_case_up(login, rpc):
    agent = rpc.user("agent")
    case_id = rpc(CASE, "create", complaint_values(rpc, user_id=agent))
    name = rpc(CASE, "read", [case_id], ["name"])[0]["name"]

    page = login("agent")
    open_record(page, CASE, case_id)
    page.locator(".o_form_statusbar button", has_text="逐级上报").click()
    dialog = page.locator(".modal-dialog")
    expect(dialog.locator(".o_field_widget[name=tier_id]")).to_contain_text("客服主管")
    dialog.locator(".o_field_widget[name=reason]").fill("业主要求退房并赔偿，超出客服助理权限")
    dialog.locator(".modal-footer button", has_text="逐级上报").click()
    expect(page.locator(".modal-dialog")).to_have_count(0)

    form = page.locator(".o_form_view")
    tier = form.locator(".o_field_widget[name=escalation_tier_id]").first
    expect(tier).to_contain_text("客服主管")
    page.locator(".o_notebook a", has_text="上报记录").click()
    rows = form.locator(".o_field_widget[name=referral_ids] .o_data_row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("业主要求退房并赔偿")
    expect(page.locator(".o_thread_message").first).to_contain_text("已上报至客服主管")

    todos = rpc("mail.activity", "search_read",
                [("res_model", "=", CASE), ("res_id", "=", case_id),
                 ("user_id", "=", rpc.user("supervisor"))], fields=["summary"])
    assert any(name in todo["summary"] for todo in todos), todos
