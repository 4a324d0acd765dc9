"""Command line: `python -m generator check | schema | export | pages | pdf | build | diff`."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .content import ROOT, Corpus, load_corpus
from .editions import EDITIONS
from .errors import ContentInvalid, ordered


def _report(errors, warnings=()) -> None:
    """Print errors, then warnings, root causes first (as `::error` / `::warning` lines
    too in GitHub Actions, where only the first ten of each kind reach the files)."""
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for e in ordered([*errors, *warnings]):
        print(str(e), file=sys.stderr)
        if in_actions:
            print(e.github_annotation())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if in_actions and summary:
        from .annotations import step_summary

        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(step_summary(list(errors), list(warnings)))


def _load_or_report(root) -> Corpus | None:
    """The validated corpus, or None after printing every content error."""
    try:
        return load_corpus(Path(root))
    except ContentInvalid as exc:
        _report(exc.errors)
        return None


def cmd_check(args) -> int:
    try:
        corpus = load_corpus(Path(args.root))
    except ContentInvalid as exc:
        _report(exc.errors)
        n = len(exc.errors)
        print(f"{n} erreur{'s' if n > 1 else ''} dans le contenu.", file=sys.stderr)
        return 1
    _report([], corpus.warnings)
    print(
        "Contenu valide : "
        + ", ".join(f"{len(s.mesures)} mesures {s.id}" for s in corpus.strategies.values())
        + (f", {len(corpus.warnings)} avertissement(s)" if corpus.warnings else "")
        + "."
    )
    return 0


def cmd_schema(args) -> int:
    from .schemas import write_schemas

    for path in write_schemas(Path(args.output)):
        print(path)
    return 0


def cmd_export(args) -> int:
    from .export import write_export

    corpus = _load_or_report(args.root)
    if corpus is None:
        return 1
    write_export(corpus, args.format, Path(args.output), what=args.what)
    print(f"Export {args.format} écrit : {args.output}")
    return 0


def cmd_pages(args) -> int:
    from .history import History
    from .journal import Journal
    from .site.generated import site_pages, write
    from .siteconfig import repo_url, site_url

    root = Path(args.root).resolve()
    corpus = _load_or_report(root)
    if corpus is None:
        return 1
    output = Path(args.output).resolve()
    if output == root or output in root.parents:
        print(f"Dossier refusé : {output} contient le dépôt.", file=sys.stderr)
        return 1
    history = History.read(root)
    site = site_url(root)
    pages, extra = site_pages(corpus, Journal.build(root, history), site, repo_url(root))
    written = write(corpus, output, site, root / "pages", pages, extra)
    print(f"{len(written)} pages et fichiers de données générés écrits dans {output}, avec les pages fixes de pages/.")
    return 0


class BuildFailed(Exception):
    """A step of `build` failed; the message is the French explanation."""


def _pdf_step(corpus, output_dir: Path, root: Path) -> None:
    """Run `generator.pdf.build_all(corpus, output_dir, root)` if that module exists."""
    try:
        pdf = importlib.import_module("generator.pdf")
    except ModuleNotFoundError as exc:
        if exc.name != "generator.pdf":  # the module exists but one of its imports is missing
            raise BuildFailed(f"étape PDF impossible : module « {exc.name} » introuvable") from exc
        print("Note : pas de module generator.pdf, PDF non produits.")
        return
    except Exception as exc:  # e.g. WeasyPrint without its system libraries
        raise BuildFailed(f"étape PDF impossible : {type(exc).__name__}: {exc}") from exc
    build_all = getattr(pdf, "build_all", None)
    if build_all is None:
        print("Note : generator.pdf ne fournit pas build_all(corpus, output_dir), PDF non produits.")
        return
    print("Production des PDF…")
    try:
        build_all(corpus, output_dir, root=root)
    except Exception as exc:
        raise BuildFailed(f"échec de la production des PDF : {type(exc).__name__}: {exc}") from exc


def _interrupt(signum, frame):
    # SIGTERM (a CI runner cancelling the job, `kill`) ends the build like Ctrl-C does:
    # through the `finally` clauses, which remove the temporary folder.
    raise KeyboardInterrupt


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait until the block is done (then take effect)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _replace_dir(new: Path, output: Path) -> None:
    """Put `new` in place of `output`: rename the old one away, the new one in, then delete
    the old one. Each rename is atomic; if the second fails the old site is put back.
    (Run with signals held: an interruption must not fall between the two renames.)"""
    old = None
    if output.exists() or output.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=output.parent))
        old.rmdir()
        os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        if old is not None:
            os.rename(old, output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cmd_build(args) -> int:
    root = Path(args.root).resolve()
    output = Path(args.output).resolve() if args.output else root / "site"
    kept = f"le site précédent ({output}) est conservé tel quel" if output.exists() else "aucun site n’a été écrit"
    print("Validation du contenu…")
    try:
        corpus = load_corpus(root)
    except ContentInvalid as exc:
        _report(exc.errors)
        n = len(exc.errors)
        print(
            f"Site non construit : {n} erreur{'s' if n > 1 else ''} dans le contenu ; {kept}.",
            file=sys.stderr,
        )
        return 1
    if corpus.warnings:
        print(f"{len(corpus.warnings)} avertissement(s) (voir « python -m generator check »).")

    if output.exists() and not output.is_dir():
        print(f"Site non construit : {output} existe et n’est pas un dossier.", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    published = False
    tmp = Path(tempfile.mkdtemp(prefix=".site-tmp-", dir=output.parent))
    try:
        print(f"Construction du site (mkdocs build --strict) dans {tmp.name}…", flush=True)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SNPD_ROOT=str(root))
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--config-file",
                str(root / "mkdocs.yml"),
                "--site-dir",
                str(tmp),
            ],
            cwd=root,
            env=env,
        )
        if result.returncode != 0:
            raise BuildFailed(f"MkDocs a échoué (code {result.returncode}), voir ses messages ci-dessus")
        _pdf_step(corpus, tmp / "pdf", root)
        from .linkcheck import missing_downloads

        if (tmp / "pdf").is_dir() and (broken := missing_downloads(tmp)):
            raise BuildFailed(
                f"{len(broken)} lien(s) de téléchargement sans fichier, par exemple : " + " ; ".join(broken[:5])
            )
        with _signals_held():
            _replace_dir(tmp, output)
            published = True
    except (BuildFailed, OSError) as exc:
        print(f"Site non construit : {exc} ; {kept}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if published:  # the signal arrived during the swap, which went to its end
            print(
                f"Construction interrompue après la publication : le nouveau site est dans {output}.", file=sys.stderr
            )
        else:
            print(f"Construction interrompue : {kept}.", file=sys.stderr)
        return 130
    finally:
        with _signals_held():  # a second Ctrl-C does not cut the clean-up short
            shutil.rmtree(tmp, ignore_errors=True)  # gone already after a successful swap
        signal.signal(signal.SIGTERM, previous_handler)
    print(f"Site construit et publié dans {output}.")
    return 0


def cmd_pdf(args) -> int:
    from .pdf import build

    corpus = _load_or_report(args.root)
    if corpus is None:
        return 1
    options = {}  # the PDF cache: by default, see generator/pdf/cache.py
    if args.sans_cache:
        options["cache"] = None
    elif args.cache:
        options["cache"] = Path(args.cache)
    report = build(corpus, Path(args.output), args.only, jobs=args.jobs, root=Path(args.root), **options)
    for kind, files in report.by_kind().items():
        pages = sum(f.pages or 0 for f in files)
        print(f"{kind} : {len(files)} fichier(s)" + (f", {pages} pages" if pages else ""))
    print(f"{report.summary()}.")
    for problem in report.overflows + report.warnings:
        print(f"avertissement : {problem}", file=sys.stderr)
    print(f"Exports écrits dans {args.output} en {report.seconds:.1f} s.")
    return 0


def cmd_diff(args) -> int:
    from .diffreport import RevisionError, as_json, diff_revisions, markdown

    root = Path(args.root)
    try:
        base, head, diff = diff_revisions(root, args.base, args.head)
    except RevisionError as exc:
        print(f"Comparaison impossible : {exc}.", file=sys.stderr)
        return 2
    text = (as_json if args.format == "json" else markdown)(base, head, diff, root)
    if args.output:
        with open(args.output, "a" if args.append else "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Générateur du site de la SNPD")
    parser.add_argument("--root", default=str(ROOT), help="racine du dépôt (par défaut : celle du paquet)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="valider tout le contenu").set_defaults(func=cmd_check)
    p = sub.add_parser("schema", help="écrire les schémas JSON des fichiers de contenu")
    p.add_argument("--output", default=str(ROOT / "schemas"))
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("export", help="exporter les données ouvertes")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--output", required=True)
    p.add_argument("--what", choices=["mesures", "glossaire", "partenaires", "comparaison"], default="mesures")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser(
        "pages",
        help="écrire toutes les pages générées et les fichiers de données dans un dossier (sans MkDocs)",
    )
    p.add_argument("--output", required=True, help="dossier à (ré)écrire : le docs_dir d’une configuration statique")
    p.set_defaults(func=cmd_pages)
    p = sub.add_parser(
        "build",
        help="valider puis construire le site (mkdocs --strict, PDF) et remplacer site/ d’un coup",
    )
    p.add_argument("--output", default=None, help="dossier du site (par défaut : site/ à la racine)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("pdf", help="construire les PDF et le classeur des indicateurs")
    p.add_argument("--output", default=str(ROOT / "site" / "pdf"), help="dossier de sortie (par défaut : site/pdf/)")
    p.add_argument(
        "--only",
        # as generator/pdf/build.py's ONLY (not imported here: the PDF step may be missing)
        choices=[
            "strategie",
            "axes",
            "mesures",
            "organisations",
            *(e.key for e in EDITIONS if not e.current),
            "classeur",
        ],
        help="ne construire qu’une famille d’exports",
    )
    p.add_argument("--jobs", type=int, default=None, help="processus de rendu (par défaut : nombre de cœurs)")
    cache = p.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        metavar="DOSSIER",
        help="cache des PDF déjà rendus (par défaut : $SNPD_PDF_CACHE, sinon .cache/pdf/ à la racine)",
    )
    cache.add_argument("--sans-cache", action="store_true", help="tout rendre, sans lire ni écrire le cache")
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser(
        "diff",
        help="ce qui a changé dans le contenu entre deux révisions git, objet par objet, champ par champ",
    )
    p.add_argument("base", nargs="?", default=None, help="révision de départ (par défaut : la base commune avec main)")
    p.add_argument("head", nargs="?", default=None, help="révision d’arrivée (par défaut : l’arbre de travail)")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.add_argument("--output", default=None, help="fichier où écrire (par défaut : la sortie standard)")
    p.add_argument("--append", action="store_true", help="ajouter au fichier au lieu de le remplacer")
    p.set_defaults(func=cmd_diff)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
