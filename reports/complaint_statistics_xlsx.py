"""The periodic statistics as a spreadsheet (R37), written with XlsxWriter.

XlsxWriter ships with Odoo 11. OCA's `report_xlsx` would add a report type and a
dependency for one export that a wizard downloads: the wizard gives the same file
without either, and the tables are the printed report's (`_tables`).
"""
import io

import xlsxwriter

FORMATS = {
    "text": {},
    "int": {"num_format": "#,##0"},
    "days": {"num_format": "0.0"},
    "pct": {"num_format": "0.0"},
    "change": {"num_format": "+#,##0.0;-#,##0.0;0"},
}


def statistics_workbook(env, title, report):
    """The report's tables on one sheet, under a heading with its period."""
    Statistics = env["realestate.complaint.statistics"]
    return tables_workbook(title, Statistics._report_heading(report),
                           Statistics._tables(report))


def tables_workbook(title, heading, tables):
    """Titled tables of cells (``_tables`` of a statistics model) on one sheet,
    under the title and the heading's (label, text) lines: the spreadsheets of
    the complaint statistics and of the monthly repair report."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    heading_format = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1})
    cells = {name: book.add_format(dict(spec, border=1))
             for name, spec in FORMATS.items()}
    row = 0
    sheet.write(row, 0, title, heading_format)
    for label, value in heading:
        row += 1
        sheet.write(row, 0, label, bold)
        sheet.write(row, 1, value)
    widths = {}
    for table in tables:
        row += 2
        sheet.write(row, 0, table["title"], bold)
        row += 1
        for col, text in enumerate(table["headers"]):
            sheet.write(row, col, text, header)
            widths[col] = max(widths.get(col, 0), _width(text))
        for cells_of_row in table["rows"]:
            row += 1
            for col, (value, fmt) in enumerate(cells_of_row):
                if value is None:
                    sheet.write_blank(row, col, None, cells[fmt])
                else:
                    sheet.write(row, col, value, cells[fmt])
                if fmt == "text":
                    widths[col] = max(widths.get(col, 0), _width(value))
    for col, width in widths.items():
        sheet.set_column(col, col, min(max(width, 10), 60))
    book.close()
    return output.getvalue()


def _width(text):
    """Columns wide enough for Chinese: a CJK character takes two."""
    text = "%s" % (text or "")
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text) + 2
