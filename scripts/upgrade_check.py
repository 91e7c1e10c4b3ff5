"""Snapshots and comparisons for `make upgrade-check` (scripts/upgrade_check.sh).

    upgrade_check.py snapshot DB FILE ROOT   the addon's data of DB, by SQL, into FILE
                                             (ROOT: the addon's source: its demo ids)
    upgrade_check.py compare upgrade A B     A: previous version, B: after `-u`
    upgrade_check.py compare repeat A B      A: after `-u`, B: after a second `-u`
    upgrade_check.py compare fresh A B [XMLID …]
                                             A: after `-u`, B: a fresh install; the
                                             records an administrator edited left out

A snapshot holds every record of the addon's models (all their columns), the addon's
columns on inherited models (res.partner, res.company, sale.order …), its many2many
tables, the messages, followers, activities and attachments of its records, every
record its data files made (ir.model.data of the addon), the xml ids, views and
translations of the whole database and the row count and highest id of every table.

`upgrade` fails when a record is lost, or when a value of a record that existed
before changed and neither the new data files (updatable records) nor a migration
(ALLOWED below) explain it; `repeat` fails on any difference at all; `fresh` fails
where the upgraded database's shipped configuration (the addon's data records, not
its demo, with the rows that hang on them) or translations differ from a fresh
install's: the new version changed shipped data and no migration carried it over.
"""
import ast
import collections
import csv
import json
import os
import re
import sys
from xml.etree import ElementTree

import psycopg2

ADDON = "realestate_complaint"

# Columns every write stamps: compared apart (a record "written again" is counted,
# not failed: Odoo 11 rewrites each updatable data record at every `-u`).
STAMPS = ("write_date", "write_uid")

# (table, column): why an upgrade from the previous version may change that value on
# existing records. Keep it to what a migration or a changed compute says.
ALLOWED = {
}

# (xml id, column) of shipped data that may differ between an upgraded database and a
# fresh install, and why.
ALLOWED_FRESH = {
}

# Columns that differ between any two installs: stamps, nested-set bounds, the time
# a cron was installed.
INSTALL_COLUMNS = {"id", "create_date", "create_uid", "write_date", "write_uid",
                   "parent_left", "parent_right", "nextcall", "lastcall", "date_init",
                   "date_update"}

# Reflection of the code (models, fields, constraints): compared by the ORM itself.
REFLECTION_MODELS = {"ir.model", "ir.model.fields", "ir.model.constraint",
                     "ir.model.relation", "ir.model.fields.selection"}

# A view's action buttons hold the action's id (`name="%(xml_id)d"` in the file).
ACTION_BUTTON = re.compile(r'name="(\d+)"(?=[^>]*type="action")')
REFERENCE = re.compile(r"^([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+),(\d+)$")

# Rows without xml ids that belong to shipped records: (table, column of the parent).
SHIPPED_CHILDREN = (
    ("ir_act_window_view", "act_window_id"),
    ("realestate_complaint_sla_target", "policy_id"),
    ("resource_calendar_attendance", "calendar_id"),
    ("resource_calendar_leaves", "calendar_id"),
)

# Tables whose row count or highest id an upgrade legitimately moves even when
# nothing of the addon changes.
VOLATILE_TABLES = {
    "ir_logging": "server log lines",
    "bus_bus": "notifications of the running server",
}

# Models whose table is not their dotted name.
TABLE_OF = {
    "ir.actions.actions": "ir_actions",
    "ir.actions.act_window": "ir_act_window",
    "ir.actions.act_window.view": "ir_act_window_view",
    "ir.actions.act_url": "ir_act_url",
    "ir.actions.server": "ir_act_server",
    "ir.actions.client": "ir_act_client",
    "ir.actions.report": "ir_act_report_xml",
}

MAIL_TABLES = (
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
    ("ir_attachment", "res_model"),
)


def table_of(model):
    return TABLE_OF.get(model, model.replace(".", "_"))


def rows(cr, query, params=()):
    cr.execute(query, params)
    return cr.fetchall()


def existing_tables(cr):
    return {name for (name,) in rows(cr, """
        SELECT table_name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'""")}


def columns_of(cr, table):
    return {name for (name,) in rows(cr, """
        SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = %s""", (table,))}


