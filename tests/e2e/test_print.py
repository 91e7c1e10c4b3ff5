"""Printing the forms from the Print menu (R40): the server answers with a real
PDF made by wkhtmltopdf, one form per record chosen; a role sees only the forms
it may read (R39)."""
import re

import pytest
from playwright.sync_api import expect

from conftest import BASE, open_record, web

PRINT = ".o_cp_sidebar .o_dropdown_toggler_btn:has-text('打印')"
PRINT_MENU = ".o_cp_sidebar .dropdown-menu"


@pytest.fixture(autouse=True)
def report_url(rpc):
    """wkhtmltopdf loads the forms' style sheets from this server, not from the
    address the test database was made with."""
    rpc("ir.config_parameter", "set_param", "report.url", BASE)


def pages(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def download(page, item):
    page.click(PRINT)
    entry = page.locator("%s a:text-is('%s')" % (PRINT_MENU, item))
    # The menu opens with an animation: a click while it opens may be lost.
    expect(entry).to_be_visible()
    with page.expect_download(timeout=60000) as info:
        entry.click()
    with open(info.value.path(), "rb") as pdf:
        return info.value.suggested_filename, pdf.read()


def test_agent_prints_the_callback_records_of_a_case(login, rpc):
    """Case P6 has two callbacks: the record of each, one per page."""
    page = login("agent")
    case = rpc.ref("realestate_complaint.complaint_p6_demo")
    open_record(page, "realestate.complaint", case)
    name, pdf = download(page, "回访记录表")
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 2
    assert name.endswith(".pdf")


def test_registers_of_two_cases_in_one_print(login, rpc):
    """Two cases chosen in the list: two registers in one PDF."""
    page = login("agent")
    web(page, "action=realestate_complaint.realestate_complaint_action"
              "&view_type=list")
    rows = page.locator(".o_list_view tbody tr.o_data_row")
    expect(rows.first).to_be_visible()
    for row in range(2):
        rows.nth(row).locator(".o_list_record_selector input").check()
    # The Print menu shows once the list holds the selection (a list still
    # rendering when the boxes were ticked drops it: then tick them again).
    if not page.locator(PRINT).is_visible():
        for row in range(2):
            rows.nth(row).locator(".o_list_record_selector input").check()
    expect(page.locator(PRINT)).to_be_visible()
    name, pdf = download(page, "投诉登记表")
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 2


def test_operator_prints_no_supervision_order(login, rpc):
    """Operators may not read supervision orders: not in their Print menu."""
    page = login("operator")
    case = rpc.ref("realestate_complaint.complaint_p7b_demo")
    open_record(page, "realestate.complaint", case)
    page.click(PRINT)
    menu = page.locator(PRINT_MENU)
    expect(menu.locator("a:text-is('投诉登记表')")).to_have_count(1)
    expect(menu.locator("a:text-is('回访记录表')")).to_have_count(1)
    expect(menu.locator("a:text-is('督办令')")).to_have_count(0)
