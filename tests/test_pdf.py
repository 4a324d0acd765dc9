"""PDF extracts and indicator workbook (generator/pdf).

Everything is built once per session into a temporary folder, then inspected with
pypdf, pdftotext and pdftoppm (Debian poppler-utils)."""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import statistics
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.pdf import build, engine, markup
from generator.pdf.workbook import COLUMNS, WIDTHS
from generator.text import plain

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) requis",
)


# --- fixtures ------------------------------------------------------------------------


# Organisations built in the session: a few real ones (all 185 take minutes; the
# benchmark builds them all), the one with most measures among them.
SAMPLE_ORGANISATIONS = 4


@pytest.fixture(scope="session")
def sample(corpus):
    if corpus.registre is None:
        return corpus
    orgs = corpus.registre.organisations

    def weight(org):
        return sum(
            org.id in e.model.pilotes_ids + e.model.partenaires_ids
            for e in corpus.strategy("2026-2030").mesures + corpus.strategy("2020-2024").mesures
        )

    chosen = sorted(orgs, key=weight)[-1:] + list(orgs[: SAMPLE_ORGANISATIONS - 1])
    registre = corpus.registre.model_copy(update={"organisations": chosen})
    return dataclasses.replace(corpus, registre=registre)


@pytest.fixture(scope="session")
def built(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    # everything rendered: without the PDF cache (tests/test_pdf_cache.py tests it)
    report = build(sample, out, cache=None)
    return out, report


@pytest.fixture(scope="session")
def full2026(built):
    return built[0] / "2026-2030" / "strategie-2026-2030.pdf"


@pytest.fixture(scope="session")
def reader2026(full2026):
    return pypdf.PdfReader(str(full2026))


@pytest.fixture(scope="session")
def page_texts(reader2026):
    return [p.extract_text() or "" for p in reader2026.pages]


@pytest.fixture(scope="session")
def body(page_texts):
    """Index of the first page after the table of contents (the forewords)."""
    return start_page(page_texts, "Préfaces", after=1) - 1


def norm(text: str) -> str:
    """Text without whitespace, soft hyphens or hyphens (pdftotext and pypdf break lines
    and WeasyPrint hyphenates), with one kind of apostrophe and dash."""
    text = text.replace("\u00ad", "").replace("\u2010", "-").replace("\u2011", "-")
    text = text.replace("'", "’")
    text = re.sub(r"\s+", "", text)
    return text.replace("-", "").casefold()


def title_of(entry) -> str:
    return plain(re.sub(r"\[\^\d+\]", "", entry.model.titre))


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run(cmd + [str(path), "-"], check=True, capture_output=True, text=True).stdout


def start_page(page_texts: list[str], heading: str, after: int = 0) -> int | None:
    """1-based number of the first page (after page `after`) whose text starts with
    `heading` (running headers and footers come last in the extracted text)."""
    wanted = norm(heading)
    for i, text in enumerate(page_texts[after:], start=after):
        if norm(text).startswith(wanted):
            return i + 1
    return None


def card_page(page_texts: list[str], entry, after: int = 0) -> int | None:
    """The page where a measure card starts: its text starts with the card's heading,
    « MESURE 7 » (in capitals, unlike the lists of measures on the axis pages) and title."""
    n = entry.model.numero
    for i, text in enumerate(page_texts[after:], start=after):
        if text.lstrip().startswith(f"MESURE {n}\n") and norm(text).startswith(norm(f"Mesure {n} {title_of(entry)}")):
            return i + 1
    return None


# --- the full 2026-2030 document -------------------------------------------------------


def test_every_extract_is_built(built, sample):
    corpus = sample
    out, report = built
    assert (out / "2026-2030" / "strategie-2026-2030.pdf").is_file()
    for axe in corpus.strategy("2026-2030").document.axes:
        assert (out / "2026-2030" / f"axe-{axe.numero}.pdf").is_file()
    for e in corpus.strategy("2026-2030").mesures:
        path = out / "2026-2030" / f"mesure-{e.model.numero:02d}.pdf"
        assert path.is_file() and path.stat().st_size > 5000, path
    assert len(list((out / "2026-2030").glob("mesure-*.pdf"))) == len(corpus.strategy("2026-2030").mesures) == 50
    assert (out / "2020-2024" / "strategie-2020-2024.pdf").is_file()
    assert (out / "indicateurs" / "indicateurs-2026-2030.ods").is_file()
    assert (out / "indicateurs" / "indicateurs-2026-2030.csv").is_file()
    if corpus.registre is not None:
        for org in corpus.registre.organisations:
            assert (out / "organisations" / f"{org.id}.pdf").is_file()
    assert all(f.path.exists() for f in report.files)


def test_page_count_is_plausible(reader2026, corpus):
    n = len(reader2026.pages)
    measures = len(corpus.strategy("2026-2030").mesures)
    # cover + contents + forewords + axis pages + at least a page per measure + glossary
    assert measures + 8 <= n <= measures * 6 + 30, n


def test_every_measure_title_is_in_the_text(full2026, corpus):
    text = norm(pdftotext(full2026))
    missing = [e.model.numero for e in corpus.strategy("2026-2030").mesures if norm(title_of(e)) not in text]
    assert not missing, f"titres absents du PDF : mesures {missing}"


def test_each_measure_starts_a_page_with_its_heading(page_texts, body, corpus):
    pages = [card_page(page_texts, e, after=body) for e in corpus.strategy("2026-2030").mesures]
    assert None not in pages, [
        e.model.numero for e, p in zip(corpus.strategy("2026-2030").mesures, pages, strict=True) if p is None
    ]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


_TOC_LABEL = re.compile(r"^(Mesure \d+|Axe \d+|Préfaces|Glossaire)\b")


def _toc_entries(reader, page_texts: list[str]) -> list[tuple[str, int]]:
    """(label, printed page number) of every table-of-contents entry, read from the text
    positions: the numbers are alone in the right-hand column, each on the last line of
    its entry, whose label (« Mesure 7 », « Axe 1 »…) starts its first line."""
    toc_pages = [i for i, t in enumerate(page_texts[:8]) if "Sommaire" in [line.strip() for line in t.splitlines()]]
    assert toc_pages, "sommaire introuvable"
    entries = []
    for index in toc_pages:
        page = reader.pages[index]
        width = float(page.mediabox.width)
        height = float(page.mediabox.height)
        fragments = []

        def visit(text, cm, tm, font, size, fragments=fragments):
            text = text.strip()
            if text:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                fragments.append((round(y), x, text))

        page.extract_text(visitor_text=visit)
        label = None
        for y, x, text in sorted(fragments, key=lambda f: (-f[0], f[1])):
            if not (0.06 * height < y < 0.92 * height):  # running header and footer
                continue
            if x > 0.8 * width and text.isdigit():
                assert label is not None, f"numéro de page sans entrée : {text}"
                entries.append((label, int(text)))
                label = None
            elif x < 0.5 * width and (m := _TOC_LABEL.match(text)):
                label = m.group(1)
    return entries


def test_table_of_contents_page_numbers_are_right(reader2026, page_texts, body, corpus):
    entries = _toc_entries(reader2026, page_texts)
    printed = {}
    for label, page in entries:
        m = re.match(r"(Mesure|Axe) (\d+)", label)
        key = (m.group(1), int(m.group(2))) if m else (label, 0)
        assert key not in printed, key
        printed[key] = page
    assert len([k for k in printed if k[0] == "Mesure"]) == len(corpus.strategy("2026-2030").mesures)
    for e in corpus.strategy("2026-2030").mesures:
        actual = card_page(page_texts, e, after=body)
        assert printed[("Mesure", e.model.numero)] == actual, f"mesure {e.model.numero}"
    for axe in corpus.strategy("2026-2030").document.axes:
        actual = start_page(page_texts, f"Axe {axe.numero} {plain(axe.titre)}", after=body)
        assert printed[("Axe", axe.numero)] == actual, f"axe {axe.numero}"
    assert printed[("Préfaces", 0)] == start_page(page_texts, "Préfaces", after=body)
    assert printed[("Glossaire", 0)] == start_page(page_texts, "Glossaire", after=body)


def _outline(reader, items=None, depth=0):
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out[-1][2].extend(_outline(reader, item, depth + 1))
        else:
            out.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return out


def test_bookmarks_follow_axes_and_measures(reader2026, page_texts, body, corpus):
    outline = _outline(reader2026)
    titles = [" ".join(t.split()) for t, _, _ in outline]
    assert titles[0] == "Préfaces" and titles[-1] == "Glossaire"
    axes = [(t, p, kids) for t, p, kids in outline if t.startswith("Axe ")]
    assert [" ".join(t.split()) for t, _, _ in axes] == [
        f"Axe {a.numero} – {plain(a.titre)}" for a in corpus.strategy("2026-2030").document.axes
    ]
    seen = []
    for axe, (_, _, kids) in zip(corpus.strategy("2026-2030").document.axes, axes, strict=True):
        expected = [e for e in corpus.strategy("2026-2030").mesures if e.model.axe == axe.numero]
        assert [" ".join(t.split()) for t, _, _ in kids] == [
            f"Mesure {e.model.numero} – {title_of(e)}" for e in expected
        ]
        for e, (_, kpage, _) in zip(expected, kids, strict=True):
            assert kpage == card_page(page_texts, e, after=body)
        seen += kids
    assert len(seen) == len(corpus.strategy("2026-2030").mesures)


def test_metadata_title_and_language(reader2026, corpus):
    assert reader2026.trailer["/Root"]["/Lang"] == "fr"
    title = reader2026.metadata.title
    assert title and plain(corpus.strategy("2026-2030").document.titre) in title


# --- accessible PDFs: PDF/UA-1 ---------------------------------------------------------------

_PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"


def _pdfua_part(reader) -> str | None:
    """The PDF/UA part declared in the XMP metadata (pdfuaid:part), read back as XML."""
    import xml.etree.ElementTree as ET

    xmp = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    parts = [e.get(_PDFUAID) for e in xmp.iter() if e.get(_PDFUAID) is not None]
    parts += [e.text for e in xmp.iter(_PDFUAID)]
    return parts[0] if parts else None


def test_every_pdf_is_declared_pdf_ua_with_what_it_requires(built):
    pdfs = sorted(built[0].rglob("*.pdf"))
    assert len(pdfs) > 50
    for path in pdfs:
        reader = pypdf.PdfReader(str(path))
        root = reader.trailer["/Root"]
        assert reader.pdf_header == "%PDF-1.7", path
        assert _pdfua_part(reader) == "1", path
        assert root["/Lang"] == "fr", path
        assert root["/MarkInfo"]["/Marked"].value is True, path
        assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True, path
        assert reader.metadata.title, path  # the title readers show instead of the file name
        tree = root["/StructTreeRoot"].get_object()
        assert tree["/K"], path  # a structure tree with content: headings, paragraphs, lists…


def test_the_structure_tree_has_the_document_structure(reader2026):
    kinds = set()
    stack = [reader2026.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack and len(kinds) < 50:
        node = stack.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                kinds.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(node, list):
            stack.extend(node)
    assert {"/H1", "/P", "/L", "/LI", "/Link"} <= kinds, kinds


# --- nothing from outside ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        '<img src="https://example.org/logo.png" alt="logo">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="../../../../../../../../etc/passwd">',
        '<img src="//example.org/logo.png" alt="logo">',
        '<p style="background: url(http://example.org/fond.png)">x</p>',
        '<img src="data:image/svg+xml;utf8,<svg xmlns=\'http://www.w3.org/2000/svg\'/>" alt="x">',
    ],
)
def test_the_pdf_renderer_loads_nothing_from_outside(tmp_path, monkeypatch, tag):
    """The URL fetcher serves the generator's own files only: the attempt fails the
    document, and nothing is fetched (the underlying fetcher is never called)."""
    from weasyprint.urls import URLFetcher

    calls = []
    monkeypatch.setattr(URLFetcher, "fetch", lambda self, url, headers=None: calls.append(url))
    html = f'<html lang="fr"><head><title>Essai</title></head><body><p>Texte</p>{tag}</body></html>'
    with pytest.raises(engine.ResourceRefused, match="ressource refusée") as info:
        engine.write_pdf(html, tmp_path / "essai.pdf")
    assert "generator/pdf/" in str(info.value)
    assert calls == []
    assert not (tmp_path / "essai.pdf").exists()