def records(cr, table, where="TRUE", params=(), columns=None):
    """{id: {column: value}} of the rows of `table`, as PostgreSQL's JSON says them."""
    select = "to_jsonb(t)" if columns is None else "jsonb_build_object({})".format(
        ", ".join("'{0}', t.\"{0}\"".format(c) for c in sorted(columns)))
    return {str(rid): value for rid, value in rows(
        cr, 'SELECT t.id, {} FROM "{}" t WHERE {}'.format(select, table, where),
        params)}


def snapshot(dbname, root):
    cr = psycopg2.connect(dbname=dbname).cursor()
    tables = existing_tables(cr)
    snap = {"records": {}, "m2m": {}}

    # The addon's own models: an xml id of the addon and of no other module (a
    # model the addon only extends, e.g. ir.attachment, gets one of the addon's as
    # well, and is compared through the addon's columns and data instead).
    addon_models = [model for (model,) in rows(cr, """
        SELECT m.model FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         WHERE d.module = %s AND NOT coalesce(m.transient, FALSE)
           AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                            WHERE o.model = 'ir.model' AND o.res_id = m.id
                              AND o.module <> %s)""", (ADDON, ADDON))]
    snap["addon_models"] = sorted(addon_models)
    for model in addon_models:
        if table_of(model) in tables:
            snap["records"]["model:" + table_of(model)] = records(cr, table_of(model))

    # The addon's columns on models of other modules (res.partner, sale.order …).
    inherited = collections.defaultdict(set)
    for model, name, ttype, relation_table in rows(cr, """
            SELECT f.model, f.name, f.ttype, f.relation_table FROM ir_model_fields f
              JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
             WHERE d.module = %s AND f.store""", (ADDON,)):
        if ttype == "many2many" and relation_table in tables:
            snap["m2m"][relation_table] = sorted(
                json.dumps(row, sort_keys=True) for (row,) in rows(
                    cr, 'SELECT to_jsonb(t) FROM "{}" t'.format(relation_table)))
        elif ttype != "one2many" and model not in addon_models:
            table = table_of(model)
            if table in tables and name in columns_of(cr, table):
                inherited[table].add(name)
    for table, names in inherited.items():
        snap["records"]["columns:" + table] = records(
            cr, table, columns=names | {"id"} | (set(STAMPS) & columns_of(cr, table)))

    # What happened on the addon's records: messages, tracking, followers, to-dos,
    # files.
    for table, column in MAIL_TABLES:
        snap["records"]["mail:" + table] = records(
            cr, table, '"{}" IN %s'.format(column), (tuple(addon_models),))
    snap["records"]["mail:mail_tracking_value"] = records(
        cr, "mail_tracking_value", """mail_message_id IN (
            SELECT id FROM mail_message WHERE model IN %s)""", (tuple(addon_models),))

    # Every record the addon's data and demo files made, whatever its model.
    by_model = collections.defaultdict(list)
    for model, res_id in rows(cr, """
            SELECT model, res_id FROM ir_model_data
             WHERE module = %s AND res_id IS NOT NULL""", (ADDON,)):
        if model not in addon_models:
            by_model[model].append(res_id)
    for model, ids in by_model.items():
        if table_of(model) in tables:
            snap["records"]["data:" + table_of(model)] = records(
                cr, table_of(model), "id IN %s", (tuple(ids),))

    snap["xmlids"] = {"{}.{}".format(module, name): [model, res_id, noupdate]
                      for module, name, model, res_id, noupdate in rows(cr, """
        SELECT module, name, model, res_id, coalesce(noupdate, FALSE)
          FROM ir_model_data""")}
    snap["views"] = {str(vid): rest for vid, *rest in rows(cr, """
        SELECT id, md5(coalesce(arch_db, '')), active, inherit_id, mode, priority, key
          FROM ir_ui_view""")}
    snap["translations"] = {
        "|".join(map(str, key)): [value, state, module]
        for *key, value, state, module in rows(cr, """
        SELECT lang, type, name, coalesce(res_id, 0), md5(coalesce(src, '')),
               value, state, module FROM ir_translation""")}
    snap["tables"] = {}
    for table in sorted(tables):
        has_id = "id" in columns_of(cr, table)
        snap["tables"][table] = list(rows(cr, 'SELECT count(*){} FROM "{}"'.format(
            ", max(id)" if has_id else ", 0", table))[0])
    snap["version"] = rows(cr, """
        SELECT latest_version FROM ir_module_module WHERE name = %s""", (ADDON,))[0][0]
    snap["shipped"] = shipped(cr, root)
    cr.connection.close()
    return snap


