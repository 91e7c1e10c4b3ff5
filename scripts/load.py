"""The load command (issue 17 items 1-2): simulated users against Odoo in prefork,
then what the database holds.

Started by scripts/load.sh, which makes the database and passes the Odoo command
after ``--``. This script starts Odoo (``--workers``, one cron worker, 127.0.0.1),
runs a bounded mix of users for ``--seconds`` (operators registering, agents on the
board and forms, supervisors on statistics, portal customers, the intake API with
retries, the mail gateway), prints throughput and p50/p95/p99 per action, and checks
the database: every accepted registration exists exactly once, no case half-written
(number, deadlines, "created" note), no deadline escalated twice to one tier, no
500 or traceback in the server log. ``--fault`` adds the faults of issue 17 item 2;
each prints what the client saw and what the database holds. Exit status 1 when a
check fails.

Standard library only (Python 3.7): http.client, xmlrpc.client, threads; the
database is read with ``psql``.
"""
import argparse
import collections
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
import xmlrpc.client
from urllib.parse import urlencode

FAULTS = ("kill-worker", "pg-terminate", "kill-sweep", "two-crons",
          "filestore-full")
ROLES = ("operator", "agent", "portal", "intake", "supervisor", "mail",
         "operator", "agent")
# The smallest valid JPEG header detect_type accepts, padded: a photo as evidence.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


class RpcError(Exception):
    """An answer that is an error: JSON-RPC error, HTTP 4xx/5xx, unexpected page."""


