"""Content comes from pull requests: what an editor (or anyone who opens one) writes must
never run code on the build machine, exhaust it, end up as active HTML on the site or in
a PDF, load anything from another host, or hide from the reviewer of the pull request."""

import logging
import os
import shutil
import time
import types
import unicodedata
from pathlib import Path

import markdown
import pytest
import yaml
from pydantic_core import PydanticCustomError

from generator.content import load_corpus
from generator.errors import ContentInvalid
from generator.models import check_text
from generator.sanitize import HELP, SITE_EXTENSIONS, clean_page, clean_text, lost, render
from generator.site.families import mesures
from generator.site.render import md_blocks, md_text
from generator.yamlfile import MAX_BYTES, hidden_characters, read_yaml

ROOT = Path(__file__).resolve().parent.parent
# The site's Markdown extensions (mkdocs.yml), to see the HTML visitors would get.
EXTENSIONS = ["abbr", "attr_list", "footnotes", "md_in_html", "tables", "toc"]
SCRIPT = "<script>alert(1)</script>"


def _read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "essai.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return read_yaml(path, tmp_path)


def _refusal(tmp_path: Path, text: str | bytes):
    with pytest.raises(ContentInvalid) as info:
        _read(tmp_path, text)
    [error] = info.value.errors
    return error


# --- YAML --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.mkdir ["{marker}"]',
        "!!python/object:builtins.object {{}}",
        '!!python/name:os.system ""',
        '!!python/module:os ""',
    ],
)
def test_python_tags_are_refused_and_never_run(tmp_path, tag):
    marker = tmp_path / "pirate"
    error = _refusal(tmp_path, "numero: 1\ntitre: " + tag.format(marker=marker.as_posix()) + "\n")
    assert "étiquette YAML" in error.message
    assert (error.ligne, error.colonne) == (2, 8)
    assert not marker.exists()


