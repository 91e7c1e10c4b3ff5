from odoo import api, fields, models


class RealestateActivityMixin(models.AbstractModel):
    """``mail.activity.mixin`` whose activity states are computed for a set at once.

    Odoo 11 computes ``activity_state`` with one query per record, and its kanban
    ``read_progress_bar`` (web/models/models.py) reads every record of the board to
    do so: 22 s at 100,000 cases on each load of the board. Its stored
    ``activity_date_deadline`` is not maintained when activities are created on their
    own, so both are computed here from ``mail_activity`` in one grouped query.
    Version-specific (the progress bar API changes in later Odoo): keep it here.

    "Today" is the reader's (context tz); the stock code uses each activity
    assignee's time zone, which differs only around midnight between time zones.
    """

    _name = "realestate.activity.mixin"
    _inherit = "mail.activity.mixin"
    _description = "Activities computed per set"

    @staticmethod
    def _activity_state_sql(table):
        return """CASE WHEN next_activity.deadline < %(today)s THEN 'overdue'
                       WHEN next_activity.deadline = %(today)s THEN 'today'
                       ELSE 'planned' END""", """
            JOIN (SELECT res_id, min(date_deadline) AS deadline
                    FROM mail_activity
                   WHERE res_model = %(model)s
                GROUP BY res_id) next_activity ON next_activity.res_id = "{}".id
            """.format(table)

    def _compute_activity_state(self):
        # The activities of these records only (res_id is indexed): grouping every
        # activity of the model first, as the progress bar's join does, cost the
        # board 30 ms per column at 1M cases (20,000 activities).
        state_sql, _join_sql = self._activity_state_sql(self._table)
        self.env.cr.execute(
            """SELECT next_activity.res_id, {state}
                 FROM (SELECT res_id, min(date_deadline) AS deadline
                         FROM mail_activity
                        WHERE res_model = %(model)s AND res_id IN %(ids)s
                     GROUP BY res_id) next_activity""".format(state=state_sql),
            {"today": fields.Date.context_today(self), "model": self._name,
             "ids": tuple(self.ids) or (0,)})
        states = dict(self.env.cr.fetchall())
        for record in self:
            record.activity_state = states.get(record.id, False)

    @api.model
    def read_progress_bar(self, domain, group_by, progress_bar):
        field = self._fields.get(group_by)
        if (progress_bar.get("field") != "activity_state" or not field
                or field.type != "many2one" or not field.store):
            return super(RealestateActivityMixin, self).read_progress_bar(
                domain, group_by, progress_bar)
        query = self._where_calc(domain or [])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, where_params = query.get_sql()
        state_sql, join_sql = self._activity_state_sql(self._table)
        # query.get_sql() uses positional %s: inline our named values as extra params.
        sql = """SELECT "{table}"."{group}", {state}, count(*)
                   FROM {from_clause} {join}
                  {where}
               GROUP BY 1, 2""".format(
            table=self._table, group=group_by, from_clause=from_clause,
            state=state_sql.replace("%(today)s", "%s"),
            join=join_sql.replace("%(model)s", "%s"),
            where=("WHERE " + where_clause) if where_clause else "")
        today = fields.Date.context_today(self)
        self.env.cr.execute(sql, [today, today, self._name] + list(where_params))
        rows = self.env.cr.fetchall()
        names = dict(self.env[field.comodel_name].browse(
            {row[0] for row in rows if row[0]}).name_get())
        data = {}
        for group_id, state, count in rows:
            # The web client keys the columns by their display name (Odoo 11).
            counts = data.setdefault(
                names.get(group_id, False), dict.fromkeys(progress_bar["colors"], 0))
            if state in counts:
                counts[state] += count
        return data

    def _activities_of_type(self, xmlid):
        """The activities of type ``xmlid`` on these records (in this env: call it
        on ``sudo()`` records to act as the system)."""
        return self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "=", self.env.ref(xmlid).id)])
