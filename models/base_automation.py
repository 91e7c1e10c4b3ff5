import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import OperationalError, errorcodes

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

# Records one rule handles per sweep at most; the next sweep (5 minutes later) takes
# the rest, so that one run never holds thousands of row locks for long.
SWEEP_BATCH = 5000
DELAYS = {
    "minutes": lambda n: timedelta(minutes=n),
    "hour": lambda n: timedelta(hours=n),
    "day": lambda n: timedelta(days=n),
    "month": lambda n: relativedelta(months=n),
}


class BaseAutomation(models.Model):
    """Timed automated actions the complaint SLA sweep runs set-based.

    The escalation rules (data/realestate_complaint_escalation_data.xml) are
    ordinary automated actions an administrator edits (active, domain, trigger
    date, delay, the server action calling a model method), flagged
    ``complaint_sweep``. Odoo 11's own check of timed actions (``_check``) searches
    every record of the domain, evaluates the delay of each in Python
    (``plan_days`` per record when a calendar is set), runs the action once per
    record, and fires once per ``last_run`` window: a missed run loses the
    escalation, and "again after the next interval" cannot be said. The sweep
    instead finds the due records with one indexed search on their stored dates,
    locks them (two cron workers never take the same row) and runs the action once
    for the whole set; the called methods are idempotent, so nothing depends on
    ``last_run``. The delay is plain time: the deadlines it counts from are
    already in working time.
    """

    _inherit = "base.automation"

    complaint_sweep = fields.Boolean(
        string="Run by the Complaint SLA Sweep",
        help="Checked: the complaint SLA sweep (every 5 minutes) runs this timed "
        "action on all due records at once, by index, with row locks; Odoo's "
        "scheduled check of timed actions leaves it alone.")

    @api.model
    def _check(self, automatic=False, use_new_cursor=False):
        return super(BaseAutomation, self.with_context(
            skip_complaint_sweep=True))._check(automatic, use_new_cursor)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        # The stock check finds its timed rules with a search: hide ours from it.
        if self.env.context.get("skip_complaint_sweep"):
            args = expression.AND([args, [("complaint_sweep", "=", False)]])
        return super(BaseAutomation, self)._search(
            args, offset=offset, limit=limit, order=order, count=count,
            access_rights_uid=access_rights_uid)

    @api.model
    def _run_complaint_sweep(self, now=None, records=None):
        """Run every active sweep rule on its due records (only ``records`` and the
        rules of their model, when given: a registration that needs an alert at
        once); returns {model name: records handled}."""
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        domain = [("complaint_sweep", "=", True), ("trigger", "=", "on_time")]
        if records is not None:
            domain.append(("model_name", "=", records._name))
        done = {}
        for rule in self.search(domain):
            due = rule._sweep_due(now, records)
            if due:
                rule.action_server_id.with_context(
                    active_model=due._name, active_ids=due.ids, active_id=due.ids[0],
                    sweep_now=fields.Datetime.to_string(now)).run()
                done[due._name] = done.get(due._name, due.browse()) | due
        return done

    def _sweep_due(self, now, records=None):
        """The records this rule applies to at ``now``, locked for this
        transaction; those another worker holds, or changed since this transaction
        began, are left to it."""
        self.ensure_one()
        Model = self.env[self.model_name]
        field = self.trg_date_id.name
        if not field:
            _logger.warning("Automated action %r has no trigger date: the complaint "
                            "SLA sweep skips it.", self.name)
            return Model
        cutoff = fields.Datetime.to_string(
            now - DELAYS[self.trg_date_range_type or "day"](self.trg_date_range))
        domain = [(field, "<=", cutoff)]
        if self.filter_domain:
            domain += safe_eval(self.filter_domain, self._get_eval_context())
        if records is not None:
            domain.append(("id", "in", records.ids))
        ids = Model.search(domain, limit=SWEEP_BATCH, order=field + ", id").ids
        if not ids:
            return Model
        query = 'SELECT id FROM "{}" WHERE id IN %s ORDER BY id FOR UPDATE SKIP LOCKED'
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(query.format(Model._table), (tuple(ids),),
                                    log_exceptions=False)
                return Model.browse([row[0] for row in self.env.cr.fetchall()])
        except OperationalError as error:
            # Odoo's transactions are REPEATABLE READ: another worker changed (and
            # committed) these rows after this one began, so it has handled them.
            if error.pgcode != errorcodes.SERIALIZATION_FAILURE:
                raise
            return Model