def test_alias_bomb_fails_fast_in_french(tmp_path):
    # « Billion laughs »: 9 levels of 9 aliases, 9⁹ strings once expanded.
    lines = ['a0: "lol"']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines[0] = 'a0: &a0 "lol"'
    start = time.perf_counter()
    error = _refusal(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert "les ancres et alias YAML (« & » et « * ») ne sont pas autorisés" in error.message
    assert error.ligne == 1


def test_a_lone_alias_is_refused_too(tmp_path):
    error = _refusal(tmp_path, "titre: Un titre\ncontexte: [*a]\n")
    assert "ancres et alias" in error.message and error.ligne == 2


def test_oversize_file_is_refused_before_parsing(tmp_path):
    text = "titre: " + "x" * (MAX_BYTES + 1) + "\n"
    start = time.perf_counter()
    error = _refusal(tmp_path, text)
    assert time.perf_counter() - start < 1.0
    assert "fichier trop volumineux" in error.message and f"maximum {MAX_BYTES // 1024} Kio" in error.message


def test_a_file_just_under_the_limit_is_read(tmp_path):
    text = "titre: " + "x" * (MAX_BYTES - 100) + "\n"
    assert _read(tmp_path, text).data["titre"].startswith("xxx")


def test_duplicate_keys_are_refused(tmp_path):
    error = _refusal(tmp_path, "titre: Un\ntitre: Deux\n")
    assert "apparaît deux fois" in error.message and error.ligne == 2


# --- HTML in texts -----------------------------------------------------------------


def _measure_with(content_tree, **changes) -> Path:
    root = content_tree()
    source = next((root / "content/measures/2026").glob("01-*.yaml"))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.update(changes)
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_script_in_a_title_is_rejected(content_tree):
    root = _measure_with(content_tree, titre=SCRIPT)
    with pytest.raises(ContentInvalid) as info:
        load_corpus(root)
    [error] = info.value.errors
    assert error.champ == "titre"
    assert "le HTML n’est pas autorisé dans les textes (<script>)" in error.message


@pytest.mark.parametrize(
    "text",
    [
        SCRIPT,
        "<SCRIPT src=https://exemple.fr/x.js></SCRIPT>",
        "< script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<!-- commentaire -->",
        '<a href="https://exemple.fr">lien</a>',
        "</p><p>",
    ],
)
def test_html_is_rejected(text):
    with pytest.raises(PydanticCustomError) as info:
        check_text(text)
    assert info.value.type == "html_interdit"


def _html(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", [SCRIPT, '<img src=x onerror="alert(1)">', "a < b & c > d"])
def test_rendering_escapes_html_that_slipped_past(text):
    """The validator refuses HTML; rendering escapes it anyway (defence in depth)."""
    md = str(md_text(text))
    assert "<" not in md and ">" not in md
    html = _html(md)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;" in html


def _evil_measure_page(content_tree):
    """The real page template, with a model that bypassed validation."""
    corpus = load_corpus(content_tree())
    entry = corpus.strategy("2026-2030").mesures[0]
    entry.model = entry.model.model_copy(update={"titre": SCRIPT, "indicateurs": [SCRIPT]})
    [page] = mesures.pages(corpus)
    _, front_matter, body = page.markdown.split("---", 2)
    return front_matter, body


def test_a_measure_page_escapes_a_script_title(content_tree):
    _, body = _evil_measure_page(content_tree)
    assert "<script" not in body.lower()
    html = _html(body)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_measure_page_escapes_a_script_title_in_its_front_matter(content_tree):
    front_matter, _ = _evil_measure_page(content_tree)
    assert "<script" not in front_matter.lower()


def test_blocks_escape_html_too():
    from generator.models import Bloc, Element, Tableau

    blocs = [
        Bloc.model_construct(paragraphe=SCRIPT, liste=None, intertitre=None),
        Bloc.model_construct(paragraphe=None, liste=None, intertitre=SCRIPT),
        Bloc.model_construct(
            paragraphe=None, intertitre=None, liste=[Element.model_construct(texte=SCRIPT, sous_liste=[SCRIPT])]
        ),
        Bloc.model_construct(tableau=Tableau.model_construct(entetes=[SCRIPT], lignes=[[SCRIPT + " | x"]])),
    ]
    assert "<script" not in _html(str(md_blocks(blocs))).lower()


# --- Links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[cliquez](javascript:alert(1))",
        "[cliquez](JavaScript:alert(1))",
        "[cliquez]( javascript:alert(1))",
        "[cliquez](<javascript:alert(1)>)",
        "[cliquez](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[cliquez](vbscript:msgbox(1))",
        "[cliquez](file:///etc/passwd)",
        "[cliquez](ftp://exemple.fr/)",
        "[autre site](//exemple.com/page)",
        "[autre site](/\\exemple.com/page)",
    ],
)
def test_dangerous_links_are_rejected(text):
    with pytest.raises(PydanticCustomError) as info:
        check_text(text)
    assert info.value.type == "lien_interdit"
    assert "seuls les liens https:, http:, mailto: ou internes sont autorisés" in str(info.value)
    assert f"(voir {HELP})" in str(info.value)


@pytest.mark.parametrize(
    "text", ["[a]: javascript:alert(1)", "[a]: data:text/html,x", "[^3]: une note", "*[CLSPD]: autre chose"]
)
def test_markdown_definitions_are_rejected(text):
    """A reference, footnote or abbreviation definition would act on the whole page."""
    with pytest.raises(PydanticCustomError) as info:
        check_text(text)
    assert info.value.type == "definition_interdite" and HELP in str(info.value)


def test_a_scheme_in_running_text_is_only_text():
    text = "voir javascript:alert(1) et data:text/html,x"
    assert check_text(text) == text
    html = _html(str(md_text(text)))
    assert "<a" not in html and "javascript:alert(1)" in html


@pytest.mark.parametrize(
    "text",
    [
        "[le site](https://www.cipdr.gouv.fr/)",
        "[ancien site](http://www.exemple.fr/page)",
        "[écrire](mailto:contact@exemple.gouv.fr)",
        "[la mesure 7](../07-prevenir-violences/index.md)",
        "[la stratégie](/2026-2030/)",
        "[plus bas](#indicateurs)",
        '[le site](https://www.cipdr.gouv.fr/ "Site du CIPDR")',
        "Un appel de note[^5] dans le texte.",
        "Un texte *en italique*, **en gras**, avec une heure : 10:30.",
        "Espaces insécables et fines\u00a0: « guillemets », l’apostrophe, 10\u202f%, 1\u2009000 — et… œuvre – fin.",
        "a < b & c > d",
        "Un texte entre {accolades} sans attribut.",
    ],
)
def test_safe_links_and_plain_text_are_accepted(text):
    assert check_text(text) == text
    html = _html(str(md_text(text)))
    assert "javascript:" not in html and "<script" not in html
    # What the validator renders is what the allow-list keeps, to the letter.
    rendered, raw = render(text)
    assert raw == [] and lost(rendered, clean_text(rendered)) == []


