"""scripts/rehearse.py: one job of .github/workflows/ rehearsed as a GitHub runner runs it.

The first tests use small workflows in a tiny git repository made here (the clone, the
shell, the environment, the expressions, the file commands, the conditions). The last two
rehearse the build of the deploy job from a clean clone of this working tree, committed
in a temporary repository (uncommitted work included): once with a content error, which
must stop everything before anything is published, once with the real content, whose
site must carry the addresses given by the environment.

The full build renders every PDF (~240): several minutes on 2 cores. Its PDF cache
(SNPD_PDF_CACHE) is a temporary folder, never the repository's .cache/pdf/; it could not
be kept between runs anyway, its key includes the clone's path, new at every rehearsal.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "rehearse.py"
DEPLOY = ROOT / ".github" / "workflows" / "deploy.yml"
BROKEN = ROOT / "tests" / "broken" / "2026" / "02-script.yaml"
SITE = "https://exemple.github.io/depot"
PLACEHOLDERS = ("snpd.example.gouv.fr", "github.com/ministere-interieur", "127.0.0.1")


def _load_script():
    spec = importlib.util.spec_from_file_location("rehearse", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["rehearse"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


rehearse = _load_script()


# --- Helpers -----------------------------------------------------------------------------


def _git_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@exemple.fr")
    env.update(GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@exemple.fr")
    return env


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_git_env(),
    )
    assert result.returncode == 0, f"git {' '.join(args)} : {result.stderr}"
    return result.stdout.strip()


def _commit(repo: Path, message: str) -> str:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return _git(repo, "rev-parse", "HEAD")


def _run(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    """The script, its stdout and stderr merged (like a runner's log)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    env["HOTE_SEULEMENT"] = "ne doit pas passer"
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=timeout,
    )


def _printed(output: str) -> str:
    """The output without the lines that show each step's script."""
    return "\n".join(line for line in output.splitlines() if not line.startswith("   $ "))


def _statuses(output: str) -> dict[str, str]:
    """Step name → status, from the final table."""
    table = output.split("Résumé de la répétition", 1)[1]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 4 and cells[0].isdigit():
            rows[cells[1]] = cells[2]
    return rows


@pytest.fixture
def tiny_repo(tmp_path):
    """A git repository holding one workflow (w.yml) and a file, committed."""

    def make(workflow: str, **files: str) -> Path:
        repo = tmp_path / "petit-depot"
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / ".github" / "workflows" / "w.yml").write_text(textwrap.dedent(workflow), encoding="utf-8")
        (repo / "lisez-moi.txt").write_text("validé\n", encoding="utf-8")
        for name, text in files.items():
            (repo / name).write_text(text, encoding="utf-8")
        _git(repo, "init", "-q", "-b", "main")
        _commit(repo, "premier")
        return repo

    return make


def _rehearsal(workflow: dict, *options: str, tmp_path: Path):
    """A Rehearsal object, to evaluate expressions without running anything."""
    args = rehearse.build_parser().parse_args([*options, "w.yml", "j"])
    outputs = {}
    for key, value in rehearse.parse_pairs(args.step_output, "--step-output", r".+"):
        step_id, name = key.split(".", 1)
        outputs.setdefault(step_id, {})[name] = value
    run = rehearse.Rehearsal("w.yml", workflow, "j", "0123456789abcdef0123456789abcdef01234567", args, outputs)
    run.workspace, run.runner_temp = tmp_path / "depot", tmp_path / "runner"
    return run


WORKFLOW = {
    "name": "Essai",
    "jobs": {
        "j": {
            "runs-on": "ubuntu-24.04",
            "steps": [
                {"name": "Pages", "id": "pages", "uses": "actions/configure-pages@v5.0.0"},
                {"name": "Écrire", "id": "ecrire", "run": "echo"},
                {"name": "Lire", "run": "echo"},
            ],
        }
    },
}


# --- Expressions -------------------------------------------------------------------------


