"""Charts of the printed statistics (R37) as SVG markup, drawn on the server.

wkhtmltopdf runs no chart library, and a PNG would need a drawing dependency:
inline SVG prints sharp with the fonts the page has. Pure functions of labels
and numbers (no Odoo), each returning one ``<svg>`` element as a string.

The markup goes through lxml's HTML parser before wkhtmltopdf reads it (the
reports' ``_prepare_html``), which lowercases attribute names: the charts use
no camelCase attribute (no ``viewBox``), only explicit pixel sizes.
"""
import math
import unicodedata
from xml.sax.saxutils import escape, quoteattr

# The reports' own fonts (static/src/less/complaint_forms.less): Chinese in the
# simplified cut, found by fontconfig.
FONT_FAMILY = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', "
               "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'DejaVu Sans', sans-serif")
FONT_SIZE = 12
PALETTE = ("#2f6fa7", "#a9b8c6", "#3c9a5f", "#e0a030", "#c8453b", "#7f8c8d")
TEXT_COLOR = "#333333"
GRID_COLOR = "#dddddd"
LEGEND_HEIGHT = 22
AXIS_HEIGHT = 18


def text_width(text, size=FONT_SIZE):
    """Rough printed width of ``text``: CJK characters are square, the others
    about 0.6 of the size (enough to lay out labels)."""
    return sum(size if unicodedata.east_asian_width(char) in ("W", "F")
               else 0.6 * size for char in str(text))


def fit(text, width, size=FONT_SIZE):
    """``text`` cut with an ellipsis to print within ``width`` pixels."""
    text = str(text)
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def scale(values, steps=4):
    """(top, step) of a value axis from zero: round steps (1, 2, 2.5, 5 × 10^n,
    whole numbers) whose top is at least the biggest value; an axis of
    nothing but zeros still has a step (no division by zero)."""
    biggest = max([value for value in values if value] + [0])
    if biggest <= 0:
        return 1, 1
    rough = biggest / float(steps)
    magnitude = 10 ** math.floor(math.log10(rough))
    # Whole steps: counts have no fractions (a tenth of a case means nothing).
    step = next((factor * magnitude for factor in (1, 2, 2.5, 5, 10)
                 if factor * magnitude >= max(rough, 1)
                 and float(factor * magnitude).is_integer()), 1)
    step = int(round(step))
    return step * int(math.ceil(biggest / float(step) - 1e-9)), step


