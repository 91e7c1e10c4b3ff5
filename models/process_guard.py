"""The fields only the process sets, refused to a create and a write by hand.

Dates, verdicts, sign-offs, deadline statuses and the like record what the process
did and when (R6, R10, R13-R16, R19-R24, R34): an RPC ``write`` or ``create`` that
sets them would forge the record (a sign-off without signing, a case closed without
its summary, a breach hidden from the statistics). One table names them per model;
stored computed fields without an inverse are refused too, whatever the model.

The process writes them as the system (``sudo()``) or inside ``by_process()``, after
its own checks. The guards below are the outermost ``create``/``write`` of each model
of the table (this file is imported last, and Odoo orders a model's methods by the
order its classes are defined), so they see exactly what the caller sent: the
overrides deeper down may add these fields to the values they pass on.
"""
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .process_context import in_process

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
        # Guarded where they are declared, with their own rule: the intake's
        # fields (an integration's own user sets them, realestate_complaint_
        # external.py) and registration_pending (system intake only).
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
    def _check_process_fields(self, vals):
        if self.env.uid == SUPERUSER_ID or in_process():
            return
        forged = self._process_only_fields() & set(vals)
        if forged:
            raise AccessError(_(
                "These fields of %(model)s are set by the process (its buttons), "
                "not by hand: %(fields)s.") % {
                "model": self._description,
                "fields": ", ".join(sorted(
                    self._fields[name].get_description(self.env)["string"]
                    for name in forged))})


def _guard(model_name):
    """The outermost ``create`` and ``write`` of ``model_name``: the same two
    methods for every model of the table, so they are made here rather than
    written out ten times."""

    class ProcessGuard(models.Model):
        _name = model_name
        _inherit = [model_name, "realestate.process.guard"]

        @api.model
        def create(self, vals):
            self._check_process_fields(vals)
            return super(ProcessGuard, self).create(vals)

        def write(self, vals):
            self._check_process_fields(vals)
            return super(ProcessGuard, self).write(vals)

    return ProcessGuard


for _model_name in PROCESS_ONLY:
    _guard(_model_name)
