"""The GitHub Actions workflows are valid, run the README's commands, pin their actions,
and the publication has the least permissions it needs. Also the pre-commit hooks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml

from generator.annotations import MAX_LISTED, step_summary
from generator.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"

# The README's commands, as CI must run them: everything Python runs from the virtual
# environment that scripts/install.sh creates (never the runner's or the system's Python).
INSTALL = "bash scripts/install.sh"
TEST = "bash scripts/test.sh"
CHECK = ".venv/bin/python -m generator check"
BUILD = ".venv/bin/python -m generator build"

# An action by the commit of its release (a tag can be moved to other code, a commit
# cannot), its version in a comment for readers and for Dependabot, which updates both.
_PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
_USES_LINE = re.compile(r"^\s*(?:- )?uses: (\S+) # v\d+\.\d+\.\d+$", re.M)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean true.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict.fromkeys(on) if isinstance(on, list) else on


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict) -> list[str]:
    return [line.strip() for step in _steps(workflow) if "run" in step for line in step["run"].splitlines()]


def _index(runs: list[str], command: str) -> int:
    """Position of the first step line that runs `command` (possibly after `env -u …`)."""
    for i, line in enumerate(runs):
        if line == command or line.endswith(" " + command):
            return i
    raise AssertionError(f"« {command} » n’est lancé par aucune étape : {runs}")


# GitHub's schemas of its files (SchemaStore's, shipped with check-jsonschema: offline)
@pytest.mark.parametrize(
    "path, schema",
    [(CI, "vendor.github-workflows"), (DEPLOY, "vendor.github-workflows"), (DEPENDABOT, "vendor.dependabot")],
    ids=["ci.yml", "deploy.yml", "dependabot.yml"],
)
def test_github_files_match_githubs_schema(path, schema):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_documents_the_commands_ci_runs():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    for command in (INSTALL, TEST, CHECK, BUILD):
        assert command in readme, command


def test_no_step_runs_python_outside_the_virtual_environment():
    for path in (CI, DEPLOY):
        for line in _runs(_load(path)):
            words = line.split()
            assert not {"python", "python3", "pip", "pip3", "mkdocs"} & set(words), f"{path.name} : {line}"


def test_ci_runs_the_readme_commands_in_order():
    ci = _load(CI)
    assert {"pull_request", "push"} <= set(_triggers(ci))
    assert list(ci["jobs"]) == ["verifier"]
    runs = _runs(ci)
    order = [_index(runs, c) for c in (INSTALL, CHECK, TEST, BUILD)]
    assert order == sorted(order), runs
    uses = [s.get("uses", "") for s in _steps(ci)]
    assert uses[0].startswith("actions/checkout@")
    setup = next(s for s in _steps(ci) if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements.txt"  # the exact versions
    upload = next(s for s in _steps(ci) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert _steps(ci).index(upload) == len(_steps(ci)) - 1


def test_tests_do_not_annotate_the_pull_request():
    """The suite validates broken files on purpose: not as annotations of the pull request."""
    line = next(r for r in _runs(_load(CI)) if r.endswith(TEST))
    assert "-u GITHUB_ACTIONS" in line and "-u GITHUB_STEP_SUMMARY" in line


def test_deploy_builds_then_publishes_with_least_privileges():
    deploy = _load(DEPLOY)
    triggers = _triggers(deploy)
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert all("permissions" not in job for job in deploy["jobs"].values())
    assert deploy["concurrency"]["group"]
    assert deploy["concurrency"].get("cancel-in-progress") is False  # never cut a deployment short
    build_job, publish_job = deploy["jobs"]["construire"], deploy["jobs"]["publier"]
    runs = _runs({"jobs": {"construire": build_job}})
    # the same as CI (validation, tests), then the build: nothing is published if a test fails
    order = [_index(runs, c) for c in (INSTALL, CHECK, TEST, BUILD)]
    assert order == sorted(order), runs
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build_job["steps"])
    # the site's address is the one GitHub Pages gives (a fork publishes at its own)
    steps = build_job["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if s.get("run", "").strip() == BUILD)
    assert steps.index(pages) < steps.index(build)
    assert build["env"]["SNPD_SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert publish_job["needs"] == "construire"
    assert publish_job["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in publish_job["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=lambda p: p.name)
def test_pdfs_and_journal_are_cached_between_runs_and_edit_links_follow_the_default_branch(path):
    workflow = _load(path)
    job = next(iter(workflow["jobs"].values()))
    assert job["env"]["SNPD_BRANCH"] == "${{ github.event.repository.default_branch }}"
    steps = job["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".cache/pdf", ".cache/journal"]
    # a new entry each run (entries are immutable), the newest one restored
    assert "github.sha" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    build = next(s for s in steps if s.get("run", "").strip() == BUILD)
    assert steps.index(cache) < steps.index(build)


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=lambda p: p.name)
def test_actions_are_pinned_to_the_commit_of_a_release(path):
    uses = [s["uses"] for s in _steps(_load(path)) if "uses" in s]
    assert uses
    for ref in uses:
        assert _PINNED.match(ref), f"{ref} : épinglez le commit d’une version (action@<sha> # vX.Y.Z)"
    assert _USES_LINE.findall(path.read_text(encoding="utf-8")) == uses, "chaque `uses:` suivi de « # vX.Y.Z »"


def test_pre_commit_runs_the_validator_and_ruff():
    config = _load(ROOT / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    check = hooks["valider-contenu"]
    assert check["entry"] == CHECK and check["pass_filenames"] is False
    assert re.search(check["files"], "content/measures/2026/07-x.yaml")
    assert not re.search(check["files"], "generator/models.py")
    entries = " ; ".join(h.get("entry", "") for h in hooks.values())
    assert "ruff check" in entries and "ruff format --check" in entries


# --- What `python -m generator check` tells GitHub ---------------------------------

BROKEN = Path(__file__).parent / "broken" / "2026"


def _check_in_actions(root: Path, summary: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def test_check_annotates_the_faulty_lines_and_writes_a_summary(content_tree, tmp_path):
    root = content_tree(*(BROKEN / n for n in ("02-script.yaml", "02-vide.yaml")))
    summary = tmp_path / "resume.md"
    result = _check_in_actions(root, summary)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert (
        "::error file=content/measures/2026/02-script.yaml,line=7,col=5,title=Contenu invalide::"
        "contexte[1] : le HTML n’est pas autorisé dans les textes (<script>)"
    ) in "\n".join(annotations)
    assert any(a.startswith("::error file=content/measures/2026/02-vide.yaml,line=1,col=1,") for a in annotations)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Validation du contenu")
    assert "2 erreurs** dans 2 fichiers" in text
    assert "**`content/measures/2026/02-script.yaml`**" in text
    assert "- ligne 7, colonne 5 — champ `contexte[1]` : le HTML" in text
    html = markdown.markdown(text)
    assert "<script" not in html and "&lt;script&gt;" in html


def test_check_summary_on_valid_content(content_tree, tmp_path):
    summary = tmp_path / "resume.md"
    result = _check_in_actions(content_tree(), summary)
    assert result.returncode == 0, result.stderr
    assert "✅ **Contenu valide.**" in summary.read_text(encoding="utf-8")


def test_step_summary_escapes_markdown_and_groups_by_file():
    errors = [
        ContentError("content/b.yaml", 3, 2, "titre", "texte avec *étoiles*, _soulignés_ et [crochets](x) | barre"),
        ContentError("content/a.yaml", 0, 0, "", "le fichier est vide"),
        ContentError("content/b.yaml", 1, 1, "", "autre"),
    ]
    warnings = [ContentError("content/c.yaml", 1, 1, "", "sigles absents du glossaire : DGS", "avertissement")]
    text = step_summary(errors, warnings)
    assert text.index("content/a.yaml") < text.index("content/b.yaml")
    assert text.count("**`content/b.yaml`**") == 1
    assert "- fichier entier — le fichier est vide" in text
    html = markdown.markdown(text)
    assert "<em>" not in html and "<a " not in html and "<table" not in html
    assert "*étoiles*" in html and "[crochets](x)" in html
    assert "1 avertissement" in text and "<details>" in text


def test_step_summary_is_bounded():
    errors = [ContentError(f"content/x{i:04d}.yaml", 1, 1, "", "erreur") for i in range(MAX_LISTED + 50)]
    text = step_summary(errors, [])
    assert f"{MAX_LISTED + 50} erreurs" in text
    assert "… et 50 autre(s)" in text
    assert len(text.encode("utf-8")) < 1024 * 1024


# --- What a pull request changes, in its summary ------------------------------------------


def test_pull_requests_get_the_semantic_diff_in_their_summary():
    ci = _load(CI)
    steps = _steps(ci)
    checkout = steps[0]
    assert checkout["with"]["fetch-depth"] == 0, "la comparaison et le journal ont besoin de tout l’historique"
    step = next(s for s in steps if "generator diff" in s.get("run", ""))
    assert step["if"] == "github.event_name == 'pull_request'"
    run = step["run"].strip()
    assert run.startswith(".venv/bin/python -m generator diff ")
    # the merge commit GitHub tests is compared with its first parent, the pull request's base
    assert '"HEAD^1" HEAD' in run and '--output "$GITHUB_STEP_SUMMARY" --append' in run
    # before the validation: the summary is there even when the content does not validate
    check = next(s for s in steps if s.get("run", "").strip() == CHECK)
    assert steps.index(step) < steps.index(check)
    # nothing written to the pull request: a fork's read-only token is enough
    assert ci["permissions"] == {"contents": "read"}
    assert "GITHUB_TOKEN" not in CI.read_text(encoding="utf-8") and "secrets." not in CI.read_text(encoding="utf-8")


def test_deploy_fetches_the_history_of_the_journal():
    checkout = _steps(_load(DEPLOY))[0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