def test_every_supported_expression(tmp_path):
    run = _rehearsal(WORKFLOW, "--step-output", f"pages.base_url={SITE}", "--ref-name", "principale", tmp_path=tmp_path)
    run.stand_in_outputs(run.steps[0])
    run.steps_ctx["ecrire"] = {"outputs": {"texte": "ligne 1\nligne 2"}, "outcome": "success"}
    env = {"NOM": "valeur"}
    expected = {
        "${{ github.sha }}": "0123456789abcdef0123456789abcdef01234567",
        "${{ github.repository }}": "exemple/depot",
        "${{ github.ref }}": "refs/heads/principale",
        "${{ github.ref_name }}": "principale",
        "${{ github.event_name }}": "push",
        "${{ github.workflow }}": "Essai",
        "${{ github.event.repository.default_branch }}": "principale",
        "${{ runner.os }}": "Linux",
        "${{ env.NOM }}": "valeur",
        "${{ env['NOM'] }}": "valeur",
        "${{ steps.pages.outputs.base_url }}": SITE,
        "${{ steps.ecrire.outputs.texte }}": "ligne 1\nligne 2",
        "${{ steps.ecrire.outcome }}": "success",
        "${{ 'l''apostrophe' }}": "l'apostrophe",
        "${{ 42 }}": "42",
        "${{ true }}": "true",
        "${{ null }}": "",
        "pdf-${{ runner.os }}-${{ github.sha }}": "pdf-Linux-0123456789abcdef0123456789abcdef01234567",
        "${{ github.ref_name == 'PRINCIPALE' }}": "true",
        "${{ github.event_name != 'push' || 'repli' }}": "repli",
        "sans expression": "sans expression",
    }
    for template, value in expected.items():
        assert run.interpolate(template, env) == value, template


@pytest.mark.parametrize(
    ("condition", "failed", "expected"),
    [
        ("github.ref == 'refs/heads/main'", False, True),
        ("${{ github.ref == 'refs/heads/main' }}", False, True),
        ("github.event_name != 'push'", False, False),
        ("github.event_name == 'push'", True, False),  # success() && … is implied
        ("success()", False, True),
        ("success()", True, False),
        ("failure()", False, False),
        ("failure()", True, True),
        ("always()", True, True),
        ("!cancelled()", True, True),
        ("cancelled()", True, False),
        ("always() && env.NOM == 'valeur'", True, True),
        ("(failure() || success()) && !(runner.os == 'Windows')", True, True),
        (True, False, True),
        (False, False, False),
    ],
)
def test_conditions(tmp_path, condition, failed, expected):
    run = _rehearsal(WORKFLOW, tmp_path=tmp_path)
    run.failed = failed
    assert run.condition(condition, {"NOM": "valeur"}) is expected


def test_loose_comparison_like_github():
    eq = rehearse.loose_equal
    assert eq("abc", "ABC") and eq("1", 1.0) and eq(None, 0.0) and eq(True, 1.0) and eq("", 0.0)
    assert not eq("abc", 0.0) and not eq(float("nan"), float("nan")) and not eq("a", "b")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("${{ secrets.JETON }}", "le contexte « secrets » n’est pas simulé"),
        ("${{ matrix.os }}", "le contexte « matrix » n’est pas simulé"),
        ("${{ github.actor }}", "« github.actor » n’est pas simulé"),
        ("${{ contains(github.ref, 'main') }}", "non prise en charge"),
        ("${{ hashFiles('pyproject.toml') }}", "non prise en charge"),
        ("${{ format('{0}', github.sha) }}", "non prise en charge"),
        ("${{ github.run_id < 3 }}", "opérateur « < » non pris en charge"),
        ("${{ inconnu.x }}", "contexte « inconnu » inconnu"),
        ("${{ env.ABSENTE }}", "la variable « ABSENTE » n’est pas définie"),
        ("${{ steps.lire.outputs.x }}", "aucune étape du job n’a l’id « lire »"),
        ("${{ steps.pages.outputs.base_url }}", "--step-output pages.base_url=VALEUR"),
        ("${{ steps.ecrire.outputs.absente }}", "n’a pas écrit la sortie « absente »"),
        ("${{ success() }}", "n’a de sens que dans une condition if:"),
        ("${{ github.sha", "sans « }} » fermant"),
        ("${{ 'non fermée }}", "chaîne non fermée"),
    ],
)
def test_unsupported_expressions_are_french_errors(tmp_path, template, message):
    run = _rehearsal(WORKFLOW, tmp_path=tmp_path)
    run.steps_ctx["ecrire"] = {"outputs": {}, "outcome": "success"}
    with pytest.raises(rehearse.ExpressionError) as error:
        run.interpolate(template, {"NOM": "valeur"})
    assert message in str(error.value)
    if template.endswith("}}") and "non fermée" not in template:
        assert template[3:-2].strip() in str(error.value), "le message doit citer l’expression"


