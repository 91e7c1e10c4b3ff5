"""The yearly satisfaction survey and the monthly assessment in the web client
(R38, 004:28, 002:363; 004:79-80, 004:206, R36): an agent records an owner's
phone answer, the supervisor reads last year's results per project (the project
below the target in red, with its corrective action), proposes a reward from an
agent's monthly score, and an executive decides it."""
import time

from playwright.sync_api import expect

from conftest import open_action, open_record
from test_process import button, dialog_button

RESPONSE = "realestate.satisfaction.response"


def test_survey_answer_results_and_a_reward_from_a_score(login, rpc):
    measure = "E2E 月度表彰 %d" % time.time()
    survey = rpc.ref("realestate_complaint.satisfaction_survey_2026_demo")
    response_id = rpc(RESPONSE, "search", [("survey_id", "=", survey),
                                           ("state", "=", "pending")], limit=1)[0]

    # The agent calls the owner and records the four scores.
    page = login("agent", lang="en_US")
    open_record(page, RESPONSE, response_id)
    page.click(".o_form_button_edit")
    for field, value in (("score_overall", '"5"'), ("score_quality", '"4"'),
                         ("score_attitude", '"5"'), ("score_items", '"3"')):
        page.select_option(".o_field_widget[name=%s]" % field, value=value)
    page.click(".o_form_button_save")
    button(page, "Record Phone Answer").click()
    expect(page.locator(".o_statusbar_status .btn-primary")).to_have_text("Answered")
    answer = rpc(RESPONSE, "read", [response_id],
                 ["state", "channel", "user_id", "score_items"])[0]
    assert (answer["state"], answer["channel"], answer["user_id"][0],
            answer["score_items"]) == ("done", "phone", rpc.user("agent"), "3")

    # The supervisor reads last year's results: one project below the target.
    page = login("supervisor", lang="en_US")
    open_record(page, "realestate.satisfaction.survey",
                rpc.ref("realestate_complaint.satisfaction_survey_2025_demo"))
    page.click("a[role=tab]:has-text('Results per Project')")
    below = page.locator(".tab-pane.active .o_data_row.text-danger")
    expect(below).to_have_count(1)
    expect(below).to_contain_text("滨江壹号")
    result = rpc("realestate.satisfaction.result", "search_read",
                 [("survey_id.year", "=", "2025"), ("below_target", "=", True)],
                 fields=["action_user_id"])
    assert len(result) == 1 and result[0]["action_user_id"]
    expect(below).to_contain_text(result[0]["action_user_id"][1])

    # A reward from the agent's monthly score, proposed by the supervisor …
    open_action(page, "realestate_complaint.realestate_complaint_assessment_action")
    expect(page.locator(".o_list_view .o_data_row").first).to_be_visible()
    line = rpc("realestate.complaint.assessment", "search",
               [("kind", "=", "agent"), ("user_id", "=", rpc.user("agent"))],
               limit=1)[0]
    open_record(page, "realestate.complaint.assessment", line)
    button(page, "Reward or Penalty").click()
    page.fill(".modal .o_field_widget[name=name]", measure)
    page.fill(".modal .o_field_widget[name=amount] input, "
              ".modal input.o_field_widget[name=amount]", "300")
    dialog_button(page, "Confirm").click()
    expect(page.locator(".modal")).to_have_count(0)
    sanction = rpc("realestate.complaint.sanction", "search_read",
                   [("name", "=", measure)], fields=["state"])
    assert [s["state"] for s in sanction] == ["proposed"]

    # … and decided by an executive.
    page = login("executive", lang="en_US")
    open_action(page, "realestate_complaint.realestate_complaint_sanction_action")
    row = page.locator(".o_data_row", has_text=measure)
    row.locator("button[title=Decide]").click()
    expect(row).to_contain_text("Decided")
    sanction = rpc("realestate.complaint.sanction", "read", [sanction[0]["id"]],
                   ["state", "decided_by_id"])[0]
    assert sanction["state"] == "decided"
    assert sanction["decided_by_id"][0] == rpc.user("executive")
