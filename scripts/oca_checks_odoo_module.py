"""oca-checks-odoo-module on this addon, whose manifest is at the repository's root.

The hook's command line looks for the manifest of each path it is given by walking up
to the git root, and never looks in the root itself (OCA repositories keep their
addons in folders): here it finds no manifest, checks nothing and exits 0. This runs
the same checks with the same options (.oca_hooks.cfg, --disable ...) on this addon,
whatever paths it is given, with the repository's .oca_hooks.cfg unless --config says
otherwise. Run it with .venv-lint/bin/python (scripts/lint.sh).
"""
import os
import sys

from oca_pre_commit_hooks import checks_odoo_module, cli

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
MANIFEST = os.path.join(ROOT, "__manifest__.py")
CONFIG = os.path.join(ROOT, ".oca_hooks.cfg")


def lookup_manifest_paths(files_or_modules):
    return {MANIFEST: set(files_or_modules)}


if __name__ == "__main__":
    checks_odoo_module.lookup_manifest_paths = lookup_manifest_paths
    argv = sys.argv[1:]
    if not any(arg in ("-c", "--config") or arg.startswith("--config=")
               for arg in argv):
        argv = ["--config", CONFIG] + argv
    sys.exit(cli.main(argv))