def test_an_unsupported_expression_stops_before_anything_runs(tiny_repo, tmp_path):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Premier
                run: echo "premier"
              - name: Publier
                run: echo "${{ secrets.JETON }}"
        """
    )
    result = _run("--repo", repo, "w.yml", "j")
    assert result.returncode == 2, result.stdout
    assert "étape « Publier » : le contexte « secrets » n’est pas simulé" in result.stdout
    assert "${{ secrets.JETON }}" in result.stdout
    assert "Clone :" not in result.stdout and "[1/2]" not in result.stdout, "rien ne doit être cloné ni lancé"


# --- Running a job -----------------------------------------------------------------------


def test_environment_layers_and_runner_variables(tiny_repo, tmp_path):
    repo = tiny_repo(
        """\
        name: Essai
        on: push
        env:
          A: workflow
          B: workflow
          C: workflow
          GITHUB_SHA: falsifie
        jobs:
          j:
            runs-on: ubuntu-latest
            env:
              B: job
              C: job
              F: job
              BRANCHE: ${{ github.event.repository.default_branch }}
            steps:
              - name: Montrer
                env:
                  C: etape
                  E: ${{ env.B }}-${{ github.ref_name }}
                run: |
                  echo "A=$A B=$B C=$C D=$D E=$E F=$F BRANCHE=$BRANCHE"
                  echo "CI=$CI GITHUB_ACTIONS=$GITHUB_ACTIONS RUNNER_OS=$RUNNER_OS"
                  echo "GITHUB_REPOSITORY=$GITHUB_REPOSITORY GITHUB_SERVER_URL=$GITHUB_SERVER_URL"
                  echo "GITHUB_REF=$GITHUB_REF GITHUB_REF_NAME=$GITHUB_REF_NAME GITHUB_EVENT_NAME=$GITHUB_EVENT_NAME"
                  echo "GITHUB_WORKFLOW=$GITHUB_WORKFLOW GITHUB_JOB=$GITHUB_JOB GITHUB_SHA=$GITHUB_SHA"
                  echo "HOTE=${HOTE_SEULEMENT:-absente}"
                  test "$GITHUB_WORKSPACE" = "$PWD" && echo "espace de travail = dossier courant"
                  test -d "$RUNNER_TEMP" && test -n "$GITHUB_RUN_ID" && echo "RUNNER_TEMP et GITHUB_RUN_ID présents"
                  test -f "$GITHUB_EVENT_PATH" && cat "$GITHUB_EVENT_PATH"; echo
                  cat lisez-moi.txt
        """
    )
    sha = _git(repo, "rev-parse", "HEAD")
    result = _run(
        "--repo", repo, "w.yml", "j", "--env", "A=runner", "--env", "D=runner", "--force-env", "F=imposée",
        "--repository", "compte/projet", "--ref-name", "principale", "--event", "workflow_dispatch",
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, out
    assert "A=workflow B=job C=etape D=runner E=job-principale F=imposée BRANCHE=principale" in out
    assert "Note : --env A : le env: du workflow l’emporte" in out
    assert "CI=true GITHUB_ACTIONS=true RUNNER_OS=Linux" in out
    assert "GITHUB_REPOSITORY=compte/projet GITHUB_SERVER_URL=https://github.com" in out
    assert "GITHUB_REF=refs/heads/principale GITHUB_REF_NAME=principale GITHUB_EVENT_NAME=workflow_dispatch" in out
    assert f"GITHUB_WORKFLOW=Essai GITHUB_JOB=j GITHUB_SHA={sha}" in out, "GITHUB_* ne se redéfinit pas"
    assert "HOTE=absente" in out, "l’environnement de l’hôte doit être filtré"
    assert "espace de travail = dossier courant" in out
    assert "RUNNER_TEMP et GITHUB_RUN_ID présents" in out
    assert '"default_branch": "principale"' in out
    assert "\nvalidé\n" in out


def test_file_commands_reach_the_following_steps(tiny_repo, tmp_path):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Écrire
                id: ecrire
                run: |
                  echo "SIMPLE=un=deux" >> "$GITHUB_ENV"
                  { echo "MULTI<<FIN"; echo "ligne 1"; echo "ligne 2"; echo "FIN"; } >> "$GITHUB_ENV"
                  mkdir -p "$RUNNER_TEMP/outils"
                  printf '#!/bin/sh\\necho "outil trouvé"\\n' > "$RUNNER_TEMP/outils/mon-outil"
                  chmod +x "$RUNNER_TEMP/outils/mon-outil"
                  echo "$RUNNER_TEMP/outils" >> "$GITHUB_PATH"
                  echo "valeur=42" >> "$GITHUB_OUTPUT"
                  { echo "texte<<EOF"; echo "a"; echo "b"; echo "EOF"; } >> "$GITHUB_OUTPUT"
                  echo "## Résumé de l’étape 1" >> "$GITHUB_STEP_SUMMARY"
              - name: Lire
                env:
                  VALEUR: ${{ steps.ecrire.outputs.valeur }}
                  TEXTE: ${{ steps.ecrire.outputs.texte }}
                run: |
                  echo "SIMPLE=$SIMPLE VALEUR=$VALEUR par-expression=${{ env.SIMPLE }}"
                  echo "MULTI=[$MULTI]"
                  echo "TEXTE=[$TEXTE]"
                  mon-outil
                  test ! -s "$GITHUB_STEP_SUMMARY" && echo "résumé neuf pour chaque étape"
                  echo "## Résumé de l’étape 2" >> "$GITHUB_STEP_SUMMARY"
        """
    )
    summary = tmp_path / "resumes.md"
    result = _run("--repo", repo, "w.yml", "j", "--summary", summary)
    out = result.stdout
    assert result.returncode == 0, out
    assert "SIMPLE=un=deux VALEUR=42 par-expression=un=deux" in out
    assert "MULTI=[ligne 1\nligne 2]" in out
    assert "TEXTE=[a\nb]" in out
    assert "outil trouvé" in out
    assert "résumé neuf pour chaque étape" in out
    text = summary.read_text(encoding="utf-8")
    assert text.index("## Résumé de l’étape 1") < text.index("## Résumé de l’étape 2")
    assert "<!-- étape : Lire -->" in text