def test_the_pdf_renderer_serves_the_generators_own_files(tmp_path):
    fetched: list[str] = []
    html = '<html lang="fr"><head><title>Essai</title><link rel="stylesheet" href="print.css"></head><body><p>x</p></body></html>'
    pages, _ = engine.write_pdf(html, tmp_path / "essai.pdf", fetched=fetched)
    assert pages >= 1 and fetched == [engine.STYLESHEET.resolve().as_uri()]


def test_fonts_are_embedded(reader2026):
    fonts = set()
    for page in reader2026.pages[:6]:
        resources = page["/Resources"].get_object()
        for font in (resources.get("/Font").get_object() if "/Font" in resources else {}).values():
            font = font.get_object()
            for desc in [font.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]:
                if desc is not None:
                    desc = desc.get_object()
                    fonts.add(
                        (str(font["/BaseFont"]), any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")))
                    )
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_links_are_clickable(reader2026):
    internal = external = 0
    for page in list(reader2026.pages[:4]) + list(reader2026.pages[-20:]):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get_object().get("/URI"):
                external += 1
            else:
                internal += 1
    assert internal > 20 and external >= 1


def _pgm_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and grey levels of a binary PGM (P5), as pdftoppm -gray writes it."""
    tokens, pos = [], 2
    assert data[:2] == b"P5"
    while len(tokens) < 3:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        tokens.append(int(data[pos:end]))
        pos = end
    width, height, maxval = tokens
    assert maxval < 256
    return width, height, data[pos + 1 : pos + 1 + width * height]


@pytest.mark.parametrize("page", [1, 2, 9])
def test_rendered_page_is_not_blank(full2026, tmp_path, page):
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", "-f", str(page), "-l", str(page), str(full2026), str(prefix)],
        check=True,
    )
    (image,) = tmp_path.glob("page*.pgm")
    width, height, pixels = _pgm_pixels(image.read_bytes())
    assert width > 300 and height > 400  # A4 at 50 dpi: 413 × 585
    mean = sum(pixels) / len(pixels)
    variance = sum((p - mean) ** 2 for p in pixels[::7]) / len(pixels[::7])
    dark = sum(1 for p in pixels if p < 128)
    assert variance > 100 and dark > 500, (variance, dark)


# --- other extracts --------------------------------------------------------------------


def test_measure_pdf_is_one_card(built, corpus):
    out, _ = built
    for e in corpus.strategy("2026-2030").mesures[::7]:
        path = out / "2026-2030" / f"mesure-{e.model.numero:02d}.pdf"
        reader = pypdf.PdfReader(str(path))
        text = norm("".join(p.extract_text() for p in reader.pages))
        assert norm(f"Mesure {e.model.numero}{title_of(e)}") in text
        assert norm("Ministère de l’Intérieur") in text
        assert [" ".join(o.title.split()) for o in reader.outline][:1] == [f"Mesure {e.model.numero} – {title_of(e)}"]
        assert reader.trailer["/Root"]["/Lang"] == "fr"
        others = [o for o in corpus.strategy("2026-2030").mesures if o is not e]
        assert not any(norm(f"Mesure {o.model.numero}{title_of(o)}") in text for o in others[:5])


def test_measure_card_shows_every_part(built, corpus):
    out, _ = built
    noted = next(e for e in corpus.strategy("2026-2030").mesures if e.model.note_editeur)
    with_page = next((e for e in corpus.strategy("2026-2030").mesures if e.model.page), None)
    for e in {noted.model.numero: noted, **({with_page.model.numero: with_page} if with_page else {})}.values():
        text = norm(pdftotext(out / "2026-2030" / f"mesure-{e.model.numero:02d}.pdf"))
        m = e.model
        for label in ("Contexte", "Pilote", "Indicateurs d’évaluation"):
            assert norm(label) in text
        if m.objectifs:
            assert norm("Objectifs") in text
        if m.modalites:
            assert norm("Modalités de mise en œuvre") in text
        if m.partenaires:
            assert norm("Partenaires") in text
        for indicateur in m.indicateurs:
            assert norm(plain(indicateur)) in text
        assert norm(f"Axe {m.axe}") in text and norm(f"Enjeu {m.enjeu}") in text
        if m.note_editeur:
            assert norm("Note de l’éditeur") in text and norm(plain(m.note_editeur)) in text
        if m.page:
            assert norm(f"page {m.page} du document imprimé") in text


def test_axis_pdfs_hold_their_measures(built, corpus):
    out, _ = built
    for axe in corpus.strategy("2026-2030").document.axes:
        text = norm(pdftotext(out / "2026-2030" / f"axe-{axe.numero}.pdf"))
        for e in corpus.strategy("2026-2030").mesures:
            present = norm(title_of(e)) in text
            assert present == (e.model.axe == axe.numero), (axe.numero, e.model.numero)


def test_2019_footnotes_are_on_the_page_of_their_measure(built, corpus):
    reader = pypdf.PdfReader(str(built[0] / "2020-2024" / "strategie-2020-2024.pdf"))
    raw = [p.extract_text() for p in reader.pages]
    texts = [norm(t) for t in raw]
    starts = []
    for e in corpus.strategy("2020-2024").mesures:
        # a card's label is in capitals (« MESURE 6 »), the axis pages list « Mesure 6 »
        page = next(
            i
            for i, t in enumerate(texts)
            if re.search(rf"^MESURE {e.model.numero}$", raw[i], re.M) and norm(title_of(e))[:50] in t
        )
        starts.append(page)
    assert starts == sorted(starts)
    bounds = dict(
        zip(
            (e.model.numero for e in corpus.strategy("2020-2024").mesures),
            zip(starts, starts[1:] + [len(texts)], strict=True),
            strict=True,
        )
    )
    for e in corpus.strategy("2020-2024").mesures:
        first, end = bounds[e.model.numero]
        for note in e.model.notes:
            wanted = norm(f"{note.numero}. {plain(note.texte)}")[:50]
            pages = [i for i, t in enumerate(texts) if wanted in t]
            assert pages and all(first <= p <= end for p in pages), (e.model.numero, note.numero, first, pages)


def test_2019_comparison_annex(built, corpus):
    text = norm(pdftotext(built[0] / "2020-2024" / "strategie-2020-2024.pdf"))
    assert (norm("De la stratégie 2020-2024 à la stratégie 2026-2030") in text) == (corpus.comparaison is not None)


def test_organisation_extracts(corpus, tmp_path):
    """With a registry (a made-up one here), one PDF per organisation: a summary table
    then every measure it pilots or joins, in both strategies."""
    from generator.models import Organisation, Registre

    registre = Registre(
        organisations=[
            Organisation(id="organisation-essai", nom="Préfets de département", type="service déconcentré"),
            Organisation(id="organisation-vide", nom="Organisation sans mesure", type="autre"),
        ]
    )

    def tag(entries, piloted, joined):
        out = []
        for e in entries:
            update = {}
            if e.model.numero in piloted:
                update["pilotes_ids"] = ["organisation-essai"]
            if e.model.numero in joined:
                update["partenaires_ids"] = ["organisation-essai"]
            out.append(dataclasses.replace(e, model=e.model.model_copy(update=update)) if update else e)
        return out

    fake = dataclasses.replace(
        corpus.with_measures("2026-2030", tag(corpus.strategy("2026-2030").mesures, {3, 41}, {12})).with_measures(
            "2020-2024", tag(corpus.strategy("2020-2024").mesures, {6}, {31})
        ),
        registre=registre,
    )
    report = build(fake, tmp_path, "organisations", jobs=1, cache=None)
    assert sorted(f.path.name for f in report.files) == ["organisation-essai.pdf", "organisation-vide.pdf"]
    reader = pypdf.PdfReader(str(tmp_path / "organisations" / "organisation-essai.pdf"))
    texts = [p.extract_text() for p in reader.pages]
    whole = norm("".join(texts))
    assert norm("Synthèse") in whole and norm("Préfets de département") in whole
    for e in fake.strategy("2026-2030").mesures + fake.strategy("2020-2024").mesures:
        expected = e.model.numero in ({3, 41, 12} if e in fake.strategy("2026-2030").mesures else {6, 31})
        assert (norm(f"Mesure {e.model.numero}{title_of(e)}") in whole) == expected, e.path
    # the summary table gives the page of each measure
    summary = " ".join(texts[1].split())
    for periode, entries, numbers in (
        ("2026-2030", fake.strategy("2026-2030").mesures, (3, 12, 41)),
        ("2020-2024", fake.strategy("2020-2024").mesures, (6, 31)),
    ):
        for n in numbers:
            entry = next(e for e in entries if e.model.numero == n)
            heading = norm(f"Mesure {n}{title_of(entry)}")[:60]
            actual = next(i + 1 for i, t in enumerate(texts) if i > 1 and heading in norm(t)[:500])
            found = re.search(rf"{periode} {n} .*?(Pilote|Partenaire) (\d+)", summary)
            assert found and int(found.group(2)) == actual, (periode, n, actual, found and found.group(0))
    assert [o.title for o in reader.outline if not isinstance(o, list)][:3] == [
        "Synthèse",
        "Stratégie 2026-2030 (3 mesures)",
        "Stratégie 2020-2024 (2 mesures)",
    ]


# --- layout: nothing overflows the page --------------------------------------------------


def test_nothing_overflows_the_page(built):
    """The renderer checks every laid-out text box against the page's text area."""
    _, report = built
    assert not report.overflows, "\n".join(report.overflows[:20])


def test_overflow_check_sees_overflows():
    html = (
        '<html lang="fr"><body><p style="white-space: nowrap">'
        + "https://snpd.example.gouv.fr/"
        + "tres-long-chemin-" * 20
        + "</p></body></html>"
    )
    assert engine.overflows(engine.render_document(html))


# --- texts: escaped, then Markdown ---------------------------------------------------------


def test_texts_cannot_inject_html():
    html = str(markup.inline("<script>alert(1)</script> <b>gras</b> & *vrai*"))
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html and "<em>vrai</em>" in html


def test_markdown_links_and_bare_urls():
    html = str(markup.inline("[le site](https://www.example.gouv.fr/a?b=1&c=2) et https://efus.eu."))
    assert '<a href="https://www.example.gouv.fr/a?b=1&amp;c=2">le site</a>' in html
    assert '<a href="https://efus.eu">https://efus.eu</a>.' in html
    # a text starting like a Markdown list stays a text
    assert str(markup.inline("1. Premier point")) == "1. Premier point"
    assert str(markup.inline("- tiret")) == "- tiret"
    assert str(markup.inline("du `code` et un ] seul")) == "du `code` et un ] seul"


def test_footnote_calls_become_footnotes():
    from generator.models import Note

    notes = markup.Notes([Note(numero=5, texte="Au 31 décembre, *11 000* jeunes.")])
    html = str(markup.inline("Doubler[^5] le nombre[^5]", notes))
    assert html.count('class="note"') == 1 and 'data-n="5"' in html and "<em>11 000</em>" in html
    assert '<sup class="appel">5</sup>' in html
    assert str(markup.inline("Doubler[^5]")) == "Doubler"


# --- indicator workbook --------------------------------------------------------------------


WORKBOOK_TITLE = "Indicateurs d’évaluation de la SNPD 2026-2030"


@pytest.fixture(scope="session")
def workbook(built):
    """The indicator workbook reopened with odfdo, every XML part parsed (odfdo refuses
    a file that is not an ODF package, lxml a part that is not well-formed XML)."""
    from odfdo import Document

    doc = Document(built[0] / "indicateurs" / "indicateurs-2026-2030.ods")
    for part in (doc.content, doc.styles, doc.meta, doc.settings, doc.manifest):
        assert part.root is not None
    return doc


def _ods_table(doc):
    (table,) = doc.body.get_tables()
    return table


def _cell_text(cell) -> str:
    return "".join(p.inner_text for p in cell.get_elements("text:p"))


def _ods_rows(doc) -> list[list[str]]:
    """The text of every cell, header row included, repeated cells expanded."""
    return [[_cell_text(cell) for cell in row.iter_cells()] for row in _ods_table(doc).iter_rows()]


def test_workbook_has_one_row_per_indicator(workbook, corpus):
    rows = _ods_rows(workbook)
    total = sum(len(e.model.indicateurs) for e in corpus.strategy("2026-2030").mesures)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == total + 1
    assert rows[0][:5] == ["Axe", "N° mesure", "Mesure", "Pilote", "Indicateur"]
    expected = [
        (str(e.model.numero), plain(i)) for e in corpus.strategy("2026-2030").mesures for i in e.model.indicateurs
    ]
    assert [(r[1], r[4]) for r in rows[1:]] == expected
    assert all(r[5:] in ([], ["", "", "", ""]) or not any(r[5:]) for r in rows[1:])


def test_workbook_cells_keep_their_types(workbook, corpus):
    """« N° mesure » is a number (sortable, summable), the text columns are strings and
    the columns to fill in are empty, without a type."""
    rows = list(_ods_table(workbook).iter_rows())
    assert [c.type for c in rows[0].iter_cells()] == ["string"] * len(COLUMNS)
    numeros = [e.model.numero for e in corpus.strategy("2026-2030").mesures for _ in e.model.indicateurs]
    assert [r.get_cell(1).type for r in rows[1:]] == ["float"] * len(numeros)
    assert [r.get_cell(1).value for r in rows[1:]] == numeros
    for row in rows[1:]:
        cells = list(row.iter_cells())
        assert [c.type for c in cells[:5]] == ["string", "float", "string", "string", "string"]
        assert all(c.type is None and c.value is None for c in cells[5:])


def test_workbook_header_is_frozen_bold_and_columns_sized(workbook):
    doc = workbook
    # frozen first row: the view settings LibreOffice reads
    (view,) = [s for s in doc.settings.config_item_sets if s.name == "ooo:view-settings"]
    (views,) = [m for m in view.config_item_maps_indexed if m.name == "Views"]
    (entry,) = views.config_item_maps_entries
    (tables,) = [m for m in entry.config_item_maps_named if m.name == "Tables"]
    (sheet,) = [e for e in tables.config_item_maps_entries if e.name == "Indicateurs"]
    items = {i.name: i.value for i in sheet.config_items}
    assert items["VerticalSplitMode"] == 2
    assert items["VerticalSplitPosition"] == 1
    assert items["HorizontalSplitMode"] == 0
    assert items["ActiveSplitRange"] == 2
    assert items["PositionBottom"] == 1
    assert {i.name: i.value for i in entry.config_items}["ActiveTable"] == "Indicateurs"

    table = _ods_table(doc)
    assert table.name == "Indicateurs"
    styles = {s.name: s for s in doc.get_styles(family="table-column")}
    widths = [p["style:column-width"] for s in styles.values() if (p := s.get_properties(area="table-column"))]
    assert len(widths) == len(COLUMNS) and all(float(w[:-2]) >= 2 for w in widths)
    columns = [styles[c.style].get_properties(area="table-column") for c in table.get_columns()]
    assert [c["style:column-width"] for c in columns] == [f"{w}cm" for w in WIDTHS]
    assert all(c["style:use-optimal-column-width"] == "false" for c in columns)

    bold = [
        s.name
        for s in doc.get_styles(family="table-cell")
        if (p := s.get_properties(area="text")) and p.get("fo:font-weight") == "bold"
    ]
    assert bold
    # the header row is a repeated header row (printed atop every page), in bold
    (header_rows,) = table.get_elements("table:table-header-rows")
    (header,) = header_rows.get_elements("table:table-row")
    assert [_cell_text(c) for c in header.iter_cells()] == list(COLUMNS)
    assert {c.style for c in header.iter_cells()} <= set(bold)


def test_workbook_metadata_filter_and_package(workbook, built):
    doc = workbook
    assert doc.get_type() == "spreadsheet"
    assert doc.mimetype == "application/vnd.oasis.opendocument.spreadsheet"
    assert doc.meta.title == WORKBOOK_TITLE
    # filter buttons over the header and every indicator row
    rows = len(_ods_rows(doc))
    (db_range,) = doc.body.get_elements("table:database-ranges/table:database-range")
    assert db_range.get_attribute("table:target-range-address") == f"Indicateurs.A1:Indicateurs.I{rows}"
    assert db_range.get_attribute("table:display-filter-buttons") is True
    # ODF packaging: « mimetype » first and stored, every part in the manifest
    with zipfile.ZipFile(built[0] / "indicateurs" / "indicateurs-2026-2030.ods") as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == doc.mimetype.encode()
        parts = set(archive.namelist()) - {"mimetype", "META-INF/manifest.xml"}
    assert parts == {"content.xml", "styles.xml", "meta.xml", "settings.xml"}
    assert set(doc.manifest.get_paths()) == parts | {"/"}
    assert doc.manifest.get_media_type("/") == doc.mimetype


def test_workbook_csv(built, corpus):
    path = built[0] / "indicateurs" / "indicateurs-2026-2030.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    total = sum(len(e.model.indicateurs) for e in corpus.strategy("2026-2030").mesures)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == total + 1
    assert all(len(r) == len(COLUMNS) and r[5:] == ["", "", "", ""] for r in rows[1:])


# --- sizes ----------------------------------------------------------------------------------


def test_measure_pdfs_stay_small(built):
    sizes = [p.stat().st_size for p in (built[0] / "2026-2030").glob("mesure-*.pdf")]
    assert statistics.median(sizes) < 400_000, statistics.median(sizes)
