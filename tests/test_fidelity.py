"""Nothing invented, nothing lost: the YAML against the printed sources."""

import copy

import pytest

from generator import fidelity
from generator.content import Entry
from generator.editions.snpd_2026_2030 import EDITION


def lost(entry: Entry) -> list[str]:
    return EDITION.lost([entry]).get(entry.model.numero, [])


def test_2026_has_50_measures_3_axes_12_enjeux(corpus):
    assert [e.model.numero for e in corpus.strategy("2026-2030").mesures] == list(range(1, 51))
    assert len(corpus.strategy("2026-2030").document.axes) == 3
    assert [en.numero for a in corpus.strategy("2026-2030").document.axes for en in a.enjeux] == list(range(1, 13))
    assert len(corpus.strategy("2026-2030").document.preambules) == 2


@pytest.mark.parametrize("numero", range(1, 51))
def test_2026_measure_is_faithful(corpus, numero):
    entry = corpus.strategy("2026-2030").mesures[numero - 1]
    assert fidelity.invented(entry, EDITION) == []
    assert lost(entry) == []


def test_2026_forewords_are_in_the_source(corpus):
    source = fidelity.normalised_source(EDITION.source)
    for p in corpus.strategy("2026-2030").document.preambules:
        for text in fidelity.texts_of(p):
            assert fidelity.normalise(text) in source, text[:80]


def _with_text(entry: Entry, **changes) -> Entry:
    model = entry.model.model_copy(update=changes)
    return Entry(model, entry.path, entry.slug, entry.doc)


def test_an_invented_sentence_is_caught(corpus):
    e = corpus.strategy("2026-2030").mesures[6]
    bad = _with_text(e, indicateurs=list(e.model.indicateurs) + ["Nombre de licornes sensibilisées"])
    assert fidelity.invented(bad, EDITION)


def test_a_changed_word_is_caught(corpus):
    e = corpus.strategy("2026-2030").mesures[0]
    changed = e.model.titre.replace("narcotrafic", "trafic")
    assert fidelity.invented(_with_text(e, titre=changed), EDITION)


def test_a_lost_indicator_is_caught(corpus):
    e = corpus.strategy("2026-2030").mesures[0]
    bad = _with_text(e, indicateurs=list(e.model.indicateurs)[:-1])
    assert lost(bad)


def test_a_lost_bullet_is_caught(corpus):
    e = corpus.strategy("2026-2030").mesures[0]
    objectifs = copy.deepcopy(list(e.model.objectifs))
    first = objectifs[0]
    shorter = first.model_copy(update={"liste": first.liste[1:]})
    assert lost(_with_text(e, objectifs=[shorter] + objectifs[1:]))
