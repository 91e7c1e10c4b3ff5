"""Browser scenarios: Debian's Chromium driven by Playwright against a real Odoo 11
server (started by scripts/test.sh on the test database, demo data installed).

Each scenario logs in as the demo role that does the work in real life, asserts what
the screen shows and what the database then holds (over Odoo's own JSON-RPC), and
leaves a screenshot of its final screen in ``E2E_SHOTS``. A JavaScript error in the
browser console fails the scenario; a failing scenario prints the console errors.
"""
import itertools
import json
import os
import re
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

BASE = os.environ.get("E2E_BASE_URL", "http://127.0.0.1:8269")
DB = os.environ.get("E2E_DB", "realestate_test")
SHOTS = os.environ.get("E2E_SHOTS",
                       os.path.join(os.getcwd(), ".run", "e2e-screenshots"))
# Without the background-networking flags Chromium keeps trying hosts these machines
# cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
TIMEOUT_MS = 20000
expect.set_options(timeout=TIMEOUT_MS)


class Rpc(object):
    """Odoo's external JSON-RPC as the administrator: what the database holds."""

    _ids = itertools.count(1)

    def __init__(self, base, db, login="admin", password="admin"):
        self.base, self.db, self.password = base, db, password
        self.uid = self._call("common", "login", [db, login, password])
        assert self.uid, "cannot log in as %s over JSON-RPC" % login

    def _call(self, service, method, args):
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "id": next(self._ids),
                              "params": {"service": service, "method": method,
                                         "args": args}}).encode()
        request = urllib.request.Request(self.base + "/jsonrpc", payload,
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read().decode())
        if answer.get("error"):
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self._call("object", "execute_kw",
                          [self.db, self.uid, self.password, model, method, list(args),
                           kwargs])

    def ref(self, xmlid):
        return self("ir.model.data", "xmlid_to_res_id", xmlid)

    def user(self, login):
        return self("res.users", "search", [("login", "=", login)])[0]


def is_user_message(text):
    """Odoo 11's web client also logs to the console the errors it shows the user
    in a dialog (a validation message, an access refusal): those are the
    application speaking, and the scenarios assert them on the screen."""
    return text.startswith("Server application error") and any(
        '"exception_type":"%s"' % kind in text
        for kind in ("validation_error", "user_error", "access_error", "warning"))


@pytest.fixture(scope="session")
def rpc():
    return Rpc(BASE, DB)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def login(browser, rpc, request):
    """``login(user, lang="zh_CN")``: a fresh browser context logged in as ``user``
    (demo password = login), in that language; ``ready`` is what shows once logged
    in (the web client's top bar; the portal for a customer)."""
    pages = []

    def _login(user, lang="zh_CN",
               ready=".o_web_client .oe_topbar_name:not(:empty)"):
        rpc("res.users", "write", [rpc.user(user)],
            {"lang": lang, "tz": "Asia/Shanghai"})
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      timezone_id="Asia/Shanghai", locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        pages.append(page)   # a failing login leaves its screenshot too
        page.console_errors = []
        page.on("console", lambda msg: page.console_errors.append(msg.text)
                if msg.type == "error" and not is_user_message(msg.text) else None)
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.goto("%s/web/login?db=%s" % (BASE, DB))
        page.fill("input[name=login]", user)
        page.fill("input[name=password]", user)
        page.click("button[type=submit]")
        # Logged in: the top bar shows the user (the side menu may be hidden, as on
        # Discuss, the home of some users).
        page.wait_for_selector(ready)
        return page

    yield _login
    os.makedirs(SHOTS, exist_ok=True)
    name = re.sub(r"\W+", "_", request.node.name)
    for number, page in enumerate(pages):
        suffix = "" if len(pages) == 1 else "_%d" % (number + 1)
        page.screenshot(path=os.path.join(SHOTS, name + suffix + ".png"),
                        full_page=True)
    errors = [error for page in pages for error in page.console_errors]
    for page in pages:
        page.context.close()
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print("\nscreenshots: %s/%s*.png" % (SHOTS, name))
        print("browser console errors:\n" + ("\n".join(errors) or "(none)"))
    assert not errors, "JavaScript errors in the browser console:\n" + "\n".join(errors)


