"""The 2020-2024 strategy: 40 measures, 121 actions in order, nothing invented or lost."""

import re

import pytest

from generator import fidelity
from generator.editions.snpd_2020_2024 import EDITION


def test_40_measures_4_axes_121_actions(corpus):
    assert [e.model.numero for e in corpus.strategy("2020-2024").mesures] == list(range(1, 41))
    assert len(corpus.strategy("2020-2024").document.axes) == 4
    actions = [a.numero for e in corpus.strategy("2020-2024").mesures for a in e.model.actions]
    assert len(actions) == 121
    for e in corpus.strategy("2020-2024").mesures:
        numbers = [int(a.numero.split(".")[1]) for a in e.model.actions]
        assert numbers == list(range(1, len(numbers) + 1)), e.path  # in order, none missing


def test_every_source_action_is_a_yaml_action(corpus):
    yaml_actions = {a.numero for e in corpus.strategy("2020-2024").mesures for a in e.model.actions}
    source_actions = {t.split(" ", 1)[0] for m, kind, t in EDITION.source_items() if kind == "action"}
    assert source_actions == yaml_actions


@pytest.mark.parametrize("numero", range(1, 41))
def test_2019_measure_is_faithful(corpus, numero):
    entry = corpus.strategy("2020-2024").mesures[numero - 1]
    assert fidelity.invented(entry, EDITION) == []
    assert EDITION.lost(corpus.strategy("2020-2024").mesures).get(numero, []) == []


def test_every_pilot_line_footnote_and_bullet_of_the_source_is_in_the_content(corpus):
    lost = EDITION.lost(corpus.strategy("2020-2024").mesures).get(None, [])
    # bullets of the axis introductions live in the strategy file
    strategy = fidelity.normalise("\n".join(fidelity.texts_of(corpus.strategy("2020-2024").document)))
    assert [p for p in lost if fidelity.normalise(re.sub(r"^.*« |(\.\.\.)? »$", "", p)) not in strategy] == []


def test_strategy_texts_are_in_the_source(corpus):
    # Axis titles are printed in capitals on the axis pages: compare without case.
    # The document title is not in the extracted text (it is on the cover).
    source = fidelity.normalised_source(EDITION.source).casefold()
    s = corpus.strategy("2020-2024").document
    for text in fidelity.texts_of(s):
        if text in (s.titre, s.periode):
            continue
        assert fidelity.normalise(text).casefold() in source, text[:80]


def test_footnotes_are_numbered_and_attached(corpus):
    numbers = sorted(n.numero for e in corpus.strategy("2020-2024").mesures for n in e.model.notes)
    assert numbers == sorted(set(numbers))
    assert len(numbers) >= 25
