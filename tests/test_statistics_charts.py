"""Charts of the printed statistics (R37, issue 18 item 8): the SVG drawing
(tools/svg_charts.py) on its own, then the trend and the charts of a report
against the report's figures."""
from datetime import date

from lxml import etree

from odoo.tests.common import TransactionCase, at_install, post_install

from odoo.addons.realestate_complaint.tools import svg_charts

from .process_common import ProcessCase

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return etree.fromstring(markup.encode())


def of_class(svg, tag, name):
    return svg.findall(".//%s%s[@class='%s']" % (SVG, tag, name))


class TestSvgCharts(TransactionCase):
    def test_bar_lengths_are_proportional(self):
        svg = parse(svg_charts.bar_chart(
            ["a", "b", "c", "d"], [("now", [2, 4, 8, 0])], width=600))
        widths = [float(bar.get("width"))
                  for bar in of_class(svg, "rect", "o_chart_bar")]
        self.assertEqual(len(widths), 4)
        self.assertGreater(widths[0], 0)
        self.assertAlmostEqual(widths[1] / widths[0], 2, delta=0.05)
        self.assertAlmostEqual(widths[2] / widths[0], 4, delta=0.1)
        self.assertEqual(widths[3], 0)
        # From a common zero, within the chart.
        self.assertEqual(len({bar.get("x") for bar in of_class(
            svg, "rect", "o_chart_bar")}), 1)
        self.assertLessEqual(float(of_class(svg, "rect", "o_chart_bar")[0].get(
            "x")) + widths[2], 600)

    def test_two_series_share_the_scale(self):
        svg = parse(svg_charts.bar_chart(
            ["a", "b"], [("now", [3, 6]), ("before", [6, 0])], width=600))
        widths = [float(bar.get("width"))
                  for bar in of_class(svg, "rect", "o_chart_bar")]
        # Label a: now, before; label b: now, before.
        self.assertEqual(widths[1], widths[2])
        self.assertAlmostEqual(widths[0] * 2, widths[1], delta=0.1)
        # One key per series, in their order.
        keys = [text.text for text in svg.iter(SVG + "text")][:2]
        self.assertEqual(keys, ["now", "before"])

    def test_stacked_parts_follow_each_other(self):
        svg = parse(svg_charts.stacked_bar_chart(
            ["resolve", "callback"], [("met", [3, 1]), ("late", [1, 0]),
                                      ("breached", [4, 1])],
            notes=["37.5%", "50.0%"], width=600))
        parts = of_class(svg, "rect", "o_chart_part")
        self.assertEqual(len(parts), 6)
        # Row 1: met, late, breached from left to right, each where the last ends.
        row = [part for part in parts if part.get("y") == parts[0].get("y")]
        self.assertEqual(len(row), 3)
        for left, right in zip(row, row[1:]):
            self.assertAlmostEqual(
                float(left.get("x")) + float(left.get("width")),
                float(right.get("x")), delta=0.11)
        self.assertAlmostEqual(float(row[2].get("width")) / float(
            row[0].get("width")), 4 / 3.0, delta=0.05)
        texts = [text.text for text in svg.iter(SVG + "text")]
        self.assertIn("37.5%", texts)
        self.assertIn("50.0%", texts)

    def test_line_points_are_proportional(self):
        svg = parse(svg_charts.line_chart(
            ["07", "08", "09"], [("received", [0, 5, 10]), ("closed", [1, 5, 2])],
            width=600, height=200))
        lines = of_class(svg, "polyline", "o_chart_line")
        self.assertEqual(len(lines), 2)
        points = [tuple(float(c) for c in point.split(","))
                  for point in lines[0].get("points").split()]
        xs, ys = zip(*points)
        # Evenly spaced from left to right; heights above the axis in proportion.
        self.assertAlmostEqual(xs[1] - xs[0], xs[2] - xs[1], delta=0.11)
        axis = ys[0]
        self.assertAlmostEqual((axis - ys[2]) / (axis - ys[1]), 2, delta=0.05)
        # The value the first line already shows at a point is printed once.
        closed = [text.text for text in svg.iter(SVG + "text")
                  if text.get("fill") == svg_charts.PALETTE[1]]
        self.assertEqual(closed, ["1", "2"])

    def test_empty_and_zero_data(self):
        """Nothing to draw, or only zeros: no division by zero, no bar."""
        for chart in (svg_charts.bar_chart, svg_charts.stacked_bar_chart,
                      svg_charts.line_chart):
            svg = parse(chart([], [], empty_text="无数据"))
            self.assertEqual([text.text for text in svg.iter(SVG + "text")],
                             ["无数据"])
            svg = parse(chart(["a", "b"], [("x", [0, 0]), ("y", [0, None])]))
            for rect in of_class(svg, "rect", "o_chart_bar") + of_class(
                    svg, "rect", "o_chart_part"):
                self.assertEqual(float(rect.get("width")), 0)
        self.assertEqual(svg_charts.scale([]), (1, 1))
        self.assertEqual(svg_charts.scale([0, None]), (1, 1))

    def test_round_scale(self):
        self.assertEqual(svg_charts.scale([3]), (3, 1))
        self.assertEqual(svg_charts.scale([9]), (10, 5))
        self.assertEqual(svg_charts.scale([23]), (30, 10))
        self.assertEqual(svg_charts.scale([100]), (100, 25))
        self.assertEqual(svg_charts.scale([1234]), (1500, 500))
        # Whole steps for counts, even under one.
        self.assertEqual(svg_charts.scale([0.2]), (1, 1))

    def test_labels_are_escaped(self):
        label = '<script>alert("x")</script> & 业主'
        for chart in (svg_charts.bar_chart, svg_charts.stacked_bar_chart,
                      svg_charts.line_chart):
            markup = chart([label], [('"now" & <then>', [1])], width=900)
            self.assertNotIn("<script>", markup)
            svg = parse(markup)
            texts = [text.text for text in svg.iter(SVG + "text")]
            self.assertIn('"now" & <then>', texts)
            self.assertTrue(any(text and text.startswith("<script>")
                                for text in texts), texts)
            self.assertEqual(svg.findall(".//script"), [])

    def test_chinese_labels_fit(self):
        """CJK characters are counted full width: a long Chinese label is cut
        with an ellipsis to its column, a short one printed whole."""
        self.assertEqual(svg_charts.text_width("渗漏", 12), 24)
        self.assertEqual(svg_charts.text_width("ab", 10), 12)
        self.assertEqual(svg_charts.fit("工程质量", 60, 12), "工程质量")
        cut = svg_charts.fit("合同/付款/按揭/产权办证/产权办证", 60, 12)
        self.assertTrue(cut.endswith("…"))
        self.assertLessEqual(svg_charts.text_width(cut, 12), 60)
        svg = parse(svg_charts.bar_chart(["工程质量 / 渗漏"], [("本期", [2])]))
        self.assertIn("Noto Sans CJK SC", svg.get("font-family"))
        self.assertIn("工程质量 / 渗漏",
                      [text.text for text in svg.iter(SVG + "text")])

    def test_no_camel_case_attribute(self):
        """The reports' HTML parser lowercases attribute names (viewBox would
        become viewbox): the charts use none."""
        markup = svg_charts.line_chart(["a"], [("x", [1])]) + svg_charts.bar_chart(
            ["a"], [("x", [1])]) + svg_charts.stacked_bar_chart(["a"], [("x", [1])])
        for element in parse("<g>%s</g>" % markup.replace(
                ' xmlns="http://www.w3.org/2000/svg"', "")).iter():
            for name in element.attrib:
                self.assertEqual(name, name.lower())


