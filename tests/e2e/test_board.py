"""The board (issue 8 item 2): every stage in Chinese, drag and drop that stays,
filters and group-bys, the SLA deadline and escalation tier on the cards."""
import re

from playwright.sync_api import expect

from conftest import (apply_filter, column, complaint_values, expect_board_total,
                      open_board, stage_names)


def test_operator_sees_every_stage_column_in_chinese(login, rpc):
    page = login("operator")
    open_board(page)
    _by_code, names = stage_names(rpc)
    # Every stage is a column, the empty and the folded ones too, in stage order.
    # Folded columns add their count: "已结案 (0)".
    expect(page.locator(".o_kanban_group .o_column_title")).to_have_text(
        [re.compile(r"^%s( \(\d+\))?$" % re.escape(name)) for name in names])
    assert "已登记" in names and "已结案" in names


def test_agent_drags_a_card_to_the_next_stage_and_it_stays(login, rpc):
    by_code, _names = stage_names(rpc)
    agent = rpc.user("agent")
    case_id = rpc("realestate.complaint", "create", complaint_values(
        rpc, user_id=agent, stage_id=rpc.ref("realestate_complaint.stage_registered")))
    number = rpc("realestate.complaint", "read", [case_id], ["name"])[0]["name"]
    page = login("agent")
    open_board(page)
    card = column(page, by_code["registered"]).locator(
        ".o_kanban_record", has_text=number)
    target = column(page, by_code["acknowledged"])
    drag(page, card, target)
    expect(target.locator(".o_kanban_record", has_text=number)).to_be_visible()
    page.reload()
    page.wait_for_selector(".o_kanban_view .o_kanban_group")
    expect(column(page, by_code["acknowledged"]).locator(
        ".o_kanban_record", has_text=number)).to_be_visible()
    case = rpc("realestate.complaint", "read", [case_id],
               ["stage_id", "message_ids"])[0]
    assert case["stage_id"][0] == rpc.ref("realestate_complaint.stage_acknowledged")
    tracked = rpc("mail.tracking.value", "search_read",
                  [("mail_message_id", "in", case["message_ids"]),
                   ("field", "=", "stage_id")], fields=["new_value_char"])
    assert tracked, "the chatter records no stage change"


def test_agent_cannot_drag_a_case_past_the_process(login, rpc):
    """Stage guard: *Callback* is reached by reporting the result, not by a drag."""
    by_code, _names = stage_names(rpc)
    agent = rpc.user("agent")
    case_id = rpc("realestate.complaint", "create", complaint_values(
        rpc, user_id=agent,
        stage_id=rpc.ref("realestate_complaint.stage_acknowledged")))
    number = rpc("realestate.complaint", "read", [case_id], ["name"])[0]["name"]
    page = login("agent")
    open_board(page)
    card = column(page, by_code["acknowledged"]).locator(
        ".o_kanban_record", has_text=number)
    drag(page, card, column(page, by_code["callback"]))
    dialog = page.locator(".modal-dialog", has_text=by_code["callback"])
    expect(dialog).to_contain_text(by_code["callback"])
    dialog.locator(".modal-footer button").first.click()
    page.reload()
    page.wait_for_selector(".o_kanban_view .o_kanban_group")
    expect(column(page, by_code["acknowledged"]).locator(
        ".o_kanban_record", has_text=number)).to_be_visible()
    case = rpc("realestate.complaint", "read", [case_id], ["stage_id"])[0]
    assert case["stage_id"][0] == rpc.ref("realestate_complaint.stage_acknowledged")


def drag(page, card, target):
    """jQuery UI's sortable follows the mouse: press, move in steps, release."""
    expect(card).to_be_visible()
    box, goal = card.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 10)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + 20 + (goal["x"] + 40 - box["x"] - 20) * step / 10,
                        box["y"] + 10 + (goal["y"] + 80 - box["y"] - 10) * step / 10)
    page.mouse.up()


def test_filters_and_group_bys_change_the_board(login, rpc):
    page = login("supervisor")
    open_board(page)
    supervisor = rpc.user("supervisor")

    def expected(domain):
        return rpc("realestate.complaint", "search_count",
                   [("is_closed", "=", False)] + domain)

    expect_board_total(page, expected([]))
    apply_filter(page, "未分派")
    expect_board_total(page, expected([("user_id", "=", False)]))
    apply_filter(page, "微信")
    # Two filters of different groups: both apply.
    expect_board_total(page, expected([("user_id", "=", False),
                                       ("channel", "=", "wechat")]))
    page.click(".o_searchview_facet:has-text('未分派') .o_facet_remove")
    expect_board_total(page, expected([("channel", "=", "wechat")]))
    page.click(".o_searchview_facet:has-text('微信') .o_facet_remove")
    apply_filter(page, "我的案件")
    expect_board_total(page, expected(["|", ("user_id", "=", supervisor),
                                       ("receiver_id", "=", supervisor)]))
    # Group by level: the columns become the levels.
    page.click(".o_searchview_facet:has-text('我的案件') .o_facet_remove")
    page.click(".o_search_options .o_dropdown_toggler_btn:has(.fa-bars)")
    page.click(".o_group_by_menu li a:text-is('级别')")
    expect(page.locator(".o_kanban_group .o_column_title").first).to_contain_text("级")
    titles = page.locator(".o_kanban_group .o_column_title").all_inner_texts()
    assert any("一级" in t for t in titles) and any("三级" in t for t in titles), titles


def test_cards_show_the_sla_deadline_and_the_escalation_tier(login, rpc):
    page = login("supervisor")
    open_board(page)
    apply_filter(page, "已升级")
    escalated = rpc("realestate.complaint", "search_read",
                    [("is_closed", "=", False), ("escalation_tier_id", "!=", False),
                     ("next_deadline_status", "=", "breached")],
                    fields=["name", "escalation_tier_id"], limit=1,
                    context={"lang": "zh_CN"})
    assert escalated, "the demo has no escalated late case"
    card = page.locator(".o_kanban_record", has_text=escalated[0]["name"])
    expect(card).to_be_visible()
    # The deadline in red (breached) and the tier's name.
    expect(card.locator(".text-danger").first).to_be_visible()
    expect(card).to_contain_text(escalated[0]["escalation_tier_id"][1])