class Stats:
    """Durations and outcomes per action, shared by the user threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.errors = collections.defaultdict(collections.Counter)
        self.notes = []

    def ok(self, action, seconds):
        with self.lock:
            self.times[action].append(seconds)

    def error(self, action, kind):
        with self.lock:
            self.errors[action][kind[:120]] += 1

    def note(self, text):
        with self.lock:
            self.notes.append(text)
        print("  " + text, flush=True)


def percentile(values, share):
    values = sorted(values)
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, int(round(share * len(values) + 0.5)) - 1))
    return values[index]


class Client:
    """One browser or integration: its own cookie, one connection per request
    (Odoo's workers answer HTTP/1.0 and close). ``on_sent(port)`` is called once
    the request is on the wire, with the client's local port (faults use it to find
    the worker that serves it)."""

    def __init__(self, host, port, db, timeout=60):
        self.host, self.port, self.db, self.timeout = host, port, db, timeout
        self.session_id = None
        self.on_sent = None

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = dict(headers or {})
            if self.session_id:
                headers["Cookie"] = "session_id=%s" % self.session_id
            conn.request(method, path, body=body, headers=headers)
            hook, self.on_sent = self.on_sent, None
            if hook:
                hook(conn.sock.getsockname()[1])
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session_id="):
                self.session_id = value.split(";", 1)[0].split("=", 1)[1]
        return response.status, dict(response.getheaders()), data

    def jsonrpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params,
                           "id": random.randint(1, 10 ** 9)})
        status, _headers, data = self.request(
            "POST", path, body.encode(), {"Content-Type": "application/json"})
        if status != 200:
            raise RpcError("HTTP %d" % status)
        answer = json.loads(data.decode())
        if answer.get("error"):
            error = answer["error"]
            name = (error.get("data") or {}).get("name") or error.get("message")
            raise RpcError("%s: %s" % (name, (error.get("data") or {}).get(
                "message", "")[:200]))
        return answer.get("result")

    def authenticate(self, login, password):
        result = self.jsonrpc("/web/session/authenticate", {
            "db": self.db, "login": login, "password": password})
        if not result or not result.get("uid"):
            raise RpcError("login refused for %s" % login)
        return result

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": list(args),
            "kwargs": kwargs})

    def form_login(self, login, password):
        """The portal's login page, as a browser posts it (with its CSRF token)."""
        status, _h, page = self.request("GET", "/web/login")
        token = csrf_of(page)
        # Odoo 11 answers a successful login with a page that redirects by script
        # (redirect_with_hash), a refused one with the form again.
        status, _headers, page = self.request(
            "POST", "/web/login", urlencode({
                "login": login, "password": password, "csrf_token": token,
                "redirect": "/my/complaints"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 200 or b"oe_login_form" in page:
            raise RpcError("portal login refused (%d)" % status)


def csrf_of(page):
    found = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    if not found:
        raise RpcError("no CSRF token in the page")
    return found.group(1).decode()


def multipart(fields, files):
    boundary = "----load%s" % uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                      % (boundary, name)).encode() + str(value).encode() + b"\r\n")
    for name, filename, data, mimetype in files:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                      "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                      % (boundary, name, filename, mimetype)).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    return b"".join(parts), "multipart/form-data; boundary=%s" % boundary


def psql(db, query):
    """Rows of ``query`` in ``db`` (lists of strings)."""
    out = subprocess.run(
        ["psql", "-X", "-q", "-tA", "-F", "\x1f", "-v", "ON_ERROR_STOP=1",
         "-d", db, "-c", query], check=True, stdout=subprocess.PIPE,
        universal_newlines=True).stdout
    return [line.split("\x1f") for line in out.splitlines() if line]


def worker_of(port, client_port, wait=10.0):
    """The pid of the process holding the server side of the connection from
    ``client_port`` (the Odoo HTTP worker that accepted it), found with ss; waits
    while the connection is still in the listening socket's queue."""
    deadline = time.time() + wait
    while time.time() < deadline:
        out = subprocess.run(
            ["ss", "-Htnp", "state", "established",
             "( sport = :%d and dport = :%d )" % (port, client_port)],
            stdout=subprocess.PIPE, universal_newlines=True).stdout
        found = re.search(r"pid=(\d+)", out)
        if found:
            return int(found.group(1))
        time.sleep(0.02)
    return None


def kill_later(port, client_port, delay, done):
    """In a thread: kill -9 the worker serving ``client_port`` ``delay`` seconds
    after it accepted the connection; its pid (or None) is appended to ``done``."""
    def run():
        pid = worker_of(port, client_port)
        if pid:
            time.sleep(delay)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pid = None
        done.append(pid)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


class Load:
    """The run: server(s), users, figures, checks."""

    def __init__(self, args, odoo):
        self.args = args
        self.odoo = odoo
        self.db = args.db
        self.host = "127.0.0.1"
        self.stats = Stats()
        self.lock = threading.Lock()
        self.markers = {}        # marker: {source, accepted, id, tries, seen}
        self.stop = threading.Event()
        self.servers = []
        self.failures = []       # failed checks
        self.outcomes = []       # fault outcomes (text)
        self.kill_pending = set()   # actions whose next request loses its worker
        self.killed = []
        self.fault_times = []    # when a fault struck: log errors near them
        self.terminated_at = None

    # -- servers ----------------------------------------------------------------
    def start_server(self, log, http=True, workers=None, crons=1):
        cmd = list(self.odoo) + [
            "-d", self.db, "--db-filter", "^%s$" % self.db,
            "--workers", str(workers or self.args.workers),
            "--max-cron-threads", str(crons), "--logfile", log,
            "--log-level", "info", "--limit-time-real", "600",
            "--limit-time-cpu", "600"]
        if http:
            cmd += ["--http-port", str(self.args.port),
                    "--longpolling-port", str(self.args.longpolling_port)]
        else:
            cmd += ["--no-http"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        self.servers.append(proc)
        if http:
            self.wait_http()
        return proc

    def wait_http(self, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                status, _h, _b = Client(self.host, self.args.port, self.db,
                                        timeout=10).request("GET", "/web/login")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(1)
        raise SystemExit("load: Odoo did not answer on port %d" % self.args.port)

    def stop_servers(self):
        for proc in self.servers:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.servers:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    # -- preparation ------------------------------------------------------------
    def prepare(self):
        """Demo references every user needs, read once as the administrator."""
        admin = Client(self.host, self.args.port, self.db)
        admin.authenticate("admin", "admin")
        self.admin = admin
        units = admin.call("realestate.unit", "search_read",
                           [("owner_ids", "!=", False)],
                           fields=["owner_ids", "contract_number"], limit=50)
        partners = {p["id"]: p for p in admin.call(
            "res.partner", "read", sorted({u["owner_ids"][0] for u in units}),
            ["mobile", "phone", "email"])}
        self.owners = []
        for unit in units:
            partner = partners[unit["owner_ids"][0]]
            phone = partner["mobile"] or partner["phone"]
            if phone:
                self.owners.append({
                    "partner_id": partner["id"], "partner_phone": phone,
                    "partner_email": partner["email"] or False,
                    "email_unknown": not partner["email"], "unit_id": unit["id"],
                    "contract_number": unit["contract_number"] or False,
                    "contract_unknown": not unit["contract_number"]})
        self.categories = admin.call("realestate.complaint.category", "search", [])
        view = admin.call("realestate.complaint", "fields_view_get",
                          view_type="kanban")
        self.kanban_fields = sorted(view["fields"])
        # The intake API's key: generated as an administrator does (shown once).
        hotline = admin.call("realestate.complaint.integration", "search",
                             [("channel", "=", "hotline")], limit=1)
        action = admin.call("realestate.complaint.integration",
                            "action_generate_key", hotline)
        self.api_key = action["context"]["default_key"]
        domain = admin.call("ir.config_parameter", "get_param",
                            "mail.catchall.domain")
        if not domain:
            admin.call("ir.config_parameter", "set_param", "mail.catchall.domain",
                       "example.com")
            domain = "example.com"
        self.mail_to = "complaints@%s" % domain
        self.admin_uid = int(psql(self.db, "SELECT id FROM res_users "
                                  "WHERE login = 'admin'")[0][0])
        self.first_case = int(psql(self.db, "SELECT COALESCE(MAX(id), 0) "
                                   "FROM realestate_complaint")[0][0])
        self.run_start = psql(self.db, "SELECT now() at time zone 'UTC'")[0][0]
        self.log_start = os.path.getsize(self.args.log) if os.path.exists(
            self.args.log) else 0

    # -- bookkeeping ---------------------------------------------------------------
    def new_marker(self, source):
        marker = "LOAD-%s-%s" % (source, uuid.uuid4().hex[:12])
        with self.lock:
            self.markers[marker] = {"source": source, "accepted": False, "id": None,
                                    "tries": 0, "errors": []}
        return marker

    def accepted(self, marker, case_id=None):
        with self.lock:
            self.markers[marker].update(accepted=True, id=case_id)

    def timed(self, action, func, *args):
        t0 = time.perf_counter()
        try:
            result = func(*args)
        except (RpcError, OSError, http.client.HTTPException,
                xmlrpc.client.Error, ValueError) as error:
            self.stats.error(action, "%s: %s" % (type(error).__name__, error))
            raise
        self.stats.ok(action, time.perf_counter() - t0)
        return result

    def think(self):
        self.stop.wait(random.uniform(0.05, 0.3))

    # -- users ------------------------------------------------------------------------
    def user(self, role, number):
        client = Client(self.host, self.args.port, self.db)
        login = {"operator": "operator", "agent": "agent" if number % 2 else "agent2",
                 "supervisor": "supervisor"}.get(role)
        while not self.stop.is_set():
            try:
                if login and not client.session_id:
                    self.timed("login", client.authenticate, login, login)
                    # The form as this user's client gets it (fields of groups
                    # the user lacks are left out).
                    client.form_fields = sorted(client.call(
                        "realestate.complaint", "fields_view_get",
                        view_type="form")["fields"])
                if role == "portal" and not client.session_id:
                    self.timed("portal_login", client.form_login, "customer",
                               "customer")
                getattr(self, "act_" + role)(client)
            except (RpcError, OSError, http.client.HTTPException,
                    xmlrpc.client.Error, ValueError):
                # Counted by timed(); a user who met an error logs in again.
                client.session_id = None
                self.stop.wait(0.5)
            self.think()

    def kill_hook(self, client, action, marker):
        """Arm the kill-worker fault on this request, when one is pending for this
        action (once per registration: its retry is left to succeed)."""
        with self.lock:
            if action not in self.kill_pending or \
                    any(k[2] == marker for k in self.killed):
                return
            self.kill_pending.discard(action)

        def hook(client_port):
            # 50 ms after the worker took it: inside the transaction.
            done = []
            kill_later(self.args.port, client_port, 0.05, done).join()
            with self.lock:
                self.killed.append((action, done[0], marker))
                self.fault_times.append(time.time())
        client.on_sent = hook

    def act_operator(self, client):
        """The registration form saved (create, then the form reads the record);
        a lost answer is looked up by its marker before saving again, as an operator
        looks at the list before typing the case twice."""
        marker = self.new_marker("operator")
        vals = dict(random.choice(self.owners),
                    category_id=random.choice(self.categories), channel="hotline",
                    demand="repair", evidence_unknown=True,
                    description="<p>Water leaks from the ceiling (%s)</p>" % marker)
        for attempt in range(3):
            self.markers[marker]["tries"] += 1
            self.kill_hook(client, "register", marker)
            try:
                case_id = self.timed("operator.register", client.call,
                                     "realestate.complaint", "create", vals)
            except (RpcError, OSError, http.client.HTTPException) as error:
                self.markers[marker]["errors"].append(str(error)[:100])
                found = self.lookup(marker)
                if found:
                    self.accepted(marker, found)
                    return
                if isinstance(error, RpcError) and not any(
                        e in str(error) for e in ("HTTP", "OperationalError",
                                                  "InterfaceError")):
                    return  # refused by a rule: no retry
                client.session_id = None
                self.timed("login", client.authenticate, "operator", "operator")
                continue
            self.accepted(marker, case_id)
            self.timed("operator.read", client.call, "realestate.complaint", "read",
                       [case_id], client.form_fields)
            return

    def lookup(self, marker):
        rows = psql(self.db, "SELECT id FROM realestate_complaint WHERE "
                    "description LIKE '%%%s%%'" % marker)
        return int(rows[0][0]) if rows else None

    def act_agent(self, client):
        """The board as the web client loads it (read_group by stage, the progress
        bar, each unfolded column's first 40 cards), then a form with its chatter."""
        domain = [("is_closed", "=", False)]

        def board():
            groups = client.call(
                "realestate.complaint", "read_group", domain=domain,
                fields=self.kanban_fields + ["stage_id"], groupby=["stage_id"],
                orderby="", lazy=True)
            client.call("realestate.complaint", "read_progress_bar", domain=domain,
                        group_by="stage_id", progress_bar={
                            "field": "activity_state", "colors": {
                                "planned": "success", "today": "warning",
                                "overdue": "danger"}})
            ids = []
            for group in groups:
                if group.get("__fold") or not group.get("stage_id_count"):
                    continue
                result = client.jsonrpc("/web/dataset/search_read", {
                    "model": "realestate.complaint", "fields": self.kanban_fields,
                    "domain": group["__domain"], "limit": 40, "sort": "",
                    "context": {}})
                ids += [r["id"] for r in result["records"]]
            return ids
        ids = self.timed("agent.board", board)
        if ids:
            case_id = random.choice(ids)

            def form():
                record = client.call("realestate.complaint", "read", [case_id],
                                     client.form_fields)[0]
                client.call("mail.message", "message_format",
                            record.get("message_ids", [])[:30])
            self.timed("agent.form", form)

    def act_supervisor(self, client):
        """The At Risk and Late list grouped by status, the graph by category, and
        the monthly statistics report (HTML, as the preview shows it)."""
        watch = [("is_closed", "=", False), "|",
                 ("next_deadline_status", "in", ("at_risk", "breached")),
                 ("escalation_tier_id", "!=", False)]

        def at_risk():
            client.call("realestate.complaint", "read_group", domain=watch,
                        fields=["next_deadline_status"],
                        groupby=["next_deadline_status"], orderby="", lazy=True)
            client.jsonrpc("/web/dataset/search_read", {
                "model": "realestate.complaint", "domain": watch, "limit": 80,
                "fields": ["name", "partner_name", "next_deadline",
                           "next_deadline_status", "escalation_tier_id", "stage_id"],
                "sort": "", "context": {}})
            client.call("realestate.complaint", "read_group",
                        domain=[("is_closed", "=", False)],
                        fields=["category_id"], groupby=["category_id"],
                        orderby="", lazy=True)
        self.timed("supervisor.dashboard", at_risk)

        def statistics():
            wizard = client.call("realestate.complaint.statistics.wizard", "create",
                                 {"period": "month"})
            action = client.call("realestate.complaint.statistics.wizard",
                                 "action_print", [wizard])
            status, _h, page = client.request(
                "GET", "/report/html/%s/%d" % (action["report_name"], wizard))
            if status != 200 or b"<html" not in page[:2000].lower():
                raise RpcError("statistics page HTTP %d" % status)
        self.timed("supervisor.statistics", statistics)

    def act_portal(self, client):
        """My complaints, one of them, and now and then the submission form."""
        def listing():
            status, _h, page = client.request("GET", "/my/complaints")
            if status != 200:
                raise RpcError("HTTP %d" % status)
            return re.findall(rb'href="/my/complaints/(\d+)"', page)
        ids = self.timed("portal.list", listing)
        if ids:
            def case():
                status, _h, _page = client.request(
                    "GET", "/my/complaints/%s" % random.choice(ids).decode())
                if status != 200:
                    raise RpcError("HTTP %d" % status)
            self.timed("portal.case", case)
        if random.random() < 0.4:
            self.portal_submit(client)

    def portal_submit(self, client, attachment=None, action="portal.submit"):
        """The submission form, with its CSRF token; returns (status, page)."""
        status, _h, page = client.request("GET", "/my/complaints/new")
        if status != 200:
            raise RpcError("form HTTP %d" % status)
        token = csrf_of(page)
        categories = re.findall(rb'name="category_id".*?</select>', page, re.S)
        category = re.findall(rb'<option value="(\d+)"', categories[0])[0].decode()
        units = re.findall(rb'name="unit_id".*?</select>', page, re.S)
        unit_ids = re.findall(rb'<option value="(\d+)"', units[0]) if units else []
        marker = self.new_marker(action.split(".")[0])
        fields = {"csrf_token": token, "kind": "complaint", "category_id": category,
                  "unit_id": unit_ids[0].decode() if unit_ids else "",
                  "description": "Cracks in the wall (%s)" % marker,
                  "demand": "repair", "phone": "13900001234"}
        body, ctype = multipart(fields, [attachment] if attachment else [])
        self.markers[marker]["tries"] += 1

        def submit():
            return client.request("POST", "/my/complaints/new", body,
                                  {"Content-Type": ctype})
        status, headers, answer = self.timed(action, submit)
        location = headers.get("Location", "")
        found = re.search(r"/my/complaints/(\d+)\?registered=1", location)
        if status in (302, 303) and found:
            self.accepted(marker, int(found.group(1)))
        elif status != 200:
            self.markers[marker]["errors"].append("HTTP %d" % status)
        return marker, status, answer

    def act_intake(self, client):
        """The call centre registers through the API: the same external id on every
        retry (the API answers 200 with the case when it was registered)."""
        marker = self.new_marker("intake")
        payload = json.dumps({
            "external_id": marker, "kind": "complaint", "demand": "repair",
            "description": "Leak under the window (%s)" % marker,
            "customer": {"name": "Load %s" % marker[-6:], "phone": "13800138000"},
        }).encode()
        headers = {"Authorization": "Bearer %s" % self.api_key,
                   "Content-Type": "application/json"}
        for attempt in range(4):
            self.markers[marker]["tries"] += 1
            self.kill_hook(client, "intake", marker)
            try:
                status, _h, data = self.timed(
                    "intake.register", client.request, "POST",
                    "/api/complaint/v1/complaints", payload, headers)
            except (OSError, http.client.HTTPException) as error:
                self.markers[marker]["errors"].append(str(error)[:100])
                self.stop.wait(0.5 * (attempt + 1))
                continue
            if status in (200, 201):
                answer = json.loads(data.decode())
                self.accepted(marker, answer.get("number"))
                if attempt:
                    self.stats.ok("intake.retried_ok", 0.0)
                return
            self.markers[marker]["errors"].append("HTTP %d" % status)
            self.stats.error("intake.register", "HTTP %d" % status)
            if status < 500 and status not in (429,):
                return
            self.stop.wait(0.5 * (attempt + 1))

    def act_mail(self, client):
        """An email to the complaints alias, delivered as fetchmail does
        (mail.thread.message_process over XML-RPC); redelivered with the same
        Message-Id when the answer is lost."""
        marker = self.new_marker("mail")
        sender = "owner.%s@example.org" % marker[-12:]
        raw = ("From: Load Owner <%s>\r\nTo: %s\r\nSubject: Leak %s\r\n"
               "Message-Id: <%s@load.example.org>\r\nDate: %s\r\n"
               "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
               "The bathroom ceiling leaks (%s). Please call 13900001234.\r\n" % (
                   sender, self.mail_to, marker, marker,
                   time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
                   marker)).encode()
        proxy = xmlrpc.client.ServerProxy(
            "http://%s:%d/xmlrpc/2/object" % (self.host, self.args.port))
        for attempt in range(3):
            self.markers[marker]["tries"] += 1
            try:
                case_id = self.timed(
                    "mail.receive", proxy.execute_kw, self.db, self.admin_uid,
                    "admin", "mail.thread", "message_process",
                    [False, xmlrpc.client.Binary(raw)])
            except (OSError, http.client.HTTPException, xmlrpc.client.Error) as e:
                self.markers[marker]["errors"].append(str(e)[:100])
                self.stop.wait(0.5 * (attempt + 1))
                continue
            if case_id:
                self.accepted(marker, case_id)
            return

    # -- the run ----------------------------------------------------------------------
    def run_users(self, seconds, faults_during, warmup=0):
        threads = []
        for number in range(self.args.users):
            role = ROLES[number % len(ROLES)]
            thread = threading.Thread(target=self.user, args=(role, number),
                                      daemon=True)
            thread.start()
            threads.append(thread)
        if warmup:
            # Each worker loads the registry and the assets on its first
            # requests: not measured.
            self.stop.wait(warmup)
            with self.stats.lock:
                warm = sum(len(v) for v in self.stats.times.values())
                self.stats.times.clear()
                self.stats.errors.clear()
            print("load: %d actions of warm-up (%d s) not counted" % (warm, warmup),
                  flush=True)
        started = time.time()
        for at, fault in faults_during:
            self.stop.wait(max(0, started + at - time.time()))
            fault()
        self.stop.wait(max(0, started + seconds - time.time()))
        self.stop.set()
        for thread in threads:
            thread.join(90)
        return time.time() - started

    def report(self, elapsed):
        total = sum(len(v) for v in self.stats.times.values())
        print("\nload: %d users, %.0f s, %d workers: %.1f actions/s (machine: %d "
              "cores, load average %.1f over the last minute, every process)" % (
                  self.args.users, elapsed, self.args.workers, total / elapsed,
                  os.cpu_count(), os.getloadavg()[0]))
        print("%-24s %7s %7s %8s %8s %8s %7s" % (
            "action", "ok", "per s", "p50 ms", "p95 ms", "p99 ms", "errors"))
        for action in sorted(set(self.stats.times) | set(self.stats.errors)):
            times = self.stats.times.get(action, [])
            errors = sum(self.stats.errors.get(action, {}).values())
            print("%-24s %7d %7.2f %8.0f %8.0f %8.0f %7d" % (
                action, len(times), len(times) / elapsed,
                percentile(times, .50) * 1000, percentile(times, .95) * 1000,
                percentile(times, .99) * 1000, errors))
        for action, kinds in sorted(self.stats.errors.items()):
            for kind, count in kinds.most_common(5):
                print("  error %s x%d: %s" % (action, count, kind))

    # -- checks -----------------------------------------------------------------------
    def check(self, name, ok, detail):
        print("check %-44s %s  %s" % (name, "ok  " if ok else "FAIL", detail))
        if not ok:
            self.failures.append(name)

    def check_registrations(self):
        """Every accepted registration exists once; a refused or lost one at most
        once (it is then reported: the client was told of an error although the
        case exists)."""
        rows = psql(self.db, """
            SELECT m.marker, COUNT(c.id)
              FROM unnest(ARRAY[%s]::text[]) AS m(marker)
         LEFT JOIN realestate_complaint c
                ON c.id > %d AND c.description LIKE '%%%%' || m.marker || '%%%%'
          GROUP BY m.marker""" % (
            ",".join("'%s'" % m for m in self.markers) or "''", self.first_case))
        counts = {marker: int(count) for marker, count in rows}
        accepted = [m for m, v in self.markers.items() if v["accepted"]]
        missing = [m for m in accepted if counts.get(m) == 0]
        doubled = [m for m in self.markers if counts.get(m, 0) > 1]
        unknown = [m for m, v in self.markers.items()
                   if not v["accepted"] and counts.get(m, 0) == 1]
        by_source = collections.Counter(self.markers[m]["source"] for m in accepted)
        self.check("accepted registrations exist once", not missing and not doubled,
                   "%d accepted (%s), %d missing, %d doubled" % (
                       len(accepted), ", ".join("%s %d" % i for i in
                                                sorted(by_source.items())),
                       len(missing), len(doubled)))
        if missing or doubled:
            print("  missing %s doubled %s" % (missing[:5], doubled[:5]))
        if unknown:
            print("  note: %d registrations the client saw fail exist (answer "
                  "lost after the commit): %s" % (len(unknown), unknown[:3]))
        retried = sum(1 for v in self.markers.values() if v["tries"] > 1)
        if retried:
            print("  note: %d registrations needed a retry" % retried)

    def check_whole_cases(self):
        rows = psql(self.db, """
            SELECT c.id, c.name,
                   (SELECT COUNT(*) FROM realestate_complaint_deadline d
                     WHERE d.complaint_id = c.id),
                   EXISTS (SELECT 1 FROM mail_message m
                            WHERE m.model = 'realestate.complaint'
                              AND m.res_id = c.id
                              AND m.message_type = 'notification'
                              AND m.create_date = c.create_date)
              FROM realestate_complaint c WHERE c.id > %d""" % self.first_case)
        half = [r for r in rows if not r[1] or r[1] in ("/", "New") or
                r[2] == "0" or r[3] != "t"]
        self.check("no half-written case", not half,
                   "%d new cases, %d without number, deadlines or created note"
                   % (len(rows), len(half)))
        for row in half[:5]:
            print("  half-written: %s" % (row,))

    def escalation_state(self):
        """{deadline id: (escalation_count, tier id)}."""
        return {int(r[0]): (int(r[1] or 0), r[2]) for r in psql(self.db, """
            SELECT id, escalation_count, escalation_tier_id
              FROM realestate_complaint_deadline""")}

    def check_escalations(self, name="no deadline escalated twice to a tier"):
        """A deadline climbs one tier per escalation: it cannot have been escalated
        more times than the rank of the tier it reached in its company's ladder."""
        rows = psql(self.db, """
            SELECT d.id, d.escalation_count, (
                   SELECT COUNT(*) FROM realestate_complaint_escalation_tier t
                    WHERE (t.company_id IS NULL OR t.company_id = c.company_id)
                      AND (t.sequence, t.id) <= (et.sequence, et.id))
              FROM realestate_complaint_deadline d
              JOIN realestate_complaint c ON c.id = d.complaint_id
              JOIN realestate_complaint_escalation_tier et
                ON et.id = d.escalation_tier_id
             WHERE d.escalation_count > 0""")
        bad = [r for r in rows if int(r[1]) > int(r[2])]
        self.check(name, not bad, "%d escalated deadlines, %d escalated more often "
                   "than their tier's rank" % (len(rows), len(bad)))
        activities = psql(self.db, """
            SELECT a.res_id, a.user_id, a.summary, COUNT(*)
              FROM mail_activity a
             WHERE a.res_model = 'realestate.complaint'
               AND a.activity_type_id = (SELECT res_id FROM ir_model_data
                     WHERE module = 'realestate_complaint'
                       AND name = 'mail_activity_type_escalation')
               AND a.create_date >= '%s'
          GROUP BY 1, 2, 3, a.create_date HAVING COUNT(*) > 1""" % self.run_start)
        self.check("no escalation activity doubled", not activities,
                   "%d (case, person, tier) activities doubled by one sweep of this "
                   "run"
                   % len(activities))

    def server_log(self):
        with open(self.args.log, "rb") as f:
            f.seek(self.log_start)
            return f.read().decode("utf-8", "replace")

    def check_log(self):
        """No 500 answer and no traceback, but those a fault explains: within 15 s
        after it struck, or, after the database's connections were terminated, a
        lost connection met later (each worker's pooled connections fail on their
        next use) and the 500 that request answered."""
        entries = []   # [time, pid, first line, text]
        for line in self.server_log().splitlines():
            head = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ (\d+) ", line)
            if head:
                when = time.mktime(time.strptime(head.group(1), "%Y-%m-%d %H:%M:%S"))
                entries.append([when, head.group(2), line, line])
            elif entries:
                entries[-1][3] += "\n" + line
        errors = [e for e in entries
                  if (" ERROR " in e[2] or " CRITICAL " in e[2] or '" 500 ' in e[2])
                  and "Unmet dependencies" not in e[2]]
        lost = ("server closed the connection", "terminating connection",
                "cursor already closed", "connection already closed")
        explained = []
        for when, pid, line, text in errors:
            near = any(-2 <= when - t <= 15 for t in self.fault_times)
            stale = self.terminated_at and when >= self.terminated_at and (
                any(m in text for m in lost) or any(
                    e[1] == pid and 0 <= when - e[0] <= 5 and
                    any(m in e[3] for m in lost) for e in errors))
            if near or stale:
                explained.append(line)
        unexplained = [e[2] for e in errors if e[2] not in explained]
        self.check("no 500 or server error in the log", not unexplained,
                   "%d error lines, %d explained by the faults" % (
                       len(errors), len(explained)))
        for line in unexplained[:8]:
            print("  " + line[:300])
        late = [e for e in explained if self.terminated_at and
                not any(-2 <= time.mktime(time.strptime(e[:19], "%Y-%m-%d %H:%M:%S"))
                        - t <= 15 for t in self.fault_times)]
        if late:
            self.outcomes.append(
                "pg-terminate, later: %d error lines more than 15 s after the "
                "termination: a worker's pooled connection, dead since, failed on its "
                "first use (Odoo 11's pool does not test a connection before lending "
                "it); that request answered 500, the next ones worked" % len(late))

    # -- faults ------------------------------------------------------------------------
    def fault_kill_worker(self):
        """kill -9 the worker serving a registration (an operator's, an intake
        API's)."""
        with self.lock:
            self.kill_pending.update(("register", "intake"))
        self.stats.note("fault kill-worker: the next operator registration and the "
                        "next intake API registration lose their worker (kill -9)")

    def outcome_kill_worker(self):
        lines = []
        for action, pid, marker in self.killed:
            state = self.markers[marker]
            stored = len(psql(self.db, "SELECT id FROM realestate_complaint WHERE "
                              "description LIKE '%%%s%%'" % marker))
            lines.append(
                "%s: worker %s killed; the client saw %s; %d tries, %s; cases "
                "stored with its marker: %d" % (
                    action, pid or "not found", "; ".join(state["errors"]) or
                    "no error", state["tries"], "accepted" if state["accepted"]
                    else "not accepted", stored))
        self.outcomes.append("kill-worker: " + " | ".join(lines))

    def error_counts(self):
        with self.stats.lock:
            return {a: sum(c.values()) for a, c in self.stats.errors.items()}

    def fault_pg_terminate(self):
        """The database's connections die, as when PostgreSQL restarts. The
        cluster is shared by every engineer of this machine: terminate this
        database's backends instead of restarting it."""
        self.fault_times.append(time.time())
        self.terminated_at = time.time() - 2
        rows = psql(self.db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        self.stats.note("fault pg-terminate: %d backends of %s terminated "
                        "(pg_terminate_backend)" % (len(rows), self.db))
        before = self.error_counts()

        def after():
            errors = self.error_counts()
            seen = {a: n - before.get(a, 0) for a, n in errors.items()
                    if n > before.get(a, 0)}
            self.outcomes.append(
                "pg-terminate: %d backends of the database terminated "
                "(pg_terminate_backend; the shared cluster is not restarted); in the "
                "next 10 s the clients saw errors: %s; afterwards every action "
                "answered again (see the table), checks below" % (
                    len(rows), ", ".join("%s %d" % i for i in sorted(seen.items()))
                    or "none"))
        timer = threading.Timer(10, after)
        timer.daemon = True
        timer.start()

    def backdate(self, limit):
        """Work for the sweep: open deadlines of open cases made late, and late
        ones already escalated made due for their next tier; each is due to climb
        exactly one tier. Returns their ids."""
        rows = psql(self.db, """
            UPDATE realestate_complaint_deadline d
               SET date_next_escalation = now() at time zone 'UTC'
                                          - interval '1 minute'
              FROM realestate_complaint c
             WHERE c.id = d.complaint_id AND NOT c.is_closed
               AND d.status = 'breached' AND d.paused IS NOT TRUE
               AND d.date_next_escalation IS NOT NULL RETURNING d.id""")
        rows += psql(self.db, """
            UPDATE realestate_complaint_deadline d
               SET date_deadline = now() at time zone 'UTC' - interval '30 days',
                   date_at_risk = now() at time zone 'UTC' - interval '31 days',
                   date_next_escalation = now() at time zone 'UTC'
                                          - interval '1 minute'
              FROM (SELECT d2.id FROM realestate_complaint_deadline d2
                      JOIN realestate_complaint c ON c.id = d2.complaint_id
                     WHERE d2.status IN ('on_track', 'at_risk')
                       AND d2.paused IS NOT TRUE AND NOT c.is_closed
                  ORDER BY d2.id LIMIT %d) AS due
             WHERE d.id = due.id RETURNING d.id""" % limit)
        return [int(r[0]) for r in rows]

    def sweep_cron(self):
        return int(psql(self.db, "SELECT res_id FROM ir_model_data WHERE "
                        "module = 'realestate_complaint' AND "
                        "name = 'ir_cron_sla_sweep'")[0][0])

    def trigger_sweep(self, client, kill=False):
        """The SLA sweep run now through RPC (the cron's Run Manually button):
        (seconds, error or None, [killed pid]). ``kill``: kill -9 the worker
        once the sweep writes its chatter notes, i.e. after it escalated the
        deadlines and before it commits."""
        killed = []
        if kill:
            def hook(client_port):
                def run():
                    pid = worker_of(self.args.port, client_port)
                    deadline = time.time() + 120
                    while pid and time.time() < deadline:
                        if psql(self.db, """
                            SELECT 1 FROM pg_locks l
                              JOIN pg_class c ON c.oid = l.relation
                              JOIN pg_stat_activity a ON a.pid = l.pid
                             WHERE a.datname = current_database()
                               AND a.pid <> pg_backend_pid()
                               AND c.relname = 'mail_message'
                               AND l.mode = 'RowExclusiveLock' LIMIT 1"""):
                            os.kill(pid, signal.SIGKILL)
                            killed.append(pid)
                            self.fault_times.append(time.time())
                            return
                        time.sleep(0.01)
                threading.Thread(target=run, daemon=True).start()
            client.on_sent = hook
        t0 = time.perf_counter()
        try:
            client.call("ir.cron", "method_direct_trigger", [self.sweep_cron()])
            error = None
        except (RpcError, OSError, http.client.HTTPException) as e:
            error = "%s: %s" % (type(e).__name__, e)
        return time.perf_counter() - t0, error, killed

    def fault_kill_sweep(self):
        due = self.backdate(self.args.sweep_deadlines)
        before = self.escalation_state()
        admin = Client(self.host, self.args.port, self.db, timeout=600)
        admin.authenticate("admin", "admin")
        seconds, error, killed = self.trigger_sweep(admin, kill=True)
        mid = sum(1 for i, v in self.escalation_state().items()
                  if v[0] > before.get(i, (0, None))[0])
        saw = error or "no error (the sweep ended before the kill)"
        time.sleep(3)   # the master replaces the worker
        admin.authenticate("admin", "admin")
        seconds2, error2, _k = self.trigger_sweep(admin)
        after = self.escalation_state()
        done = sum(1 for i in due if after[i][0] == before[i][0] + 1)
        twice = [i for i in after if after[i][0] - before.get(i, (0, None))[0] > 1]
        seconds3, error3, _k = self.trigger_sweep(admin)
        again = self.escalation_state()
        changed = [i for i in again if again[i] != after[i]]
        ok = bool(killed) and not error2 and done == len(due) and not twice \
            and not changed
        text = ("kill-sweep: %d deadlines due; worker %s killed while the sweep "
                "wrote its notes; client saw: %s; escalated after the kill: %d; "
                "sweep run "
                "again (%.1f s, %s): %d/%d escalated, %d climbed twice; a third run "
                "changed %d" % (len(due), killed or "not", saw[:120], mid, seconds2,
                                error2 or "ok", done, len(due), len(twice),
                                len(changed)))
        self.outcomes.append(text)
        self.check("fault kill-sweep", ok, text)

    def fault_two_crons(self):
        """Two servers with cron workers on this database and two sweeps at once
        (two HTTP workers running the cron by hand while both cron workers poll)."""
        self.two_crons_from = time.strftime("%Y-%m-%d %H:%M:%S")
        due = self.backdate(self.args.sweep_deadlines)
        psql(self.db, "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' "
             "- interval '1 minute' WHERE id = %d" % self.sweep_cron())
        before = self.escalation_state()
        results = []

        def one():
            admin = Client(self.host, self.args.port, self.db, timeout=600)
            admin.authenticate("admin", "admin")
            results.append(self.trigger_sweep(admin))
        threads = [threading.Thread(target=one) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # The cron workers poll every 60-70 s: wait until one ran the job.
        deadline = time.time() + 150
        ran = False
        while time.time() < deadline:
            rows = psql(self.db, "SELECT nextcall > now() at time zone 'UTC' FROM "
                        "ir_cron WHERE id = %d" % self.sweep_cron())
            if rows[0][0] == "t":
                ran = True
                break
            time.sleep(5)
        after = self.escalation_state()
        job = "Starting job `Complaints: SLA statuses and escalation`"
        runs = []
        for log in (self.args.log, self.args.log + ".second"):
            with open(log, errors="replace") as f:
                runs.append(sum(1 for line in f if job in line and
                                line[:19] >= self.two_crons_from))
        climbed = [i for i in due if after[i][0] > before[i][0]]
        twice = [i for i in after if after[i][0] - before.get(i, (0, None))[0] > 1]
        errors = [r[1] for r in results if r[1]]
        ok = not twice and len(climbed) == len(due) and not errors and ran
        text = ("two-crons: a second server with a cron worker on %s; %d deadlines "
                "due; two manual sweeps at once (%s) and the cron job %s; %d/%d "
                "escalated, %d climbed more than one tier" % (
                    self.db, len(due), ", ".join(
                        "%.1f s %s" % (r[0], r[1] or "ok") for r in results),
                    "ran (%d times by the first server's cron worker, %d by "
                    "the second's)" % tuple(runs) if ran else "did not run within "
                    "150 s", len(climbed), len(due), len(twice)))
        self.outcomes.append(text)
        self.check("fault two-crons", ok, text)

    def fault_filestore_full(self):
        """Uploads on a full filestore: a tiny tmpfs mounted over this database's
        filestore (root only), else the fault is skipped and said so."""
        store = os.path.join(self.args.data_dir, "filestore", self.db)
        if os.geteuid() != 0:
            self.outcomes.append("filestore-full: skipped (needs root for a tmpfs)")
            print("  filestore-full skipped: not root")
            return
        used = int(subprocess.run(["du", "-sk", store], stdout=subprocess.PIPE,
                                  universal_newlines=True).stdout.split()[0])
        keep = store + ".load-keep"
        subprocess.run(["cp", "-a", store, keep], check=True)
        size = used + 160
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % size,
                                  "tmpfs", store]).returncode == 0
        if not mounted:
            subprocess.run(["rm", "-rf", keep])
            self.outcomes.append("filestore-full: skipped (mount refused)")
            print("  filestore-full skipped: mount refused")
            return
        try:
            subprocess.run("cp -a %s/. %s/" % (keep, store), shell=True, check=True)
            # Fill what is left, so the next file does not fit.
            subprocess.run(["dd", "if=/dev/zero", "of=%s/fill" % store, "bs=4k"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            client = Client(self.host, self.args.port, self.db)
            client.form_login("customer", "customer")
            photo = JPEG + os.urandom(60000)
            marker, status, page = self.portal_submit(
                client, ("attachments", "leak.jpg", photo, "image/jpeg"),
                action="filestore.submit")
            shown = re.search(rb'class="alert alert-danger[^"]*">\s*<p[^>]*>([^<]+)',
                              page or b"")
            saw = "HTTP %d %s" % (status, shown.group(1).decode().strip()[:160]
                                  if shown else "")
        finally:
            if subprocess.run(["umount", store]).returncode == 0:
                subprocess.run(["rm", "-rf", store])
                subprocess.run(["mv", keep, store])
            else:
                print("  the tmpfs over %s could not be unmounted: the filestore "
                      "is kept in %s" % (store, keep))
        rows = psql(self.db, """
            SELECT a.id, a.store_fname, a.file_size FROM ir_attachment a
             WHERE a.res_model = 'realestate.complaint' AND a.store_fname IS NOT NULL
               AND a.res_id IN (SELECT id FROM realestate_complaint
                                 WHERE description LIKE '%%%s%%')""" % marker)
        broken = [r for r in rows if not os.path.exists(os.path.join(store, r[1]))
                  or os.path.getsize(os.path.join(store, r[1])) != int(r[2] or 0)]
        cases = len(psql(self.db, "SELECT id FROM realestate_complaint WHERE "
                         "description LIKE '%%%s%%'" % marker))
        # Refused with the reason on the form, or (had the file fitted) stored
        # whole; never a case whose evidence is missing.
        ok = not broken and ((cases == 0 and bool(shown)) or (cases == 1 and rows))
        text = ("filestore-full: a %d KB tmpfs over the filestore, filled; a portal "
                "complaint with a 60 KB photo: the customer saw %s; cases stored %d, "
                "attachments %d, pointing to a missing or cut file %d" % (
                    size, saw, cases, len(rows), len(broken)))
        self.outcomes.append(text)
        self.check("fault filestore-full", ok, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8579)
    parser.add_argument("--longpolling-port", type=int, default=8580)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=15,
                        help="seconds of load before the measured time")
    parser.add_argument("--log", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--fault", action="append", default=[],
                        choices=FAULTS + ("all",))
    parser.add_argument("--sweep-deadlines", type=int, default=1500,
                        help="deadlines made due for the sweep faults")
    parser.add_argument("odoo", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    odoo = args.odoo[1:] if args.odoo[:1] == ["--"] else args.odoo
    faults = FAULTS if "all" in args.fault else tuple(args.fault)
    load = Load(args, odoo)
    print("load: Odoo on 127.0.0.1:%d, %d workers + 1 cron worker, database %s, "
          "log %s" % (args.port, args.workers, args.db, args.log), flush=True)
    load.start_server(args.log)
    try:
        if "two-crons" in faults:
            load.start_server(args.log + ".second", http=False, workers=1, crons=1)
        load.prepare()
        during = []
        if "kill-worker" in faults:
            during.append((args.seconds * 0.3, load.fault_kill_worker))
        if "pg-terminate" in faults:
            during.append((args.seconds * 0.6, load.fault_pg_terminate))
        elapsed = load.run_users(args.seconds, during, args.warmup)
        load.report(elapsed)
        if "kill-worker" in faults:
            load.outcome_kill_worker()
        for fault in ("kill-sweep", "two-crons", "filestore-full"):
            if fault in faults:
                print("fault %s ..." % fault, flush=True)
                getattr(load, "fault_" + fault.replace("-", "_"))()
        print("")
        load.check_registrations()
        load.check_whole_cases()
        load.check_escalations()
        load.check_log()
        if load.outcomes:
            print("\nfaults:")
            for text in load.outcomes:
                print("- " + text)
    finally:
        load.stop.set()
        load.stop_servers()
    print("\nload: %s" % ("FAILED: " + ", ".join(load.failures)
                          if load.failures else "all checks passed"))
    return 1 if load.failures else 0


if __name__ == "__main__":
    sys.exit(main())