@at_install(False)
@post_install(True)
class TestStatisticsCharts(ProcessCase):
    """The charts of a printed report show its figures (R37)."""

    @classmethod
    def setUpClass(cls):
        super(TestStatisticsCharts, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.complaint_tz = "Asia/Shanghai"
        # Received / closed (UTC moments; Shanghai's day starts at 16:00 UTC).
        specs = [
            ("2026-05-10 03:00:00", "2026-06-02 03:00:00", "1"),
            ("2026-07-31 17:00:00", None, "3"),           # 1 August in Shanghai
            ("2026-09-03 03:00:00", "2026-10-05 03:00:00", "3"),
            ("2026-09-20 03:00:00", "2026-09-30 15:00:00", "2"),  # closed 30 Sept
            ("2026-10-02 03:00:00", "2026-10-31 15:59:00", "3"),
            ("2026-10-12 03:00:00", None, "2"),
            ("2026-10-30 03:00:00", None, "3"),
            ("2026-10-31 16:00:00", None, "3"),           # 1 November
        ]
        cls.cases = cls.env["realestate.complaint"]
        for received, closed, level in specs:
            case = cls.Complaint.create(cls.complaint_vals())
            cls.cases |= case
            cls.env.cr.execute("""
                UPDATE realestate_complaint
                   SET date_received = %s, date_closed = %s, level = %s
                 WHERE id = %s""", (received, closed, level, case.id))
        cls.Complaint.invalidate_cache()

    def october(self):
        return self.env["realestate.complaint.statistics"]._report(
            "month", date(2026, 10, 1), date(2026, 10, 31), self.company,
            self.project)

    def test_trend_ends_with_the_report_figures(self):
        report = self.october()
        trend = self.env["realestate.complaint.statistics"]._trend(report)
        self.assertEqual([point["date_from"] for point in trend],
                         [date(2026, month, 1) for month in range(5, 11)])
        self.assertEqual(trend[-1]["date_to"], date(2026, 10, 31))
        self.assertEqual([(p["received"], p["closed"]) for p in trend],
                         [(1, 0), (0, 1), (0, 0), (1, 0), (2, 1), (3, 2)])
        self.assertEqual((trend[-1]["received"], trend[-1]["closed"]),
                         (report["current"]["received"], report["current"]["closed"]))
        self.assertEqual((trend[-2]["received"], trend[-2]["closed"]),
                         (report["previous"]["received"],
                          report["previous"]["closed"]))
        weeks = self.env["realestate.complaint.statistics"]._trend(dict(
            report, period="week", date_from=date(2026, 10, 26),
            date_to=date(2026, 11, 1)))
        self.assertEqual(len(weeks), 8)
        self.assertEqual(weeks[0]["date_from"], date(2026, 9, 7))
        self.assertEqual((weeks[-1]["received"], weeks[-1]["closed"]), (2, 1))

    def test_charts_of_the_printed_report(self):
        wizard = self.env["realestate.complaint.statistics.wizard"].with_user(
            self.supervisor).with_context(lang="zh_CN").create({
                "period": "month", "date_reference": "2026-10-15",
                "project_ids": [(6, 0, self.project.ids)]})
        action = self.env.ref(
            "realestate_complaint.action_report_complaint_statistics")
        html = action.with_context(lang="zh_CN").render_qweb_html(wizard.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        tree = etree.fromstring(html, etree.HTMLParser())
        blocks = tree.xpath("//div[contains(@class, 'o_statistics_chart')]")
        self.assertEqual(len(blocks), 4)
        # Above the tables, which stay.
        tables = tree.xpath("//table[contains(@class, 'table-bordered')]")
        self.assertTrue(tables)
        self.assertEqual(
            tables[0].xpath("preceding::div[contains(@class, "
                            "'o_statistics_chart')]"), blocks)
        self.assertEqual([len(block.xpath(".//svg")) for block in blocks],
                         [1, 1, 1, 1])
        trend, category, level, sla = blocks
        # Chinese legends and labels, from the report's figures: the month's
        # received cases (3) by category and level against September's (2).
        self.assertIn("受理数", trend.xpath("string(.)"))
        self.assertIn("工程质量 / 渗漏", category.xpath("string(.)"))
        self.assertIn("本期", category.xpath("string(.)"))
        bars = [float(bar.get("width")) for bar in level.xpath(
            ".//rect[@class='o_chart_bar']")]
        # Levels 2 and 3 (level 1: no case); this month's, then September's.
        self.assertEqual(len(bars), 4)
        self.assertEqual(bars[0], bars[1])                        # level 2: 1, 1
        self.assertAlmostEqual(bars[2], bars[3] * 2, delta=0.11)  # level 3: 2, 1
        self.assertNotIn("一级", level.xpath("string(.)"))
        self.assertIn("三级", level.xpath("string(.)"))
        # No deadline of these cases falls in October: an empty chart.
        self.assertFalse(sla.xpath(".//rect"))
        self.assertEqual(len(sla.xpath(".//svg//text")), 1)

    def test_no_complaint_charts_on_the_repair_report(self):
        self.assertEqual(self.env[
            "report.realestate_complaint.report_repair_statistics"]._charts({}), [])
