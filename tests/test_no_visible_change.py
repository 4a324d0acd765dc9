"""No visible change from a refactoring: the pages (addresses, titles, Markdown), the data
files, the PDF documents (their print HTML), the indicator workbook and the search
descriptions that the generator makes of a frozen copy of the content are those of the
reference (tests/reference/: how to refresh it after an intended change)."""

import json

from reference.outputs import REFERENCE, current


def _differences(expected, actual, where=""):
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append(f"{where}{key} : disparu")
            elif key not in expected:
                out.append(f"{where}{key} : nouveau")
            else:
                out += _differences(expected[key], actual[key], f"{where}{key} › ")
        return out
    return [] if expected == actual else [f"{where.rstrip(' ›')} : {expected!r} → {actual!r}"]


def test_the_generator_publishes_what_the_reference_holds():
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    actual = current()
    # the reference holds every family of output, with something in each
    assert {"pages", "donnees", "pdf", "classeur", "recherche", "sigles"} <= set(actual)
    assert len(actual["pages"]) > 300 and len(actual["pdf"]) > 200
    differences = _differences(expected, actual)
    assert not differences, "\n".join(differences[:40])


def test_a_changed_page_is_named():
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(expected))
    changed["pages"]["index.md"]["markdown"] = "0" * 16
    del changed["pdf"][next(iter(changed["pdf"]))]
    found = _differences(expected, changed)
    assert len(found) == 2 and found[0].startswith("pages › index.md › markdown")
