"""`python -m generator diff BASE HEAD`: the semantic diff of the content between two git
revisions (or a revision and the working tree), as Markdown (reviewers, the pull
request's step summary) or JSON.

Nothing is checked out: the files that git says changed under content/ are read at each
revision (`git cat-file`, generator/history.py) and compared by generator/changes.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .changes import Diff, ObjectChange, TextChange, compare, shorten
from .history import git, read_blobs
from .siteconfig import repo_url, site_url

WORKTREE = "arbre de travail"


class RevisionError(Exception):
    """A revision git does not know; the message is French."""


@dataclass
class Side:
    revision: str  # as given ("main", "HEAD~2"), or WORKTREE
    commit: str | None  # full hash; None for the working tree

    @property
    def label(self) -> str:
        if self.commit is None:
            return "l’arbre de travail (modifications non enregistrées comprises)"
        short = self.commit[:7]
        return f"`{short}`" if self.revision in (self.commit, short) else f"`{self.revision}` (`{short}`)"


def resolve(root: Path, revision: str) -> str:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", revision + "^{commit}").strip()
    except (OSError, subprocess.CalledProcessError):
        raise RevisionError(
            f"révision git inconnue : « {revision} » (un clone superficiel n’a pas l’historique : "
            "récupérez-le avec « git fetch --unshallow »)"
        ) from None


def default_base(root: Path) -> str:
    """The merge base of HEAD with main (or origin/main); HEAD itself without either."""
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", "HEAD", branch).strip()
        except (OSError, subprocess.CalledProcessError):
            continue
    return "HEAD"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def sides(root: Path, base: str | None, head: str | None) -> tuple[Side, Side, dict, dict]:
    """The two sides and the bytes of every content file that differs between them."""
    base_side = Side(base or "", resolve(root, base or default_base(root)))
    if not base:
        base_side.revision = base_side.commit
    if head is None:
        head_side = Side(WORKTREE, None)
        changed = _lines(git(root, "diff", "--name-only", "--no-renames", base_side.commit, "--", "content"))
        changed += _lines(git(root, "ls-files", "--others", "--exclude-standard", "--", "content"))
        new = {p: ((root / p).read_bytes() if (root / p).is_file() else None) for p in changed}
    else:
        head_side = Side(head, resolve(root, head))
        changed = _lines(
            git(root, "diff", "--name-only", "--no-renames", base_side.commit, head_side.commit, "--", "content")
        )
        blobs = read_blobs(root, [f"{head_side.commit}:{p}" for p in changed])
        new = {p: blobs[f"{head_side.commit}:{p}"] for p in changed}
    blobs = read_blobs(root, [f"{base_side.commit}:{p}" for p in changed])
    old = {p: blobs[f"{base_side.commit}:{p}"] for p in changed}
    return base_side, head_side, old, new


def diff_revisions(root: Path, base: str | None = None, head: str | None = None) -> tuple[Side, Side, Diff]:
    base_side, head_side, old, new = sides(root, base, head)
    return base_side, head_side, compare(old, new)


# --- Markdown --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md_escape(text: str) -> str:
    """A content text shown literally in GitHub Markdown (no HTML, no emphasis, no link)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(re.sub(r"\s+", " ", text), quote=False))


LONGEST = 400  # characters of an added or removed run shown


def marked(change: TextChange, escape=md_escape) -> str:
    """The word-level diff of a text: deletions in <del>, insertions in <ins>."""
    out = []
    for op, text in shorten(change.mots, context=10):
        if op == "=":
            out.append(escape(text))
        else:
            tag = "del" if op == "-" else "ins"
            if len(text) > LONGEST:  # a whole paragraph added or removed: its beginning
                text = text[: LONGEST - 1].rsplit(" ", 1)[0] + " …"
            out.append(f"<{tag}>{escape(text)}</{tag}>")
    return "".join(out)


def shown_texts(detail) -> list[TextChange]:
    """The texts worth showing under a detail line: not an added or removed item whose
    line already quotes it whole."""
    out = []
    for t in detail.textes:
        whole = t.apres if t.avant is None else t.avant if t.apres is None else None
        if whole is not None and "« " + " ".join(whole.split()) + " »" in detail.resume:
            continue
        out.append(t)
    return out


def _object_markdown(o: ObjectChange, site: str, forge: str | None) -> list[str]:
    title = o.libelle + (f" — {md_escape(o.titre)}" if o.titre and o.genre == "mesure" else "")
    lines = [f"### {title}", ""]
    where = []
    if o.pages:
        where.append(
            "page" + ("s" if len(o.pages) > 1 else "") + " : " + ", ".join(f"[{p}]({site}{p})" for p in o.pages)
        )
    where.append(f"fichier [`{o.fichier}`]({forge}{o.fichier})" if forge else f"fichier `{o.fichier}`")
    lines += [" · ".join(where), ""]
    if o.etat in ("ajout", "suppression") or (o.etat == "corrige" and not o.details):
        lines.append(f"- {md_escape(o.resume.split(' — ', 1)[1])}")
    for e in o.erreurs[:10]:
        lines.append(f"- erreur : {md_escape(e)}")
    if len(o.erreurs) > 10:
        lines.append(f"- … et {len(o.erreurs) - 10} autres erreurs (voir « python -m generator check »)")
    for d in o.details:
        lines.append(f"- {md_escape(d.resume)}")
        for t in shown_texts(d):
            lines.append(f"  > {marked(t)}")
            lines.append("")
    lines.append("")
    return lines


def markdown(base: Side, head: Side, diff: Diff, root: Path) -> str:
    site = site_url(root)
    repo = repo_url(root)
    forge = f"{repo}/blob/{head.commit}/" if repo and head.commit else None
    lines = ["## Modifications du contenu", "", f"De {base.label} à {head.label}.", ""]
    if not diff.published:
        lines.append("**Aucun texte publié n’est modifié.**")
    else:
        n = len(diff.objets)
        lines.append(f"**{n} objet{'s' if n > 1 else ''} modifié{'s' if n > 1 else ''}** : {diff.counts()}.")
        invalid = [o for o in diff.objets if o.etat == "invalide"]
        if invalid:
            lines += ["", f"⚠ {len(invalid)} fichier(s) ne valident pas : ils ne peuvent pas être publiés."]
        lines += [
            "",
            f"Les liens mènent aux pages du site construit ({site}) : pour une pull request, "
            "l’aperçu est l’artefact « site » de l’exécution, à servir avec "
            "`python3 -m http.server -d site 8000`.",
            "",
        ]
        for o in diff.objets:
            lines += _object_markdown(o, site, forge)
    if diff.sans_effet:
        lines += [
            "",
            "Fichiers modifiés sans effet sur les textes publiés (mise en forme du YAML, commentaires) : "
            + ", ".join(f"`{p}`" for p in diff.sans_effet)
            + ".",
        ]
    if diff.non_publies:
        lines += ["", "Fichiers non publiés modifiés : " + ", ".join(f"`{p}`" for p in diff.non_publies) + "."]
    return "\n".join(lines).rstrip() + "\n"


def as_json(base: Side, head: Side, diff: Diff, root: Path) -> str:
    site = site_url(root)
    data = {
        "base": {"revision": base.revision, "commit": base.commit},
        "head": {"revision": head.revision, "commit": head.commit},
        "texte_publie_modifie": diff.published,
        **diff.to_json(),
    }
    for o in data["objets"]:
        o["adresses"] = [site + p for p in o["pages"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
