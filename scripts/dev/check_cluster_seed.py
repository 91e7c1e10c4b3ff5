"""Check that the benchmark seed's SQL flagging of group-risk clusters
(scripts/bench.py, flag_clusters_sql) writes what the model's own flagging
writes (flag_clusters_orm: _detect_group_risk on every open case), on a seeded
bench database; nothing is kept.

usage: .venv/bin/python scripts/dev/check_cluster_seed.py realestate_bench

In one transaction, rolled back: the seed's flagging is undone (the flags and
levels, and the supervision orders and notes it wrote: the seed writes no
others), the cases are flagged by the ORM, then again from the same state by
SQL; prints both times and the differences of what they wrote (flags and levels
of every case; orders by case and level with their department, instructions,
addressees, copies and number prefix; notes by case with their text, author
and subtype). Exits 1 when they differ.
"""
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["ODOO_PRELOAD_ADDONS"] = "no"
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

import bench  # noqa: E402


def undo_flagging(cr):
    cr.execute("""SELECT count(*) FROM mail_message
                   WHERE model = 'realestate.complaint'
                     AND body NOT LIKE '%%Several households of%%'""")
    assert not cr.fetchone()[0], "notes other than the seed's flagging: not a seed"
    cr.execute("SELECT count(*) FROM realestate_complaint_supervision_order "
               "WHERE level <> '2'")
    assert not cr.fetchone()[0], "orders other than the seed's flagging: not a seed"
    cr.execute("""
        UPDATE realestate_complaint
           SET is_group_risk = FALSE,
               level_suggested = CASE WHEN channel IN ('government', 'media')
                                      THEN '1' ELSE '3' END,
               level = CASE WHEN channel IN ('government', 'media')
                            THEN '1' ELSE '3' END
         WHERE is_group_risk""")
    undone = cr.rowcount
    cr.execute("DELETE FROM realestate_complaint_supervision_order")
    cr.execute("DELETE FROM mail_message WHERE model = 'realestate.complaint'")
    return undone


def written(cr):
    """What a flagging wrote, comparable between two runs."""
    cr.execute("""SELECT md5(string_agg(id || ':' || is_group_risk || level
                                        || level_suggested, ',' ORDER BY id)),
                         count(*) FILTER (WHERE is_group_risk)
                    FROM realestate_complaint""")
    cases = cr.fetchone()
    cr.execute("""
        SELECT o.complaint_id, o.level, o.company_id, o.team_id, o.instructions,
               o.date_due - o.date_issued > interval '50 minutes',
               ARRAY(SELECT user_id FROM realestate_complaint_order_addressee_rel
                      WHERE order_id = o.id ORDER BY user_id),
               ARRAY(SELECT user_id FROM realestate_complaint_order_copy_rel
                      WHERE order_id = o.id ORDER BY user_id), o.name
          FROM realestate_complaint_supervision_order o
         ORDER BY o.complaint_id, o.level""")
    orders = [row[:-1] + (re.sub(r"\d+$", "", row[-1]),) for row in cr.fetchall()]
    cr.execute("""
        SELECT res_id, body, author_id, subtype_id, message_type, record_name,
               create_uid
          FROM mail_message WHERE model = 'realestate.complaint'
         ORDER BY res_id, id""")
    notes = cr.fetchall()
    return {"cases": cases, "orders": orders, "notes": notes}


def main():
    db = sys.argv[1]
    odoo.tools.config.parse_config([
        "-c", os.path.join(ROOT, ".run", "odoo.conf"), "-d", db,
        "--log-level=warn"])
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            seeded = written(cr)
            print("seed as it is: %d cases flagged, %d orders, %d notes" % (
                seeded["cases"][1], len(seeded["orders"]), len(seeded["notes"])),
                flush=True)
            print("undone: %d cases" % undo_flagging(cr), flush=True)
            cr.execute("SAVEPOINT check_clusters")
            result, seconds = {}, {}
            for method, flag in (("orm", bench.flag_clusters_orm),
                                 ("sql", bench.flag_clusters_sql)):
                env.clear()
                t0 = time.perf_counter()
                flagged = flag(env)
                seconds[method] = time.perf_counter() - t0
                result[method] = written(cr)
                print("%s: %d cases flagged in %.1f s; %d orders, %d notes" % (
                    method, flagged, seconds[method], len(result[method]["orders"]),
                    len(result[method]["notes"])), flush=True)
                cr.execute("ROLLBACK TO SAVEPOINT check_clusters")
                env.clear()
            same = True
            for key in ("cases", "orders", "notes"):
                orm, sql_ = result["orm"][key], result["sql"][key]
                if orm == sql_:
                    print("%s: identical" % key)
                    continue
                same = False
                if isinstance(orm, list):
                    extra = set(sql_) - set(orm)
                    missing = set(orm) - set(sql_)
                    print("%s: DIFFERENT, %d only in sql, %d only in orm; e.g. %r / %r"
                          % (key, len(extra), len(missing), sorted(extra)[:1],
                             sorted(missing)[:1]))
                else:
                    print("%s: DIFFERENT %r / %r" % (key, sql_, orm))
            print("sql/orm time: %.3f" % (seconds["sql"] / seconds["orm"]))
        finally:
            cr.rollback()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