def demo_xmlids(root):
    """The xml ids the manifest's demo files define: demo records are made by the
    version that installed them and are left out of the comparison with a fresh
    install."""
    with open(os.path.join(root, "__manifest__.py")) as manifest:
        files = ast.literal_eval(manifest.read()).get("demo", [])
    ids = set()
    for name in files:
        path = os.path.join(root, name)
        if name.endswith(".xml"):
            ids.update(node.get("id") for node in ElementTree.parse(path).iter()
                       if node.tag == "record" and node.get("id"))
        elif name.endswith(".csv"):
            with open(path) as rows_:
                ids.update(row["id"] for row in csv.DictReader(rows_))
    return {xid if "." in xid else "{}.{}".format(ADDON, xid) for xid in ids}


def shipped(cr, root):
    """The addon's shipped configuration and translations, with ids replaced by xml
    ids so that two databases can be compared."""
    xmlid_of = {}
    for module, name, model, res_id in rows(cr, """
            SELECT module, name, model, res_id FROM ir_model_data
             WHERE res_id IS NOT NULL ORDER BY id"""):
        xmlid_of.setdefault((table_of(model), res_id), "{}.{}".format(module, name))
    foreign = collections.defaultdict(dict)
    for table, column, target in rows(cr, """
            SELECT tc.table_name, kcu.column_name, ccu.table_name
              FROM information_schema.table_constraints tc
              JOIN information_schema.key_column_usage kcu
                   USING (constraint_schema, constraint_name)
              JOIN information_schema.constraint_column_usage ccu
                   USING (constraint_schema, constraint_name)
             WHERE tc.constraint_type = 'FOREIGN KEY'"""):
        foreign[table][column] = target

    # NULL reads as 0 or False through the ORM: a migration's 0 is a fresh NULL.
    empty = {(table, column): 0 if kind != "boolean" else False
             for table, column, kind in rows(cr, """
        SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN
               ('integer', 'bigint', 'numeric', 'double precision', 'boolean')""")}
    action_xmlid = {str(res_id): xmlid for (table, res_id), xmlid in xmlid_of.items()
                    if table.startswith("ir_act")}

    def normal(table, row):
        result = {}
        for column, value in row.items():
            if column in INSTALL_COLUMNS:
                continue
            if column in foreign[table]:
                value = None if value is None else xmlid_of.get(
                    (foreign[table][column], value), "?")
            elif value is None:
                value = empty.get((table, column))
            elif column == "arch_db":
                value = ACTION_BUTTON.sub(lambda m: 'name="{}"'.format(
                    action_xmlid.get(m.group(1), "?")), value)
            else:
                value = reference(value)
            result[column] = value
        return result

    def reference(value):
        """A reference ("ir.actions.act_window,298") names its record by xml id."""
        match = REFERENCE.match(value) if isinstance(value, str) else None
        if not match:
            return value
        return "{},{}".format(match.group(1), xmlid_of.get(
            (table_of(match.group(1)), int(match.group(2))), "?"))

    demo = demo_xmlids(root)
    config, children = {}, {}
    ours = rows(cr, """
        SELECT module || '.' || name, model, res_id FROM ir_model_data
         WHERE module = %s AND res_id IS NOT NULL""", (ADDON,))
    tables = existing_tables(cr)
    by_table = collections.defaultdict(dict)
    for xmlid, model, res_id in ours:
        # Records made beside a demo record (a demo user's partner) are demo too.
        if xmlid not in demo and xmlid.rsplit("_", 2)[0] not in demo \
                and model not in REFLECTION_MODELS and table_of(model) in tables:
            by_table[table_of(model)][str(res_id)] = xmlid
    for table, xmlids in by_table.items():
        for rid, row in records(cr, table, "id IN %s",
                                (tuple(map(int, xmlids)),)).items():
            config[xmlids[rid]] = normal(table, row)
    for table, column in SHIPPED_CHILDREN:
        parents = {int(rid): xid for rid, xid in
                   by_table.get(foreign[table].get(column), {}).items()}
        if not parents:
            continue
        for rid, row in records(cr, table, '"{}" IN %s'.format(column),
                                (tuple(parents),)).items():
            if (table, int(rid)) in xmlid_of:
                continue        # compared as a record of its own
            key = "{} of {}".format(table, parents[row[column]])
            children.setdefault(key, []).append(
                json.dumps(normal(table, row), sort_keys=True, ensure_ascii=False))
    terms = {}
    for lang, type_, name, res_id, src, value in rows(cr, """
            SELECT lang, type, name, res_id, md5(coalesce(src, '')), value
              FROM ir_translation WHERE module = %s""", (ADDON,)):
        if type_ == "model":
            model = name.split(",")[0]
            res_id = xmlid_of.get((table_of(model), res_id))
            if res_id is None or res_id in demo:
                continue
        elif type_ == "code":
            res_id = ""     # the line: `_()` looks a term up by its file and text
        terms["|".join(map(str, (lang, type_, name, res_id, src)))] = value
    return {"config": config,
            "children": {key: sorted(value) for key, value in children.items()},
            "terms": terms}


