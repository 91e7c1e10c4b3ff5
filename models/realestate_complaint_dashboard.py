"""The supervisors' dashboard (issue 18 item 7; R21, R25, R37, R38): one kanban card
per project and per department, whose tiles count the cases to look at and open
them."""
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools.safe_eval import safe_eval

from ..tools.periods import utc_range

# Days of callbacks the satisfaction tile counts (R38): a rolling month.
SATISFACTION_DAYS = 30
# Tiles counted on the cases, and on the callbacks.
CASE_TILES = ("open", "at_risk", "breached", "escalated")
CALLBACK_TILES = ("callbacks_due", "satisfaction")


class RealestateComplaintDashboardMixin(models.AbstractModel):
    """Tiles of a dashboard card: counts of the cases whose ``_dashboard_field``
    is the card's record.

    Every count is computed for all the cards read at once, one ``read_group``
    (or one query) per tile, as the user: record rules hold (R39), a reader sees
    the counts of the cases they may open. The tile's button opens exactly the
    counted records (``_dashboard_domain`` is the one definition of both).
    """

    _name = "realestate.complaint.dashboard.mixin"
    _description = "Complaint Dashboard Card"
    # The case's field that points to the card's record.
    _dashboard_field = None

    dashboard_open_count = fields.Integer(
        string="Open", compute="_compute_dashboard")
    dashboard_at_risk_count = fields.Integer(
        string="At Risk", compute="_compute_dashboard")
    dashboard_breached_count = fields.Integer(
        string="Breached", compute="_compute_dashboard")
    dashboard_escalated_count = fields.Integer(
        string="Escalated", compute="_compute_dashboard")
    dashboard_callbacks_due_count = fields.Integer(
        string="Callbacks Due", compute="_compute_dashboard",
        help="Planned callbacks due today or overdue.")
    dashboard_satisfaction_count = fields.Integer(
        string="Callbacks Rated", compute="_compute_dashboard",
        help="Callbacks of the last 30 days with the customer's satisfaction.")
    dashboard_satisfied_count = fields.Integer(
        string="Satisfied Customers", compute="_compute_dashboard")
    dashboard_satisfaction = fields.Float(
        string="Satisfaction (%)", compute="_compute_dashboard", digits=(16, 0),
        help="Share of the callbacks of the last 30 days whose customer was "
        "satisfied or very satisfied (R38).")

    @api.model
    def _dashboard_bounds(self):
        """Naive UTC moments: the end of the reader's today, and the start of the
        satisfaction window."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        today = fields.Date.from_string(fields.Date.context_today(self))
        since, end = utc_range(tz, today - timedelta(days=SATISFACTION_DAYS - 1), today)
        return {"end_of_today": end, "since": since}

    @api.model
    def _dashboard_domain(self, tile, bounds=None):
        """The records a tile counts, on the case or on its callbacks."""
        bounds = bounds or self._dashboard_bounds()
        open_ = [("is_closed", "=", False)]
        return {
            "open": open_,
            "at_risk": open_ + [("next_deadline_status", "=", "at_risk")],
            "breached": open_ + [("next_deadline_status", "=", "breached")],
            "escalated": open_ + [("escalation_tier_id", "!=", False)],
            "callbacks_due": [("state", "=", "planned"), ("date_due", "!=", False),
                              ("date_due", "<", bounds["end_of_today"])],
            "satisfaction": [("state", "=", "done"), ("satisfaction", "!=", False),
                             ("date_done", ">=", bounds["since"])],
        }[tile]

    def _compute_dashboard(self):
        counts = self._dashboard_counts()
        for card in self:
            for tile in CASE_TILES + CALLBACK_TILES:
                card["dashboard_%s_count" % tile] = counts[tile].get(card.id, 0)
            card.dashboard_satisfied_count = counts["satisfied"].get(card.id, 0)
            rated = card.dashboard_satisfaction_count
            card.dashboard_satisfaction = (
                100.0 * card.dashboard_satisfied_count / rated if rated else 0.0)

    def _dashboard_counts(self):
        """{tile: {card id: count}} for all these cards, a query per tile."""
        key = self._dashboard_field
        bounds = self._dashboard_bounds()
        Complaint = self.env["realestate.complaint"]
        counts = {}
        for tile in CASE_TILES:
            groups = Complaint.read_group(
                self._dashboard_domain(tile, bounds) + [(key, "in", self.ids)],
                [key], [key])
            counts[tile] = {group[key][0]: group[key + "_count"] for group in groups}
        counts["callbacks_due"] = self._dashboard_callback_counts(
            self._dashboard_domain("callbacks_due", bounds))
        counts["satisfaction"] = self._dashboard_callback_counts(
            self._dashboard_domain("satisfaction", bounds))
        counts["satisfied"] = self._dashboard_callback_counts(
            self._dashboard_domain("satisfaction", bounds)
            + [("satisfaction", "in", ("4", "5"))])
        return counts

    def _dashboard_callback_counts(self, domain):
        """Callbacks matching ``domain`` per card, in one query: the callbacks the
        user may read (their record rules, which follow the case's: R39), grouped
        by their case's project or department. ``read_group`` cannot group on the
        case's field; a group per case would grow with the cases."""
        Callback = self.env["realestate.complaint.callback"]
        if not self.ids or not Callback.check_access_rights(
                "read", raise_exception=False):
            return {}
        query = Callback._where_calc(domain)
        Callback._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        # The case joined by comma, not JOIN: the rules may have added tables to
        # the FROM list. ``_dashboard_field`` is a class attribute, not input.
        self.env.cr.execute(
            "SELECT dashboard_case.{key}, count(*) FROM {from_}, "
            "realestate_complaint dashboard_case "
            "WHERE dashboard_case.id = realestate_complaint_callback.complaint_id "
            "AND dashboard_case.{key} IN %s AND ({where}) "
            "GROUP BY dashboard_case.{key}".format(
                key=self._dashboard_field, from_=from_clause,
                where=where_clause or "TRUE"),
            [tuple(self.ids)] + params)
        return dict(self.env.cr.fetchall())

    def action_dashboard_tile(self):
        """Open the records a tile counts (context ``dashboard_tile``)."""
        self.ensure_one()
        tile = self.env.context.get("dashboard_tile") or "open"
        names = {
            "open": _("Open Cases"), "at_risk": _("At Risk"),
            "breached": _("Breached"), "escalated": _("Escalated"),
            "callbacks_due": _("Callbacks Due"), "satisfaction": _("Satisfaction"),
        }
        key = self._dashboard_field
        domain = self._dashboard_domain(tile)
        if tile in CALLBACK_TILES:
            xmlid = ("realestate_complaint_callback_action_due"
                     if tile == "callbacks_due"
                     else "realestate_complaint_callback_action_satisfaction")
            domain = domain + [("complaint_id." + key, "=", self.id)]
        else:
            xmlid = "realestate_complaint_action"
            domain = domain + [(key, "=", self.id)]
        action = self.env.ref("realestate_complaint." + xmlid).read()[0]
        name = "%s: %s" % (self.display_name, names[tile])
        action.update(name=name, display_name=name, domain=domain, context={})
        if tile not in CALLBACK_TILES:
            action.update(view_mode="tree,kanban,form,pivot,graph", views=[
                (False, "tree"), (False, "kanban"), (False, "form"),
                (False, "pivot"), (False, "graph")])
        return action

    def action_dashboard_report(self):
        """Open a graph of the card's cases (context ``dashboard_report``): the
        weekly trend, the categories, or SLA compliance per target."""
        self.ensure_one()
        report = self.env.context.get("dashboard_report") or "trend"
        key = self._dashboard_field
        xmlid, domain = {
            "trend": ("realestate_complaint_trend_action", [(key, "=", self.id)]),
            "category": ("realestate_complaint_action_by_category",
                         [(key, "=", self.id)]),
            "sla": ("realestate_complaint_deadline_action_compliance",
                    [("complaint_id." + key, "=", self.id)]),
        }[report]
        action = self.env.ref("realestate_complaint." + xmlid).read()[0]
        name = "%s: %s" % (self.display_name, action["name"])
        action.update(name=name, display_name=name,
                      domain=(action.get("domain") and
                              self._eval_action_domain(action["domain"]) or [])
                      + domain)
        return action

    @api.model
    def _eval_action_domain(self, domain):
        """An action's domain, read as text, as a list (constant domains only)."""
        if isinstance(domain, str):
            return safe_eval(domain)
        return list(domain)


class RealestateProject(models.Model):
    _name = "realestate.project"
    _inherit = ["realestate.project", "realestate.complaint.dashboard.mixin"]
    _dashboard_field = "project_id"


class RealestateComplaintTeam(models.Model):
    _name = "realestate.complaint.team"
    _inherit = ["realestate.complaint.team", "realestate.complaint.dashboard.mixin"]
    _dashboard_field = "team_id"
