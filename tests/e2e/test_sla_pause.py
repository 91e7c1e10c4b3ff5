"""SLA pause (issue 16, item 12): the agent pauses a case that waits for the
customer, with the reason; the form and the board card say it is paused; the agent
resumes it and the form shows the working time paused (R17, R18: the limits count
the company's own working time only).

In English: the scenario must not depend on the pending zh_CN translation."""
from datetime import datetime, timedelta

from playwright.sync_api import expect

from conftest import apply_filter, complaint_values, open_board, open_record

CASE = "realestate.complaint"
PAUSE = "realestate.complaint.sla.pause"


def button(page, text):
    return page.locator(".o_statusbar_buttons button:visible", has_text=text)


def float_time(hours):
    """Odoo 11's float_time widget: hours and rounded minutes."""
    hour, minute = int(hours), int(round((hours % 1) * 60))
    if minute == 60:
        hour, minute = hour + 1, 0
    return "%02d:%02d" % (hour, minute)


def test_agent_pauses_a_case_waiting_for_the_customer_and_resumes_it(login, rpc):
    case_id = rpc(CASE, "create", complaint_values(
        rpc, user_id=rpc.user("agent"), validity="valid",
        stage_id=rpc.ref("realestate_complaint.stage_acknowledged")))
    name = rpc(CASE, "read", [case_id], ["name"])[0]["name"]

    page = login("agent", lang="en_US")
    open_record(page, CASE, case_id)
    form = page.locator(".o_form_view")
    expect(form.locator(".o_sla_paused")).to_be_hidden()
    button(page, "Pause SLA").click()
    dialog = page.locator(".modal-dialog")
    expect(dialog.locator(".o_field_widget[name=reason]")).to_have_value(
        '"customer"')
    dialog.locator(".o_field_widget[name=note]").fill("Copy of the purchase contract")
    dialog.locator(".modal-footer button", has_text="Pause").click()
    banner = form.locator(".o_sla_paused")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Waiting for the Customer")
    expect(button(page, "Resume SLA")).to_be_visible()
    expect(button(page, "Pause SLA")).to_have_count(0)
    case = rpc(CASE, "read", [case_id], ["sla_paused", "sla_pause_id"])[0]
    assert case["sla_paused"]

    # Paused two weeks ago, so that some working time passed whatever the day the
    # scenario runs on (the administrator corrects what only the process sets).
    since = (datetime.utcnow() - timedelta(days=14)).strftime("%Y-%m-%d %H:%M:%S")
    rpc(PAUSE, "write", [case["sla_pause_id"][0]], {"date_start": since})
    rpc(CASE, "write", [case_id], {"sla_paused_since": since})

    # The card on the board, under the "SLA Paused" filter.
    open_board(page)
    apply_filter(page, "SLA Paused")
    # Wait for the filtered board: a card of the unfiltered one is replaced
    # under the click when the filter's reload arrives.
    page.wait_for_function("""() => {
        const cards = document.querySelectorAll(
            '.o_kanban_record:not(.o_kanban_ghost)');
        return cards.length > 0 && Array.from(cards).every(
            card => card.querySelector('.o_sla_paused_badge'));
    }""")
    card = page.locator(".o_kanban_record", has_text=name)
    expect(card).to_have_count(1)
    expect(card.locator(".o_sla_paused_badge")).to_contain_text("SLA Paused")

    card.click()
    page.wait_for_selector(".o_form_view .o_form_statusbar")
    button(page, "Resume SLA").click()
    expect(form.locator(".o_sla_paused")).to_be_hidden()
    expect(button(page, "Pause SLA")).to_be_visible()
    pause = rpc(PAUSE, "search_read", [("complaint_id", "=", case_id)],
                fields=["hours", "date_end", "resumed_how"])
    assert len(pause) == 1 and pause[0]["date_end"]
    assert pause[0]["resumed_how"] == "hand" and pause[0]["hours"] > 0
    expect(form.locator(".o_field_widget[name=sla_paused_hours]")).to_have_text(
        float_time(pause[0]["hours"]))
    # The history lists the pause with its reason and the hours.
    page.click(".o_notebook a:text-is('Deadlines')")
    row = form.locator(".o_field_widget[name=sla_pause_ids] .o_data_row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Waiting for the Customer")
    expect(row).to_contain_text("Copy of the purchase contract")
    expect(row).to_contain_text(float_time(pause[0]["hours"]))
