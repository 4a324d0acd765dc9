"""The comparison of two declared editions (comparison.View): figures, flow diagram (SVG built here, no
JavaScript needed to read it), the table of links and one side-by-side page per link."""

from markupsafe import Markup, escape

from ...comparison import View
from ..render import Page, render

URL = "comparaison/"


def lien_url(i: int) -> str:
    return f"comparaison/liens/{i}/"


def pages(corpus) -> list[Page]:
    view = View(corpus)
    if not view.liens:
        return []
    avant, apres = view.pair
    m_avant = {e.model.numero: e for e in avant.mesures}
    m_apres = {e.model.numero: e for e in apres.mesures}
    out = [
        Page(
            URL,
            f"Comparaison {avant.id} / {apres.id}",
            render(
                "comparaison.md.j2",
                URL,
                view=view,
                avant=avant,
                apres=apres,
                figures=view.figures(),
                svg=flow_svg(view),
                flows=view.axis_flows(),
                themes=view.themes(),
                pilots=view.pilot_changes(),
                m_avant=m_avant,
                m_apres=m_apres,
                lien_url=lien_url,
                svg_mesures=measure_svg(view),
                axes_of=lambda lien: " ".join(
                    sorted(
                        {f"{avant.id}:{m_avant[n].model.axe}" for n in view.before(lien)}
                        | {f"{apres.id}:{m_apres[n].model.axe}" for n in view.after(lien)}
                    )
                ),
            ),
            edit_path="content/comparison.yaml",
        )
    ]
    for i, lien in view.numbered():
        url = lien_url(i)
        left = [m_avant[n] for n in view.before(lien)]
        right = [m_apres[n] for n in view.after(lien)]
        title = _title(view, lien)
        out.append(
            Page(
                url,
                title,
                render(
                    "comparaison_lien.md.j2",
                    url,
                    lien=lien,
                    i=i,
                    left=left,
                    right=right,
                    title=title,
                    avant=avant,
                    apres=apres,
                ),
                edit_path="content/comparison.yaml",
            )
        )
    return out


def _title(view, lien) -> str:
    before, after = view.before(lien), view.after(lien)
    a = ", ".join(map(str, before)) or "—"
    b = ", ".join(map(str, after)) or "—"
    return (
        f"Mesure{'s' if len(before) > 1 else ''} {a} ({view.avant.id}) → "
        f"mesure{'s' if len(after) > 1 else ''} {b} ({view.apres.id}) : {lien.relation}"
    )


def flow_svg(view) -> Markup:
    """Axis-to-axis flows as an accessible SVG (title, description; table beside it)."""
    flows = view.axis_flows()
    p1, p2 = view.avant.id, view.apres.id
    axes_before = [a.numero for a in view.avant.document.axes]
    axes_after = [a.numero for a in view.apres.document.axes]
    width, height, top, gap, box_w = 640, 380, 30, 14, 150
    total = sum(flows.values()) or 1
    usable = height - top - 20 - gap * (max(len(axes_before), len(axes_after)) - 1)

    def layout(axes, side):
        sizes = {a: sum(v for (x, y), v in flows.items() if (x if side == 0 else y) == a) for a in axes}
        pos, y = {}, top
        for a in axes:
            h = max(18, usable * sizes[a] / total)
            pos[a] = [y, h, y]  # top, height, running offset for bands
            y += h + gap
        return pos, sizes

    left, sizes_before = layout(axes_before, 0)
    right, sizes_after = layout(axes_after, 1)
    x1, x2 = box_w, width - box_w
    parts = []
    for (a, b), v in sorted(flows.items()):
        th = usable * v / total
        ya = left[a][2] + th / 2
        yb = right[b][2] + th / 2
        left[a][2] += th
        right[b][2] += th
        mid = (x1 + x2) / 2
        parts.append(
            f'<path class="flux flux-{b}" d="M{x1},{ya:.1f} C{mid},{ya:.1f} {mid},{yb:.1f} {x2},{yb:.1f}" '
            f'stroke-width="{max(th, 1.5):.1f}"><title>Axe {a} ({p1}) → axe {b} ({p2}) : {v} lien{"s" if v > 1 else ""}</title></path>'
        )
    for pos, sizes, key, x in ((left, sizes_before, p1[:4], 0), (right, sizes_after, p2[:4], x2)):
        for a, (y, h, _) in pos.items():
            parts.append(
                f'<rect class="axe axe-{key}" x="{x}" y="{y:.1f}" width="{box_w}" height="{h:.1f}"/>'
                f'<text x="{x + 8}" y="{y + min(h / 2 + 5, h - 4):.1f}">Axe {a} · {sizes[a]}</text>'
            )
    parts.append(f'<text class="entete" x="0" y="16">{p1} ({len(axes_before)} axes)</text>')
    parts.append(f'<text class="entete" x="{width}" y="16" text-anchor="end">{p2} ({len(axes_after)} axes)</text>')
    desc = "; ".join(f"axe {a} de {p1} vers axe {b} de {p2} : {v}" for (a, b), v in sorted(flows.items()))
    svg = (
        f'<svg class="snpd-flux" viewBox="0 0 {width} {height}" role="img" aria-labelledby="flux-titre flux-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="flux-titre">Des {len(axes_before)} axes de {p1} aux {len(axes_after)} axes de {p2}</title>'
        f'<desc id="flux-desc">Nombre de liens entre mesures, par axe : {escape(desc)}. '
        f"Le tableau qui suit donne les mêmes chiffres.</desc>" + "".join(parts) + "</svg>"
    )
    return Markup(svg)


