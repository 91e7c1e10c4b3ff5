"""Development loop: upgrade the addon in an installed database and run only the
named test modules (at-install ones during the upgrade, post-install and HTTP ones
once the server is up), instead of the whole `make test` (~20 min).

usage: .venv/bin/python scripts/dev/run_tests.py DB test_sale_link,test_portal_http
       (PORT=8199 by default; look for "FAIL"/"ERROR"/"Ran N tests" in the output)
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["ODOO_PRELOAD_ADDONS"] = "no"
os.environ.setdefault("NODE_PATH", "/usr/share/nodejs")   # lessc, as common.sh
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import odoo  # noqa: E402
import odoo.modules.module as module  # noqa: E402

db, only = sys.argv[1], sys.argv[2].split(",")
all_tests = module.get_test_modules
module.get_test_modules = lambda name: [
    test for test in all_tests(name) if test.__name__.split(".")[-1] in only
] if name == "realestate_complaint" else []
odoo.cli.server.main([
    "-c", os.path.join(ROOT, ".run", "odoo.conf"), "-d", db,
    "-u", "realestate_complaint", "--test-enable", "--log-level=test",
    "--stop-after-init", "--http-port=" + os.environ.get("PORT", "8199")])
