"""Working a case, each step by its role: dispatch and sign-off (R10), the
investigation report (R13), a solution proposed and approved (R14), a callback with
the customer's signature (R29), closing into the case library (R35)."""
import uuid

from playwright.sync_api import expect

from conftest import complaint_values, draw_signature, open_action, open_record, pick

CASE = "realestate.complaint"


def button(page, text):
    return page.locator(".o_statusbar_buttons button:visible", has_text=text)


def dialog_button(page, text):
    return page.locator(".modal-footer button", has_text=text)


def new_case(rpc, stage, **values):
    vals = complaint_values(rpc, user_id=rpc.user("agent"), validity="valid",
                            stage_id=rpc.ref("realestate_complaint." + stage))
    vals.update(values)
    return rpc(CASE, "create", vals)


def resolve(rpc, case_id):
    rpc(CASE, "write", [case_id],
        {"stage_id": rpc.ref("realestate_complaint.stage_callback")})


def report(**overrides):
    values = {"investigation_cause": "防水层破损", "investigation_course": "上门确认渗漏点",
              "investigation_party": "总包单位", "investigation_conclusion": "施工质量问题",
              "countermeasures": "重做防水", "preventive_measures": "同批次排查"}
    values.update(overrides)
    return values


def test_agent_dispatches_and_the_engineer_signs_for_it(login, rpc):
    case_id = new_case(rpc, "stage_acknowledged")
    engineering = rpc.ref("realestate_complaint.team_engineering_demo")
    page = login("agent")
    open_record(page, CASE, case_id)
    page.click(".o_form_button_edit")
    pick(page, "team_id", "工程部")
    responsible = page.locator(".o_field_widget[name=responsible_id] input")
    expect(responsible).not_to_have_value("")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_view.o_form_readonly")
    button(page, "派发投诉处理单").click()
    expect(page.locator(".o_statusbar_status button.btn-primary")).to_have_text("调查中")
    case = rpc(CASE, "read", [case_id],
               ["team_id", "responsible_id", "date_dispatched"])[0]
    assert case["team_id"][0] == engineering and case["date_dispatched"]
    responsible = rpc("res.users", "read", [case["responsible_id"][0]], ["login"])[0]
    page2 = login(responsible["login"])
    open_record(page2, CASE, case_id)
    button(page2, "签收").click()
    expect(page2.locator(".o_field_widget[name=date_signed]")).not_to_be_empty()
    assert rpc(CASE, "read", [case_id], ["date_signed"])[0]["date_signed"]


def test_leaving_investigation_without_the_report_is_refused(login, rpc):
    case_id = new_case(rpc, "stage_investigating",
                       **report(investigation_conclusion=False, countermeasures=False))
    page = login("agent")
    open_record(page, CASE, case_id)
    page.click(".o_statusbar_status button:has-text('方案审批')")
    dialog = page.locator(".modal .modal-body")
    expect(dialog).to_contain_text("投诉调查报告")
    expect(dialog).to_contain_text("调查结论")
    expect(dialog).to_contain_text("应对措施")
    stage = rpc(CASE, "read", [case_id], ["stage_id"])[0]["stage_id"][0]
    assert stage == rpc.ref("realestate_complaint.stage_investigating")


