"""Derived views of the comparison between two declared editions (no MkDocs here): links
by measure, headline figures, axis-to-axis flows, themes, pilot changes.

The pair is the one `content/comparison.yaml` names (`strategies: [avant, après]`, by
default editions.COMPARISON); a link's measures of each side are its fields
`mesures_<key>` (Lien.numbers)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .content import Corpus, Strategy

RESHAPED = ("renforcée", "élargie", "refondue", "fusion", "scission")
LABELS = {
    "reconduite": "reconduite",
    "renforcée": "renforcée",
    "élargie": "élargie",
    "refondue": "refondue",
    "fusion": "fusion",
    "scission": "scission",
    "nouvelle": "nouvelle",
    "non reprise": "non reprise",
}


@dataclass
class View:
    corpus: Corpus

    @property
    def pair(self) -> tuple[Strategy, Strategy] | None:
        """(before, after): the two strategies compared, when both are there."""
        c = self.corpus.comparaison
        if c is None:
            return None
        before, after = (self.corpus.strategy(i) for i in c.pair)
        return (before, after) if before and after else None

    @property
    def avant(self) -> Strategy:
        return self.pair[0]

    @property
    def apres(self) -> Strategy:
        return self.pair[1]

    @property
    def liens(self):
        return list(self.corpus.comparaison.liens) if self.pair else []

    def before(self, lien) -> list[int]:
        return lien.numbers(self.avant.edition.key)

    def after(self, lien) -> list[int]:
        return lien.numbers(self.apres.edition.key)

    def numbered(self):
        """(number from 1, link) in file order: the number is the link's URL."""
        return list(enumerate(self.liens, start=1))

    def side(self, edition_id: str) -> dict | None:
        """What a card of `edition_id` shows of the comparison: the other strategy, the
        field of a link that names the other side's measures, and those measures."""
        if self.pair is None or edition_id not in (self.avant.id, self.apres.id):
            return None
        is_before = edition_id == self.avant.id
        other = self.apres if is_before else self.avant
        return {
            "periode_autre": other.id,
            "titre_section": (
                f"Devenir dans la stratégie {other.id}" if is_before else f"Dans la stratégie {other.id}"
            ),
            "cote": other.edition.field("mesures"),
            "autres": {e.model.numero: e for e in other.mesures},
        }

    def for_measure(self, edition_id: str, numero: int):
        key = self.corpus.strategies[edition_id].edition.key
        return [(i, lien) for i, lien in self.numbered() if numero in lien.numbers(key)]

    def annexed_to(self, edition_id: str) -> bool:
        """The comparison is printed as an annex of the earlier strategy's PDF."""
        return self.pair is not None and self.avant.id == edition_id

    def figures(self) -> dict:
        """Counts of measures (not links) by fate."""
        by_after: dict[int, set] = {}
        by_before: dict[int, set] = {}
        for lien in self.liens:
            for n in self.after(lien):
                by_after.setdefault(n, set()).add(lien.relation)
            for n in self.before(lien):
                by_before.setdefault(n, set()).add(lien.relation)
        return {
            "nouvelles": sum(1 for r in by_after.values() if r == {"nouvelle"}),
            "non_reprises": sum(1 for r in by_before.values() if r == {"non reprise"}),
            "reconduites": sum(1 for r in by_before.values() if r == {"reconduite"}),
            "refaconnees": sum(1 for r in by_before.values() if r & set(RESHAPED)),
            "mesures_avant": len(self.avant.mesures),
            "mesures_apres": len(self.apres.mesures),
            "axes_avant": len(self.avant.document.axes),
            "axes_apres": len(self.apres.document.axes),
            "par_relation": Counter(lien.relation for lien in self.liens),
        }

    def axis_flows(self) -> dict[tuple[int, int], int]:
        """(axis before, axis after) -> number of measure pairs linked between them."""
        ax_before = {e.model.numero: e.model.axe for e in self.avant.mesures}
        ax_after = {e.model.numero: e.model.axe for e in self.apres.mesures}
        flows: Counter = Counter()
        for lien in self.liens:
            for a in self.before(lien):
                for b in self.after(lien):
                    flows[(ax_before[a], ax_after[b])] += 1
        return dict(flows)

    def themes(self) -> dict[str, list[str]]:
        """Themes that appear (only in new measures), disappear (only in measures not
        carried over) or continue (in links between both)."""
        new, gone, kept = set(), set(), set()
        for lien in self.liens:
            target = new if lien.relation == "nouvelle" else gone if lien.relation == "non reprise" else kept
            target.update(lien.themes)
        return {
            "apparaissent": sorted(new - kept - gone),
            "disparaissent": sorted(gone - kept - new),
            "continuent": sorted(kept),
        }

    def pilot_changes(self) -> list[dict]:
        """Per organisation: measures piloted in each strategy (from the registry ids)."""
        reg = self.corpus.registre
        if reg is None:
            return []
        c_after = Counter(i for e in self.apres.mesures for i in set(e.model.pilotes_ids))
        c_before = Counter(i for e in self.avant.mesures for i in set(e.model.pilotes_ids))
        rows = []
        for org in reg.organisations:
            a, b = c_before.get(org.id, 0), c_after.get(org.id, 0)
            if a or b:
                rows.append({"org": org, "avant": a, "apres": b, "ecart": b - a})
        return sorted(rows, key=lambda r: (-abs(r["ecart"]), r["org"].nom))
