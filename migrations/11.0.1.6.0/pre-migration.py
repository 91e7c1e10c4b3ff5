"""Views of the shipped reporting actions (issue 17 item 4): they were written as
`view_ids` commands `(5, 0, 0), (0, 0, {...})`, which delete and re-create the rows at
every `-u`; they are records with xml ids now. The rows the commands made have no xml
id and would collide with the records (one row per view mode and action): they go
before the data files load."""

ACTIONS = ("realestate_complaint_action_open_by_sla",
           "realestate_complaint_action_analysis",
           "realestate_complaint_callback_action_due",
           "realestate_complaint_callback_action_satisfaction",
           "realestate_complaint_action_sales",
           # the dashboard's (made in session 8, never released with commands)
           "realestate_project_action_dashboard",
           "realestate_complaint_team_action_dashboard",
           "realestate_complaint_trend_action",
           "realestate_complaint_action_by_category",
           "realestate_complaint_deadline_action_compliance")


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_act_window_view v
         USING ir_model_data d
         WHERE d.module = 'realestate_complaint' AND d.model = 'ir.actions.act_window'
           AND d.name IN %s AND v.act_window_id = d.res_id
           AND NOT EXISTS (SELECT 1 FROM ir_model_data x
                            WHERE x.model = 'ir.actions.act_window.view'
                              AND x.res_id = v.id)""", (ACTIONS,))