@pytest.mark.parametrize(
    "text,kind,words",
    [
        ("![logo](https://exemple.fr/logo.png)", "mise_en_forme_interdite", "image"),
        ("![logo](../logo.png)", "mise_en_forme_interdite", "image"),
        ("![logo](data:image/png;base64,iVBORw0KGgo=)", "mise_en_forme_interdite", "image"),
        ("[![logo](https://exemple.fr/logo.png)](https://exemple.fr)", "mise_en_forme_interdite", "image"),
        ("<https://exemple.fr/>", "html_interdit", "(<https://exemple.fr/>)"),
        ("<iframe src=https://exemple.fr></iframe>", "html_interdit", "(<iframe"),
        ("<object data=https://exemple.fr/x.swf></object>", "html_interdit", "(<object"),
        ("<video poster=https://exemple.fr/x.png></video>", "html_interdit", "(<video"),
        ("<link rel=stylesheet href=https://exemple.fr/x.css>", "html_interdit", "(<link"),
        ("Un espace&nbsp;insécable écrit en HTML", "html_interdit", "entité HTML « &nbsp; »"),
        ('[clic](https://exemple.fr){onclick="alert(1)"}', "attributs_interdits", "attribut « onclick » sur « <a> »"),
        ("**gras**{: .rouge}", "attributs_interdits", "attribut « class » sur « <strong> »"),
        ("[TOC]", "mise_en_forme_interdite", "bloc"),
    ],
)
def test_what_the_allow_list_would_remove_is_refused(text, kind, words):
    with pytest.raises(PydanticCustomError) as info:
        check_text(text)
    assert info.value.type == kind
    assert words in str(info.value) and str(info.value).endswith(f"(voir {HELP})")


def test_attribute_lists_cannot_add_event_handlers():
    text = '[clic](https://exemple.fr){onclick="alert(1)"}'
    with pytest.raises(PydanticCustomError):
        check_text(text)
    # and the site renders « { » as a character: no attribute list there either
    assert " onclick=" not in _html(str(md_text(text)))


@pytest.mark.parametrize(
    "text,shown",
    [
        ("2. À la vente et à l’accessibilité", "<p>2. À la vente et à l’accessibilité</p>"),
        ("- un tiret", "<p>- un tiret</p>"),
        ("# pas un titre", "<p># pas un titre</p>"),
        ("---", "<p>---</p>"),
        ("du `code`", "<p>du `code`</p>"),
        ("un crochet ] seul et [ un autre", "<p>un crochet ] seul et [ un autre</p>"),
    ],
)
def test_a_text_is_one_line_of_running_text(text, shown):
    """What would make a text a block (a list, a heading…) or code stays characters, on
    the site as in the validator's rendering (and the PDFs: tests/test_pdf.py)."""
    assert check_text(text) == text
    assert _html(str(md_text(text))) == shown
    assert render(text)[0] == shown


def test_a_text_cannot_break_out_of_a_link_of_its_page(content_tree):
    """A title is set inside a link of other pages (« [Axe 1 – titre](…) »): a lone
    bracket cannot close that link and open one of its own."""
    title = "x](javascript:alert(1)) [y"
    assert check_text(title) == title
    page = f"[Axe 1 – {md_text(title)}](../axes/1/index.md)"
    html = _html(page)
    assert "javascript" not in html.split('href="')[1].split('"')[0]
    assert html.count("<a ") == 1 and 'href="../axes/1/index.md"' in html


# --- One allow-list, on the site and in the PDFs ----------------------------------------


def test_the_validator_reads_texts_with_the_sites_extensions():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert tuple(names) == SITE_EXTENSIONS == tuple(EXTENSIONS)


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


