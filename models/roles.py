"""Roles, and who writes which field: one module for the groups, the "system or a
supervisor" test and the tables of guarded fields.

Two tables, one check (``_check_guarded_fields``), run by the outermost ``create`` and
``write`` of each model named in them:

- ``PROCESS_ONLY``: fields that record what the process did and when (dates,
  verdicts, sign-offs, deadline statuses: R6, R10, R13-R16, R19-R24, R34). An RPC
  ``write`` or ``create`` that sets them would forge the record (a sign-off without
  signing, a case closed without its summary, a breach hidden from the statistics).
  The process writes them as the system (``sudo()``) or inside ``by_process()``,
  after its own checks. Stored computed fields without an inverse are refused too.
- ``BY_ROLE``: fields that a role may set by hand (a supervisor the level of a case,
  the sales side its sale order) and fields only the system writes even inside the
  process (an integration's references, the callback's logged outcome).

The guards are made by ``define_guards()``, which ``models/__init__.py`` calls last:
Odoo orders a model's methods by the order its classes are defined, so they are the
outermost and see exactly what the caller sent, while the overrides deeper down
(``realestate_complaint_lifecycle.py``) may add these fields to what they pass on.
Importing this module defines no guard, so any model file may import the roles.
"""
from collections import namedtuple

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, UserError

from ..tools.process_context import in_process

OPERATOR = "realestate_complaint.group_complaint_operator"
AGENT = "realestate_complaint.group_complaint_agent"
SUPERVISOR = "realestate_complaint.group_complaint_supervisor"
EXECUTIVE = "realestate_complaint.group_complaint_executive"
DEPARTMENT = "realestate_complaint.group_complaint_department"
SALES = "sales_team.group_sale_salesman"


def any_of(*groups):
    """A field's ``groups`` attribute: any of these groups."""
    return ",".join(groups)


def is_system(env):
    """The superuser: installation, the crons, and ``sudo()`` in process methods."""
    return env.uid == SUPERUSER_ID


def is_system_or(env, *groups):
    """The system, or a user in one of ``groups``."""
    return is_system(env) or any(env.user.has_group(group) for group in groups)


def is_system_or_supervisor(env):
    """Who corrects what the process set: the system and the CS supervisors."""
    return is_system_or(env, SUPERVISOR)


# The case and the company of a case's record (complaint_record_mixin).
RECORD = ("complaint_id", "company_id")
PROCESS_ONLY = {
    "realestate.complaint": (
        "name", "date_received", "date_last_stage_update", "date_closed",
        # R6: the verdict and its approval
        "validity", "invalid_requested_by_id", "invalid_approved_by_id",
        # R9, 002:815: how a registration is recorded on another case
        "repeat_kind",
        "date_invalid_approved",
        # R10, R11: dispatch and sign-off, the leader's report and instruction
        "date_dispatched", "dispatched_by_id", "date_signed",
        "date_reported_leader", "leader_id", "leader_instruction", "date_instructed",
        # R18-R24: the SLA and escalation state
        "sla_policy_id", "next_deadline", "next_deadline_target",
        "next_deadline_status", "escalation_tier_id", "date_major_alerted",
        # R16, R26, R34: result, callback decision, closing
        "date_resolved", "resolution_days", "callback_decision",
        "resolution_summary", "closed_by_id",
        # R20, 004:33: the visits of a repair
        "date_onsite", "onsite_user_id", "date_verified", "verified_by_id",
        "verification_note", "duty_user_id", "repair_signature",
        "repair_signed_on_paper", "date_repair_accepted",
        # Issue 16: a merged duplicate's link (realestate_complaint_merge.py)
        "merged_into_id",
        # R17, R18, R21: the SLA pause (realestate_complaint_sla_pause.py)
        "sla_pause_id", "sla_paused", "sla_pause_reason", "sla_paused_since",
        "sla_paused_hours",
        # 000:712: the department's hand-over
        # (realestate_complaint_department_handover.py)
        "date_department_done", "date_handed_over", "handed_over_by_id",
        # The intake's fields (an integration's own user sets them) and
        # registration_pending (system intake only): in BY_ROLE below.
    ),
    "realestate.complaint.deadline": (
        "complaint_id", "target", "date_start", "date_at_risk", "date_deadline",
        "date_done", "status", "escalation_tier_id", "escalation_count",
        "date_escalated", "date_next_escalation", "repair_item_id", "repair_round",
        "paused", "paused_next_escalation",
    ),
    "realestate.complaint.callback": RECORD + (
        "sequence", "user_id", "state", "date_due", "reviewed_by_id",
        "date_reviewed",
    ),
    "realestate.complaint.solution": ("company_id", "proposed_by_id", "state",
                                      "tier_id", "decided_by_id", "date_decided",
                                      "date_customer_answered", "decision_note",
                                      "customer_note", "refund_invoice_id"),
    "realestate.complaint.corrective.action": (
        "company_id", "activity_id", "date_done", "state", "approved_by_id",
        "date_approved", "verifier_id", "verified_by_id", "date_verified",
        "verification_note", "satisfaction_result_id", "project_id"),
    "realestate.complaint.followup": ("company_id",),
    "realestate.repair.item": ("company_id", "state", "accepted_by_id",
                               "date_accepted", "rectification_count",
                               "acceptance_note", "date_order_taken",
                               "date_arrived", "date_repaired", "activity_id"),
    "realestate.complaint.sanction": ("company_id", "decided_by_id", "state",
                                      "proposed_by_id", "assessment_id"),
    # R38: who answered, how and when; the owner and unit surveyed.
    "realestate.satisfaction.response": (
        "survey_id", "unit_id", "partner_id", "project_id", "state", "channel",
        "user_id", "date_done", "access_token",
    ),
    "realestate.satisfaction.survey": ("state", "target"),
    "realestate.complaint.supervision.order": RECORD + (
        "name", "level", "team_id", "addressee_ids", "copy_ids", "date_issued",
        "date_due",
        "date_signed", "signed_by_id", "signed_late",
    ),
    "realestate.complaint.mail.rejection": (
        "date", "reason", "detail", "message_id", "email_from", "email_to",
        "subject", "body", "original_id", "complaint_id", "company_id", "state",
        "reviewed_by_id", "date_reviewed",
    ),
    # 000:714: a return and its head's signature
    # (realestate_complaint_department_return.py).
    "realestate.complaint.department.return": RECORD + (
        "team_id", "state", "prepared_by_id", "date_prepared", "head_id",
        "date_signed"),
    "realestate.complaint.integration": (
        "key_prefix", "key_date", "key_uid", "revoked_date", "revoked_uid",
    ),
}


