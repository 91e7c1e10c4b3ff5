"""Each role sees the menus it should and not the others (R39)."""
import pytest
from playwright.sync_api import expect

from conftest import open_action

MENU = "[data-menu-xmlid='realestate_complaint.%s']"
CONFIG = "realestate_complaint_config_menu"
DASHBOARD = "realestate_complaint_dashboard_menu"
SEEN = {
    # login: (menus shown, menus not shown)
    "operator": (["realestate_complaint_menu", "realestate_complaint_case_library_menu",
                  "realestate_unit_menu"],
                 [CONFIG, "realestate_complaint_sla_watch_menu",
                  "realestate_complaint_solution_menu",
                  "realestate_complaint_supervision_order_menu", DASHBOARD,
                  "realestate_complaint_department_received_menu"]),
    "agent": (["realestate_complaint_menu", "realestate_complaint_solution_menu",
               "realestate_complaint_callback_menu"],
              [CONFIG, "realestate_complaint_sla_watch_menu", DASHBOARD]),
    "supervisor": ([CONFIG, "realestate_complaint_sla_watch_menu",
                    "realestate_complaint_approval_rule_menu",
                    "realestate_complaint_callback_rate_menu", DASHBOARD,
                    "realestate_complaint_statistics_menu"],
                   ["realestate_complaint_automation_menu"]),
    "engineer": (["realestate_complaint_menu", "realestate_complaint_callback_menu",
                  "realestate_complaint_department_received_menu"],
                 [CONFIG, "realestate_property_menu",
                  "realestate_complaint_solution_menu", DASHBOARD]),
}


@pytest.mark.parametrize("user", sorted(SEEN))
def test_each_role_sees_its_menus(login, user):
    page = login(user)
    open_action(page, "realestate_complaint.realestate_complaint_action")
    page.wait_for_selector(".o_kanban_view, .o_list_view")
    shown, hidden = SEEN[user]
    for xmlid in shown:
        expect(page.locator(MENU % xmlid)).to_have_count(1)
    for xmlid in hidden:
        expect(page.locator(MENU % xmlid)).to_have_count(0)