def test_an_unclosed_multiline_value_fails_the_step(tiny_repo):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Écrire
                run: '{ echo "X<<FIN"; echo "ligne"; } >> "$GITHUB_ENV"'
        """
    )
    result = _run("--repo", repo, "w.yml", "j")
    assert result.returncode == 1, result.stdout
    assert "délimiteur « FIN » de « X » jamais refermé" in result.stdout


def test_conditions_and_the_first_failure(tiny_repo, tmp_path):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Sur push
                if: github.event_name == 'push'
                run: echo "étape sur push"
              - name: Hors main
                if: ${{ github.ref_name != 'main' }}
                run: echo "ne doit pas tourner"
              - name: Toléré
                id: tolere
                continue-on-error: true
                run: exit 4
              - name: Après toléré
                if: steps.tolere.outcome == 'failure' && steps.tolere.conclusion == 'success'
                run: echo "l’échec toléré n’arrête rien"
              - name: Casser
                run: |
                  echo "avant l’échec"
                  false
                  echo "après false : ne doit pas s’afficher"
              - name: Suivante
                run: touch "$GITHUB_WORKSPACE/suivante-lancee"
              - name: Toujours
                if: always()
                run: echo "toujours lancée"
              - name: Sur échec
                if: failure()
                run: echo "lancée parce que le job a échoué"
              - name: Si succès
                if: success()
                run: echo "ne doit pas tourner"
              - name: Pas annulé
                if: ${{ !cancelled() }}
                run: echo "pas annulé"
        """
    )
    clone = tmp_path / "clone"
    result = _run("--repo", repo, "w.yml", "j", "--workdir", clone)
    out = result.stdout
    assert result.returncode == 1, out
    assert "étape sur push" in out and "ne doit pas tourner" not in out
    assert "l’échec toléré n’arrête rien" in out
    assert "avant l’échec" in _printed(out) and "ne doit pas s’afficher" not in _printed(out)
    assert re.search(r"── Casser : code de sortie 1, \d+,\d s", out), out
    assert not (clone / "suivante-lancee").exists(), "aucune étape ne doit tourner après un échec"
    printed = _printed(out)
    assert "toujours lancée" in printed and "lancée parce que le job a échoué" in printed and "pas annulé" in printed
    assert _statuses(out) == {
        "Sur push": "réussie",
        "Hors main": "ignorée (condition)",
        "Toléré": "échec toléré",
        "Après toléré": "réussie",
        "Casser": "échec",
        "Suivante": "non atteinte",
        "Toujours": "réussie",
        "Sur échec": "réussie",
        "Si succès": "non atteinte",
        "Pas annulé": "réussie",
    }
    assert re.search(r"Total : \d+,\d s — 7 exécutée\(s\), 1 en échec, 1 ignorée\(s\), 2 non atteinte\(s\)\.", out)
    assert f"Clone conservé : {clone.resolve()}" in out