def _is_system(env, vals):
    return is_system(env)


def _is_system_or_supervisor(env, vals):
    return is_system_or_supervisor(env)


def _is_system_or_sales(env, vals):
    return is_system_or(env, SALES)


def _is_process_or_supervisor(env, vals):
    return in_process() or is_system_or_supervisor(env)


def _is_own_integration(env, vals):
    """An integration's technical user registering under its own references."""
    if is_system(env):
        return True
    integration = env["realestate.complaint.integration"].sudo().browse(
        vals.get("intake_integration_id"))
    return bool(integration) and integration.user_id.id == env.uid


# What the person who calls back writes, through the wizard only (it acts on it).
CALLBACK_OUTCOME = {"method", "date_done", "problem_solved", "satisfaction",
                    "customer_words", "suggestions", "new_problem", "signature"}
# A field group, the operations it is guarded on, who may set it, and what the
# others are told. ``set_only``: only a value that is set (not False) is guarded.
# The messages are translated when raised (``_`` here only marks them for export).
Rule = namedtuple("Rule", "fields operations allowed error message set_only")
CREATE, WRITE, BOTH = ("create",), ("write",), ("create", "write")
BY_ROLE = {
    "realestate.complaint": (
        # R7: the level is the process's; a supervisor overrides it with a reason.
        Rule({"level_override", "level_override_reason"}, WRITE,
             _is_system_or_supervisor, AccessError,
             _("Only a CS supervisor can set the level of a case."), False),
        # R41
        Rule({"is_malicious", "malicious_reason"}, WRITE, _is_system_or_supervisor,
             AccessError, _("Only a CS supervisor can flag a malicious complaint."),
             False),
        # R16, R27, R34: set by the system even inside the process; the callback
        # decision decides whether closing waits for a callback.
        Rule({"callback_decision", "date_resolved", "resolution_summary",
              "closed_by_id"}, WRITE, _is_system, AccessError,
             _("The resolution, the callback decision and the closing are recorded "
               "by their buttons."), False),
        # 000:712: the department that registered the case answers for it.
        Rule({"receiving_team_id"}, WRITE, _is_process_or_supervisor, AccessError,
             _("The receiving department of a case is set when it registers the "
               "case."), False),
        # R1, R39: an integration sees exactly its own cases.
        Rule({"intake_integration_id", "intake_external_id", "intake_fingerprint"},
             CREATE, _is_own_integration, AccessError,
             _("Only an integration registers cases under its external "
               "references."), False),
        Rule({"intake_integration_id", "intake_external_id", "intake_fingerprint"},
             WRITE, _is_system, AccessError,
             _("The integration and the external reference of a case cannot be "
               "changed."), False),
        # Issue 15: the sales side may read orders; anyone else would learn the
        # names of orders they cannot open.
        Rule({"sale_order_id"}, BOTH, _is_system_or_sales, AccessError,
             _("Only users with sales rights link a case to a sale order; the "
               "registration takes the unit's sale by itself."), True),
        # R2: only a channel's intake registers a case with items missing.
        Rule({"registration_pending"}, BOTH, _is_system, UserError,
             _("Only a channel's intake (such as the mail gateway) registers a case "
               "with items still to complete. Fill in every item of the "
               "registration or mark it as unknown (R2)."), True),
    ),
    # R26, R29: logged through the wizard (it acts on the outcome), reviewed by
    # its button, not changed afterwards.
    "realestate.complaint.callback": (
        Rule({"reviewed_by_id", "date_reviewed", "state", "complaint_id",
              "sequence", "date_due"} | CALLBACK_OUTCOME, WRITE, _is_system,
             AccessError,
             _("A callback is logged and reviewed with its buttons; once logged it "
               "is not changed."), False),
    ),
    # R14: the terms decide the approver; decided by the decision methods only.
    "realestate.complaint.solution": (
        Rule({"state", "tier_id", "decided_by_id", "date_decided",
              "date_customer_answered"}, CREATE, _is_system, AccessError,
             _("A solution is decided with its buttons."), False),
        Rule({"state", "tier_id", "decided_by_id", "date_decided",
              "date_customer_answered", "description", "compensation_kind",
              "compensation_amount", "legal_advice", "complaint_id",
              "proposed_by_id", "decision_note", "customer_note"}, WRITE,
             _is_system, AccessError,
             _("A proposed solution is not changed: it is decided with its "
               "buttons, or another one is proposed."), False),
    ),
}


