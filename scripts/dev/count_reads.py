"""Where a registration's time goes: the records read from the database per model
over N creations of the bench's values, in the bench database (`make bench` builds
it). Rolled back.

usage: .venv/bin/python scripts/dev/count_reads.py [N]
"""
import collections
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["ODOO_PRELOAD_ADDONS"] = "no"
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo  # noqa: E402
from odoo import models  # noqa: E402
from odoo.tools import config  # noqa: E402

import bench  # noqa: E402

config.parse_config(["-c", os.path.join(ROOT, ".run", "odoo.conf"),
                     "-d", "realestate_bench"])
reads, seconds = collections.Counter(), collections.Counter()
read_from_database = models.BaseModel._read_from_database


def counted(self, field_names, inherited_field_names=()):
    start = time.perf_counter()
    result = read_from_database(self, field_names, list(inherited_field_names))
    reads[self._name] += 1
    seconds[self._name] += time.perf_counter() - start
    return result


models.BaseModel._read_from_database = counted
n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
registry = odoo.modules.registry.Registry("realestate_bench")
with odoo.api.Environment.manage(), registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    values = bench.creation_values(env, n + 20)[bench.OURS]
    Complaint = env[bench.OURS]
    for i, vals in enumerate(values):
        if i == 20:   # warmed up
            reads.clear()
            seconds.clear()
        env.clear()
        Complaint.create(dict(vals))
    for model, count in reads.most_common(25):
        print("%-45s %6d reads %7.2f ms per registration"
              % (model, count, seconds[model] * 1000 / n))
    cr.rollback()
