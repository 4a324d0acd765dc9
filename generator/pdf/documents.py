"""Which PDF extracts exist and what each one contains: the view models the print
templates receive. Nothing here knows about WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import urls
from ..content import Corpus, Entry
from ..indexes import measure_text, sigle_pattern
from .markup import shorten, text
from .meta import MINISTERE, BuildInfo

P26 = "2026-2030"
P19 = "2020-2024"


@dataclass
class Toc:
    """One line of a table of contents: a part (level 1), a group label (level 2,
    without page number unless it has a target) or an entry (level 3)."""

    level: int
    label: str
    title: str = ""
    target: str | None = None


@dataclass
class Doc:
    kind: str  # strategie | axes | mesures | 2019 | organisations
    path: str  # relative to the output folder
    template: str
    context: dict = field(repr=False)
    sources: tuple[str, ...] = ()  # the content files it prints (its date of last change)
    page: str | None = None  # the site page whose changes are its own too (an organisation's)


# --- view models ---------------------------------------------------------------------


@dataclass
class _Card:
    """What a printed measure card of either strategy needs."""

    entry: Entry
    axe: object
    id: str
    url: str

    @property
    def m(self):
        return self.entry.model

    @property
    def label(self) -> str:
        return f"Mesure {self.m.numero}"

    @property
    def title(self) -> str:
        return text(self.m.titre)

    @property
    def bookmark(self) -> str:
        return f"{self.label} – {self.title}"

    @property
    def axe_label(self) -> str:
        return f"Axe {self.axe.numero} – {text(self.axe.titre)}"

    @property
    def running(self) -> str:
        return f"{self.label} – {shorten(self.title, 38 - len(self.label))}"


@dataclass
class Card2026(_Card):
    enjeu: object = None

    @property
    def enjeu_label(self) -> str:
        return f"Enjeu {self.enjeu.numero} – {text(self.enjeu.titre)}"


@dataclass
class Card2019(_Card):
    section: object = None

    @property
    def section_label(self) -> str:
        return f"{self.section.numero}. {text(self.section.titre)}"

    def pilots_after(self, numero: str):
        """Pilot lines printed after action `numero` (the last action they cover)."""
        return [p for p in self.m.pilotes if p.actions[-1] == numero]


def card2026(corpus: Corpus, e: Entry, info: BuildInfo) -> Card2026:
    m = e.model
    return Card2026(
        e,
        corpus.axe2026(m.axe),
        f"m2026-{m.numero:02d}",
        info.site_url + urls.mesure(P26, e.slug),
        enjeu=corpus.enjeu2026(m.enjeu),
    )


def card2019(corpus: Corpus, e: Entry, info: BuildInfo) -> Card2019:
    m = e.model
    axe = corpus.axe2019(m.axe)
    section = corpus.section2019(m.axe, m.section)
    return Card2019(e, axe, f"m2019-{m.numero:02d}", info.site_url + urls.mesure(P19, e.slug), section=section)


@dataclass
class Sigle:
    sigle: str
    developpements: list  # [(texte, [periodes])]
    note_editeur: str | None


def glossary(corpus: Corpus, periodes: tuple[str, ...], entries: list[Entry] | None = None) -> list[Sigle]:
    """The glossary of an extract: acronyms printed in the glossaries of `periodes`,
    restricted to those its measures use when `entries` is given."""
    if corpus.glossaire is None:
        return []
    used = None
    if entries is not None:
        sigles = tuple(g.sigle for g in corpus.glossaire.entrees)
        used = set().union(*(_sigles_in(measure_text(e), sigles) for e in entries))
    out = []
    for g in corpus.glossaire.entrees:
        devs = [(d.texte, list(d.strategies)) for d in g.developpements if set(d.strategies) & set(periodes)]
        if not devs:
            continue
        if used is not None and g.sigle not in used:
            continue
        out.append(Sigle(g.sigle, devs, g.note_editeur))
    return sorted(out, key=lambda s: _sort_key(s.sigle))


@lru_cache(maxsize=1024)
def _sigles_in(text: str, sigles: tuple[str, ...]) -> frozenset[str]:
    """The acronyms that one measure's text uses (each measure is in many extracts:
    its card, its axis, the strategy, the dossier of every organisation it names)."""
    return frozenset(s for s in sigles if s in text and sigle_pattern(s).search(text))


def _sort_key(value: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().casefold()


# --- documents -----------------------------------------------------------------------


def _base(corpus: Corpus, info: BuildInfo, strategie, extract: str, short: str) -> dict:
    strategy_title = text(strategie.titre)
    return dict(
        info=info,
        ministere=MINISTERE,
        strategie_titre=strategy_title,
        extrait=extract,
        # <title>, hence the PDF /Title
        titre_document=f"{strategy_title} — {extract}",
        # bottom-left footer
        reference=f"SNPD {strategie.periode} — {short}",
        toc=[],
        en_ligne=info.site_url + urls.strategie(strategie.periode),
        modifie=None,  # « 20 avril 2026 »: the last change of its content, see dated()
    )


STRATEGIES = {P26: "content/strategies/2026-2030.yaml", P19: "content/strategies/2020-2024.yaml"}
GLOSSARY = "content/glossary.yaml"
COMPARISON = "content/comparison.yaml"


def dated(docs: list[Doc], journal) -> list[Doc]:
    """Each document's date of last change of its content (generator/journal.py): the
    newest journal entry that changed one of its files or its page; none without history."""
    for d in docs:
        found = [journal.last_for_files(d.sources)]
        if d.page:
            found.append((journal.last_for_page(d.page) or (None,))[0])
        found = [e for e in found if e is not None]
        if found:
            d.context["modifie"] = max(found, key=lambda e: e.when).date_fr
    return docs


def _toc_2026(cards: list[Card2026], axes) -> list[Toc]:
    toc = []
    for axe in axes:
        toc.append(Toc(1, f"Axe {axe.numero} –", text(axe.titre), f"axe-2026-{axe.numero}"))
        for enjeu in axe.enjeux:
            in_enjeu = [c for c in cards if c.m.enjeu == enjeu.numero]
            if not in_enjeu:
                continue
            toc.append(Toc(2, f"Enjeu {enjeu.numero} –", text(enjeu.titre)))
            toc += [Toc(3, c.label, c.title, c.id) for c in in_enjeu]
    return toc


def _axes_view(cards: list[Card2026], axes):
    """[(axe, [(enjeu, [cards])])] in print order."""
    out = []
    for axe in axes:
        enjeux = [(en, [c for c in cards if c.m.enjeu == en.numero]) for en in axe.enjeux]
        out.append((axe, [(en, cs) for en, cs in enjeux if cs]))
    return out


def strategie2026(corpus: Corpus, info: BuildInfo) -> Doc:
    s = corpus.strategie2026
    cards = [card2026(corpus, e, info) for e in corpus.mesures2026]
    gloss = glossary(corpus, (P26,))
    toc = [Toc(1, "Préfaces", "", "prefaces")]
    toc += _toc_2026(cards, s.axes)
    if gloss:
        toc.append(Toc(1, "Glossaire", "", "glossaire"))
    ctx = _base(corpus, info, s, "Document intégral", "document intégral")
    ctx.update(s=s, toc=toc, axes=_axes_view(cards, s.axes), glossaire=gloss, preambules=s.preambules)
    sources = (STRATEGIES[P26], GLOSSARY, *(e.path for e in corpus.mesures2026))
    return Doc("strategie", urls.pdf_strategie(P26), "strategie2026.html.j2", ctx, sources)


def axes2026(corpus: Corpus, info: BuildInfo) -> list[Doc]:
    s = corpus.strategie2026
    docs = []
    for axe in s.axes:
        entries = [e for e in corpus.mesures2026 if e.model.axe == axe.numero]
        cards = [card2026(corpus, e, info) for e in entries]
        gloss = glossary(corpus, (P26,), entries)
        toc = _toc_2026(cards, [axe])
        if gloss:
            toc.append(Toc(1, "Sigles employés", "", "glossaire"))
        extract = f"Axe {axe.numero} – {text(axe.titre)}"
        ctx = _base(corpus, info, s, extract, f"axe {axe.numero}")
        ctx.update(s=s, toc=toc, axes=_axes_view(cards, [axe]), glossaire=gloss, preambules=[])
        ctx["en_ligne"] = info.site_url + urls.axe(P26, axe.numero)
        sources = (STRATEGIES[P26], *(e.path for e in entries))
        docs.append(Doc("axes", urls.pdf_axe(axe.numero), "strategie2026.html.j2", ctx, sources))
    return docs


def mesures2026(corpus: Corpus, info: BuildInfo) -> list[Doc]:
    s = corpus.strategie2026
    docs = []
    for e in corpus.mesures2026:
        card = card2026(corpus, e, info)
        extract = f"{card.label} – {card.title}"
        ctx = _base(corpus, info, s, extract, card.label.lower())
        ctx.update(card=card, glossaire=glossary(corpus, (P26,), [e]), en_ligne=card.url)
        docs.append(Doc("mesures", urls.pdf_mesure(e.model.numero), "mesure2026.html.j2", ctx, (e.path,)))
    return docs


def comparison_rows(corpus: Corpus) -> list[dict]:
    if corpus.comparaison is None:
        return []
    titles19 = {e.model.numero: text(e.model.titre) for e in corpus.mesures2019}
    titles26 = {e.model.numero: text(e.model.titre) for e in corpus.mesures2026}
    rows = []
    for lien in corpus.comparaison.liens:
        rows.append(
            dict(
                m19=[(n, titles19.get(n, "")) for n in lien.mesures_2019],
                m26=[(n, titles26.get(n, "")) for n in lien.mesures_2026],
                relation=lien.relation,
                justification=lien.justification,
                source=lien.source,
                themes=list(lien.themes),
            )
        )
    big = 10**6
    rows.sort(key=lambda r: (min([n for n, _ in r["m19"]] or [big]), min([n for n, _ in r["m26"]] or [big])))
    return rows


def strategie2019(corpus: Corpus, info: BuildInfo) -> Doc | None:
    s = corpus.strategie2019
    if s is None:
        return None
    cards = [card2019(corpus, e, info) for e in corpus.mesures2019]
    axes = []
    toc = [Toc(1, "Préface" if len(s.preambules) == 1 else "Préfaces", "", "prefaces")]
    for axe in s.axes:
        toc.append(Toc(1, f"Axe {axe.numero} –", text(axe.titre), f"axe-2019-{axe.numero}"))
        sections = []
        for sec in axe.sections:
            in_sec = [c for c in cards if c.m.axe == axe.numero and c.m.section == sec.numero]
            sections.append((sec, in_sec))
            toc.append(Toc(2, f"{sec.numero}.", text(sec.titre), f"section-2019-{axe.numero}-{sec.numero}"))
            toc += [Toc(3, c.label, c.title, c.id) for c in in_sec]
        axes.append((axe, sections))
    comparison = comparison_rows(corpus)
    if comparison:
        toc.append(Toc(1, "Annexe –", "De la stratégie 2020-2024 à la stratégie 2026-2030", "comparaison"))
    gloss = glossary(corpus, (P19,))
    if gloss:
        toc.append(Toc(1, "Glossaire", "", "glossaire"))
    ctx = _base(corpus, info, s, "Document intégral", "document intégral")
    ctx.update(s=s, toc=toc, axes=axes, comparaison=comparison, glossaire=gloss, preambules=s.preambules)
    sources = (STRATEGIES[P19], GLOSSARY, COMPARISON, *(e.path for e in corpus.mesures2019))
    return Doc("2019", urls.pdf_strategie(P19), "strategie2019.html.j2", ctx, sources)


def organisations(corpus: Corpus, info: BuildInfo) -> list[Doc]:
    if corpus.registre is None:
        return []
    docs = []
    for org in corpus.registre.organisations:
        rows, c26, c19 = [], [], []
        for e in corpus.mesures2026:
            role = _role(org.id, e.model)
            if role:
                card = card2026(corpus, e, info)
                c26.append(card)
                rows.append(dict(periode=P26, card=card, role=role))
        for e in corpus.mesures2019:
            role = _role(org.id, e.model)
            if role:
                card = card2019(corpus, e, info)
                c19.append(card)
                rows.append(dict(periode=P19, card=card, role=role))
        name = text(org.nom) + (f" ({org.sigle})" if org.sigle and org.sigle not in org.nom else "")
        gloss = glossary(corpus, (P26, P19), [c.entry for c in c26 + c19])
        who = org.sigle or text(org.nom)
        roles = {r["card"].id: f"{who} : {r['role'].lower()}" for r in rows}
        ctx = _base(corpus, info, corpus.strategie2026, name, _slug_label(org))
        ctx.update(
            titre_document=f"SNPD — {name} : mesures pilotées et partenariats",
            reference=f"SNPD — {_slug_label(org)}",
            strategie_titre="Stratégies nationales de prévention de la délinquance 2020-2024 et 2026-2030",
            org=org,
            nom=name,
            rows=rows,
            cards2026=c26,
            cards2019=c19,
            roles=roles,
            glossaire=gloss,
            en_ligne=info.site_url + urls.partenaire(org.id),
        )
        sources = tuple(r["card"].entry.path for r in rows)
        page = urls.partenaire(org.id)
        docs.append(Doc("organisations", urls.pdf_organisation(org.id), "organisation.html.j2", ctx, sources, page))
    # biggest first: the pool of renderers then ends together
    return sorted(docs, key=lambda d: -len(d.context["rows"]))


def _role(ident: str, m) -> str | None:
    if ident in m.pilotes_ids:
        return "Pilote"
    if ident in m.partenaires_ids:
        return "Partenaire"
    return None


def _slug_label(org) -> str:
    return org.sigle or shorten(text(org.nom), 50)


KINDS = ("strategie", "axes", "mesures", "2019", "organisations")


def documents(corpus: Corpus, info: BuildInfo, only: str | None = None) -> list[Doc]:
    """Every PDF extract (or those of one kind), biggest first (better parallel runs)."""
    docs: list[Doc] = []
    if only in (None, "strategie"):
        docs.append(strategie2026(corpus, info))
    if only in (None, "2019"):
        d = strategie2019(corpus, info)
        if d is not None:
            docs.append(d)
    if only in (None, "axes"):
        docs += axes2026(corpus, info)
    if only in (None, "organisations"):
        docs += organisations(corpus, info)
    if only in (None, "mesures"):
        docs += mesures2026(corpus, info)
    return docs
