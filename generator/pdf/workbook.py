"""The indicator workbook: one row per evaluation indicator of the current strategy, with empty
columns for departments to fill in (value, date, source, comment). OpenDocument
spreadsheet (odfdo) with a frozen, bold header row, and the same rows as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import urls
from ..content import Corpus
from ..editions import current
from ..text import plain

COLUMNS = ("Axe", "N° mesure", "Mesure", "Pilote", "Indicateur", "Valeur", "Date", "Source", "Commentaire")
# Column widths, in cm, readable on screen and when printed landscape.
WIDTHS = (5.5, 2.2, 9.0, 5.0, 9.0, 3.0, 2.8, 4.5, 7.0)
NAME = urls.WORKBOOK_NAME
TITLE = f"Indicateurs d’évaluation de la SNPD {current().id}"


def rows(corpus: Corpus) -> list[list]:
    out = []
    strategy = corpus.current
    for e in strategy.mesures:
        m = e.model
        axe = strategy.axe(m.axe)
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
    from odfdo import (
        Cell,
        Column,
        ConfigItem,
        ConfigItemMapEntry,
        ConfigItemMapIndexed,
        ConfigItemMapNamed,
        ConfigItemSet,
        Element,
        HeaderRows,
        Row,
        Style,
        Table,
    )

    doc = _empty_spreadsheet()
    doc.meta.title = TITLE

    header = Style("table-cell", name="entete", area="text", bold=True)
    header.set_properties(
        {"fo:background-color": "#dfe3f5", "fo:wrap-option": "wrap", "style:vertical-align": "middle"},
        area="table-cell",
    )
    wrap = Style("table-cell", name="texte")
    wrap.set_properties({"fo:wrap-option": "wrap", "style:vertical-align": "top"}, area="table-cell")
    number = Style("table-cell", name="nombre")
    number.set_properties({"style:vertical-align": "top"}, area="table-cell")
    number.set_properties({"fo:text-align": "center"}, area="paragraph")
    for style in (header, wrap, number):
        doc.insert_style(style, automatic=True)

    table = Table("Indicateurs")
    for i, width in enumerate(WIDTHS):
        col_style = Style("table-column", name=f"col{i + 1}")
        col_style.set_properties(
            {"style:column-width": f"{width}cm", "style:use-optimal-column-width": "false"}, area="table-column"
        )
        doc.insert_style(col_style, automatic=True)
        table.append_column(Column(style=col_style.name))

    # header row: repeated on every printed page
    headers = HeaderRows()
    row = Row()
    for name in COLUMNS:
        row.append_cell(Cell(name, cell_type="string", style=header.name), clone=False)
    headers.append(row)
    table.append(headers)

    for values in data:
        row = Row()
        for value in values:
            if isinstance(value, int):
                cell = Cell(value, cell_type="float", style=number.name)
            elif value == "":
                cell = Cell(style=wrap.name)
            else:
                cell = Cell(value, cell_type="string", style=wrap.name)
            row.append_cell(cell, clone=False)
        table.append_row(row, clone=False)
    doc.body.append(table)

    # filter buttons on the header (by axis, pilot…). odfdo has no API for
    # database ranges: the elements are written by hand.
    last = _column_letter(len(COLUMNS)) + str(len(data) + 1)
    ranges = Element.from_tag("table:database-ranges")
    db_range = Element.from_tag("table:database-range")
    db_range.set_attribute("table:name", "__Anonymous_Sheet_DB__0")
    db_range.set_attribute("table:target-range-address", f"Indicateurs.A1:Indicateurs.{last}")
    db_range.set_attribute("table:display-filter-buttons", "true")
    ranges.append(db_range)
    doc.body.append(ranges)

    # Frozen first row: LibreOffice reads the split from settings.xml.
    view = ConfigItemSet("ooo:view-settings")
    views = ConfigItemMapIndexed("Views")
    entry = ConfigItemMapEntry()
    entry.append(ConfigItem("ViewId", "string", "view1"))
    tables = ConfigItemMapNamed("Tables")
    settings = ConfigItemMapEntry("Indicateurs")
    for key, kind, value in (
        ("HorizontalSplitMode", "short", 0),
        ("VerticalSplitMode", "short", 2),
        ("HorizontalSplitPosition", "int", 0),
        ("VerticalSplitPosition", "int", 1),
        ("ActiveSplitRange", "short", 2),
        ("PositionLeft", "int", 0),
        ("PositionRight", "int", 0),
        ("PositionTop", "int", 0),
        ("PositionBottom", "int", 1),
    ):
        settings.append(ConfigItem(key, kind, value))
    tables.append(settings)
    entry.append(tables)
    entry.append(ConfigItem("ActiveTable", "string", "Indicateurs"))
    views.append(entry)
    view.append(views)
    doc.settings.body.append(view)

    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)


def _empty_spreadsheet():
    """A new odfdo spreadsheet without what its LibreOffice template brings (a sheet,
    named styles, fonts, page styles, view and printer settings, metadata of the
    template, thumbnail): the file holds only what `to_ods` writes, as with odfpy."""
    from odfdo import Document

    doc = Document("spreadsheet")
    doc.body.clear()
    for part, tag in (
        (doc.content, "office:scripts"),
        (doc.content, "office:font-face-decls"),
        (doc.styles, "office:font-face-decls"),
        (doc.styles, "office:master-styles"),
    ):
        element = part.get_element(tag)
        if element is not None:
            element.delete()
    for part, tag in (
        (doc.content, "office:automatic-styles"),
        (doc.styles, "office:styles"),
        (doc.styles, "office:automatic-styles"),
    ):
        part.get_element(tag).clear()
    doc.settings.body.clear()
    doc.meta.meta_body.clear()
    extras = ("manifest.rdf", "Thumbnails/", "Configurations2/")
    for path in doc.manifest.get_paths():
        if path.startswith(extras):
            doc.manifest.del_full_path(path)
    for path in doc.parts:
        if path.startswith(extras):
            doc.del_part(path)
    return doc


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_workbook(corpus: Corpus, folder: Path) -> list[Path]:
    """`folder/indicateurs-<id>.ods` and `.csv` (UTF-8 with BOM, for spreadsheets)."""
    data = rows(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    ods = folder / f"{NAME}.ods"
    to_ods(data, ods)
    csv_path = folder / f"{NAME}.csv"
    csv_path.write_text("\ufeff" + to_csv(data), encoding="utf-8", newline="")
    return [ods, csv_path]
