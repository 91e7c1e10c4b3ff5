"""11.0.1.5.0 (issue 16): the complaint information report to the leader in charge
within half a working day and the leader's instruction within half a working day
(R11; 000:466-470) are targets of the shipped complaint policies. They are data
that administrators may have edited (noupdate): a policy gets a target only if it
has none of its kind yet. Cases registered before keep their deadlines.
Members of existing departments get a resource for their leaves (auto-assignment)."""
from odoo import SUPERUSER_ID, api

POLICIES = ("sla_policy_default", "sla_policy_complex", "sla_policy_written_quality",
            "sla_policy_written_property")


def migrate(cr, version):
    if not version:
        return
    for target, start in (("report", "received"), ("instruction", "reported")):
        cr.execute("""
            INSERT INTO realestate_complaint_sla_target
                   (policy_id, sequence, target, duration, unit, off_hours_minutes,
                    start, create_uid, create_date, write_uid, write_date)
            SELECT d.res_id, 10, %s, 0.5, 'working_days', 0, %s,
                   1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
              FROM ir_model_data d
             WHERE d.module = 'realestate_complaint' AND d.name IN %s
               AND NOT EXISTS (SELECT 1 FROM realestate_complaint_sla_target t
                                WHERE t.policy_id = d.res_id AND t.target = %s)""",
                   (target, start, POLICIES, target))
    # Issue 16 item 11: members of existing departments get the resource their
    # leaves are recorded on (auto-assignment skips members on leave).
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["realestate.complaint.team"]._ensure_all_member_resources()
