"""Which PDF extracts exist and what each one contains: the view models the print
templates receive. Nothing here knows about WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import urls
from ..comparison import View
from ..content import Corpus, Entry, Strategy
from ..editions import AxesEnjeux
from ..indexes import measure_text, sigle_pattern
from .markup import shorten, text
from .meta import MINISTERE, BuildInfo


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
    kind: str  # strategie | axes | mesures | organisations | the key of a former strategy
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
    key: str  # its edition's

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
class CardEnjeux(_Card):
    enjeu: object = None

    @property
    def enjeu_label(self) -> str:
        return f"Enjeu {self.enjeu.numero} – {text(self.enjeu.titre)}"


@dataclass
class CardSections(_Card):
    section: object = None

    @property
    def section_label(self) -> str:
        return f"{self.section.numero}. {text(self.section.titre)}"

    def pilots_after(self, numero: str):
        """Pilot lines printed after action `numero` (the last action they cover)."""
        return [p for p in self.m.pilotes if p.actions[-1] == numero]


def card(strategy: Strategy, e: Entry, info: BuildInfo) -> _Card:
    """A measure's printed card, as its edition's shape makes it (the template's macro
    is its `print_card`)."""
    edition = strategy.edition
    kind = CardEnjeux if isinstance(edition, AxesEnjeux) else CardSections
    ident = f"m{edition.key}-{e.model.numero:02d}"
    url = info.site_url + urls.mesure(edition.id, e.slug)
    return kind(e, id=ident, url=url, key=edition.key, **edition.card(strategy, e))


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


def _toc_enjeux(key: str, cards: list[CardEnjeux], axes) -> list[Toc]:
    toc = []
    for axe in axes:
        toc.append(Toc(1, f"Axe {axe.numero} –", text(axe.titre), f"axe-{key}-{axe.numero}"))
        for enjeu in axe.enjeux:
            in_enjeu = [c for c in cards if c.m.enjeu == enjeu.numero]
            if not in_enjeu:
                continue
            toc.append(Toc(2, f"Enjeu {enjeu.numero} –", text(enjeu.titre)))
            toc += [Toc(3, c.label, c.title, c.id) for c in in_enjeu]
    return toc


def _axes_view(cards: list[CardEnjeux], axes):
    """[(axe, [(enjeu, [cards])])] in print order."""
    out = []
    for axe in axes:
        enjeux = [(en, [c for c in cards if c.m.enjeu == en.numero]) for en in axe.enjeux]
        out.append((axe, [(en, cs) for en, cs in enjeux if cs]))
    return out


def _kind(strategy: Strategy) -> str:
    """The family of a strategy's whole document (`--only`): « strategie » for the current
    one, its key for the others."""
    return "strategie" if strategy.edition.current else strategy.edition.key


def strategy_document(corpus: Corpus, strategy: Strategy, info: BuildInfo) -> Doc:
    """A whole strategy, as its edition's print template lays it out."""
    if isinstance(strategy.edition, AxesEnjeux):
        return _strategy_enjeux(corpus, strategy, info)
    return _strategy_sections(corpus, strategy, info)


def _strategy_enjeux(corpus: Corpus, strategy: Strategy, info: BuildInfo) -> Doc:
    s, edition = strategy.document, strategy.edition
    cards = [card(strategy, e, info) for e in strategy.mesures]
    gloss = glossary(corpus, (strategy.id,))
    toc = [Toc(1, "Préfaces", "", "prefaces")]
    toc += _toc_enjeux(edition.key, cards, s.axes)
    if gloss:
        toc.append(Toc(1, "Glossaire", "", "glossaire"))
    ctx = _base(corpus, info, s, "Document intégral", "document intégral")
    ctx.update(s=s, toc=toc, axes=_axes_view(cards, s.axes), glossaire=gloss, preambules=s.preambules, edition=edition)
    sources = (f"content/{edition.strategy_file}", GLOSSARY, *(e.path for e in strategy.mesures))
    return Doc(_kind(strategy), urls.pdf_strategie(strategy.id), edition.template("strategie", "html"), ctx, sources)


def axes_documents(corpus: Corpus, info: BuildInfo) -> list[Doc]:
    """One extract per axis of the current strategy."""
    strategy = corpus.current
    s, edition = strategy.document, strategy.edition
    docs = []
    for axe in s.axes:
        entries = [e for e in strategy.mesures if e.model.axe == axe.numero]
        cards = [card(strategy, e, info) for e in entries]
        gloss = glossary(corpus, (strategy.id,), entries)
        toc = _toc_enjeux(edition.key, cards, [axe])
        if gloss:
            toc.append(Toc(1, "Sigles employés", "", "glossaire"))
        extract = f"Axe {axe.numero} – {text(axe.titre)}"
        ctx = _base(corpus, info, s, extract, f"axe {axe.numero}")
        ctx.update(s=s, toc=toc, axes=_axes_view(cards, [axe]), glossaire=gloss, preambules=[], edition=edition)
        ctx["en_ligne"] = info.site_url + urls.axe(strategy.id, axe.numero)
        sources = (f"content/{edition.strategy_file}", *(e.path for e in entries))
        docs.append(
            Doc("axes", urls.pdf_axe(axe.numero, strategy.id), edition.template("strategie", "html"), ctx, sources)
        )
    return docs


