"""11.0.1.1.0: repairs meet the 48-hour verification on site (004:33) as a target of
their own. The shipped SLA policies are data that administrators may have edited
(noupdate): the repair policy gets the new target only if it has none yet."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        INSERT INTO realestate_complaint_sla_target
               (policy_id, sequence, target, duration, unit, off_hours_minutes, start,
                create_uid, create_date, write_uid, write_date)
        SELECT d.res_id, 10, 'verify', 48, 'hours', 0, 'received',
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM ir_model_data d
         WHERE d.module = 'realestate_complaint' AND d.name = 'sla_policy_repair'
           AND NOT EXISTS (SELECT 1 FROM realestate_complaint_sla_target t
                            WHERE t.policy_id = d.res_id AND t.target = 'verify')""")
