"""Issue 16 item 13: an agent merges a second registration of a case into it
(002:815: one issue is recorded once), from the case and from two cases of the
list, and answers a customer with a canned reply typed in the chatter (002:581).
In English: the addon's Chinese terms of these screens are merged later."""
from playwright.sync_api import expect

from conftest import open_action, open_record, pick
from test_process import CASE, button, dialog_button, new_case


def two_registrations(rpc):
    first = new_case(rpc, "stage_registered", date_received="2026-12-01 02:00:00")
    second = new_case(rpc, "stage_registered", channel="email",
                      date_received="2026-12-02 02:00:00")
    rpc(CASE, "message_post", [second], body="业主第二次来电：卫生间仍在漏水",
        subtype="mail.mt_comment")
    return first, second


def names(rpc, *ids):
    return [row["name"] for row in rpc(CASE, "read", list(ids), ["name"])]


def test_agent_merges_a_duplicate_from_its_form(login, rpc):
    first, second = two_registrations(rpc)
    first_name, second_name = names(rpc, first, second)
    page = login("agent", lang="en_US")
    open_record(page, CASE, second)
    button(page, "Merge Duplicate").click()
    expect(page.locator(".modal")).to_contain_text("Not a repeat")
    pick(page, "target_id", first_name, scope=".modal")
    page.fill(".modal .o_field_widget[name=reason]", "同一业主同一问题，电话和邮件各登记一次")
    dialog_button(page, "Merge").click()
    # The surviving case opens, with the duplicate's message and the link.
    expect(page.locator(".o_form_view .oe_title")).to_contain_text(first_name)
    chatter = page.locator(".o_chatter")
    expect(chatter).to_contain_text("业主第二次来电")
    expect(chatter).to_contain_text("%s merged into this case" % second_name)
    expect(page.locator(".oe_stat_button", has_text="Merged")).to_be_visible()
    case = rpc(CASE, "read", [second], ["merged_into_id", "is_closed"])[0]
    assert case["merged_into_id"][0] == first and case["is_closed"]
    # The duplicate shows where it went.
    open_record(page, CASE, second)
    expect(page.locator(".o_field_widget[name=merged_into_id]")).to_contain_text(
        first_name)


def test_agent_merges_two_cases_selected_in_the_list(login, rpc):
    first, second = two_registrations(rpc)
    first_name, second_name = names(rpc, first, second)
    page = login("agent", lang="en_US")
    open_action(page, "realestate_complaint.realestate_complaint_action")
    page.click(".o_cp_switch_list")
    rows = page.locator(".o_list_view tbody tr.o_data_row")
    for name in (first_name, second_name):
        rows.filter(has_text=name).locator(".o_list_record_selector input").check()
    page.click(".o_cp_sidebar .o_dropdown_toggler_btn:has-text('Action')")
    page.click(".o_cp_sidebar a:has-text('Merge Duplicate Registration')")
    modal = page.locator(".modal")
    # The later registration is the duplicate of the earlier one.
    expect(modal.locator(".o_field_widget[name=complaint_id] input")).to_have_value(
        second_name)
    expect(modal.locator(".o_field_widget[name=target_id] input")).to_have_value(
        first_name)
    dialog_button(page, "Merge").click()
    # Back on the list of open cases, which the closed duplicate has left.
    expect(page.locator(".modal")).to_have_count(0)
    expect(rows.filter(has_text=second_name)).to_have_count(0)
    expect(rows.filter(has_text=first_name)).to_have_count(1)
    assert rpc(CASE, "read", [second], ["merged_into_id"])[0]["merged_into_id"][0] \
        == first


def test_agent_answers_with_a_canned_reply(login, rpc):
    case_id = new_case(rpc, "stage_registered")
    reply = rpc("mail.shortcode", "read",
                [rpc.ref("realestate_complaint.shortcode_zh_photos")],
                ["substitution"])[0]["substitution"]
    page = login("agent", lang="en_US")
    open_record(page, CASE, case_id)
    page.click(".o_chatter_button_log_note")
    composer = page.locator(".o_chatter textarea.o_composer_text_field")
    composer.type("照片 :photo")
    proposals = page.locator(".o_composer_mention_dropdown .o_mention_proposition")
    expect(proposals.filter(has_text="zh-photos")).to_be_visible()
    expect(proposals.filter(has_text="en-photos")).to_be_visible()
    proposals.filter(has_text="zh-photos").click()
    expect(composer).to_have_value("照片 %s " % reply)
    page.click(".o_chatter .o_composer_button_send:visible")
    posted = page.locator(".o_chatter .o_thread_message", has_text=reply)
    expect(posted).to_have_count(1)
    bodies = rpc("mail.message", "search_read",
                 [("model", "=", CASE), ("res_id", "=", case_id)], fields=["body"])
    assert any(reply in message["body"] for message in bodies)
