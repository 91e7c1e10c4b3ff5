"""HTML typed by users shows as text (issue 19, R39): a person's name and a solution's
description holding an image with an event handler, seen by the supervisor in the
chatter, in the activity of the approvers and in a printed form. Nothing runs."""
from playwright.sync_api import expect

from conftest import BASE, open_record
from test_process import CASE, button, dialog_button, new_case, report

# If any of it ran, the page would count it.
XSS = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'


def test_a_name_and_a_description_with_html_show_as_text(login, rpc):
    engineer = rpc.user("engineer")
    name = rpc("res.users", "read", [engineer], ["name"])[0]["name"]
    rpc("res.users", "write", [engineer], {"name": name + XSS})
    try:
        case_id = new_case(
            rpc, "stage_investigating", responsible_id=engineer,
            team_id=rpc.ref("realestate_complaint.team_engineering_demo"), **report())
        # The dispatch note names the responsible person (R10).
        rpc(CASE, "action_dispatch", [case_id])
        page = login("agent")
        open_record(page, CASE, case_id)
        button(page, "提出处理方案").click()
        description = page.locator(".modal .o_field_widget[name=description]")
        description.fill("重做防水" + XSS)
        dialog_button(page, "提交审批").click()
        expect(page.locator(".modal")).to_have_count(0)

        page2 = login("supervisor")
        open_record(page2, CASE, case_id)
        chatter = page2.locator(".o_chatter")
        # The dispatch note and the handling sheet's email name the engineer.
        expect(chatter.locator(".o_thread_message_content",
                               has_text=name + "<img src=x").first).to_be_visible()
        expect(chatter.locator(".o_thread_message_content",
                               has_text="重做防水<img src=x").first).to_be_visible()
        notes = chatter.locator(".o_thread_message_note")
        expect(notes.filter(has_text="重做防水<img src=x").first).to_be_visible()
        expect(page2.locator(".o_chatter img[src=x]")).to_have_count(0)

        # The printed handling sheet names the responsible person as text.
        sheet = page2.request.get(
            "%s/report/html/realestate_complaint.report_complaint_handling_sheet/%d"
            % (BASE, case_id))
        assert sheet.ok
        html = sheet.text()
        assert "&lt;img src=x onerror" in html
        assert "<img src=x" not in html and 'src="x"' not in html
        for shown in (page, page2):
            assert shown.evaluate("window.__xss") is None
        # The form as a browser shows it, in a blank page (its style sheets are
        # not what is tested): the name is text and nothing runs.
        form = page2.context.new_page()
        form.set_content(html)
        expect(form.locator("body")).to_contain_text(name + "<img src=x")
        assert form.evaluate("window.__xss") is None
        form.close()
    finally:
        rpc("res.users", "write", [engineer], {"name": name})