# Helpers shared by the scenarios.

def web(page, fragment):
    """Load the web client on ``fragment``: a full page load (the query string
    differs from the /web the login lands on), so the client starts on it rather
    than racing the default action with a hash change."""
    page.goto("%s/web?db=%s#%s" % (BASE, DB, fragment))


def open_action(page, xmlid):
    web(page, "action=" + xmlid)


def open_record(page, model, record_id):
    web(page, "id=%d&model=%s&view_type=form" % (record_id, model))
    page.wait_for_selector(".o_form_view .o_form_statusbar")


def open_board(page):
    open_action(page, "realestate_complaint.realestate_complaint_action")
    page.wait_for_selector(".o_kanban_view .o_kanban_group")


def column(page, title):
    """The board column whose title is ``title``."""
    return page.locator(".o_kanban_group").filter(
        has=page.locator(".o_column_title", has_text=title))


def apply_filter(page, label):
    """Tick a filter of the search view's *Filters* menu."""
    if not page.locator(".o_search_options").is_visible():
        page.click(".o_searchview_more")
    if not page.locator(".o_filters_menu").is_visible():
        page.click(".o_search_options .o_dropdown_toggler_btn:has(.fa-filter)")
    page.click(".o_filters_menu li a:text-is('%s')" % label)
    page.click(".o_search_options .o_dropdown_toggler_btn:has(.fa-filter)")


def expect_board_total(page, count):
    """Wait until the board's column counters add up to ``count``."""
    page.wait_for_function("""count => Array.from(
        document.querySelectorAll('.o_kanban_group .o_kanban_counter_side'))
        .reduce((sum, el) => sum + (parseInt(el.textContent) || 0), 0) === count""",
                           arg=count)


def close_warning(page):
    """Acknowledge the warning dialog an onchange shows, if it shows one."""
    ok = page.locator(".modal .modal-footer button", has_text="确定")
    if ok.count():
        ok.first.click()


def pick(page, field, text, scope=""):
    """Type into a many2one and choose the suggestion with ``text``."""
    page.fill("%s .o_field_widget[name=%s] input" % (scope, field), text)
    page.click("ul.ui-autocomplete:visible li a:has-text('%s')" % text)


def draw_signature(page, pad):
    """Sign on the signature pad ``pad`` (its canvas) with the mouse."""
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(box["x"] + 30 + step * 10, box["y"] + 60 + (step % 4) * 8)
    page.mouse.up()


def stage_names(rpc):
    stages = rpc("realestate.complaint.stage", "search_read", [],
                 fields=["name", "code"], context={"lang": "zh_CN"})
    names = [stage["name"] for stage in stages]
    return {stage["code"]: stage["name"] for stage in stages}, names


def complaint_values(rpc, **overrides):
    """A complete registration (R2) of the first demo owner's unit, as the
    administrator."""
    unit = rpc("realestate.unit", "search_read", [("owner_ids", "!=", False)],
               fields=["owner_ids", "contract_number"], limit=1)[0]
    partner = rpc("res.partner", "read", unit["owner_ids"][:1],
                  ["mobile", "phone", "email"])[0]
    values = {
        "kind": "complaint", "channel": "hotline",
        "category_id": rpc.ref("realestate_complaint.category_quality_leak"),
        "partner_id": partner["id"],
        "partner_phone": partner["mobile"] or partner["phone"] or "13812345678",
        "partner_email": partner["email"] or False,
        "email_unknown": not partner["email"],
        "unit_id": unit["id"], "contract_number": unit["contract_number"] or "E2E-1",
        "evidence_unknown": True, "description": "<p>浏览器测试：卫生间漏水。</p>",
        "demand": "repair",
    }
    values.update(overrides)
    return values
