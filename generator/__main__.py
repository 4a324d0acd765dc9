"""Command line: `python -m generator check | schema | export | pdf | build`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .content import ROOT, load_corpus
from .errors import ContentInvalid


def _report(errors, warnings=()) -> None:
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for w in warnings:
        print(str(w), file=sys.stderr)
        if in_actions:
            print(w.github_annotation())
    for e in errors:
        print(str(e), file=sys.stderr)
        if in_actions:
            print(e.github_annotation())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if in_actions and summary:
        from .annotations import step_summary

        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(step_summary(list(errors), list(warnings)))


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
        f"Contenu valide : {len(corpus.mesures2026)} mesures 2026-2030, "
        f"{len(corpus.mesures2019)} mesures 2020-2024"
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

    try:
        corpus = load_corpus(Path(args.root))
    except ContentInvalid as exc:
        _report(exc.errors)
        return 1
    write_export(corpus, args.format, Path(args.output), what=args.what)
    print(f"Export {args.format} écrit : {args.output}")
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
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
