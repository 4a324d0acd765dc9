"""The PDF cache (generator/pdf/cache.py): a document is laid out again only when its
inputs changed.

Built on a small corpus (measures 7 and 8, two organisations, a short glossary), every
cache in a temporary folder, never the repository's `.cache/`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.pdf import build, cache, documents, engine
from generator.pdf.meta import BuildInfo

pypdf = pytest.importorskip("pypdf")

INFO = BuildInfo(dt.date(2026, 11, 27), "v2.1-4-gabcdef1", "https://snpd.example.gouv.fr/")
LATER = BuildInfo(dt.date(2026, 12, 1), "v2.2-0-g1234567", INFO.site_url)
EDITED = 7  # the measure the tests change
ALL = 8  # PDFs of the small corpus


@pytest.fixture(autouse=True)
def no_default_cache(monkeypatch, tmp_path):
    """A build that forgets its `cache=` argument still stays out of the repository."""
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache-par-defaut"))


@pytest.fixture(scope="module")
def small(corpus):
    """Measures 7 and 8, two organisations (one names measure 7, the other does not),
    one foreword, a short glossary, no 2020-2024 strategy: quick to lay out."""
    if corpus.registre is None or corpus.glossaire is None:
        pytest.skip("pas de registre des organisations ou de glossaire")
    m26 = [e for e in corpus.strategy("2026-2030").mesures if e.model.numero in (EDITED, EDITED + 1)]

    def names(org):
        return {e.model.numero for e in m26 if org.id in e.model.pilotes_ids + e.model.partenaires_ids}

    orgs = sorted(corpus.registre.organisations, key=lambda o: -len(names(o)))
    with_it = next(o for o in orgs if EDITED in names(o))
    without = next(o for o in orgs if EDITED not in names(o))
    return dataclasses.replace(
        corpus.with_measures("2026-2030", m26, preambules=corpus.strategy("2026-2030").document.preambules[:1]).without(
            "2020-2024"
        ),
        comparaison=None,
        glossaire=corpus.glossaire.model_copy(update={"entrees": corpus.glossaire.entrees[:15]}),
        registre=corpus.registre.model_copy(update={"organisations": [with_it, without]}),
    )


@pytest.fixture(scope="module")
def one(small):
    """Measure 7 alone."""
    return small.with_measures(
        "2026-2030", [e for e in small.strategy("2026-2030").mesures if e.model.numero == EDITED]
    )


def edit(corpus, word: str = "modifié"):
    """The corpus with a word added to the first paragraph of measure 7."""

    def change(e):
        blocs = list(e.model.contexte)
        i = next(i for i, b in enumerate(blocs) if b.paragraphe)
        blocs[i] = blocs[i].model_copy(update={"paragraphe": f"{blocs[i].paragraphe} {word}"})
        return dataclasses.replace(e, model=e.model.model_copy(update={"contexte": blocs}))

    return corpus.with_measures(
        "2026-2030", [change(e) if e.model.numero == EDITED else e for e in corpus.strategy("2026-2030").mesures]
    )


def containing_edited(corpus) -> set[str]:
    """The PDFs that print measure 7: its card, its axis, the strategy, the dossiers of
    the organisations it names."""
    m = next(e.model for e in corpus.strategy("2026-2030").mesures if e.model.numero == EDITED)
    names = {f"mesure-{EDITED:02d}.pdf", f"axe-{m.axe}.pdf", "strategie-2026-2030.pdf"}
    return names | {f"{o}.pdf" for o in m.pilotes_ids + m.partenaires_ids if o in _org_ids(corpus)}


def _org_ids(corpus) -> set[str]:
    return {o.id for o in corpus.registre.organisations}


def rendered(report) -> set[str]:
    return {f.path.name for f in report.files if f.pages is not None and not f.cached}


def reused(report) -> set[str]:
    return {f.path.name for f in report.files if f.cached}


def entries(folder: Path, ext: str = "pdf") -> set[str]:
    return {p.stem for p in folder.glob(f"*.{ext}")}


def entry_of(folder: Path, name: str) -> str:
    """The key of the entry holding the PDF named `name`."""
    import json

    (key,) = [p.stem for p in folder.glob("*.json") if json.loads(p.read_text("utf-8"))["document"] == name]
    return key


def pdfs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def created(path: Path) -> str:
    """The creation date the PDF records (from the <meta> of the generation date)."""
    return str(pypdf.PdfReader(str(path)).metadata["/CreationDate"])


@pytest.fixture(scope="module")
def filled(small, tmp_path_factory):
    """A cache filled by a complete build of the small corpus: (cache, output, report)."""
    base = tmp_path_factory.mktemp("cache-rempli")
    report = build(small, base / "out", info=INFO, cache=base / "cache")
    return base / "cache", base / "out", report


@pytest.fixture
def copy(filled, tmp_path):
    """A copy of the filled cache, for a test to use (and spoil)."""
    return Path(shutil.copytree(filled[0], tmp_path / "cache"))


# --- what is rendered again --------------------------------------------------------------


def test_first_build_renders_and_stores_everything(filled, small):
    folder, out, report = filled
    names = {f.path.name for f in report.files if f.pages is not None}
    # the strategy, three axes, two organisations, two measures
    assert len(names) == ALL and rendered(report) == names and not reused(report)
    assert len(entries(folder)) == len(entries(folder, "json")) == ALL
    assert report.summary() == f"{ALL} PDF rendus, 0 repris du cache"
    assert not report.warnings


def test_unchanged_corpus_renders_nothing_and_writes_the_same_files(filled, small, copy, tmp_path):
    _, out, first = filled
    report = build(small, tmp_path / "out", info=INFO, cache=copy)
    assert rendered(report) == set() and len(reused(report)) == ALL
    assert report.summary() == f"0 PDF rendu, {ALL} repris du cache"
    assert pdfs(tmp_path / "out") == pdfs(out)
    # the same report: pages and overflows come from the entries
    assert [(f.path.name, f.pages, f.overflows) for f in report.files] == [
        (f.path.name, f.pages, f.overflows) for f in first.files
    ]
    assert report.pruned == 0 and entries(copy) == entries(filled[0])


def test_editing_a_measure_renders_exactly_the_documents_that_print_it(filled, small, copy, tmp_path):
    edited = edit(small)
    expected = containing_edited(small)
    assert len(expected) == 4  # card, axis, strategy, one organisation
    report = build(edited, tmp_path / "out", info=LATER, cache=copy)
    assert rendered(report) == expected
    assert len(reused(report)) == ALL - len(expected)
    # laid out again: this run's date; reused: the date of the run that rendered it
    out = tmp_path / "out" / "2026-2030"
    assert created(out / f"mesure-{EDITED:02d}.pdf").startswith("D:20261201")
    assert created(out / f"mesure-{EDITED + 1:02d}.pdf").startswith("D:20261127")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(out / f"mesure-{EDITED:02d}.pdf")).pages)
    assert "modifié" in text
    # complete build: the entries of the previous versions are gone
    assert report.pruned == len(expected)
    assert len(entries(copy)) == len(entries(copy, "json")) == ALL


def test_partial_build_keeps_the_other_entries(filled, small, copy, tmp_path):
    report = build(edit(small), tmp_path / "out", "mesures", info=INFO, cache=copy)
    assert rendered(report) == {f"mesure-{EDITED:02d}.pdf"} and reused(report) == {f"mesure-{EDITED + 1:02d}.pdf"}
    assert report.pruned == 0
    assert entries(copy) > entries(filled[0]) and len(entries(copy)) == ALL + 1


def test_a_new_date_and_version_alone_render_nothing(filled, small, copy, tmp_path):
    report = build(small, tmp_path / "out", info=LATER, cache=copy)
    assert rendered(report) == set() and len(reused(report)) == ALL
    assert created(tmp_path / "out" / "2026-2030" / "mesure-07.pdf").startswith("D:20261127")


def test_another_site_address_renders_everything(filled, small, copy, tmp_path):
    other = dataclasses.replace(INFO, site_url="https://autre.example.org/snpd/")
    report = build(small, tmp_path / "out", "mesures", info=other, cache=copy)
    assert len(rendered(report)) == 2 and not reused(report)


def test_a_changed_stylesheet_renders_everything(filled, small, copy, tmp_path, monkeypatch):
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text(engine.STYLESHEET.read_text("utf-8") + "\nh2 { color: #000091; }\n", "utf-8")
    monkeypatch.setattr(engine, "STYLESHEET", stylesheet)
    report = build(small, tmp_path / "out", "mesures", info=INFO, cache=copy)
    assert len(rendered(report)) == 2 and not reused(report)


def test_corrupt_entries_are_rendered_again(filled, small, copy, tmp_path):
    seven, eight = f"mesure-{EDITED:02d}.pdf", f"mesure-{EDITED + 1:02d}.pdf"
    pdf = copy / f"{entry_of(copy, seven)}.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])  # truncated
    (copy / f"{entry_of(copy, eight)}.json").write_text("{pas du JSON", "utf-8")
    report = build(small, tmp_path / "out", info=INFO, cache=copy)
    assert rendered(report) == {seven, eight} and len(reused(report)) == ALL - 2
    assert pypdf.PdfReader(str(tmp_path / "out" / "2026-2030" / seven)).pages
    # written again, whole
    again = build(small, tmp_path / "encore", "mesures", info=INFO, cache=copy)
    assert rendered(again) == set()


# --- writes ----------------------------------------------------------------------------------


def _half_then(error):
    def write(fh, data):
        fh.write(data[: len(data) // 2])
        raise error

    return write


def test_a_failed_write_leaves_no_truncated_entry(one, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    write_all = cache._write_all
    monkeypatch.setattr(cache, "_write_all", _half_then(OSError(28, "Plus d’espace disponible sur le périphérique")))
    report = build(one, tmp_path / "out", "mesures", info=INFO, cache=folder, jobs=1)
    # the build goes on: the PDF is written, not stored
    assert len(rendered(report)) == 1
    assert len(report.warnings) == 1 and "non mis en cache" in report.warnings[0]
    for f in report.files:
        assert pypdf.PdfReader(str(f.path)).pages
    assert list(folder.iterdir()) == []

    # interrupted (Ctrl-C) while writing an entry
    monkeypatch.setattr(cache, "_write_all", _half_then(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build(one, tmp_path / "out2", "mesures", info=INFO, cache=folder, jobs=1)
    assert list(folder.iterdir()) == []

    monkeypatch.setattr(cache, "_write_all", write_all)
    report = build(one, tmp_path / "out3", "mesures", info=INFO, cache=folder, jobs=1)
    assert len(rendered(report)) == 1 and len(entries(folder)) == 1


def test_stale_files_are_pruned_after_a_complete_build_only(filled, small, copy, tmp_path):
    stale = "0" * 64
    for ext in ("pdf", "json"):
        (copy / f"{stale}.{ext}").write_bytes(b"ancien")
    (copy / "LISEZMOI.txt").write_text("pas une entrée", "utf-8")
    build(small, tmp_path / "out", "axes", info=INFO, cache=copy)
    assert stale in entries(copy) and stale in entries(copy, "json")
    report = build(small, tmp_path / "out", info=INFO, cache=copy)
    assert report.pruned == 1 and rendered(report) == set()
    assert stale not in entries(copy) | entries(copy, "json")
    assert (copy / "LISEZMOI.txt").exists()


def _with_resource(monkeypatch, tag: str):
    """Documents of measure EDITED load a resource (`tag`, an HTML element)."""
    render_html = engine.render_html

    def with_resource(template, **context):
        html = render_html(template, **context)
        if context.get("card") is not None and context["card"].m.numero == EDITED:
            html = html.replace("</body>", f"{tag}</body>")
        return html

    monkeypatch.setattr(engine, "render_html", with_resource)


def test_a_document_that_loads_a_resource_is_not_stored(small, tmp_path, monkeypatch):
    # The generator's own files are the only ones a document may load.
    _with_resource(monkeypatch, f'<link rel="stylesheet" href="{engine.STYLESHEET.as_uri()}">')
    folder = tmp_path / "cache"
    report = build(small, tmp_path / "out", "mesures", info=INFO, cache=folder)
    assert len(rendered(report)) == 2
    assert len(report.warnings) == 1 and "mesure-07.pdf" in report.warnings[0] and "print.css" in report.warnings[0]
    assert len(entries(folder)) == 1
    assert rendered(build(small, tmp_path / "out", "mesures", info=INFO, cache=folder)) == {"mesure-07.pdf"}


def test_a_document_that_loads_a_file_from_elsewhere_fails_and_nothing_of_it_is_stored(small, tmp_path, monkeypatch):
    image = tmp_path / "logo.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "utf-8")
    _with_resource(monkeypatch, f'<img src="{image.as_uri()}" alt="">')
    folder = tmp_path / "cache"
    with pytest.raises(engine.ResourceRefused, match="logo.svg"):
        build(small, tmp_path / "out", "mesures", info=INFO, cache=folder, jobs=1)
    assert not (tmp_path / "out" / "2026-2030" / "mesure-07.pdf").exists()
    assert all("mesure-07" not in p.read_text("utf-8") for p in folder.glob("*.json"))


# --- where the cache is ----------------------------------------------------------------------


def test_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV)
    assert cache.folder(cache.AUTO, tmp_path) == tmp_path / ".cache" / "pdf"
    assert cache.folder(None, tmp_path) is None
    assert cache.folder(tmp_path / "ailleurs", tmp_path) == tmp_path / "ailleurs"
    monkeypatch.setenv(cache.ENV, str(tmp_path / "env"))
    assert cache.folder(cache.AUTO, tmp_path) == tmp_path / "env"
    monkeypatch.setenv(cache.ENV, "0")
    assert cache.folder(cache.AUTO, tmp_path) is None
    assert cache.folder(tmp_path / "ailleurs", tmp_path) == tmp_path / "ailleurs"


def test_default_folder_and_disabled_cache(one, tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV)
    report = build(one, tmp_path / "out", "mesures", info=INFO, root=tmp_path, jobs=1)
    assert report.cache == tmp_path / ".cache" / "pdf" and len(entries(report.cache)) == 1

    root = tmp_path / "racine"
    root.mkdir()
    monkeypatch.setenv(cache.ENV, "0")
    report = build(one, tmp_path / "out", "mesures", info=INFO, root=root, jobs=1)
    assert report.cache is None and report.summary() == "1 PDF rendu (cache désactivé)"
    monkeypatch.setenv(cache.ENV, str(root / "env"))
    report = build(one, tmp_path / "out", "mesures", info=INFO, root=root, cache=None, jobs=1)
    assert report.cache is None and rendered(report) == {"mesure-07.pdf"}
    assert list(root.iterdir()) == []


def test_command_line(content_tree, tmp_path, capsys):
    root = content_tree()
    folder = tmp_path / "cache-cli"

    def pdf(*args: str) -> str:
        assert (
            main(
                [
                    "--root",
                    str(root),
                    "pdf",
                    "--only",
                    "mesures",
                    "--output",
                    str(tmp_path / "out"),
                    "--jobs",
                    "1",
                    *args,
                ]
            )
            == 0
        )
        return capsys.readouterr().out

    assert "1 PDF rendu, 0 repris du cache." in pdf("--cache", str(folder))
    assert "0 PDF rendu, 1 repris du cache." in pdf("--cache", str(folder))
    assert "1 PDF rendu (cache désactivé)." in pdf("--sans-cache")
    assert len(entries(folder)) == 1


# --- date and version put back after rendering ------------------------------------------------


def test_placeholders_print_like_the_real_stamps(small):
    for info in (INFO, dataclasses.replace(INFO, date=dt.date(2027, 1, 1), version="abcdef1-dirty")):
        assert info.stampable
        real = documents.documents(small, info)
        held = documents.documents(small, info.placeholders())
        assert [d.path for d in real] == [d.path for d in held]
        for a, b in zip(real, held, strict=True):
            assert info.stamp(engine.render_html(b.template, **b.context)) == engine.render_html(
                a.template, **a.context
            )
    html = engine.render_html(held[-1].template, **held[-1].context)
    assert "SNPDSTAMP" in html and "abcdef1-dirty" not in html and "1er janvier 2027" not in html


def test_stamps_that_would_print_differently_are_hashed(one, tmp_path):
    odd = dataclasses.replace(INFO, version="v2.1;essai!")
    assert not odd.stampable
    # rendered in place, hashed with the HTML: reused for the same day and version only
    folder = tmp_path / "cache"
    for info, expected in ((odd, 1), (odd, 0), (dataclasses.replace(odd, version="v2.2;essai!"), 1)):
        report = build(one, tmp_path / "out", "mesures", info=info, cache=folder, jobs=1)
        assert len(rendered(report)) == expected
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(report.files[0].path)).pages)
    assert "v2.2;essai!" in text.replace("\u202f", "")
    assert cache.fingerprint(INFO.site_url, ("1er", "a")) != cache.fingerprint(INFO.site_url, ("1er", "b"))
    assert cache.fingerprint(INFO.site_url) != cache.fingerprint("https://autre.example.org/")