def test_agent_proposes_and_the_sales_manager_approves(login, rpc):
    case_id = new_case(rpc, "stage_investigating", **report())
    marker = "减免物业费 %s" % uuid.uuid4().hex[:6]
    page = login("agent")
    open_record(page, CASE, case_id)
    button(page, "提出处理方案").click()
    # The kind first: choosing it shows the amount (a round trip to the server).
    page.select_option(".modal .o_field_widget[name=compensation_kind]", label="费用减免")
    amount = page.locator(".modal [name=compensation_amount] input")
    expect(amount).to_be_visible()
    amount.fill("8000")
    description = page.locator(".modal .o_field_widget[name=description]")
    description.fill(marker)
    expect(amount).to_have_value("8000")
    expect(description).to_have_value(marker)
    dialog_button(page, "提交审批").click()
    expect(page.locator(".modal")).to_have_count(0)
    expect(page.locator(".o_statusbar_status button.btn-primary")).to_have_text("方案审批")
    solution = rpc("realestate.complaint.solution", "search_read",
                   [("description", "=", marker)],
                   fields=["state", "tier_id", "compensation_amount"])[0]
    assert solution["compensation_amount"] == 8000
    assert solution["state"] == "to_approve"
    assert solution["tier_id"][0] == rpc.ref("realestate_complaint.tier_sales_manager")
    page2 = login("sales")
    open_record(page2, CASE, case_id)
    button(page2, "审批处理方案").click()
    page2.fill(".modal textarea", "同意")
    dialog_button(page2, "批准").click()
    expect(page2.locator(".modal")).to_have_count(0)
    expect(button(page2, "客户确认方案")).to_be_visible()
    solution = rpc("realestate.complaint.solution", "read", [solution["id"]],
                   ["state", "decided_by_id"])[0]
    assert solution["state"] == "approved"
    assert solution["decided_by_id"][0] == rpc.user("sales")


def test_on_site_callback_needs_and_keeps_the_customer_signature(login, rpc):
    case_id = new_case(rpc, "stage_in_progress", level_override="2",
                       level_override_reason="浏览器测试",
                       result_summary="已修复")
    resolve(rpc, case_id)
    callback = rpc("realestate.complaint.callback", "search_read",
                   [("complaint_id", "=", case_id)], fields=["state"])
    assert [c["state"] for c in callback] == ["planned"]
    page = login("agent")
    open_record(page, CASE, case_id)
    button(page, "登记回访").click()
    page.select_option(".modal .o_field_widget[name=method]", label="上门回访")
    page.select_option(".modal .o_field_widget[name=satisfaction]", label="满意")
    pad = page.locator(".modal .o_signature_pad canvas")
    expect(pad).to_be_visible()
    dialog_button(page, "登记").click()
    expect(page.locator(".modal .o_field_invalid[name=signature]")).to_be_visible()
    assert rpc("realestate.complaint.callback", "read", [callback[0]["id"]],
               ["state"])[0]["state"] == "planned"
    draw_signature(page, pad)
    dialog_button(page, "登记").click()
    expect(page.locator(".modal")).to_have_count(0)
    saved = rpc("realestate.complaint.callback", "read", [callback[0]["id"]],
                ["state", "method", "satisfaction", "signature"])[0]
    assert (saved["state"], saved["method"], saved["satisfaction"]) == \
        ("done", "on_site", "4")
    assert saved["signature"]
    # The record shows the signature the customer drew.
    open_record(page, "realestate.complaint.callback", callback[0]["id"])
    image = page.locator(".o_field_widget[name=signature] img")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 0


def test_agent_closes_a_case_into_the_case_library(login, rpc):
    case_id = new_case(rpc, "stage_in_progress", is_anonymous=True, partner_id=False,
                       partner_phone=False, partner_email=False, result_summary="已修复")
    resolve(rpc, case_id)
    lesson = "交房前闭水试验 %s" % uuid.uuid4().hex[:6]
    page = login("agent")
    open_record(page, CASE, case_id)
    button(page, "结案").click()
    page.fill(".modal .o_field_widget[name=summary]", "处理到位")
    page.check(".modal .o_field_widget[name=add_to_library] input")
    page.fill(".modal .o_field_widget[name=lesson]", lesson)
    dialog_button(page, "结案").click()
    expect(page.locator(".modal")).to_have_count(0)
    expect(page.locator(".o_statusbar_status button.btn-primary")).to_have_text("已结案")
    open_action(page, "realestate_complaint.realestate_complaint_case_library_action")
    expect(page.locator(".o_list_view .o_data_row", has_text=lesson)).to_have_count(1)
    case = rpc(CASE, "read", [case_id],
               ["in_case_library", "case_lesson", "is_closed"])[0]
    assert case["in_case_library"] and case["is_closed"]
    assert case["case_lesson"] == lesson
