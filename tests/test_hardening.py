"""Content comes from pull requests: what an editor (or anyone who opens one) writes must
never run code on the build machine, exhaust it, or end up as active HTML on the site."""

import time
from pathlib import Path

import markdown
import pytest
import yaml
from pydantic_core import PydanticCustomError

from generator.content import load_corpus
from generator.errors import ContentInvalid
from generator.models import check_text
from generator.site.families import mesures2026
from generator.site.render import md_blocks, md_text
from generator.yamlfile import MAX_BYTES, read_yaml

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
    entry = corpus.mesures2026[0]
    entry.model = entry.model.model_copy(update={"titre": SCRIPT, "indicateurs": [SCRIPT]})
    [page] = mesures2026.pages(corpus)
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


# --- Links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[cliquez](javascript:alert(1))",
        "[cliquez](JavaScript:alert(1))",
        "[cliquez]( javascript:alert(1))",
        "[cliquez](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[cliquez](vbscript:msgbox(1))",
        "[cliquez](file:///etc/passwd)",
        "[cliquez](ftp://exemple.fr/)",
        "voir javascript:alert(1)",
        "[a]: javascript:alert(1)",
        "[a]: data:text/html,x",
    ],
)
def test_dangerous_links_are_rejected(text):
    with pytest.raises(PydanticCustomError) as info:
        check_text(text)
    assert info.value.type == "lien_interdit"
    assert "seuls les liens https:, http:, mailto: ou internes sont autorisés" in str(info.value)


def test_a_link_in_angle_brackets_is_rejected_as_html():
    with pytest.raises(PydanticCustomError) as info:
        check_text("[cliquez](<javascript:alert(1)>)")
    assert info.value.type == "html_interdit"


@pytest.mark.parametrize(
    "text",
    [
        "[le site](https://www.cipdr.gouv.fr/)",
        "[ancien site](http://www.exemple.fr/page)",
        "[écrire](mailto:contact@exemple.gouv.fr)",
        "[la mesure 7](../07-prevenir-violences/)",
        "[plus bas](#indicateurs)",
        "Un texte *en italique*, **en gras**, avec une heure : 10:30.",
    ],
)
def test_safe_links_and_plain_text_are_accepted(text):
    assert check_text(text) == text
    html = _html(str(md_text(text)))
    assert "javascript:" not in html and "<script" not in html


def test_attribute_lists_cannot_add_event_handlers():
    text = '[clic](https://exemple.fr){onclick="alert(1)"}'
    try:
        check_text(text)
    except PydanticCustomError:
        return  # refused by the validator: fine
    assert "onclick" not in _html(str(md_text(text)))