def compare_fresh(upgraded, fresh, edited=()):
    report = Report()
    old, new = upgraded["shipped"], fresh["shipped"]
    for xmlid in sorted((set(old["config"]) | set(new["config"])) - set(edited)):
        a, b = old["config"].get(xmlid), new["config"].get(xmlid)
        if a is None or b is None:
            report.fail("configuration", "{} only in the {}".format(
                xmlid, "upgraded database" if b is None else "fresh install"))
            continue
        for column in sorted(set(a) | set(b)):
            if a.get(column) != b.get(column) and (xmlid, column) not in ALLOWED_FRESH:
                report.fail("configuration", "{} {}: upgraded {}, fresh {}".format(
                    xmlid, column, short(a.get(column)), short(b.get(column))))
    for key in sorted(set(old["children"]) | set(new["children"])):
        if key.split(" of ")[-1] in edited:
            continue
        a = collections.Counter(old["children"].get(key, []))
        b = collections.Counter(new["children"].get(key, []))
        for row in sorted((a - b).elements()):
            report.fail("configuration", "{}: only upgraded {}".format(key, short(
                json.loads(row), 160)))
        for row in sorted((b - a).elements()):
            report.fail("configuration", "{}: only fresh {}".format(key, short(
                json.loads(row), 160)))
    missing = changed = 0
    for key in sorted(new["terms"]):
        if key.split("|")[3] in edited:
            continue
        if key not in old["terms"]:
            missing += 1
            report.fail("translations", "missing after the upgrade: {} {}".format(
                key, short(new["terms"][key])))
        elif old["terms"][key] != new["terms"][key]:
            changed += 1
            report.fail("translations", "{}: upgraded {}, fresh {}".format(
                key, short(old["terms"][key]), short(new["terms"][key])))
    print("upgraded and fresh install: {} shipped records, {} sets of their rows, {} "
          "terms of the fresh install ({} missing, {} different after the upgrade); "
          "{} differences failed".format(
              len(new["config"]), len(new["children"]), len(new["terms"]), missing,
              changed, report.failures))
    return report.failures


class Report:
    """Differences, each a failure or a note, printed under its section."""

    def __init__(self, limit=8):
        self.limit = limit
        self.failures = 0
        self.notes = collections.Counter()
        self.shown = collections.Counter()

    def fail(self, section, text):
        self.failures += 1
        self._print("FAIL", section, text)

    def note(self, section, text, kind):
        self.notes[kind] += 1
        self._print("note", section, text)

    def _print(self, level, section, text):
        self.shown[section] += 1
        if self.shown[section] <= self.limit:
            print("  {} {}: {}".format(level, section, text))
        elif self.shown[section] == self.limit + 1:
            print("  …   {}: more differences not shown".format(section))


def short(value, width=60):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width] + "…"


