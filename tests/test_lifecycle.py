"""The shape of a case's create and write (issue 18 items 1-2): one file calls the
steps in order, the guards of models/roles.py come first, and every role rule of
the table is enforced."""

import re

from odoo import fields

from ..models.roles import BY_ROLE
from .common import ComplaintCase

ADDON = "odoo.addons.realestate_complaint."


class TestLifecycle(ComplaintCase):
    def overrides(self, model, method):
        """The addon's classes of ``model`` that define ``method``, outermost
        first (the order Odoo calls them in)."""
        return [
            cls.__module__[len(ADDON):]
            for cls in type(self.env[model]).__mro__
            if cls.__module__.startswith(ADDON) and method in vars(cls)
        ]

    def test_one_file_overrides_the_case_create_and_write(self):
        for method in ("create", "write"):
            self.assertEqual(
                self.overrides("realestate.complaint", method),
                ["models.roles", "models.realestate_complaint_lifecycle"],
                method,
            )

    def test_a_registration_runs_its_steps(self):
        """What the lifecycle's create sets off, seen on the record: the number,
        the SLA's deadlines, the supervision order of its level (R19)."""
        complaint = self.create_complaint(user=self.operator)
        self.assertNotIn(complaint.name, (False, "/", "New"))
        self.assertTrue(complaint.sudo().deadline_ids)
        self.assertTrue(complaint.sudo().supervision_order_ids)
        self.assertIn("Complaint created", complaint.message_ids.mapped("body")[-1])

    def test_every_role_rule_of_the_case_refuses_an_agent(self):
        """An agent may write the case, but is none of the roles the table names
        (not a supervisor, no sales rights, not the system): each write rule
        refuses it with its own error and message (the process's own fields with
        the process's message, checked first), and nothing is written."""
        complaint = self.create_complaint(user=self.operator)
        complaint.with_user(self.agent).write({"description": "<p>补充说明</p>"})
        process_only = complaint._process_only_fields()
        values = {
            "boolean": True, "char": "x", "text": "x", "selection": "1",
            "many2one": 1, "datetime": fields.Datetime.now(),
        }
        rules = [r for r in BY_ROLE["realestate.complaint"] if "write" in r.operations]
        self.assertGreaterEqual(len(rules), 7)
        guarded = sorted(set().union(*(rule.fields for rule in rules)))
        before = complaint.sudo().read(guarded + ["write_date"])
        for rule in rules:
            message = ("set by the process" if rule.fields & process_only
                       else re.escape(rule.message))
            for name in sorted(rule.fields):
                vals = {name: values[complaint._fields[name].type]}
                with self.assertRaisesRegex(rule.error, message, msg=name), \
                        self.cr.savepoint():
                    complaint.with_user(self.agent).write(vals)
        complaint.invalidate_cache()
        self.assertEqual(complaint.sudo().read(guarded + ["write_date"]), before)

    def test_a_supervisor_passes_the_supervisor_rules(self):
        complaint = self.create_complaint(user=self.operator)
        complaint.with_user(self.supervisor).write({
            "is_malicious": True, "malicious_reason": "同一诉求反复无理投诉",
            "level_override_reason": "业主情绪激动，提级处理"})
        self.assertTrue(complaint.is_malicious)
        self.assertEqual(complaint.level_override_reason, "业主情绪激动，提级处理")
