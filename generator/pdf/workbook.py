"""The indicator workbook: one row per evaluation indicator of 2026-2030, with empty
columns for departments to fill in (value, date, source, comment). OpenDocument
spreadsheet (odfpy) with a frozen, bold header row, and the same rows as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import urls
from ..content import Corpus
from ..text import plain

COLUMNS = ("Axe", "N° mesure", "Mesure", "Pilote", "Indicateur", "Valeur", "Date", "Source", "Commentaire")
# Column widths, in cm, readable on screen and when printed landscape.
WIDTHS = (5.5, 2.2, 9.0, 5.0, 9.0, 3.0, 2.8, 4.5, 7.0)
NAME = urls.WORKBOOK_NAME


def rows(corpus: Corpus) -> list[list]:
    out = []
    for e in corpus.mesures2026:
        m = e.model
        axe = corpus.axe2026(m.axe)
        for indicateur in m.indicateurs:
            out.append(
                [
                    f"Axe {axe.numero} – {plain(axe.titre)}",
                    m.numero,
                    plain(m.titre),
                    " ; ".join(plain(p) for p in m.pilote),
                    plain(indicateur),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return out


def to_csv(data: list[list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(data)
    return buf.getvalue()


def to_ods(data: list[list], target: Path) -> None:
    from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
    from odf.table import DatabaseRange, DatabaseRanges, Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(_meta_title())

    header = Style(name="entete", family="table-cell")
    header.addElement(TextProperties(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold"))
    header.addElement(TableCellProperties(backgroundcolor="#dfe3f5", wrapoption="wrap", verticalalign="middle"))
    doc.automaticstyles.addElement(header)
    wrap = Style(name="texte", family="table-cell")
    wrap.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    doc.automaticstyles.addElement(wrap)
    number = Style(name="nombre", family="table-cell")
    number.addElement(TableCellProperties(verticalalign="top"))
    number.addElement(ParagraphProperties(textalign="center"))
    doc.automaticstyles.addElement(number)

    table = Table(name="Indicateurs")
    for i, width in enumerate(WIDTHS):
        col_style = Style(name=f"col{i + 1}", family="table-column")
        col_style.addElement(TableColumnProperties(columnwidth=f"{width}cm", useoptimalcolumnwidth="false"))
        doc.automaticstyles.addElement(col_style)
        table.addElement(TableColumn(stylename=col_style))

    # header row: repeated on every printed page
    headers = TableHeaderRows()
    row = TableRow()
    for name in COLUMNS:
        cell = TableCell(valuetype="string", stylename=header)
        cell.addElement(P(text=name))
        row.addElement(cell)
    headers.addElement(row)
    table.addElement(headers)

    for values in data:
        row = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value, stylename=number)
                cell.addElement(P(text=str(value)))
            elif value == "":
                cell = TableCell(stylename=wrap)
            else:
                cell = TableCell(valuetype="string", stylename=wrap)
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    # filter buttons on the header (by axis, pilot…)
    last = _column_letter(len(COLUMNS)) + str(len(data) + 1)
    ranges = DatabaseRanges()
    ranges.addElement(
        DatabaseRange(
            name="__Anonymous_Sheet_DB__0",
            targetrangeaddress=f"Indicateurs.A1:Indicateurs.{last}",
            displayfilterbuttons="true",
        )
    )
    doc.spreadsheet.addElement(ranges)

    # Frozen first row: LibreOffice reads the split from settings.xml.
    view = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    entry = ConfigItemMapEntry()
    entry.addElement(ConfigItem(name="ViewId", type="string", text="view1"))
    tables = ConfigItemMapNamed(name="Tables")
    settings = ConfigItemMapEntry(name="Indicateurs")
    for key, kind, value in (
        ("HorizontalSplitMode", "short", "0"),
        ("VerticalSplitMode", "short", "2"),
        ("HorizontalSplitPosition", "int", "0"),
        ("VerticalSplitPosition", "int", "1"),
        ("ActiveSplitRange", "short", "2"),
        ("PositionLeft", "int", "0"),
        ("PositionRight", "int", "0"),
        ("PositionTop", "int", "0"),
        ("PositionBottom", "int", "1"),
    ):
        settings.addElement(ConfigItem(name=key, type=kind, text=value))
    tables.addElement(settings)
    entry.addElement(tables)
    entry.addElement(ConfigItem(name="ActiveTable", type="string", text="Indicateurs"))
    views.addElement(entry)
    view.addElement(views)
    doc.settings.addElement(view)

    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _meta_title():
    from odf.dc import Title

    return Title(text="Indicateurs d’évaluation de la SNPD 2026-2030")


def write_workbook(corpus: Corpus, folder: Path) -> list[Path]:
    """`folder/indicateurs-2026-2030.ods` and `.csv` (UTF-8 with BOM, for spreadsheets)."""
    data = rows(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    ods = folder / f"{NAME}.ods"
    to_ods(data, ods)
    csv_path = folder / f"{NAME}.csv"
    csv_path.write_text("\ufeff" + to_csv(data), encoding="utf-8", newline="")
    return [ods, csv_path]
