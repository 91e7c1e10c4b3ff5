"""From the sale to its complaints and back (issue 15): the sales manager 孙伟
(login sales: agent role and sales rights) opens the demo order that sold 锦绣华庭
1-2904, follows its *Cases* button to the sales-promise complaint, finds the order,
salesperson and team on the case, and goes back to the order from the case."""
from playwright.sync_api import expect

from conftest import open_record

ORDER = "sale.order"
CASE = "realestate.complaint"


def test_a_case_from_its_sale_order_and_back(login, rpc):
    order_id = rpc.ref("realestate_complaint.sale_order_jxht_1_2904_demo")
    order = rpc(ORDER, "read", [order_id], ["name"])[0]
    case = rpc(CASE, "read", [rpc.ref("realestate_complaint.complaint_05_demo")],
               ["name", "salesperson_id", "sales_team_id"])[0]
    assert case["salesperson_id"][1] == "钱晓峰"

    page = login("sales")
    open_record(page, ORDER, order_id)
    # Odoo 11 renders smart buttons without their name: found by their field.
    cases = page.locator(".oe_button_box button:has([name=complaint_count])")
    expect(cases).to_contain_text("1")
    cases.click()
    row = page.locator(".o_data_row", has_text=case["name"])
    expect(row).to_have_count(1)
    row.click()
    page.wait_for_selector(".o_form_view .o_form_statusbar")
    form = page.locator(".o_form_view")
    expect(form.locator(".o_field_widget[name=sale_order_id]:visible")).to_contain_text(
        order["name"])
    expect(form.locator(".o_field_widget[name=salesperson_id]")).to_contain_text("钱晓峰")
    expect(form.locator(".o_field_widget[name=sales_team_id]")).to_contain_text(
        case["sales_team_id"][1])
    page.locator(".oe_button_box button", has_text="销售订单").click()
    expect(page.locator(".o_form_view .oe_title")).to_contain_text(order["name"])
    lines = page.locator(".o_form_view .o_field_widget[name=order_line]")
    expect(lines).to_contain_text("锦绣华庭 1栋-2904")