@pytest.mark.parametrize(
    "html,words",
    [
        ('<p>x<img src="https://exemple.fr/i.png"></p>', "image"),
        ("<p>x</p><script>alert(1)</script>", "élément HTML « <script> »"),
        ('<iframe src="https://exemple.fr/"></iframe>', "élément HTML « <iframe> »"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "lien refusé « javascript:alert(1) »"),
        ('<p onclick="alert(1)">x</p>', "attribut « onclick » sur « <p> »"),
        ('<p style="background:url(https://exemple.fr/i.png)">x</p>', "attribut « style » sur « <p> »"),
        ('<link rel="stylesheet" href="https://exemple.fr/x.css">', "élément HTML « <link> »"),
    ],
)
def test_the_site_allow_list_removes_and_names_anything_else(html, words):
    cleaned, removed = clean_page(html)
    assert any(words in r for r in removed), removed
    for bad in ("<img", "<script", "<iframe", "javascript:", "onclick", "style=", "<link"):
        assert bad not in cleaned


def test_the_site_allow_list_keeps_the_page_structure():
    html = (
        '<h2 id="contexte">Contexte</h2><div class="snpd-fiche"><p>Un <abbr tabindex="0" title="Sigle">SG</abbr>'
        ' <a href="../07-x/" rel="next">suite</a><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
        '</p></div><span data-axes="1 2">x</span>'
    )
    cleaned, removed = clean_page(html)
    assert removed == [] and lost(html, cleaned) == []


