"""11.0.1.4.0: the sale link (issue 15). The shipped (noupdate) sales categories are
sales matters, and the Sales Manager tier alerts the leader of the team that sold
the unit, as on a new database."""


def _set(cr, table, xmlids, column):
    cr.execute("""
        UPDATE {table} t SET {column} = TRUE
          FROM ir_model_data d
         WHERE d.module = 'realestate_complaint' AND d.name IN %s
           AND d.res_id = t.id""".format(table=table, column=column),
               (tuple(xmlids),))


def migrate(cr, version):
    if not version:
        return
    _set(cr, "realestate_complaint_category",
         ("category_sales_service", "category_sales_promise", "category_contract"),
         "sales_related")
    _set(cr, "realestate_complaint_escalation_tier", ("tier_sales_manager",),
         "notify_sales_leader")