def test_default_shell_is_the_runners(tiny_repo):
    """No `shell:` → `bash -e {0}` (no pipefail); `shell: bash` adds `-o pipefail`."""
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Défaut
                run: |
                  false | true
                  echo "sans pipefail : on continue"
              - name: Bash explicite
                shell: bash
                run: |
                  false | true
                  echo "avec pipefail : ne doit pas s’afficher"
        """
    )
    result = _run("--repo", repo, "w.yml", "j")
    out = result.stdout
    assert result.returncode == 1, out
    assert "sans pipefail : on continue" in _printed(out)
    assert "ne doit pas s’afficher" not in _printed(out)
    assert re.search(r"shell : \S*bash -e \{0\}", out) and re.search(
        r"shell : \S*bash --noprofile --norc -eo pipefail", out
    )


def test_actions_are_named_and_skipped(tiny_repo):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-24.04
            steps:
              - name: Récupérer le dépôt
                uses: actions/checkout@v4.2.2
              - name: Installer Python 3.11
                uses: actions/setup-python@v5.3.0
              - name: Lire la configuration de GitHub Pages
                id: pages
                uses: actions/configure-pages@v5.0.0
              - name: Adresse
                env:
                  ADRESSE: ${{ steps.pages.outputs.base_url }}
                run: echo "adresse=$ADRESSE"
        """
    )
    result = _run("--repo", repo, "w.yml", "j")
    assert result.returncode == 2
    assert "--step-output pages.base_url=VALEUR" in result.stdout, "sortie d’action manquante : erreur attendue"
    result = _run("--repo", repo, "w.yml", "j", "--step-output", f"pages.base_url={SITE}")
    out = result.stdout
    assert result.returncode == 0, out
    assert "étape ignorée (action) : Récupérer le dépôt — actions/checkout@v4.2.2 (le clone en tient lieu)" in out
    assert (
        "étape ignorée (action) : Installer Python 3.11 — actions/setup-python@v5.3.0 "
        "(le python/python3 de l’hôte en tient lieu)"
    ) in out
    assert f"adresse={SITE}" in out
    assert _statuses(out)["Lire la configuration de GitHub Pages"] == "ignorée (action)"