def test_the_hook_warns_about_what_the_allow_list_removed(caplog):
    """A warning fails `mkdocs build --strict` (hence `python -m generator build`)."""
    from generator.site import hook

    page = types.SimpleNamespace(meta={}, file=types.SimpleNamespace(src_uri="2026-2030/mesures/01-x/index.md"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.snpd"):
        out = hook.on_page_content('<p>Texte<img src="https://exemple.fr/i.png"></p>', page, None, None)
    assert "<img" not in out and "Texte" in out
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.name.startswith("mkdocs.")
    assert "2026-2030/mesures/01-x/index.md" in record.getMessage() and "image" in record.getMessage()


def test_the_pdf_path_applies_the_same_allow_list():
    """A model that bypassed the validator: the PDF keeps the text, drops the rest."""
    from generator.pdf import markup

    html = str(markup.inline("voir [ici](javascript:alert(1)) ![logo](https://exemple.fr/i.png) *fin*"))
    assert "javascript:" not in html and "<img" not in html and "exemple.fr" not in html
    assert "<em>fin</em>" in html and "ici" in html


def test_every_text_of_the_content_passes_the_allow_list_unchanged(corpus):
    """On the real content, the allow-list removes nothing: not from the validator's
    rendering (or the content would not validate), not from the PDF's."""
    from generator.content import texts_with_loc
    from generator.pdf import markup

    models = [e.model for e in corpus.strategy("2026-2030").mesures + corpus.strategy("2020-2024").mesures]
    models += [
        corpus.strategy("2026-2030").document,
        corpus.strategy("2020-2024").document,
        corpus.glossaire,
        corpus.registre,
        corpus.comparaison,
    ]
    texts = {t for m in models if m is not None for _, t in texts_with_loc(m) if isinstance(t, str)}
    assert len(texts) > 1000
    for text in texts:
        html = markup._convert(text, True, False)
        assert lost(html, clean_text(html)) == [], text


# --- What a reviewer cannot see -----------------------------------------------------------

HIDDEN = [
    "\u202a",  # LEFT-TO-RIGHT EMBEDDING
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",
    "\u061c",  # ARABIC LETTER MARK
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",
    "\u200d",
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (a byte order mark, but not at the start)
    "\u00ad",  # SOFT HYPHEN
    "\u2028",  # LINE SEPARATOR
    "\u2029",
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A
    "\ufe0f",  # VARIATION SELECTOR-16
    "\u3164",  # HANGUL FILLER
    "\ue000",  # private use
    "\x07",  # BELL
    "\x1b",  # ESCAPE
    "\x85",  # NEXT LINE
]


@pytest.mark.parametrize("char", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_hidden_characters_are_refused_at_their_line_and_column(tmp_path, char):
    error = _refusal(tmp_path, f"numero: 1\ntitre: Un titre\ncontexte:\n  - Un para{char}graphe\n")
    assert (error.ligne, error.colonne, error.champ) == (4, 12, "contexte[1]")
    name = (
        unicodedata.name(char, None)
        or {"Cc": "caractère de contrôle", "Co": "caractère à usage privé"}[unicodedata.category(char)]
    )
    assert f"« U+{ord(char):04X} {name} »" in error.message
    assert "masque ou réordonne le texte" in error.message and HELP in error.message


@pytest.mark.parametrize("escape", ["\\u202e", "\\u200b", "\\x07", "\\U000E0041"])
def test_hidden_characters_written_as_yaml_escapes_are_refused(tmp_path, escape):
    error = _refusal(tmp_path, f'numero: 1\ntitre: "Un titre {escape}"\n')
    assert (error.ligne, error.colonne, error.champ) == (2, 8, "titre")
    assert "échappement" in error.message and "U+" in error.message


def test_every_hidden_character_is_reported_even_in_comments(tmp_path):
    with pytest.raises(ContentInvalid) as info:
        _read(tmp_path, "# commentaire \u2067caché\nnumero: 1\ntitre: Un \u200btitre \u202eet un autre\n")
    found = [(e.ligne, e.colonne, e.champ) for e in info.value.errors]
    assert found == [(1, 15, ""), (3, 11, "titre"), (3, 18, "titre")]


def test_a_lone_carriage_return_is_refused_but_windows_line_ends_are_read(tmp_path):
    error = _refusal(tmp_path, "numero: 1\ntitre: Un\rtitre\n")
    assert (error.ligne, error.colonne) == (2, 10) and "retour chariot seul" in error.message
    assert _read(tmp_path, "numero: 1\r\ntitre: Un titre\r\n").data == {"numero": 1, "titre": "Un titre"}


def test_ordinary_typography_and_a_byte_order_mark_are_read(tmp_path):
    text = "Espaces\u00a0: fine\u202f; étroite\u2009; « guillemets » l’apostrophe… – — œuvre, tabulation\tici"
    doc = _read(tmp_path, f'\ufefftitre: "{text}"\n'.encode())
    assert doc.data["titre"] == text


def test_the_whole_repository_content_is_free_of_hidden_characters():
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        assert hidden_characters(path.read_text(encoding="utf-8-sig")) == [], path


# --- Only regular files inside content/ ----------------------------------------------------


def _errors_of(root: Path) -> list:
    with pytest.raises(ContentInvalid) as info:
        load_corpus(root)
    return info.value.errors


def test_a_symbolic_link_to_a_file_outside_is_refused_by_its_name(content_tree):
    root = content_tree()
    link = root / "content/measures/2026/02-lien.yaml"
    link.symlink_to("/etc/passwd")
    [error] = _errors_of(root)
    assert error.fichier == "content/measures/2026/02-lien.yaml"
    assert "lien symbolique refusé" in error.message and "content/" in error.message
    assert error.message.endswith(f"(voir {HELP})")


def test_a_symbolic_link_inside_content_is_refused_too(content_tree):
    root = content_tree()
    measure = next((root / "content/measures/2026").glob("01-*.yaml"))
    (root / "content/measures/2026/02-copie.yaml").symlink_to(measure.name)
    errors = _errors_of(root)
    assert [(e.fichier, "lien symbolique refusé" in e.message) for e in errors] == [
        ("content/measures/2026/02-copie.yaml", True)
    ]


def test_a_linked_folder_is_refused_by_its_name(content_tree, tmp_path_factory):
    root = content_tree()
    elsewhere = tmp_path_factory.mktemp("ailleurs")
    measures = root / "content/measures/2026"
    shutil.move(str(measures), str(elsewhere / "2026"))
    measures.symlink_to(elsewhere / "2026", target_is_directory=True)
    [error] = _errors_of(root)
    assert error.fichier == "content/measures/2026/" and "lien symbolique refusé" in error.message


def test_a_broken_link_in_place_of_an_optional_file_is_refused(content_tree):
    root = content_tree()
    (root / "content/glossary.yaml").symlink_to("/nulle/part.yaml")
    [error] = _errors_of(root)
    assert error.fichier == "content/glossary.yaml" and "lien symbolique refusé" in error.message


def test_a_named_pipe_is_not_read(content_tree):
    """Reading a pipe would block the build forever."""
    root = content_tree()
    os.mkfifo(root / "content/measures/2026/02-tube.yaml")
    [error] = _errors_of(root)
    assert error.fichier == "content/measures/2026/02-tube.yaml"
    assert "ce n’est pas un fichier ordinaire" in error.message
