"""Derived views of the 2020-2024 → 2026-2030 comparison (no MkDocs here): links by
measure, headline figures, axis-to-axis flows, themes, pilot changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .content import Corpus

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
    def liens(self):
        return list(self.corpus.comparaison.liens) if self.corpus.comparaison else []

    def numbered(self):
        """(number from 1, link) in file order: the number is the link's URL."""
        return list(enumerate(self.liens, start=1))

    def for_2026(self, numero: int):
        return [(i, lien) for i, lien in self.numbered() if numero in lien.mesures_2026]

    def for_2019(self, numero: int):
        return [(i, lien) for i, lien in self.numbered() if numero in lien.mesures_2019]

    def figures(self) -> dict:
        """Counts of measures (not links) by fate."""
        by26: dict[int, set] = {}
        by19: dict[int, set] = {}
        for lien in self.liens:
            for n in lien.mesures_2026:
                by26.setdefault(n, set()).add(lien.relation)
            for n in lien.mesures_2019:
                by19.setdefault(n, set()).add(lien.relation)
        return {
            "nouvelles": sum(1 for r in by26.values() if r == {"nouvelle"}),
            "non_reprises": sum(1 for r in by19.values() if r == {"non reprise"}),
            "reconduites": sum(1 for r in by19.values() if r == {"reconduite"}),
            "refaconnees": sum(1 for r in by19.values() if r & set(RESHAPED)),
            "mesures_2019": len(self.corpus.mesures2019),
            "mesures_2026": len(self.corpus.mesures2026),
            "axes_2019": len(self.corpus.strategie2019.axes) if self.corpus.strategie2019 else 0,
            "axes_2026": len(self.corpus.strategie2026.axes),
            "par_relation": Counter(lien.relation for lien in self.liens),
        }

    def axis_flows(self) -> dict[tuple[int, int], int]:
        """(2019 axis, 2026 axis) -> number of measure pairs linked between them."""
        ax19 = {e.model.numero: e.model.axe for e in self.corpus.mesures2019}
        ax26 = {e.model.numero: e.model.axe for e in self.corpus.mesures2026}
        flows: Counter = Counter()
        for lien in self.liens:
            for a in lien.mesures_2019:
                for b in lien.mesures_2026:
                    flows[(ax19[a], ax26[b])] += 1
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
        c26 = Counter(i for e in self.corpus.mesures2026 for i in set(e.model.pilotes_ids))
        c19 = Counter(i for e in self.corpus.mesures2019 for i in set(e.model.pilotes_ids))
        rows = []
        for org in reg.organisations:
            a, b = c19.get(org.id, 0), c26.get(org.id, 0)
            if a or b:
                rows.append({"org": org, "2019": a, "2026": b, "ecart": b - a})
        return sorted(rows, key=lambda r: (-abs(r["ecart"]), r["org"].nom))
