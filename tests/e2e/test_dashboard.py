"""The supervisors' dashboard in the web client (issue 18 item 7; R21, R25, R37,
R38): the Complaints app opens on a card per project for a supervisor; a tile
opens the list of exactly the cases it counts; the card's reporting menu opens
the weekly trend as a graph; the departments have their cards too, in Chinese."""
import os

from playwright.sync_api import expect

from conftest import SHOTS, open_action, web

PROJECT = "realestate.project"


def card(page, name):
    return page.locator(".o_complaint_dashboard .o_kanban_record").filter(
        has=page.locator(".o_primary", has_text=name))


def shot(page, name):
    """A screenshot to look at, once the client is idle and the charts drawn
    (nvd3 animates its bars for a moment)."""
    expect(page.locator(".o_loading")).to_be_hidden()
    page.wait_for_timeout(1000)
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def test_tiles_open_the_counted_cases_and_the_trend(login, rpc):
    project = rpc(PROJECT, "search_read", [("name", "=", "锦绣华庭")], fields=[
        "name", "dashboard_breached_count", "dashboard_open_count"])[0]
    assert project["dashboard_breached_count"] > 0

    page = login("supervisor", lang="en_US")
    # The app's first menu, for a supervisor, is the dashboard.
    root = rpc.ref("realestate_complaint.realestate_complaint_menu_root")
    web(page, "menu_id=%d" % root)
    expect(page.locator(".o_control_panel .breadcrumb")).to_have_text(
        "Dashboard by Project")
    tiles = card(page, project["name"])
    expect(tiles.locator("[data-tile=open] .o_complaint_tile_value")).to_have_text(
        str(project["dashboard_open_count"]))
    breached = tiles.locator("[data-tile=breached]")
    expect(breached.locator(".o_complaint_tile_value")).to_have_text(
        str(project["dashboard_breached_count"]))
    shot(page, "dashboard_projects_en")

    # The tile opens the list of the cases it counted.
    breached.click()
    expect(page.locator(".o_list_view")).to_be_visible()
    expect(page.locator(".o_control_panel .breadcrumb li").last).to_have_text(
        "%s: Breached" % project["name"])
    expect(page.locator(".o_pager_limit")).to_have_text(
        str(project["dashboard_breached_count"]))

    # Back on the cards, the card's reporting menu opens the weekly trend.
    page.click(".o_control_panel .breadcrumb li a:has-text('Dashboard by Project')")
    tiles = card(page, project["name"])
    tiles.locator(".o_kanban_manage_toggle_button").click()
    tiles.locator("a:has-text('Received and Closed by Week')").click()
    expect(page.locator(".o_graph_renderer svg, .o_graph_svg_container svg").first
           ).to_be_visible()
    expect(page.locator(".o_control_panel .breadcrumb li").last).to_contain_text(
        "Received and Closed by Week")
    shot(page, "dashboard_trend_en")


def test_departments_and_graphs_in_chinese(login, rpc):
    team = rpc("realestate.complaint.team", "search_read", [("name", "=", "工程部")],
               fields=["name", "dashboard_open_count"])[0]
    page = login("supervisor", lang="zh_CN")
    open_action(page, "realestate_complaint.realestate_complaint_team_action_dashboard")
    tiles = card(page, team["name"])
    expect(tiles.locator("[data-tile=open] .o_complaint_tile_value")).to_have_text(
        str(team["dashboard_open_count"]))
    shot(page, "dashboard_departments_zh")
    open_action(page, "realestate_complaint.realestate_project_action_dashboard")
    expect(page.locator(".o_complaint_dashboard .o_kanban_record").first
           ).to_be_visible()
    shot(page, "dashboard_projects_zh")
    for xmlid, name in (
            ("realestate_complaint_trend_action", "dashboard_trend_zh"),
            ("realestate_complaint_action_by_category", "dashboard_category_zh"),
            ("realestate_complaint_deadline_action_compliance", "dashboard_sla_zh")):
        open_action(page, "realestate_complaint." + xmlid)
        expect(page.locator(".o_graph_renderer svg, .o_graph_svg_container svg").first
               ).to_be_visible()
        shot(page, name)