def compare(mode, before, after):
    report = Report()
    updatable = {"{}:{}".format(table_of(model), res_id)
                 for key, (model, res_id, noupdate) in before["xmlids"].items()
                 if key.startswith(ADDON + ".") and not noupdate}
    figures = collections.Counter()

    for section in sorted(set(before["records"]) | set(after["records"])):
        old, new = before["records"].get(section, {}), after["records"].get(section, {})
        table = section.split(":", 1)[1]
        lost = sorted(set(old) - set(new), key=int)
        added = sorted(set(new) - set(old), key=int)
        figures["records"] += len(old)
        figures["lost"] += len(lost)
        figures["added"] += len(added)
        for rid in lost:
            report.fail(section, "record {} lost {}".format(rid, short(old[rid])))
        for rid in added:
            if mode == "repeat":
                report.fail(section, "record {} created {}".format(
                    rid, short(new[rid])))
        new_columns = set()
        for rid in sorted(set(old) & set(new), key=int):
            o, n = old[rid], new[rid]
            if any(o.get(c) != n.get(c) for c in STAMPS if c in o):
                figures["written again"] += 1
            for column in sorted(set(o) | set(n)):
                if column in STAMPS or o.get(column) == n.get(column):
                    continue
                if column not in o:
                    new_columns.add(column)
                    continue
                text = "{} #{} {}: {} -> {}".format(
                    table, rid, column, short(o.get(column)), short(n.get(column)))
                if mode == "repeat":
                    report.fail(section, text)
                elif "{}:{}".format(table, rid) in updatable:
                    report.note(section, text + " (updatable data)", "data files")
                elif (table, column) in ALLOWED:
                    figures["allowed"] += 1
                else:
                    report.fail(section, text)
        for column in sorted(new_columns):
            report.note(section, "new column {}".format(column), "new columns")

    for name, kind in (("m2m", "relation rows"),):
        for table in sorted(set(before[name]) | set(after[name])):
            old, new = set(before[name].get(table, [])), set(after[name].get(table, []))
            for row in sorted(old - new):
                report.fail("m2m:" + table, "row lost " + row)
            for row in sorted(new - old):
                if mode == "repeat":
                    report.fail("m2m:" + table, "row created " + row)
                else:
                    report.note("m2m:" + table, "row added " + row, kind)

    for key in sorted(set(before["xmlids"]) | set(after["xmlids"])):
        old, new = before["xmlids"].get(key), after["xmlids"].get(key)
        if old == new:
            continue
        ours = key.startswith(ADDON + ".")
        moved = ours and (new is None or (old and old[1] != new[1]))
        if mode == "repeat" or moved:
            report.fail("ir.model.data", "{}: {} -> {}".format(key, old, new))
        else:
            report.note("ir.model.data", "{}: {} -> {}".format(key, old, new),
                        "xml ids")

    for name, section, kind in (("views", "ir.ui.view", "views"),
                                ("translations", "ir.translation", "translations")):
        old, new = before[name], after[name]
        for key in sorted(set(old) | set(new)):
            if old.get(key) == new.get(key):
                continue
            text = "{}: {} -> {}".format(key, short(old.get(key)), short(new.get(key)))
            if mode == "repeat":
                report.fail(section, text)
            elif name == "translations" and key in old and key in new \
                    and old[key][2] == ADDON and old[key][0] != new[key][0]:
                report.fail(section, "overwritten " + text)
            else:
                report.note(section, text, kind)

    for table in sorted(set(before["tables"]) | set(after["tables"])):
        old, new = before["tables"].get(table), after["tables"].get(table)
        if old == new or table in VOLATILE_TABLES:
            continue
        text = "{}: rows, highest id {} -> {}".format(table, old, new)
        if mode == "repeat":
            report.fail("tables", text)
        elif old and new and new[0] < old[0]:
            report.fail("tables", text + " (rows lost)")
        else:
            report.note("tables", text, "tables grown")

    print("{}: {} -> {}: {} records of the addon compared, {} lost, {} added, "
          "{} written again, {} changed as allowed; notes {}; {} differences "
          "failed".format(
              "upgrade" if mode == "upgrade" else "second -u", before["version"],
              after["version"], figures["records"], figures["lost"], figures["added"],
              figures["written again"], figures["allowed"],
              dict(report.notes) or "none", report.failures))
    return report.failures


def main(argv):
    if argv[0] == "snapshot":
        with open(argv[2], "w") as out:
            json.dump(snapshot(argv[1], argv[3]), out, ensure_ascii=False,
                      sort_keys=True)
        return 0
    mode, first, second = argv[1:4]
    with open(first) as a, open(second) as b:
        before, after = json.load(a), json.load(b)
    failures = compare_fresh(before, after, argv[4:]) if mode == "fresh" else compare(
        mode, before, after)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
