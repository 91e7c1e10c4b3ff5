"""Auto-assignment (issue 16 item 11; R10, R25): the supervisor 陈静 sets a
department to *balanced by open load* and limits its newest member, who has no case
yet, to contract matters; the agent 李强 gives a leak complaint to that department
and the member with the fewest open cases among those handling leaks shows as the
responsible person, is told by an internal note (not the customer), and gets the
handling sheet at dispatch."""
import uuid

from playwright.sync_api import expect

from conftest import complaint_values, open_record, pick, web

CASE = "realestate.complaint"
TEAM = "realestate.complaint.team"


def test_supervisor_balances_a_department_the_agent_gets_the_least_loaded(login, rpc):
    tag = uuid.uuid4().hex[:6]
    newcomer_name = "新同事%s" % tag
    newcomer = rpc("res.users", "create", {
        "name": newcomer_name, "login": "e2e_new_%s" % tag,
        "email": "e2e_new_%s@example.com" % tag,
        "groups_id": [(6, 0, [rpc.ref(
            "realestate_complaint.group_complaint_department")])]})
    members = [rpc.user("engineer"), rpc.user("property")]
    team_name = "分派测试部%s" % tag
    team_id = rpc(TEAM, "create", {
        "name": team_name, "head_id": rpc.user("executive"),
        "member_ids": [(6, 0, members + [newcomer])]})
    contract = rpc("realestate.complaint.category", "read",
                   [rpc.ref("realestate_complaint.category_contract")], ["name"],
                   context={"lang": "zh_CN"})[0]["name"]

    page = login("supervisor")
    web(page, "id=%d&model=%s&view_type=form" % (team_id, TEAM))
    page.wait_for_selector(".o_form_view .oe_title")
    page.click(".o_form_button_edit")
    page.select_option(".o_field_widget[name=assignment_method]", value='"balanced"')
    skills = ".o_field_widget[name=skill_ids]"
    page.click(skills + " .o_field_x2many_list_row_add a")
    pick(page, "user_id", newcomer_name, scope=skills)
    page.fill(skills + " .o_field_widget[name=category_ids] input", contract[:4])
    page.click("ul.ui-autocomplete:visible li a:has-text('%s')" % contract[:4])
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_view.o_form_readonly")
    expect(page.locator(skills)).to_contain_text(newcomer_name)
    team = rpc(TEAM, "read", [team_id], ["assignment_method", "skill_ids"])[0]
    assert team["assignment_method"] == "balanced"
    skill = rpc("realestate.complaint.team.skill", "read", team["skill_ids"],
                ["user_id", "category_ids"])
    assert [(s["user_id"][0], s["category_ids"]) for s in skill] == [
        (newcomer, [rpc.ref("realestate_complaint.category_contract")])]

    # Who should get a leak: the fewest open cases, the newcomer excluded (skill).
    groups = rpc(CASE, "read_group", [("responsible_id", "in", members),
                                      ("is_closed", "=", False)],
                 ["responsible_id"], ["responsible_id"])
    load = {g["responsible_id"][0]: g["responsible_id_count"] for g in groups}
    expected = min(members, key=lambda uid: (load.get(uid, 0), uid))
    expected_name = rpc("res.users", "read", [expected], ["name"])[0]["name"]

    case_id = rpc(CASE, "create", complaint_values(
        rpc, user_id=rpc.user("agent"), validity="valid",
        stage_id=rpc.ref("realestate_complaint.stage_acknowledged")))
    before = max(rpc("mail.message", "search", [("model", "=", CASE),
                                                ("res_id", "=", case_id)]) or [0])
    page2 = login("agent")
    open_record(page2, CASE, case_id)
    page2.click(".o_form_button_edit")
    pick(page2, "team_id", team_name)
    expect(page2.locator(".o_field_widget[name=responsible_id] input")).to_have_value(
        expected_name)
    page2.click(".o_form_button_save")
    page2.wait_for_selector(".o_form_view.o_form_readonly")
    expect(page2.locator(".o_field_widget[name=responsible_id]")).to_have_text(
        expected_name)
    expect(page2.locator(".o_thread_message", has_text=expected_name).first) \
        .to_be_visible()
    page2.locator(".o_statusbar_buttons button:visible", has_text="派发投诉处理单").click()
    expect(page2.locator(".o_statusbar_status button.btn-primary")).to_have_text("调查中")

    case = rpc(CASE, "read", [case_id], ["responsible_id", "auto_responsible_id",
                                         "partner_id", "date_dispatched"])[0]
    assert case["responsible_id"][0] == expected == case["auto_responsible_id"][0]
    assert case["date_dispatched"]
    partner = rpc("res.users", "read", [expected], ["partner_id"])[0]["partner_id"][0]
    notes = rpc("mail.message", "search_read", [
        ("model", "=", CASE), ("res_id", "=", case_id),
        ("subtype_id", "=", rpc.ref("mail.mt_note")),
        ("partner_ids", "in", [partner])], fields=["body", "partner_ids"])
    assert len(notes) == 1 and notes[0]["partner_ids"] == [partner]
    customer = case["partner_id"][0]
    assert not rpc("mail.message", "search_count", [
        ("model", "=", CASE), ("res_id", "=", case_id), ("id", ">", before),
        ("partner_ids", "in", [customer])])
    sheet = rpc("mail.activity", "search_read", [
        ("res_model", "=", CASE), ("res_id", "=", case_id),
        ("activity_type_id", "=", rpc.ref(
            "realestate_complaint.mail_activity_type_handling_sheet"))],
        fields=["user_id"])
    assert [a["user_id"][0] for a in sheet] == [expected]
