"""11.0.1.2.0: the addon's multi-company record rules (noupdate data) read the user's
company tree once per user, in the rules' cache, instead of querying res_company at
every search (res_company.py: a dozen queries less per registration)."""

OLD_COMPANY_TEST = "'child_of', [user.company_id.id]"
NEW_COMPANY_TEST = "'in', user.company_id._complaint_company_ids()"


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE ir_rule r SET domain_force = replace(r.domain_force, %s, %s)
          FROM ir_model_data d
         WHERE d.module = 'realestate_complaint' AND d.model = 'ir.rule'
           AND d.res_id = r.id AND strpos(r.domain_force, %s) > 0""",
               (OLD_COMPANY_TEST, NEW_COMPANY_TEST, OLD_COMPANY_TEST))