def test_skip_and_its_unknown_names(tiny_repo):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Longue
                run: exit 1
              - name: Courte
                run: echo "courte lancée"
        """
    )
    result = _run("--repo", repo, "w.yml", "j", "--skip", "Longue")
    assert result.returncode == 0, result.stdout
    assert _statuses(result.stdout) == {"Longue": "ignorée (--skip)", "Courte": "réussie"}
    result = _run("--repo", repo, "w.yml", "j", "--skip", "Inconnue")
    assert result.returncode == 2
    assert "--skip : étape inconnue : « Inconnue »" in result.stdout
    assert "  - Longue\n  - Courte" in result.stdout, "le message doit lister les étapes"
    assert "Clone :" not in result.stdout


def test_usage_errors(tiny_repo):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                python: ["3.11", "3.12"]
            steps:
              - run: echo
        """
    )
    for args, message in (
        (["w.yml", "j"], "« strategy.matrix » n’est pas simulé"),
        (["w.yml", "absent"], "job « absent » inconnu (jobs : j)"),
        (["absent.yml", "j"], "workflow « absent.yml » introuvable (présents : w.yml)"),
        (["w.yml", "j", "--env", "GITHUB_SHA=x"], "--env GITHUB_SHA : variable fixée par le runner"),
        (["w.yml", "j", "--ref", "inexistante"], "révision « inexistante » inconnue"),
    ):
        result = _run("--repo", repo, *args)
        assert result.returncode == 2 and message in result.stdout, (args, result.stdout)


def test_list_and_the_clone_is_the_commit(tiny_repo, tmp_path):
    repo = tiny_repo(
        """\
        name: Essai
        on: push
        jobs:
          j:
            name: Le job
            runs-on: ubuntu-latest
            steps:
              - name: Regarder
                run: |
                  cat lisez-moi.txt
                  git log --oneline | wc -l | sed 's/^/commits : /'
                  git status --porcelain | wc -l | sed 's/^/modifications : /'
        """
    )
    (repo / "lisez-moi.txt").write_text("non validé\n", encoding="utf-8")
    listing = _run("--repo", repo, "--list")
    assert listing.returncode == 0 and "w.yml — Essai\n  j — Le job (1 étape(s) run:, 0 action(s))" in listing.stdout
    result = _run("--repo", repo, "w.yml", "j")
    out = result.stdout
    assert result.returncode == 0, out
    assert "les modifications non validées" in out
    assert "\nvalidé\n" in out and "\nnon validé\n" not in out, "seul le commit est répété"
    assert "commits : 1" in out, "clone superficiel, comme actions/checkout"
    assert "modifications : 0" in out
    clone = Path(re.search(r"^Clone : (.+)$", out, re.M).group(1))
    assert not clone.exists(), "le clone temporaire doit être supprimé sans --keep ni --workdir"


def test_output_is_streamed(tiny_repo):
    repo = tiny_repo(
        """\
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            steps:
              - name: Lente
                run: |
                  echo "début"
                  sleep 2
                  echo "fin"
        """
    )
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--repo", str(repo), "w.yml", "j"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = {}
    for line in proc.stdout:
        for word in ("début", "fin"):
            if line.strip() == word:
                seen[word] = time.monotonic()
    assert proc.wait(timeout=60) == 0
    assert seen["fin"] - seen["début"] > 1.5, "la sortie doit arriver au fil de l’étape"