RELATION_CLASSES = {
    "reconduite": "r-reconduite",
    "renforcée": "r-renforcee",
    "élargie": "r-elargie",
    "refondue": "r-refondue",
    "fusion": "r-fusion",
    "scission": "r-scission",
}


def measure_svg(view) -> Markup:
    """Measure-to-measure links (shown on demand), one line per pair of linked measures."""
    p1, p2 = view.avant.id, view.apres.id
    numbers_before = [e.model.numero for e in view.avant.mesures]
    numbers_after = [e.model.numero for e in view.apres.mesures]
    row, top, width = 13, 24, 520
    height = top + row * max(len(numbers_before), len(numbers_after)) + 10
    y_before = {n: top + row * i + row / 2 for i, n in enumerate(numbers_before)}
    y_after = {n: top + row * i + row / 2 for i, n in enumerate(numbers_after)}
    x1, x2 = 70, width - 70
    parts = [
        f'<text class="entete" x="0" y="14">{p1}</text>',
        f'<text class="entete" x="{width}" y="14" text-anchor="end">{p2}</text>',
    ]
    pairs = []
    for lien in view.liens:
        for a in view.before(lien):
            for b in view.after(lien):
                pairs.append((a, b, lien.relation))
                parts.append(
                    f'<line class="lien {RELATION_CLASSES.get(lien.relation, "")}" x1="{x1}" y1="{y_before[a]:.1f}" '
                    f'x2="{x2}" y2="{y_after[b]:.1f}"><title>Mesure {a} ({p1}) → mesure {b} ({p2}) : '
                    f"{escape(lien.relation)}</title></line>"
                )
    fates_before = {n: {lien.relation for lien in view.liens if n in view.before(lien)} for n in numbers_before}
    fates_after = {n: {lien.relation for lien in view.liens if n in view.after(lien)} for n in numbers_after}
    for n, y in y_before.items():
        cls = " non-reprise" if fates_before[n] == {"non reprise"} else ""
        parts.append(f'<text class="num{cls}" x="{x1 - 6}" y="{y + 4:.1f}" text-anchor="end">{n}</text>')
    for n, y in y_after.items():
        cls = " nouvelle" if fates_after[n] == {"nouvelle"} else ""
        parts.append(f'<text class="num{cls}" x="{x2 + 6}" y="{y + 4:.1f}">{n}</text>')
    desc = "; ".join(f"{a} vers {b} ({r})" for a, b, r in pairs)
    return Markup(
        f'<svg class="snpd-flux snpd-flux-mesures" viewBox="0 0 {width} {height:.0f}" role="img" '
        f'aria-labelledby="fluxm-titre fluxm-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="fluxm-titre">Liens entre les mesures {p1} et les mesures {p2}</title>'
        f'<desc id="fluxm-desc">Mesures reliées : {escape(desc)}. Les mesures {p1} non reprises et '
        f"les mesures {p2} nouvelles n’ont pas de trait. La liste qui suit donne les mêmes liens.</desc>"
        + "".join(parts)
        + "</svg>"
    )