class RealestateProcessGuard(models.AbstractModel):
    _name = "realestate.process.guard"
    _description = "Fields Set by the Process Only"

    @api.model
    def _process_only_fields(self):
        names = set(PROCESS_ONLY.get(self._name, ()))
        names.update(name for name, field in self._fields.items()
                     if field.compute and field.store and not field.inverse)
        return names

    def copy_data(self, default=None):
        """A copy starts its own process: what the process set is not copied
        (unless the caller asks for it, which the create then checks)."""
        vals_list = super(RealestateProcessGuard, self).copy_data(default)
        dropped = self._process_only_fields() - set(default or ())
        return [{name: value for name, value in vals.items() if name not in dropped}
                for vals in vals_list]

    @api.model
    def _check_guarded_fields(self, vals, operation):
        """Refuse what the caller may not set: the process's fields first, then
        the fields of a role."""
        if not (is_system(self.env) or in_process()):
            forged = self._process_only_fields() & set(vals)
            if forged:
                raise AccessError(_(
                    "These fields of %(model)s are set by the process (its "
                    "buttons), not by hand: %(fields)s.") % {
                    "model": self._description,
                    "fields": ", ".join(sorted(
                        self._fields[name].get_description(self.env)["string"]
                        for name in forged))})
        for rule in BY_ROLE.get(self._name, ()):
            if operation not in rule.operations:
                continue
            sent = rule.fields & set(vals)
            if rule.set_only:
                sent = [name for name in sent if vals[name]]
            if sent and not rule.allowed(self.env, vals):
                raise rule.error(_(rule.message))


def _guard(model_name):
    """The outermost ``create`` and ``write`` of ``model_name``: the same two
    methods for every model of the tables, so they are made here rather than
    written out for each."""

    class ProcessGuard(models.Model):
        _name = model_name
        _inherit = [model_name, "realestate.process.guard"]

        @api.model
        def create(self, vals):
            self._check_guarded_fields(vals, "create")
            return super(ProcessGuard, self).create(vals)

        def write(self, vals):
            self._check_guarded_fields(vals, "write")
            return super(ProcessGuard, self).write(vals)

    return ProcessGuard


def define_guards():
    """Called once, last, by ``models/__init__.py`` (see the module's docstring)."""
    for model_name in sorted(set(PROCESS_ONLY) | set(BY_ROLE)):
        _guard(model_name)