# --- The deploy job on this repository ---------------------------------------------------


def _deploy_step(text: str) -> str:
    """The name of the deploy build step that runs or uses `text`."""
    steps = yaml.safe_load(DEPLOY.read_text(encoding="utf-8"))["jobs"]["construire"]["steps"]
    return next(s["name"] for s in steps if text in s.get("run", s.get("uses", "")))


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """This working tree committed in a temporary repository: (repository, valid, broken).

    `broken` adds tests/broken/2026/02-script.yaml to content/measures/2026/."""
    base = tmp_path_factory.mktemp("instantane")
    repo = base / "depot"
    _git(base, "clone", "-q", str(ROOT), str(repo))
    names = _git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for name in filter(None, names):
        source, target = ROOT / name, repo / name
        if source.is_file() or source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
        elif not source.exists():
            target.unlink(missing_ok=True)
    valid = _commit(repo, "instantané de l’arbre de travail")
    shutil.copy(BROKEN, repo / "content" / "measures" / "2026" / BROKEN.name)
    broken = _commit(repo, "une erreur de contenu")
    return repo, valid, broken


@pytest.fixture(scope="module")
def pdf_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache-pdf")


def _rehearse_deploy(repo: Path, ref: str, clone: Path, summary: Path, cache: Path) -> subprocess.CompletedProcess:
    if sys.prefix == sys.base_prefix:
        pytest.fail("lancez les tests avec .venv/bin/python : --python-venv reprend cet environnement")
    return _run(
        "deploy.yml", "construire", "--repo", repo, "--ref", ref, "--workdir", clone, "--summary", summary,
        "--python-venv", sys.prefix,
        "--skip", _deploy_step("scripts/install.sh"), "--skip", _deploy_step("scripts/test.sh"),
        "--step-output", f"pages.base_url={SITE}",
        "--env", f"SNPD_PDF_CACHE={cache}",
        timeout=3600,
    )  # fmt: skip


def test_deploy_stops_at_a_content_error_and_publishes_nothing(snapshot, pdf_cache, tmp_path):
    repo, _, broken = snapshot
    clone, summary = tmp_path / "clone", tmp_path / "resumes.md"
    result = _rehearse_deploy(repo, broken, clone, summary, pdf_cache)
    out = result.stdout
    assert result.returncode == 1, out
    assert "::error file=content/measures/2026/02-script.yaml,line=7,col=5," in out, (
        "l’erreur doit être annotée sur la ligne fautive"
    )
    statuses = _statuses(out)
    check, build = _deploy_step("generator check"), _deploy_step("generator build")
    assert statuses[check] == "échec", statuses
    assert statuses[build] == "non atteinte", statuses
    assert statuses[_deploy_step("actions/upload-pages-artifact@")] == "non atteinte", "rien ne doit être publié"
    assert not (clone / "site").exists(), "aucun site ne doit être construit"
    text = summary.read_text(encoding="utf-8")
    assert "**`content/measures/2026/02-script.yaml`**" in text, "le résumé doit nommer le fichier fautif"
    assert "- ligne 7, colonne 5" in text