def number(value):
    """A figure as a chart prints it: whole numbers without decimals."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return "{:,}".format(int(value))
    return "%.1f" % value


def element(tag, attrs, text=None):
    """One SVG element, its attribute values and text escaped."""
    markup = _open(tag, attrs)
    if text is None:
        return markup[:-1] + "/>"
    return "%s%s</%s>" % (markup, escape(str(text)), tag)


def _open(tag, attrs):
    return "<%s%s>" % (tag, "".join(
        " %s=%s" % (name, quoteattr(_coordinate(value))) for name, value in attrs))


def _coordinate(value):
    if isinstance(value, float):
        return ("%.1f" % value).rstrip("0").rstrip(".")
    return str(value)


def _svg(width, height, parts, title=None):
    head = _open("svg", [
        ("xmlns", "http://www.w3.org/2000/svg"), ("class", "o_complaint_chart"),
        ("width", width), ("height", height), ("font-family", FONT_FAMILY),
        ("font-size", FONT_SIZE), ("fill", TEXT_COLOR)])
    if title:
        parts = [element("title", [], title)] + list(parts)
    return head + "".join(parts) + "</svg>"


def _text(x, y, text, anchor="start", **style):
    attrs = [("x", x), ("y", y), ("text-anchor", anchor)]
    attrs += [(name.replace("_", "-"), value) for name, value in sorted(style.items())]
    return element("text", attrs, text)


def _legend(names, colors, width):
    """Colour keys of the series in a row at the top, right-aligned, in the
    order of the series."""
    parts = []
    x = width - sum(text_width(name) + 26 for name in names)
    for name, color in zip(names, colors):
        parts.append(element("rect", [("class", "o_chart_key"), ("x", x), ("y", 4),
                                      ("width", 12), ("height", 12),
                                      ("fill", color)]))
        parts.append(_text(x + 16, 14.5, name))
        x += text_width(name) + 26
    return parts


def _empty(width, text, title):
    return _svg(width, 40, [_text(width / 2.0, 25, text, anchor="middle",
                                  fill="#888888")], title)


def _value_axis(top, step, x0, plot_width, y_top, y_bottom):
    """Vertical grid lines with their values under the plot (horizontal bars)."""
    parts = []
    ticks = int(round(top / step))
    for tick in range(ticks + 1):
        x = x0 + plot_width * tick / float(ticks)
        parts.append(element("line", [("x1", x), ("y1", y_top), ("x2", x),
                                      ("y2", y_bottom), ("stroke", GRID_COLOR)]))
        parts.append(_text(x, y_bottom + 13, number(tick * step), anchor="middle",
                           font_size=10, fill="#666666"))
    return parts


def bar_chart(labels, series, width=960, bar_height=12, colors=PALETTE,
              title=None, empty_text="–"):
    """Horizontal bars, one group per label, one bar per series: ``series`` is a
    list of (name, values), values in the order of ``labels``. Bar lengths are
    proportional to the values, from a common zero."""
    if not labels:
        return _empty(width, empty_text, title)
    names = [name for name, _values in series]
    label_width = min(max(text_width(label) for label in labels) + 8, width * 0.35)
    value_room = max(text_width(number(value)) for _name, values in series
                     for value in values) + 8
    x0, plot_width = label_width, width - label_width - value_room
    top, step = scale([value for _name, values in series for value in values])
    group = len(series) * bar_height + 8
    y0 = LEGEND_HEIGHT
    parts = _legend(names, colors, width)
    y_bottom = y0 + group * len(labels)
    parts += _value_axis(top, step, x0, plot_width, y0, y_bottom)
    for row, label in enumerate(labels):
        y = y0 + row * group + 4
        parts.append(_text(x0 - 6, y + len(series) * bar_height / 2.0 + 4,
                           fit(label, label_width - 8), anchor="end"))
        for index, (_name, values) in enumerate(series):
            value = max(values[row] or 0, 0)
            length = plot_width * value / float(top)
            bar_y = y + index * bar_height
            parts.append(element("rect", [
                ("class", "o_chart_bar"), ("x", x0), ("y", bar_y), ("width", length),
                ("height", bar_height - 1), ("fill", colors[index % len(colors)])]))
            parts.append(_text(x0 + length + 3, bar_y + bar_height - 2.5,
                               number(values[row]), font_size=10))
    return _svg(width, y_bottom + AXIS_HEIGHT, parts, title)


def stacked_bar_chart(labels, series, width=960, bar_height=18, colors=PALETTE,
                      notes=None, title=None, empty_text="–"):
    """Horizontal bars of parts stacked left to right, one bar per label:
    ``series`` is a list of (name, values) as for ``bar_chart``; ``notes`` an
    optional text per label printed after its bar (a rate)."""
    if not labels:
        return _empty(width, empty_text, title)
    names = [name for name, _values in series]
    totals = [sum(max(values[row] or 0, 0) for _name, values in series)
              for row in range(len(labels))]
    label_width = min(max(text_width(label) for label in labels) + 8, width * 0.35)
    note_room = max([text_width(note) for note in notes or []] + [0]) + 12
    x0, plot_width = label_width, width - label_width - note_room
    top, step = scale(totals)
    row_height = bar_height + 10
    y0 = LEGEND_HEIGHT
    parts = _legend(names, colors, width)
    y_bottom = y0 + row_height * len(labels)
    parts += _value_axis(top, step, x0, plot_width, y0, y_bottom)
    for row, label in enumerate(labels):
        y = y0 + row * row_height + 5
        parts.append(_text(x0 - 6, y + bar_height / 2.0 + 4,
                           fit(label, label_width - 8), anchor="end"))
        x = x0
        for index, (_name, values) in enumerate(series):
            value = max(values[row] or 0, 0)
            length = plot_width * value / float(top)
            parts.append(element("rect", [
                ("class", "o_chart_part"), ("x", x), ("y", y), ("width", length),
                ("height", bar_height),
                ("fill", colors[index % len(colors)])]))
            if value and length >= text_width(number(value), 10) + 4:
                parts.append(_text(x + length / 2.0, y + bar_height / 2.0 + 3.5,
                                   number(value), anchor="middle", font_size=10,
                                   fill="#ffffff"))
            x += length
        if notes:
            parts.append(_text(x + 6, y + bar_height / 2.0 + 4, notes[row],
                               font_weight="bold"))
    return _svg(width, y_bottom + AXIS_HEIGHT, parts, title)


def line_chart(labels, series, width=960, height=200, colors=PALETTE, title=None,
               empty_text="–"):
    """Lines over labels spaced evenly left to right (periods, oldest first), each
    point's value above it: ``series`` is a list of (name, values)."""
    if not labels:
        return _empty(width, empty_text, title)
    names = [name for name, _values in series]
    top, step = scale([value for _name, values in series for value in values])
    axis_width = text_width(number(top), 10) + 10
    y0, y_bottom = LEGEND_HEIGHT + 12, height - AXIS_HEIGHT
    plot_height = y_bottom - y0
    x0, plot_width = axis_width, width - axis_width - 10
    slot = plot_width / float(len(labels))
    parts = _legend(names, colors, width)
    ticks = int(round(top / step))
    for tick in range(ticks + 1):
        y = y_bottom - plot_height * tick / float(ticks)
        parts.append(element("line", [("x1", x0), ("y1", y), ("x2", x0 + plot_width),
                                      ("y2", y), ("stroke", GRID_COLOR)]))
        parts.append(_text(x0 - 4, y + 3.5, number(tick * step), anchor="end",
                           font_size=10, fill="#666666"))
    for index, label in enumerate(labels):
        parts.append(_text(x0 + slot * (index + 0.5), y_bottom + 14,
                           fit(label, slot - 4, 10), anchor="middle", font_size=10))
    for number_, (_name, values) in enumerate(series):
        color = colors[number_ % len(colors)]
        points = [(x0 + slot * (index + 0.5),
                   y_bottom - plot_height * max(value or 0, 0) / float(top))
                  for index, value in enumerate(values)]
        path = " ".join("%s,%s" % (_coordinate(x), _coordinate(y))
                        for x, y in points)
        parts.append(element("polyline", [
            ("class", "o_chart_line"), ("points", path), ("fill", "none"),
            ("stroke", color), ("stroke-width", 2)]))
        for index, ((x, y), value) in enumerate(zip(points, values)):
            parts.append(element("circle", [("cx", x), ("cy", y), ("r", 3),
                                            ("fill", color)]))
            # The first series' values above its points, the others' below
            # (above when the point is on the axis); a value the first series
            # already shows at the same point is not printed twice.
            if number_ and value == series[0][1][index]:
                continue
            below = number_ and y + 14 <= y_bottom - 2
            parts.append(_text(x, y + 14 if below else y - 6, number(value),
                               anchor="middle", font_size=10, fill=color))
    return _svg(width, height, parts, title)