def measure_documents(corpus: Corpus, info: BuildInfo) -> list[Doc]:
    """One card per measure of the current strategy."""
    strategy = corpus.current
    s = strategy.document
    docs = []
    for e in strategy.mesures:
        c = card(strategy, e, info)
        extract = f"{c.label} – {c.title}"
        ctx = _base(corpus, info, s, extract, c.label.lower())
        ctx.update(card=c, glossaire=glossary(corpus, (strategy.id,), [e]), en_ligne=c.url)
        docs.append(
            Doc(
                "mesures",
                urls.pdf_mesure(e.model.numero, strategy.id),
                strategy.edition.template("mesure", "html"),
                ctx,
                (e.path,),
            )
        )
    return docs


def comparison_rows(corpus: Corpus) -> list[dict]:
    """The comparison's links, for the annex of the earlier strategy: before, after."""
    view = View(corpus)
    if not view.liens:
        return []
    titles_before = {e.model.numero: text(e.model.titre) for e in view.avant.mesures}
    titles_after = {e.model.numero: text(e.model.titre) for e in view.apres.mesures}
    rows = []
    for lien in view.liens:
        rows.append(
            dict(
                avant=[(n, titles_before.get(n, "")) for n in view.before(lien)],
                apres=[(n, titles_after.get(n, "")) for n in view.after(lien)],
                relation=lien.relation,
                justification=lien.justification,
                source=lien.source,
                themes=list(lien.themes),
            )
        )
    big = 10**6
    rows.sort(key=lambda r: (min([n for n, _ in r["avant"]] or [big]), min([n for n, _ in r["apres"]] or [big])))
    return rows


def _strategy_sections(corpus: Corpus, strategy: Strategy, info: BuildInfo) -> Doc:
    s, key = strategy.document, strategy.edition.key
    cards = [card(strategy, e, info) for e in strategy.mesures]
    axes = []
    toc = [Toc(1, "Préface" if len(s.preambules) == 1 else "Préfaces", "", "prefaces")]
    for axe in s.axes:
        toc.append(Toc(1, f"Axe {axe.numero} –", text(axe.titre), f"axe-{key}-{axe.numero}"))
        sections = []
        for sec in axe.sections:
            in_sec = [c for c in cards if c.m.axe == axe.numero and c.m.section == sec.numero]
            sections.append((sec, in_sec))
            toc.append(Toc(2, f"{sec.numero}.", text(sec.titre), f"section-{key}-{axe.numero}-{sec.numero}"))
            toc += [Toc(3, c.label, c.title, c.id) for c in in_sec]
        axes.append((axe, sections))
    view = View(corpus)
    comparison = comparison_rows(corpus) if view.annexed_to(strategy.id) else []
    if comparison:
        toc.append(Toc(1, "Annexe –", f"De la stratégie {view.avant.id} à la stratégie {view.apres.id}", "comparaison"))
    gloss = glossary(corpus, (strategy.id,))
    if gloss:
        toc.append(Toc(1, "Glossaire", "", "glossaire"))
    ctx = _base(corpus, info, s, "Document intégral", "document intégral")
    ctx.update(s=s, toc=toc, axes=axes, comparaison=comparison, glossaire=gloss, preambules=s.preambules)
    ctx.update(edition=strategy.edition, pair=(view.avant.id, view.apres.id) if comparison else None)
    sources = (
        f"content/{strategy.edition.strategy_file}",
        GLOSSARY,
        COMPARISON,
        *(e.path for e in strategy.mesures),
    )
    return Doc(
        _kind(strategy), urls.pdf_strategie(strategy.id), strategy.edition.template("strategie", "html"), ctx, sources
    )


def organisations(corpus: Corpus, info: BuildInfo) -> list[Doc]:
    if corpus.registre is None:
        return []
    docs = []
    for org in corpus.registre.organisations:
        rows, parts = [], []
        for strategy in corpus.strategies.values():
            cards = []
            for e in strategy.mesures:
                role = _role(org.id, e.model)
                if role:
                    c = card(strategy, e, info)
                    cards.append(c)
                    rows.append(dict(periode=strategy.id, card=c, role=role))
            parts.append((strategy.edition, cards))
        name = text(org.nom) + (f" ({org.sigle})" if org.sigle and org.sigle not in org.nom else "")
        gloss = glossary(corpus, tuple(corpus.strategies), [c.entry for _, cards in parts for c in cards])
        who = org.sigle or text(org.nom)
        roles = {r["card"].id: f"{who} : {r['role'].lower()}" for r in rows}
        ctx = _base(corpus, info, corpus.current.document, name, _slug_label(org))
        ctx.update(
            titre_document=f"SNPD — {name} : mesures pilotées et partenariats",
            reference=f"SNPD — {_slug_label(org)}",
            strategie_titre="Stratégies nationales de prévention de la délinquance "
            + " et ".join(sorted(corpus.strategies)),
            org=org,
            nom=name,
            rows=rows,
            parts=parts,
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


def documents(corpus: Corpus, info: BuildInfo, only: str | None = None) -> list[Doc]:
    """Every PDF extract (or those of one kind), biggest first (better parallel runs)."""
    docs: list[Doc] = []
    for strategy in corpus.strategies.values():
        if only in (None, _kind(strategy)):
            docs.append(strategy_document(corpus, strategy, info))
    if only in (None, "axes"):
        docs += axes_documents(corpus, info)
    if only in (None, "organisations"):
        docs += organisations(corpus, info)
    if only in (None, "mesures"):
        docs += measure_documents(corpus, info)
    return docs
