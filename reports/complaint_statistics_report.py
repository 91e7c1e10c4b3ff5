from odoo import _, api, models

from ..tools import svg_charts

# The categories drawn one by one; the others are summed in one bar.
CHART_CATEGORIES = 8
# SLA parts: key, colour (met green, late amber, breached red, not due grey).
SLA_PARTS = [("met", "#3c9a5f"), ("late", "#e0a030"), ("breached", "#c8453b"),
             ("pending", "#a9b8c6")]
# Pixels of the page's width (A4 portrait, the reports' paper format).
CHART_WIDTH = 960


class ReportComplaintStatistics(models.AbstractModel):
    """Values of the printed periodic report (R37): the wizard's figures as the
    tables the spreadsheet has too, and charts of them above the tables."""

    _name = "report.realestate_complaint.report_complaint_statistics"
    _description = "Printed form: Complaint Statistics"
    # The wizard that asks and the model that counts (the repair report reuses
    # this with its own, repair_statistics_report.py).
    _wizard_model = "realestate.complaint.statistics.wizard"
    _statistics_model = "realestate.complaint.statistics"

    @api.model
    def get_report_values(self, docids, data=None):
        wizards = self.env[self._wizard_model].browse(docids)
        Statistics = self.env[self._statistics_model]
        pages = []
        for wizard in wizards:
            report = wizard._report_data()
            pages.append({"title": wizard._title(),
                          "heading": Statistics._report_heading(report),
                          "charts": self._charts(report),
                          "tables": Statistics._tables(report)})
        return {"doc_ids": docids, "doc_model": wizards._name, "docs": wizards,
                "pages": pages, "cell": _cell}

    @api.model
    def _charts(self, report):
        """Charts of the report's figures (issue 18 item 8), each a dict with a
        key, a title and its SVG markup: the trend of the cases received and
        closed, the cases received by category and by level against the period
        before, and the SLA compliance per target."""
        Statistics = self.env[self._statistics_model]
        this, before = _("This Period"), _("Previous Period")
        none = _("No cases received in either period")
        trend = Statistics._trend(report)
        charts = [{
            "key": "trend",
            "title": _("Trend of Cases Received and Closed"),
            "svg": svg_charts.line_chart(
                [_trend_label(report["period"], point["date_from"])
                 for point in trend],
                [(_("Cases received"), [point["received"] for point in trend]),
                 (_("Cases closed"), [point["closed"] for point in trend])],
                width=CHART_WIDTH, colors=("#2f6fa7", "#3c9a5f")),
        }]
        breakdowns = {row["key"]: row for row in report["breakdowns"]}
        categories = breakdowns["category"]["rows"]
        if len(categories) > CHART_CATEGORIES:
            rest = categories[CHART_CATEGORIES - 1:]
            categories = categories[:CHART_CATEGORIES - 1] + [{
                "label": _("Other categories"),
                "current": sum(row["current"] for row in rest),
                "previous": sum(row["previous"] for row in rest)}]
        charts.append({
            "key": "category",
            "title": _("Cases Received by %s") % breakdowns["category"]["label"],
            "svg": _comparison_chart(categories, this, before, none),
        })
        # Levels in their own order (1, the most serious, first), not by count.
        order = [key for key, _label in self.env["realestate.complaint"]._fields[
            "level"]._description_selection(self.env)]
        levels = sorted(breakdowns["level"]["rows"], key=lambda row: (
            order.index(row["key"]) if row["key"] in order else len(order)))
        charts.append({
            "key": "level",
            "title": _("Cases Received by %s") % breakdowns["level"]["label"],
            "svg": _comparison_chart(levels, this, before, none),
        })
        targets = [(key, label) for key, label in self.env[
            "realestate.complaint.deadline"]._fields["target"]._description_selection(
            self.env) if (report["sla"].get(key) or {}).get("current")]
        rows = [report["sla"][key]["current"] for key, _label in targets]
        names = {"met": _("Met in Time"), "late": _("Met Late"),
                 "breached": _("Breached"), "pending": _("Not Yet Due")}
        charts.append({
            "key": "sla",
            "title": _("SLA Compliance per Target"),
            "svg": svg_charts.stacked_bar_chart(
                [label for _key, label in targets],
                [(names[part], [row[part] for row in rows])
                 for part, _color in SLA_PARTS],
                colors=[color for _part, color in SLA_PARTS],
                notes=[_cell(row["compliance"], "pct") + "%"
                       if row["compliance"] is not None else "–" for row in rows],
                width=CHART_WIDTH, empty_text=_("No deadline due in the period")),
        })
        return charts


def _trend_label(period, first):
    """A period on the trend's axis: its month, its quarter, or its first day."""
    if period == "month":
        return first.strftime("%Y-%m")
    if period == "quarter":
        return "%d Q%d" % (first.year, (first.month - 1) // 3 + 1)
    return first.strftime("%m-%d")


def _comparison_chart(rows, this, before, empty_text):
    """Bars of a breakdown's rows: this period beside the previous one."""
    return svg_charts.bar_chart(
        [row["label"] for row in rows],
        [(this, [row["current"] for row in rows]),
         (before, [row["previous"] for row in rows])],
        width=CHART_WIDTH, empty_text=empty_text)


def _cell(value, fmt):
    """A figure as printed: blank when there is nothing to show."""
    if value is None:
        return ""
    if fmt == "int":
        return "{:,}".format(value)
    if fmt in ("days", "pct"):
        return "%.1f" % value
    if fmt == "change":
        return "%+g" % round(value, 1) if value else "0"
    return value
