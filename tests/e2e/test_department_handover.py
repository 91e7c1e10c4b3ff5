"""A department registers a complaint that reached it directly and hands it over to
customer service (issue 16 item 6; 000:712): the engineering department's engineer
registers, in the handling sheet, a complaint that is not its responsibility; the
hand-over deadline (one working day) shows on the case; he hands it over, and the
agent finds it among the cases handed over to customer service.

In English until the zh_CN of this item is merged (i18n/pending/handover.po)."""
import uuid

from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from conftest import apply_filter, complaint_values, open_action, open_record, pick

CASE = "realestate.complaint"


def owner_with_one_unit(rpc):
    """A demo owner with exactly one unit: the form fills unit and contract."""
    for unit in rpc("realestate.unit", "search_read", [("owner_ids", "!=", False)],
                    fields=["owner_ids"]):
        partner = rpc("res.partner", "read", unit["owner_ids"][:1],
                      ["name", "unit_ids"])[0]
        if len(partner["unit_ids"]) == 1:
            return partner
    raise AssertionError("no demo owner with one unit")


def test_a_department_registers_and_hands_over(login, rpc):
    marker = "部门直接受理 %s" % uuid.uuid4().hex[:8]
    engineer = rpc.user("engineer")
    team = rpc("realestate.complaint.team", "search_read",
               ["|", ("member_ids", "in", [engineer]), ("head_id", "=", engineer)],
               fields=["name"], limit=1)[0]
    owner = owner_with_one_unit(rpc)

    page = login("engineer", lang="en_US")
    open_action(page,
                "realestate_complaint.realestate_complaint_action_department_received")
    page.wait_for_selector(".o_cp_buttons .o_list_button_add")
    page.click(".o_cp_buttons .o_list_button_add")
    page.wait_for_selector(".o_form_view.o_form_editable")
    form = page.locator(".o_form_view")
    # The handling sheet opens on the department, channel "Received by a Department".
    expect(form.locator(".o_field_widget[name=receiving_team_id] input")).to_have_value(
        team["name"])
    expect(form.locator("select.o_field_widget[name=channel]")).to_have_value(
        '"department"')
    form.locator(".o_field_widget[name=department_scope] label",
                 has_text="Not Our Responsibility").click()
    category = rpc("realestate.complaint.category", "read",
                   [rpc.ref("realestate_complaint.category_quality_leak")], ["name"],
                   context={"lang": "en_US"})[0]["name"]
    pick(page, "category_id", category)
    pick(page, "partner_id", owner["name"])
    expect(form.locator(".o_field_widget[name=unit_id] input")).not_to_have_value("")
    # Earlier runs left open cases of this unit: the repeat warning (R9) shows.
    try:
        page.locator(".modal .modal-footer button", has_text="Ok").click(timeout=3000)
    except PlaywrightTimeout:
        pass
    page.select_option(".o_field_widget[name=demand]", label="Repair")
    page.click(".o_field_widget[name=description] .note-editable")
    page.keyboard.type(marker)
    page.click(".o_notebook a[data-toggle=tab]:has-text('Evidence')")
    page.check(".o_field_widget[name=evidence_unknown] input")
    if not form.locator(".o_field_widget[name=contract_number]").input_value():
        page.check(".o_field_widget[name=contract_unknown] input")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_view.o_form_readonly")

    saved = rpc(CASE, "search_read", [("description", "ilike", marker)],
                fields=["receiver_id", "receiving_team_id", "channel", "team_id"])
    assert len(saved) == 1, saved
    case = saved[0]
    assert case["receiver_id"][0] == engineer
    assert case["receiving_team_id"][0] == team["id"]
    assert case["channel"] == "department" and not case["team_id"]
    page.click(".o_notebook a[data-toggle=tab]:has-text('Deadlines')")
    expect(form.locator(".o_field_widget[name=deadline_ids] .o_data_row",
                        has_text="Hand Over to Customer Service")).to_have_count(1)

    page.locator(".o_form_statusbar button",
                 has_text="Hand Over to Customer Service").click()
    name = rpc("res.users", "read", [engineer], ["name"])[0]["name"]
    expect(form.locator(".o_field_widget[name=handed_over_by_id]")).to_contain_text(
        name)
    expect(page.locator(".o_thread_message").first).to_contain_text(
        "Handed over to customer service")
    done = rpc("realestate.complaint.deadline", "search_read",
               [("complaint_id", "=", case["id"]), ("target", "=", "handover")],
               fields=["status"])
    assert done[0]["status"] == "met", done

    # Customer service finds it among the cases handed over and not yet taken.
    agent = login("agent", lang="en_US")
    open_action(agent, "realestate_complaint.realestate_complaint_action")
    agent.wait_for_selector(".o_kanban_view")
    apply_filter(agent, "Handed Over, to Take")
    expect(agent.locator(".o_kanban_record",
                         has_text=owner["name"]).first).to_be_visible()


def test_a_department_head_returns_a_case_that_is_not_theirs(login, rpc):
    """000:714: the property department's head returns a case dispatched to it with
    the opinion he signs; the case leaves the department."""
    head = rpc.user("property")
    team = rpc("realestate.complaint.team", "search_read", [("head_id", "=", head)],
               fields=["name"], limit=1)[0]
    case_id = rpc(CASE, "create", complaint_values(
        rpc, user_id=rpc.user("agent"), team_id=team["id"], responsible_id=head))
    rpc(CASE, "action_dispatch", [case_id])

    page = login("property", lang="en_US")
    open_record(page, CASE, case_id)
    page.locator(".o_form_statusbar button",
                 has_text="Return to Customer Service").click()
    dialog = page.locator(".modal-dialog")
    dialog.locator(".o_field_widget[name=opinion]").fill("属于工程质量问题，请转工程部处理")
    dialog.locator(".modal-footer button", has_text="Sign and Return").click()
    expect(page.locator(".modal-dialog")).to_have_count(0)
    # The case has left the department: its head lands on his cases.
    expect(page.locator(".o_kanban_view")).to_be_visible()
    notes = rpc("mail.message", "search_read",
                [("model", "=", CASE), ("res_id", "=", case_id)],
                fields=["body"], limit=1)
    assert "属于工程质量问题，请转工程部处理" in notes[0]["body"], notes

    case = rpc(CASE, "read", [case_id], ["team_id", "date_dispatched"])[0]
    assert not case["team_id"] and not case["date_dispatched"], case
    returns = rpc("realestate.complaint.department.return", "search_read",
                  [("complaint_id", "=", case_id)],
                  fields=["state", "head_id", "opinion"])
    assert len(returns) == 1 and returns[0]["state"] == "returned", returns
    assert returns[0]["head_id"][0] == head