def test_deploy_builds_a_site_with_the_addresses_of_the_environment(snapshot, pdf_cache, tmp_path):
    repo, valid, _ = snapshot
    clone, summary = tmp_path / "clone", tmp_path / "resumes.md"
    result = _rehearse_deploy(repo, valid, clone, summary, pdf_cache)
    out = result.stdout
    assert result.returncode == 0, out[-5000:]
    statuses = _statuses(out)
    assert statuses[_deploy_step("generator check")] == "réussie"
    assert statuses[_deploy_step("generator build")] == "réussie"
    assert "✅ **Contenu valide.**" in summary.read_text(encoding="utf-8")
    site = clone / "site"
    assert site.is_dir(), "le site doit être construit dans le clone"

    pages = sorted(site.rglob("*.html"))
    canonical = {p: re.search(r'<link rel="canonical" href="([^"]*)"', p.read_text(encoding="utf-8")) for p in pages}
    wrong = [
        f"{p.relative_to(site)} : {m.group(1)}"
        for p, m in canonical.items()
        if m and not m.group(1).startswith(SITE + "/")
    ]
    assert wrong == [], "liens canoniques hors de l’adresse du site"
    assert f'<link rel="canonical" href="{SITE}/">' in (site / "index.html").read_text(encoding="utf-8")
    [page] = site.glob("2026-2030/mesures/07-*/index.html")
    html = page.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE}/2026-2030/mesures/{page.parent.name}/">' in html
    [measure] = (clone / "content" / "measures" / "2026").glob("07-*.yaml")
    assert f"https://github.com/exemple/depot/edit/main/content/measures/2026/{measure.name}" in html, (
        "le lien « Modifier cette page » doit viser le dépôt donné par l’environnement"
    )

    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert f"{SITE}/" in locs and all(loc.startswith(SITE + "/") for loc in locs), locs[:5]

    schemas = sorted((site / "donnees" / "schemas").glob("*.json"))
    assert schemas, "schémas JSON publiés introuvables"
    for path in schemas:
        assert json.loads(path.read_text(encoding="utf-8"))["$id"] == f"{SITE}/donnees/schemas/{path.name}"

    def pdf_text(name: str) -> str:
        return subprocess.run(
            ["pdftotext", str(site / "pdf" / "2026-2030" / name), "-"], capture_output=True, text=True, check=True
        ).stdout

    card = pdf_text("mesure-07.pdf")
    assert re.search(rf"version du contenu {valid[:7]}[0-9a-f]* · {re.escape(SITE)}/\n", card), (
        "bandeau de la fiche : la version du commit cloné (propre) et l’adresse du site"
    )
    assert f"En ligne : {SITE}/2026-2030/axes/1/" in pdf_text("axe-1.pdf")

    found = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)} : {p}" for p in PLACEHOLDERS if p in text]
    assert found == [], "adresses provisoires dans le site publié"


# --- The pull request's summary ---------------------------------------------------------

CI = ROOT / ".github" / "workflows" / "ci.yml"


def _ci_step(text: str) -> str:
    steps = yaml.safe_load(CI.read_text(encoding="utf-8"))["jobs"]["verifier"]["steps"]
    return next(s["name"] for s in steps if text in s.get("run", s.get("uses", "")))


def test_a_pull_request_summary_says_what_it_changes(snapshot, tmp_path):
    """ci.yml on a pull request that adds a broken measure: the summary names the file
    and its errors, then the validation fails."""
    if sys.prefix == sys.base_prefix:
        pytest.fail("lancez les tests avec .venv/bin/python : --python-venv reprend cet environnement")
    repo, _, broken = snapshot
    clone, summary = tmp_path / "clone", tmp_path / "resumes.md"
    result = _run(
        "ci.yml", "verifier", "--repo", repo, "--ref", broken, "--workdir", clone, "--summary", summary,
        "--event", "pull_request", "--fetch-depth", "0", "--python-venv", sys.prefix,
        "--skip", _ci_step("scripts/install.sh"), "--skip", _ci_step("scripts/test.sh"),
        "--skip", _ci_step("generator build"),
        timeout=600,
    )  # fmt: skip
    statuses = _statuses(result.stdout)
    assert statuses[_ci_step("generator diff")] == "réussie", result.stdout[-3000:]
    assert statuses[_ci_step("generator check")] == "échec", statuses
    text = summary.read_text(encoding="utf-8")
    assert "## Modifications du contenu" in text
    assert "⚠ 1 fichier(s) ne valident pas" in text
    assert "content/measures/2026/02-script.yaml" in text and "le HTML n’est pas autorisé" in text
    assert text.index("## Modifications du contenu") < text.index("## Validation du contenu")
