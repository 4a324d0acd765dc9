#!/usr/bin/env python3
"""Rehearse one job of .github/workflows/ on this machine, the way a GitHub runner runs it.

Usage: `.venv/bin/python scripts/rehearse.py --help` (e.g. `… deploy.yml construire`,
`… ci.yml verifier`, `… --list`).

What is emulated
----------------
- The checkout: the workflow is read from the rehearsed commit (`--ref`, default HEAD of
  `--repo`, default the repository this script lives in), and the commit is fetched into a
  new, empty folder the way actions/checkout does it: `git init`, a shallow fetch
  (`--fetch-depth`, default 1, 0 for the whole history) of that commit, `git checkout -B
  <branch>`. Uncommitted changes of the source repository are therefore NOT rehearsed (a
  note says so). The folder is `--workdir DIR` (kept) or a temporary one, removed at the
  end unless `--keep`.
- `run:` steps, in order, with the runner's shell command lines: no `shell:` →
  `bash -e {0}` (what the runner really runs, see actions/runner#1955), `shell: bash` →
  `bash --noprofile --norc -eo pipefail {0}`, `sh` → `sh -e {0}`, `python` →
  `python {0}`, or a custom template containing `{0}`. The script (expressions replaced)
  is written to a file in RUNNER_TEMP; cwd is the workspace or the step's
  `working-directory` (also `defaults.run` of the workflow and of the job); stdin is
  /dev/null; stdout and stderr are streamed as they come, merged like in GitHub's log.
  `timeout-minutes` of the job and of the steps is honoured.
- The environment, lowest to highest precedence: this process's environment filtered to
  ALLOWED_ENV below (PATH without an activated virtualenv, HOME, USER, LANG (C.UTF-8 when
  missing), LC_*, TZ, TERM, TMPDIR, proxies and CA bundles), then `--env NAME=VALUE`, then
  what a runner sets (CI=true, GITHUB_ACTIONS, GITHUB_WORKSPACE, GITHUB_REPOSITORY,
  GITHUB_SHA, GITHUB_REF, …, RUNNER_OS, RUNNER_TEMP and, per step, fresh files for
  GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY), then the workflow's
  `env:`, the job's `env:`, what earlier steps wrote to GITHUB_ENV, the step's `env:`,
  and last `--force-env NAME=VALUE`, a deliberate departure from GitHub for a value the
  workflow sets but this machine cannot honour (SNPD_CHROMIUM=/usr/bin/google-chrome).
  As on GitHub, GITHUB_* and RUNNER_* cannot be overridden, and directories written to
  GITHUB_PATH are put in front of PATH (the latest first). After every step, GITHUB_ENV
  and GITHUB_OUTPUT are read in both forms (`NAME=value`, and `NAME<<DELIMITER` … a line
  `DELIMITER` for multi-line values), GITHUB_PATH one directory a line.
- `${{ … }}` in `env:` values, `run:` scripts, `if:`, `working-directory`,
  `continue-on-error` and `timeout-minutes`: literals ('text', numbers, true, false,
  null), `!`, `&&`, `||`, `==`, `!=` (GitHub's loose, case-insensitive comparison),
  parentheses, the status functions success(), failure(), always(), cancelled() (in
  `if:` only), and the contexts github.sha / repository / repository_owner / ref /
  ref_name / ref_type / event_name / workflow / job / run_id / run_number / server_url /
  workspace / event.repository.default_branch (= `--ref-name`), runner.os / arch / temp,
  env.NAME, steps.ID.outputs.NAME, steps.ID.outcome / conclusion. Everything else
  (other contexts such as secrets, vars, matrix, needs, inputs; functions such as
  contains() or hashFiles(); an unset env.NAME; an output no step wrote) stops the
  rehearsal with a French error naming the step and the expression, where GitHub would
  often silently give an empty string. Expressions are checked before anything runs.
- `if:` as on GitHub: without a status function, `success() && (…)` is implied; after a
  failed step the following steps are « non atteintes » except those with `always()` or
  `failure()`; a step with `continue-on-error: true` may fail without stopping the job.

What is not emulated
--------------------
- `uses:` steps (actions) are never run: each is named as it is skipped. The clone
  stands in for actions/checkout; for actions/setup-python the `python`/`python3` found on
  PATH stands in (this host's), or, with `--python-venv DIR`, a `.venv/` made in the clone
  that uses the packages of the virtual environment DIR and the clone's own code, so that
  the install step (scripts/install.sh, which would create a venv and reinstall
  everything) can be skipped with `--skip`. Nothing is written to DIR. The outputs of a
  skipped action (e.g. `base_url` of actions/configure-pages) are given with
  `--step-output ID.NAME=VALUE`; their `with:` inputs are not evaluated; actions/cache
  restores nothing.
- Secrets, variables (`vars`), `services:`, `container:`, `strategy.matrix` (such a job is
  refused), reusable workflows, `needs:` (other jobs are not run, their outputs are not
  available), `environment:`, `permissions:`, `concurrency:`, the event payload (only
  `repository.default_branch`, `full_name` and `name` are in GITHUB_EVENT_PATH), the
  pull_request refs (`--event pull_request` only changes github.event_name), the tool
  cache, the runner's preinstalled software: the host's own is used.
- The workflow commands printed by a step (`::error file=…`, `::group::`, …) are passed
  through as they are, not interpreted.

Exit code: 0 when every step that ran passed (or failed with continue-on-error), 1 when a
step failed, 2 for a usage or workflow error (nothing or only part was run), 130 if
interrupted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

WORKFLOWS_DIR = ".github/workflows"
DEFAULT_REPOSITORY = "exemple/depot"
DEFAULT_BRANCH = "main"
SERVER_URL = "https://github.com"
SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a step summary over 1 MiB

# The host's variables that reach the steps (a runner's own process environment is as
# small); anything else is passed explicitly with --env.
ALLOWED_ENV = {
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TERM",
    "TMPDIR",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
}
ALLOWED_PREFIXES = ("LC_",)
PROTECTED_PREFIXES = ("GITHUB_", "RUNNER_")
ENV_NAME = r"[A-Za-z_][A-Za-z0-9_]*"

SHELLS = {
    None: ["bash", "-e", "{0}"],
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"],
    "sh": ["sh", "-e", "{0}"],
    "python": ["python", "{0}"],
}

# Status labels of the final table
OK = "réussie"
FAILED = "échec"
TOLERATED = "échec toléré"
ACTION = "ignorée (action)"
SKIPPED = "ignorée (--skip)"
CONDITION = "ignorée (condition)"
NOT_REACHED = "non atteinte"
EXPR_ERROR = "erreur d’expression"
TIMED_OUT = "délai dépassé"
INTERRUPTED = "interrompue"


class UsageError(Exception):
    """A bad option, an unknown workflow, job or step: exit code 2, nothing run."""


class ExpressionError(Exception):
    """An expression the rehearsal does not support or cannot evaluate (French message)."""


# --- Expressions ----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>'(?:[^']|'')*')
    | (?P<num>0x[0-9a-fA-F]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
    | (?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\].,*])
    | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.X,
)

STATUS_FUNCTIONS = {"success", "failure", "always", "cancelled"}
GITHUB_FUNCTIONS = {"contains", "startswith", "endswith", "format", "join", "tojson", "fromjson", "hashfiles"}
GITHUB_KEYS = {
    "sha",
    "repository",
    "repository_owner",
    "ref",
    "ref_name",
    "ref_type",
    "event_name",
    "workflow",
    "job",
    "run_id",
    "run_number",
    "server_url",
    "workspace",
}
EVENT_KEYS = {("repository", "default_branch"), ("repository", "full_name"), ("repository", "name")}
RUNNER_KEYS = {"os", "arch", "temp"}
OTHER_CONTEXTS = {"secrets", "vars", "matrix", "needs", "inputs", "job", "jobs", "strategy"}


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"caractère inattendu « {text[pos:].strip()[:1]} »")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent over GitHub's expression grammar (the supported subset)."""

    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, value: str | None = None) -> bool:
        if self.i >= len(self.toks):
            return False
        return value is None or self.toks[self.i][1] == value

    def take(self, value: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise ExpressionError("expression incomplète" + (f" (« {value} » attendu)" if value else ""))
        tok = self.toks[self.i]
        if value is not None and tok[1] != value:
            raise ExpressionError(f"« {value} » attendu, « {tok[1]} » trouvé")
        self.i += 1
        return tok

    def parse(self):
        if not self.toks:
            raise ExpressionError("expression vide")
        node = self.or_()
        if self.i < len(self.toks):
            raise ExpressionError(f"« {self.toks[self.i][1]} » inattendu")
        return node

    def or_(self):
        node = self.and_()
        while self.peek("||"):
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self):
        node = self.cmp()
        while self.peek("&&"):
            self.take()
            node = ("and", node, self.cmp())
        return node

    def cmp(self):
        node = self.unary()
        if self.peek() and self.toks[self.i][1] in ("==", "!="):
            op = self.take()[1]
            node = ("eq" if op == "==" else "ne", node, self.unary())
        if self.peek() and self.toks[self.i][1] in ("<", ">", "<=", ">="):
            raise ExpressionError(f"opérateur « {self.toks[self.i][1]} » non pris en charge par la répétition")
        return node

    def unary(self):
        if self.peek("!"):
            self.take()
            return ("not", self.unary())
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if value == "(" and kind == "op":
            node = self.or_()
            self.take(")")
            return node
        if kind == "str":
            return ("lit", value[1:-1].replace("''", "'"))
        if kind == "num":
            return ("lit", float(int(value, 16)) if value.lower().startswith("0x") else float(value))
        if kind == "name":
            lowered = value.lower()
            if self.peek("("):
                self.take("(")
                if not self.peek(")"):
                    raise ExpressionError(f"fonction « {value}() » appelée avec des arguments, non prise en charge")
                self.take(")")
                if lowered in STATUS_FUNCTIONS:
                    return ("call", lowered)
                if lowered in GITHUB_FUNCTIONS:
                    raise ExpressionError(f"fonction « {value}() » non prise en charge par la répétition")
                raise ExpressionError(f"fonction « {value}() » inconnue")
            if lowered in ("true", "false"):
                return ("lit", lowered == "true")
            if lowered == "null":
                return ("lit", None)
            if value in ("NaN", "Infinity"):
                return ("lit", float(value.lower().replace("infinity", "inf")))
            parts = [value]
            while self.peek(".") or self.peek("["):
                if self.take()[1] == ".":
                    kind, name = self.take()
                    if kind != "name":
                        raise ExpressionError(f"« {name} » après « {'.'.join(parts)}. » : nom attendu")
                    parts.append(name)
                else:
                    kind, key = self.take()
                    if kind != "str":
                        raise ExpressionError(f"index « {key} » non pris en charge (seule une chaîne 'nom' l’est)")
                    parts.append(key[1:-1].replace("''", "'"))
                    self.take("]")
            return ("ctx", tuple(parts))
        raise ExpressionError(f"« {value} » inattendu")


def parse_expression(text: str):
    return _Parser(text).parse()


def split_template(text: str) -> list[tuple[str, str]]:
    """A string cut into ("text", …) and ("expr", …) pieces around `${{ … }}`."""
    pieces, pos = [], 0
    while True:
        start = text.find("${{", pos)
        if start < 0:
            pieces.append(("text", text[pos:]))
            return pieces
        pieces.append(("text", text[pos:start]))
        i = start + 3
        while True:
            if i >= len(text):
                raise ExpressionError(f"« ${{{{ » sans « }}}} » fermant : {text[start : start + 60]!r}")
            if text[i] == "'":
                end = text.find("'", i + 1)
                while end >= 0 and text[end + 1 : end + 2] == "'":
                    end = text.find("'", end + 2)
                if end < 0:
                    raise ExpressionError(f"chaîne non fermée : {text[start : start + 60]!r}")
                i = end + 1
            elif text.startswith("}}", i):
                pieces.append(("expr", text[start + 3 : i].strip()))
                pos = i + 2
                break
            else:
                i += 1


def _uses_status(node) -> bool:
    kind = node[0]
    if kind == "call":
        return True
    if kind == "not":
        return _uses_status(node[1])
    if kind in ("and", "or", "eq", "ne"):
        return _uses_status(node[1]) or _uses_status(node[2])
    return False


def condition_ast(condition) -> object:
    """The AST of an `if:` value, with GitHub's implicit `success() && (…)`."""
    if isinstance(condition, bool):
        node = ("lit", condition)
    elif isinstance(condition, int | float):
        node = ("lit", float(condition))
    else:
        text = str(condition).strip()
        pieces = [p for p in split_template(text) if p != ("text", "")]
        if len(pieces) == 1 and pieces[0][0] == "expr":
            text = pieces[0][1]
        elif any(kind == "expr" for kind, _ in pieces):
            raise ExpressionError("condition qui mêle du texte et ${{ … }} (toujours vraie sur GitHub)")
        node = parse_expression(text)
    return node if _uses_status(node) else ("and", ("call", "success"), node)


def _number(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        try:
            return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
        except ValueError:
            return math.nan
    return math.nan


def loose_equal(a, b) -> bool:
    """GitHub's `==`: numbers when the types differ, strings without regard to case."""
    if type(a) is type(b):
        if isinstance(a, str):
            return a.casefold() == b.casefold()
        if isinstance(a, float):
            return a == b  # NaN is equal to nothing
        return a == b if a is None or isinstance(a, bool) else a is b
    x, y = _number(a), _number(b)
    return x == y


def truthy(value) -> bool:
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    return bool(value) if value is not None else False


def to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value
    raise ExpressionError("un objet ne peut pas être inséré dans du texte (toJSON() non pris en charge)")


# --- Workflow model -------------------------------------------------------------------


@dataclass
class Step:
    index: int
    raw: dict

    @property
    def id(self) -> str | None:
        value = self.raw.get("id")
        return str(value) if value is not None else None

    @property
    def is_action(self) -> bool:
        return "uses" in self.raw

    @property
    def name(self) -> str:
        if self.raw.get("name"):
            return str(self.raw["name"])
        if self.is_action:
            return f"Run {self.raw['uses']}"
        first = next((line for line in str(self.raw.get("run", "")).splitlines() if line.strip()), "")
        return f"Run {first.strip()}"


@dataclass
class Outcome:
    step: Step
    status: str
    seconds: float | None = None
    code: int | None = None


def yaml_text(value) -> str:
    """A scalar of the workflow file as GitHub reads it (booleans in lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def load_workflow(repo: Path, sha: str, name: str) -> dict:
    text = git(repo, "show", f"{sha}:{WORKFLOWS_DIR}/{name}", check=False)
    if text is None:
        raise UsageError(f"workflow « {name} » introuvable dans {WORKFLOWS_DIR}/ du commit {sha[:12]}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"{WORKFLOWS_DIR}/{name} : YAML invalide ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
        raise UsageError(f"{WORKFLOWS_DIR}/{name} : pas de section « jobs »")
    return data


def workflow_names(repo: Path, sha: str) -> list[str]:
    listing = git(repo, "ls-tree", "--name-only", f"{sha}:{WORKFLOWS_DIR}", check=False) or ""
    return sorted(n for n in listing.splitlines() if n.endswith((".yml", ".yaml")))


# --- Git ------------------------------------------------------------------------------


def git(cwd: Path, *args: str, check: bool = True) -> str | None:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=_git_env())
    if result.returncode != 0:
        if check:
            raise UsageError(f"git {' '.join(args)} : {result.stderr.strip()}")
        return None
    return result.stdout


def _git_env() -> dict:
    # A GIT_DIR or GIT_WORK_TREE inherited from a hook would point every command elsewhere.
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def checkout(repo: Path, sha: str, branch: str, target: Path, depth: int) -> None:
    """What actions/checkout does: init, fetch the one commit, check it out as the branch."""
    run_git = ["git", "-c", "init.defaultBranch=" + branch, "-c", "advice.detachedHead=false"]
    steps = [
        ["init", "-q", str(target)],
        ["-C", str(target), "remote", "add", "origin", str(repo)],
        ["-C", str(target), "fetch", "-q", "--no-tags", "--no-recurse-submodules"]
        + ([f"--depth={depth}"] if depth > 0 else [])
        + ["origin", f"+{sha}:refs/remotes/origin/{branch}"],
        ["-C", str(target), "checkout", "-q", "--force", "-B", branch, f"refs/remotes/origin/{branch}"],
    ]
    for args in steps:
        result = subprocess.run(run_git + args, capture_output=True, text=True, env=_git_env())
        if result.returncode != 0:
            raise UsageError(f"récupération du dépôt impossible (git {' '.join(args[:3])}…) : {result.stderr.strip()}")


# --- The borrowed virtual environment (--python-venv) ----------------------------------


def borrow_venv(source: Path, workspace: Path) -> Path:
    """A `.venv/` in the clone that runs the clone's code with the packages of `source`.

    The new environment has no package of its own: a .pth file puts the clone (as an
    editable install would) then the site-packages of `source` on sys.path. The .pth files
    of `source` itself are not read, so its editable install of the project (pointing at
    the original working tree) is not used. Its console scripts are copied with their
    first line pointing at the new interpreter. Nothing is written to `source`."""
    python = source / "bin" / "python"
    if not os.access(python, os.X_OK):
        raise UsageError(f"--python-venv : {python} introuvable ou non exécutable")
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import json, sysconfig; print(json.dumps(sorted({sysconfig.get_path(k) for k in ('purelib', 'platlib')})))",
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise UsageError(f"--python-venv : {python} ne démarre pas : {probe.stderr.strip()}")
    site_dirs = json.loads(probe.stdout)
    target = workspace / ".venv"
    made = subprocess.run([str(python), "-m", "venv", "--without-pip", str(target)], capture_output=True, text=True)
    if made.returncode != 0:
        raise UsageError(f"--python-venv : création de {target} impossible : {made.stderr.strip()}")
    own_site = subprocess.run(
        [str(target / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(own_site, "_repetition.pth").write_text("\n".join([str(workspace), *site_dirs]) + "\n", encoding="utf-8")
    old_prefixes = {str(source / "bin") + "/", str(source.resolve() / "bin") + "/"}
    new_prefix = str(target / "bin") + "/"
    for entry in sorted((source / "bin").iterdir()):
        dest = target / "bin" / entry.name
        if dest.exists() or dest.is_symlink() or entry.name.lower().startswith(("activate", "python")):
            continue
        data = entry.read_bytes() if entry.is_file() else b""
        if data.startswith(b"#!") and len(data) < 1_000_000:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None and any(p in text for p in old_prefixes):
                for p in old_prefixes:
                    text = text.replace(p, new_prefix)
                dest.write_text(text, encoding="utf-8")
                dest.chmod(0o755)
                continue
        dest.symlink_to(entry.resolve())
    return target


# --- The rehearsal ----------------------------------------------------------------------


def fmt_seconds(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.1f} s".replace(".", ",")


def say(*lines: str) -> None:
    print(*lines, sep="\n", flush=True)


def parse_file_command(path: Path, what: str) -> list[tuple[str, str]]:
    """`NAME=value` and `NAME<<DELIMITER … DELIMITER` lines, as the runner reads them."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    pairs, i = [], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        eq, heredoc = line.find("="), line.find("<<")
        if eq >= 0 and (heredoc < 0 or eq < heredoc):
            name, value = line[:eq], line[eq + 1 :]
            if not name:
                raise ExpressionError(f"{what} : nom vide dans « {line} »")
            pairs.append((name, value))
        elif heredoc >= 0:
            name, delimiter = line[:heredoc], line[heredoc + 2 :]
            if not name or not delimiter:
                raise ExpressionError(f"{what} : « {line} » incomplet (NOM<<DÉLIMITEUR attendu)")
            body = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                raise ExpressionError(f"{what} : délimiteur « {delimiter} » de « {name} » jamais refermé")
            i += 1
            pairs.append((name, "\n".join(body)))
        else:
            raise ExpressionError(f"{what} : ligne « {line} » invalide (NOM=valeur ou NOM<<DÉLIMITEUR attendu)")
    return pairs


@dataclass
class Rehearsal:
    workflow_file: str
    workflow: dict
    job_id: str
    sha: str
    args: argparse.Namespace
    step_outputs: dict[str, dict[str, str]]
    workspace: Path | None = None
    runner_temp: Path | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    github_env: dict[str, str] = field(default_factory=dict)
    prepend_path: list[str] = field(default_factory=list)
    steps_ctx: dict[str, dict] = field(default_factory=dict)
    summaries: list[tuple[str, str]] = field(default_factory=list)
    failed: bool = False

    def __post_init__(self):
        self.job = self.workflow["jobs"][self.job_id]
        self.steps = [Step(i, s) for i, s in enumerate(self.job.get("steps") or [], 1)]
        self.run_id = str(int(time.time() * 1000) % 10_000_000_000)

    # -- contexts --

    @property
    def workflow_name(self) -> str:
        return str(self.workflow.get("name") or f"{WORKFLOWS_DIR}/{self.workflow_file}")

    def github_context(self) -> dict:
        owner, name = self.args.repository.split("/", 1)
        return {
            "sha": self.sha,
            "repository": self.args.repository,
            "repository_owner": owner,
            "ref": f"refs/heads/{self.args.ref_name}",
            "ref_name": self.args.ref_name,
            "ref_type": "branch",
            "event_name": self.args.event,
            "workflow": self.workflow_name,
            "job": self.job_id,
            "run_id": self.run_id,
            "run_number": "1",
            "server_url": SERVER_URL,
            "workspace": str(self.workspace or ""),
            "event": {
                "repository": {
                    "default_branch": self.args.ref_name,
                    "full_name": self.args.repository,
                    "name": name,
                }
            },
        }

    def runner_env(self) -> dict[str, str]:
        g = self.github_context()
        return {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": g["workspace"],
            "GITHUB_REPOSITORY": g["repository"],
            "GITHUB_REPOSITORY_OWNER": g["repository_owner"],
            "GITHUB_SERVER_URL": SERVER_URL,
            "GITHUB_SHA": self.sha,
            "GITHUB_REF": g["ref"],
            "GITHUB_REF_NAME": g["ref_name"],
            "GITHUB_REF_TYPE": "branch",
            "GITHUB_EVENT_NAME": g["event_name"],
            "GITHUB_EVENT_PATH": str(self.runner_temp / "_github_workflow" / "event.json"),
            "GITHUB_WORKFLOW": g["workflow"],
            "GITHUB_WORKFLOW_REF": f"{g['repository']}/{WORKFLOWS_DIR}/{self.workflow_file}@{g['ref']}",
            "GITHUB_JOB": self.job_id,
            "GITHUB_RUN_ID": self.run_id,
            "GITHUB_RUN_NUMBER": "1",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_ACTOR": g["repository_owner"],
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": runner_arch(),
            "RUNNER_TEMP": str(self.runner_temp),
        }

    def lookup(self, parts: tuple[str, ...], env: dict[str, str]):
        head = parts[0]
        if head == "github":
            value = self.github_context()
            for part in parts[1:]:
                value = value[part]
            return value
        if head == "runner":
            return {"os": "Linux", "arch": runner_arch(), "temp": str(self.runner_temp or "")}[parts[1]]
        if head == "env":
            if parts[1] not in env:
                raise ExpressionError(
                    f"la variable « {parts[1]} » n’est pas définie dans env: (GitHub donnerait une chaîne vide ; "
                    "les variables du runner comme GITHUB_SHA n’y sont pas, utilisez github.sha)"
                )
            return env[parts[1]]
        if head == "steps":
            step_id, what = parts[1], parts[2]
            ctx = self.steps_ctx.get(step_id)
            if ctx is None:
                raise ExpressionError(f"l’étape « {step_id} » n’a pas encore eu lieu")
            if what in ("outcome", "conclusion"):
                return ctx[what]
            outputs = ctx["outputs"]
            if parts[3] not in outputs:
                raise ExpressionError(
                    f"l’étape « {step_id} » n’a pas écrit la sortie « {parts[3]} » dans GITHUB_OUTPUT "
                    "(GitHub donnerait une chaîne vide)"
                )
            return outputs[parts[3]]
        raise AssertionError(parts)  # rejected by check_ast

    # -- static checks --

    def check_ast(self, node, *, in_if: bool, before: int | None) -> None:
        kind = node[0]
        if kind == "lit":
            return
        if kind == "call":
            if not in_if:
                raise ExpressionError(f"{node[1]}() n’a de sens que dans une condition if:")
            return
        if kind == "not":
            self.check_ast(node[1], in_if=in_if, before=before)
            return
        if kind in ("and", "or", "eq", "ne"):
            self.check_ast(node[1], in_if=in_if, before=before)
            self.check_ast(node[2], in_if=in_if, before=before)
            return
        parts = node[1]
        path = ".".join(parts)
        head = parts[0]
        if head == "github":
            if len(parts) == 2 and parts[1] in GITHUB_KEYS:
                return
            if len(parts) == 4 and parts[1] == "event" and tuple(parts[2:]) in EVENT_KEYS:
                return
            raise ExpressionError(f"« {path} » n’est pas simulé par la répétition")
        if head == "runner":
            if len(parts) == 2 and parts[1] in RUNNER_KEYS:
                return
            raise ExpressionError(f"« {path} » n’est pas simulé par la répétition")
        if head == "env":
            if len(parts) == 2:
                return
            raise ExpressionError(f"« {path} » : env.NOM attendu")
        if head == "steps":
            ok = (len(parts) == 4 and parts[2] == "outputs") or (
                len(parts) == 3 and parts[2] in ("outcome", "conclusion")
            )
            if not ok:
                raise ExpressionError(
                    f"« {path} » : steps.ID.outputs.NOM, steps.ID.outcome ou steps.ID.conclusion attendu"
                )
            target = next((s for s in self.steps if s.id == parts[1]), None)
            if target is None:
                ids = ", ".join(s.id for s in self.steps if s.id) or "aucun"
                raise ExpressionError(f"aucune étape du job n’a l’id « {parts[1]} » (ids : {ids})")
            if before is not None and target.index >= before:
                raise ExpressionError(f"l’étape « {parts[1]} » ne vient pas avant celle-ci")
            stands_in = target.is_action or target.name in self.args.skip
            if len(parts) == 4 and stands_in and parts[3] not in self.step_outputs.get(parts[1], {}):
                why = "une action, non exécutée" if target.is_action else "ignorée par --skip"
                raise ExpressionError(
                    f"l’étape « {parts[1]} » ({target.name}) est {why} : donnez sa sortie avec "
                    f"--step-output {parts[1]}.{parts[3]}=VALEUR"
                )
            return
        if head in OTHER_CONTEXTS:
            raise ExpressionError(f"le contexte « {head} » n’est pas simulé par la répétition")
        raise ExpressionError(f"contexte « {head} » inconnu")

    def check_template(self, value, *, before: int | None) -> None:
        for kind, text in split_template(yaml_text(value)):
            if kind == "expr":
                try:
                    self.check_ast(parse_expression(text), in_if=False, before=before)
                except ExpressionError as exc:
                    raise ExpressionError(f"{exc} dans ${{{{ {text} }}}}") from None

    def check_condition(self, value, *, before: int | None) -> None:
        try:
            self.check_ast(condition_ast(value), in_if=True, before=before)
        except ExpressionError as exc:
            raise ExpressionError(f"{exc} dans la condition « if: {yaml_text(value)} »") from None

    def preflight(self) -> None:
        """Every unsupported feature or expression, before anything is cloned or run."""
        job = self.job
        where = f"job « {self.job_id} »"
        for key, what in (
            ("services", "les services"),
            ("container", "les conteneurs"),
            ("uses", "les workflows réutilisables"),
        ):
            if key in job:
                raise UsageError(f"{where} : {what} (« {key}: ») ne sont pas simulés par la répétition")
        if isinstance(job.get("strategy"), dict) and "matrix" in job["strategy"]:
            raise UsageError(f"{where} : « strategy.matrix » n’est pas simulé ; répétez une variante à la main")
        runs_on = " ".join(
            map(str, job.get("runs-on") if isinstance(job.get("runs-on"), list) else [job.get("runs-on", "")])
        )
        if re.search(r"windows|macos", runs_on, re.I):
            raise UsageError(f"{where} : runs-on « {runs_on} » ; seuls les runners Linux sont simulés")
        if not self.steps:
            raise UsageError(f"{where} : aucune étape")
        names = {s.name for s in self.steps}
        unknown = [n for n in self.args.skip if n not in names]
        if unknown:
            listing = "\n".join(f"  - {s.name}" + ("" if not s.is_action else " (action)") for s in self.steps)
            raise UsageError(
                "--skip : étape inconnue : " + ", ".join(f"« {n} »" for n in unknown) + f"\nÉtapes du job :\n{listing}"
            )
        for step_id in self.step_outputs:
            target = next((s for s in self.steps if s.id == step_id), None)
            if target is None:
                ids = ", ".join(s.id for s in self.steps if s.id) or "aucun"
                raise UsageError(f"--step-output : aucune étape du job n’a l’id « {step_id} » (ids : {ids})")
            if not target.is_action and target.name not in self.args.skip:
                raise UsageError(
                    f"--step-output : l’étape « {step_id} » est exécutée, ses sorties sont celles qu’elle écrit "
                    "dans GITHUB_OUTPUT (--step-output ne remplace que les actions et les étapes ignorées)"
                )
        try:
            for scope, env in (("workflow", self.workflow.get("env")), (where, job.get("env"))):
                for name, value in (env or {}).items():
                    try:
                        self.check_template(value, before=0)
                    except ExpressionError as exc:
                        raise ExpressionError(f"{scope}, env.{name} : {exc}") from None
            if "if" in job:
                try:
                    self.check_condition(job["if"], before=0)
                except ExpressionError as exc:
                    raise ExpressionError(f"{where}, if: {exc}") from None
            for step in self.steps:
                raw = step.raw
                try:
                    if step.is_action and "run" in raw:
                        raise ExpressionError("« uses: » et « run: » à la fois")
                    if not step.is_action and "run" not in raw:
                        raise ExpressionError("ni « uses: » ni « run: »")
                    if "if" in raw:
                        self.check_condition(raw["if"], before=step.index)
                    for key in ("continue-on-error", "timeout-minutes"):
                        if key in raw:
                            self.check_template(raw[key], before=step.index)
                    if not step.is_action:
                        for value in (raw.get("env") or {}).values():
                            self.check_template(value, before=step.index)
                        self.check_template(raw["run"], before=step.index)
                        self.check_template(raw.get("working-directory", ""), before=step.index)
                        shell = raw.get("shell") or self.defaults().get("shell")
                        if shell is not None and shell not in SHELLS and "{0}" not in str(shell):
                            raise ExpressionError(
                                f"shell « {shell} » non simulé (bash, sh, python ou modèle avec {{0}})"
                            )
                except ExpressionError as exc:
                    raise ExpressionError(f"étape « {step.name} » : {exc}") from None
        except ExpressionError as exc:
            raise UsageError(str(exc)) from None

    def defaults(self) -> dict:
        out = {}
        for scope in (self.workflow, self.job):
            run = ((scope.get("defaults") or {}).get("run")) or {}
            out.update({k: v for k, v in run.items() if k in ("shell", "working-directory")})
        return out

    # -- evaluation --

    def evaluate(self, node, env: dict[str, str]):
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "ctx":
            return self.lookup(node[1], env)
        if kind == "call":
            return {"success": not self.failed, "failure": self.failed, "always": True, "cancelled": False}[node[1]]
        if kind == "not":
            return not truthy(self.evaluate(node[1], env))
        if kind == "and":
            left = self.evaluate(node[1], env)
            return self.evaluate(node[2], env) if truthy(left) else left
        if kind == "or":
            left = self.evaluate(node[1], env)
            return left if truthy(left) else self.evaluate(node[2], env)
        equal = loose_equal(self.evaluate(node[1], env), self.evaluate(node[2], env))
        return equal if kind == "eq" else not equal

    def interpolate(self, value, env: dict[str, str]) -> str:
        out = []
        for kind, text in split_template(yaml_text(value)):
            if kind == "text":
                out.append(text)
                continue
            try:
                node = parse_expression(text)
                self.check_ast(node, in_if=False, before=None)
                out.append(to_text(self.evaluate(node, env)))
            except ExpressionError as exc:
                raise ExpressionError(f"{exc} dans ${{{{ {text} }}}}") from None
        return "".join(out)

    def condition(self, value, env: dict[str, str]) -> bool:
        try:
            node = condition_ast(value)
            self.check_ast(node, in_if=True, before=None)
            return truthy(self.evaluate(node, env))
        except ExpressionError as exc:
            raise ExpressionError(f"{exc} dans la condition « if: {yaml_text(value)} »") from None

    # -- running --

    @property
    def forced(self) -> dict[str, str]:
        return dict(parse_pairs(self.args.force_env, "--force-env", ENV_NAME))

    def base_env(self) -> dict[str, str]:
        env = host_env()
        for item in self.args.env:
            name, value = item.split("=", 1)
            env[name] = value
        env.update(self.runner_env())
        return env

    def job_env(self) -> dict[str, str]:
        """The workflow's and the job's env:, evaluated once when the job starts."""
        declared: dict[str, str] = {}
        for scope, values in (("workflow", self.workflow.get("env")), (f"job « {self.job_id} »", self.job.get("env"))):
            for name, value in (values or {}).items():
                try:
                    declared[str(name)] = self.interpolate(value, declared)
                except ExpressionError as exc:
                    raise ExpressionError(f"{scope}, env.{name} : {exc}") from None
        return declared

    def step_env(self, step: Step, base: dict[str, str], declared: dict[str, str]) -> tuple[dict, dict]:
        """(the process environment, the `env` context) of a run step."""
        context = {**declared, **self.github_env}
        own = {}
        for name, value in (step.raw.get("env") or {}).items():
            own[str(name)] = self.interpolate(value, context)
        context = {**context, **own, **self.forced}
        env = {**base, **context}
        for name in context:
            if name.startswith(PROTECTED_PREFIXES) and name in base:
                say(f"note : {name} est fixée par le runner ; la valeur de env: ou de GITHUB_ENV est ignorée")
                env[name] = base[name]
        if self.prepend_path:
            env["PATH"] = os.pathsep.join([*reversed(self.prepend_path), env.get("PATH", "")])
        return env, context

    def record(self, step: Step, status: str, seconds: float | None = None, code: int | None = None) -> None:
        self.outcomes.append(Outcome(step, status, seconds, code))
        if step.id:
            outcome = {OK: "success", ACTION: "success", TOLERATED: "failure"}.get(status, "skipped")
            if status in (FAILED, TIMED_OUT, INTERRUPTED):
                outcome = "failure"
            if status == SKIPPED and step.id in self.step_outputs:
                outcome = "success"
            ctx = self.steps_ctx.setdefault(step.id, {"outputs": {}})
            ctx["outcome"] = outcome
            ctx["conclusion"] = "success" if status == TOLERATED else outcome

    def run(self) -> int:
        self.runner_temp.joinpath("_github_workflow").mkdir(parents=True, exist_ok=True)
        g = self.github_context()
        event = {"repository": g["event"]["repository"], "ref": g["ref"], "after": self.sha}
        (self.runner_temp / "_github_workflow" / "event.json").write_text(json.dumps(event), encoding="utf-8")
        base = self.base_env()
        try:
            deadline = time.monotonic() + 60 * minutes(yaml_text(self.job.get("timeout-minutes", 360)))
            declared = self.job_env()
            if "if" in self.job and not self.condition(self.job["if"], declared):
                say(f"Job « {self.job_id} » ignoré : sa condition if: est fausse.")
                for step in self.steps:
                    self.record(step, CONDITION)
                return 0
        except ExpressionError as exc:
            say(f"erreur : {exc}")
            return 2
        total = len(self.steps)
        for step in self.steps:
            label = f"[{step.index}/{total}] {step.name}"
            try:
                wanted = (
                    self.condition(step.raw["if"], {**declared, **self.github_env})
                    if "if" in step.raw
                    else not self.failed
                )
            except ExpressionError as exc:
                say(f"erreur : étape « {step.name} » : {exc}")
                self.record(step, EXPR_ERROR)
                return 2
            if not wanted:
                status = NOT_REACHED if self.failed else CONDITION
                why = "une étape précédente a échoué" if self.failed else "sa condition if: est fausse"
                say(f"── {label} : étape {status} ({why})")
                self.record(step, status)
                continue
            if step.is_action:
                say(
                    f"── {label} : étape ignorée (action) : {step.name} — {step.raw['uses']}{stand_in(step, self.args)}"
                )
                self.stand_in_outputs(step)
                self.record(step, ACTION)
                continue
            if step.name in self.args.skip:
                say(f"── {label} : étape ignorée (--skip)")
                self.stand_in_outputs(step)
                self.record(step, SKIPPED)
                continue
            try:
                status = self.run_step(step, label, base, declared, deadline)
            except ExpressionError as exc:
                say(f"erreur : étape « {step.name} » : {exc}")
                self.record(step, EXPR_ERROR)
                return 2
            if status in (FAILED, TIMED_OUT):
                self.failed = True
            if status == INTERRUPTED:
                return 130
        return 1 if self.failed else 0

    def stand_in_outputs(self, step: Step) -> None:
        """The outputs given with --step-output for a step that is not run."""
        if step.id in self.step_outputs:
            self.steps_ctx.setdefault(step.id, {"outputs": {}})["outputs"].update(self.step_outputs[step.id])
            for name, value in self.step_outputs[step.id].items():
                say(f"   sortie fournie par --step-output : steps.{step.id}.outputs.{name} = {value}")

    def run_step(self, step: Step, label: str, base: dict, declared: dict, deadline: float) -> str:
        raw = step.raw
        env, context = self.step_env(step, base, declared)
        script = self.interpolate(raw["run"], context)
        defaults = self.defaults()
        workdir = raw.get("working-directory", defaults.get("working-directory"))
        cwd = self.workspace / self.interpolate(workdir, context) if workdir not in (None, "") else self.workspace
        continue_on_error = truthy_text(self.interpolate(raw.get("continue-on-error", False), context))
        timeout = deadline - time.monotonic()
        if "timeout-minutes" in raw:
            timeout = min(timeout, 60 * minutes(self.interpolate(raw["timeout-minutes"], context)))
        shell = raw.get("shell", defaults.get("shell"))
        template = SHELLS.get(shell) or shlex.split(str(shell))
        files = self.runner_temp / "_runner_file_commands"
        files.mkdir(exist_ok=True)
        token = uuid.uuid4().hex
        commands = {
            name: files / f"{name.lower()}_{token}"
            for name in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")
        }
        for name, path in commands.items():
            path.touch()
            env[name] = str(path)
        env["GITHUB_ACTION"] = step.id or f"__run_{step.index}"
        suffix = ".py" if template[0] == "python" else ".sh"
        script_file = self.runner_temp / f"{token}{suffix}"
        script_file.write_text(script, encoding="utf-8")
        program = shutil.which(template[0], path=env.get("PATH")) or template[0]
        command = [program] + [a.replace("{0}", str(script_file)) for a in template[1:]]
        say(f"── {label}")
        for line in script.rstrip("\n").splitlines():
            say(f"   $ {line}")
        say(f"   (shell : {' '.join([program, *template[1:]])} ; dossier : {cwd})")
        start = time.monotonic()
        status, code = self.spawn(command, cwd, env, timeout)
        seconds = time.monotonic() - start
        if status == OK and code != 0:
            status = TOLERATED if continue_on_error else FAILED
        try:
            self.absorb(step, commands)
        except ExpressionError as exc:
            say(f"erreur : {exc}")
            if status == OK:
                status = FAILED
        if status in (TIMED_OUT, INTERRUPTED):
            say(f"── {step.name} : {status} après {fmt_seconds(seconds)}")
        else:
            say(
                f"── {step.name} : code de sortie {code}, {fmt_seconds(seconds)}"
                + (" (continue-on-error)" if status == TOLERATED else "")
            )
        self.record(step, status, seconds, code)
        return status

    def spawn(self, command: list[str], cwd: Path, env: dict, timeout: float) -> tuple[str, int | None]:
        if not cwd.is_dir():
            say(f"erreur : dossier de travail introuvable : {cwd}")
            return OK, 1
        try:
            proc = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=None,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            say(f"erreur : impossible de lancer {command[0]} : {exc}")
            return OK, 127
        try:
            return OK, proc.wait(timeout=max(timeout, 0.001))
        except subprocess.TimeoutExpired:
            stop_group(proc)
            return TIMED_OUT, None
        except KeyboardInterrupt:
            stop_group(proc)
            return INTERRUPTED, None

    def absorb(self, step: Step, commands: dict[str, Path]) -> None:
        """What the step wrote to GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT and its summary."""
        for name, value in parse_file_command(commands["GITHUB_ENV"], "GITHUB_ENV"):
            self.github_env[name] = value
        for line in commands["GITHUB_PATH"].read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                if line in self.prepend_path:
                    self.prepend_path.remove(line)
                self.prepend_path.append(line)
        outputs = dict(parse_file_command(commands["GITHUB_OUTPUT"], "GITHUB_OUTPUT"))
        if step.id:
            self.steps_ctx.setdefault(step.id, {"outputs": {}})["outputs"].update(outputs)
        summary = commands["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8", errors="replace")
        if len(summary.encode("utf-8")) > SUMMARY_LIMIT:
            say(f"note : le résumé de l’étape dépasse 1 Mio, GitHub ne l’afficherait pas ({step.name})")
        if summary:
            self.summaries.append((step.name, summary))

    def table(self, started: float) -> None:
        width = max([len(o.step.name) for o in self.outcomes] + [5])
        status_width = max([len(o.status) for o in self.outcomes] + [8])
        say("", f"Résumé de la répétition — {self.workflow_name} ({self.workflow_file}), job « {self.job_id} »")
        say(f"  n°  {'étape':<{width}}  {'résultat':<{status_width}}  durée")
        for o in self.outcomes:
            say(f"  {o.step.index:>2}  {o.step.name:<{width}}  {o.status:<{status_width}}  {fmt_seconds(o.seconds):>8}")
        reported = {o.step.index for o in self.outcomes}
        for step in self.steps:
            if step.index not in reported:
                say(f"  {step.index:>2}  {step.name:<{width}}  {NOT_REACHED:<{status_width}}  {'–':>8}")
        count = {}
        for o in self.outcomes:
            count[o.status] = count.get(o.status, 0) + 1
        missing = len(self.steps) - len(reported)
        ran = count.get(OK, 0) + count.get(TOLERATED, 0) + count.get(FAILED, 0) + count.get(TIMED_OUT, 0)
        skipped = count.get(ACTION, 0) + count.get(SKIPPED, 0) + count.get(CONDITION, 0)
        failed = count.get(FAILED, 0) + count.get(TIMED_OUT, 0) + count.get(EXPR_ERROR, 0) + count.get(INTERRUPTED, 0)
        parts = [
            f"{ran} exécutée(s)",
            f"{failed} en échec",
            f"{skipped} ignorée(s)",
            f"{count.get(NOT_REACHED, 0) + missing} non atteinte(s)",
        ]
        say(f"Total : {fmt_seconds(time.monotonic() - started)} — " + ", ".join(parts) + ".")


def minutes(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ExpressionError(f"timeout-minutes : « {value} » n’est pas un nombre") from None


def truthy_text(value: str) -> bool:
    return value.strip().lower() not in ("", "false", "0")


def stand_in(step: Step, args: argparse.Namespace) -> str:
    uses = str(step.raw["uses"]).split("@")[0]
    if uses == "actions/checkout":
        return " (le clone en tient lieu)"
    if uses == "actions/setup-python":
        if args.python_venv:
            return f" (--python-venv en tient lieu : .venv/ du clone sur les paquets de {args.python_venv})"
        return " (le python/python3 de l’hôte en tient lieu)"
    return ""


def stop_group(proc: subprocess.Popen) -> None:
    """End the step's process group (it was started in its own session)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def runner_arch() -> str:
    machine = platform.machine().lower()
    return {"x86_64": "X64", "amd64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}.get(machine, machine.upper())


def host_env() -> dict[str, str]:
    """This process's environment, filtered to what a runner's own process has."""
    env = {k: v for k, v in os.environ.items() if k in ALLOWED_ENV or k.startswith(ALLOWED_PREFIXES)}
    venv = os.environ.get("VIRTUAL_ENV")
    if venv and "PATH" in env:
        activated = os.path.join(venv, "bin")
        env["PATH"] = os.pathsep.join(
            p for p in env["PATH"].split(os.pathsep) if os.path.normpath(p) != os.path.normpath(activated)
        )
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.setdefault("LANG", "C.UTF-8")
    return env


# --- Command line ---------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="utilisation : ")


class _FrenchArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        for english, french in (
            ("unrecognized arguments", "arguments inconnus"),
            ("expected one argument", "une valeur est attendue"),
            ("argument ", "option "),
            ("invalid int value", "nombre entier attendu, reçu"),
        ):
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        print(f"erreur : {message}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _FrenchArgumentParser(
        prog="scripts/rehearse.py",
        usage="%(prog)s [options] [WORKFLOW] JOB   |   %(prog)s --list",
        description=(
            "Répète un job de .github/workflows/ comme un runner GitHub : clone propre du commit,\n"
            "étapes run: dans l’ordre (bash), variables et fichiers du runner, expressions ${{ … }}.\n"
            "Les étapes uses: (actions) ne sont pas exécutées ; chacune est nommée."
        ),
        epilog=(
            "exemples :\n"
            "  .venv/bin/python scripts/rehearse.py --list\n"
            "  .venv/bin/python scripts/rehearse.py ci.yml verifier\n"
            "  .venv/bin/python scripts/rehearse.py deploy.yml construire --python-venv .venv \\\n"
            "      --skip 'Installer les dépendances' --skip 'Lancer les tests' \\\n"
            "      --step-output pages.base_url=https://exemple.github.io/depot --keep\n\n"
            "codes de sortie : 0 réussite, 1 une étape a échoué, 2 erreur d’utilisation ou de workflow, 130 interruption."
        ),
        formatter_class=_Formatter,
        add_help=False,
    )
    p._positionals.title = "arguments"
    p._optionals.title = "options"
    p.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    p.add_argument(
        "names",
        nargs="*",
        metavar="[WORKFLOW] JOB",
        help="fichier de .github/workflows/ (deploy.yml) et id du job (construire) ; le job seul suffit s’il est unique",
    )
    p.add_argument("--list", action="store_true", help="lister les workflows, leurs jobs et leurs étapes")
    p.add_argument("--repo", type=Path, help="dépôt source (par défaut : celui de ce script)")
    p.add_argument("--ref", default="HEAD", help="révision répétée (par défaut : HEAD)")
    p.add_argument("--workdir", type=Path, help="dossier du clone, vide ou inexistant, conservé à la fin")
    p.add_argument("--keep", action="store_true", help="conserver le clone temporaire à la fin")
    p.add_argument(
        "--fetch-depth",
        type=int,
        default=1,
        help="profondeur de l’historique récupéré, comme actions/checkout (1 ; 0 : tout)",
    )
    p.add_argument(
        "--repository",
        default=DEFAULT_REPOSITORY,
        help=f"GITHUB_REPOSITORY, compte/dépôt (par défaut : {DEFAULT_REPOSITORY})",
    )
    p.add_argument(
        "--ref-name",
        default=DEFAULT_BRANCH,
        help=f"branche poussée, aussi branche par défaut du dépôt (par défaut : {DEFAULT_BRANCH})",
    )
    p.add_argument("--event", default="push", help="GITHUB_EVENT_NAME (par défaut : push)")
    p.add_argument(
        "--step-output",
        action="append",
        default=[],
        metavar="ID.NOM=VALEUR",
        help="sortie d’une étape non exécutée (action ou --skip), par exemple pages.base_url=https://exemple.github.io/depot",
    )
    p.add_argument(
        "--skip", action="append", default=[], metavar="NOM", help="ne pas exécuter l’étape run: de ce nom (répétable)"
    )
    p.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NOM=VALEUR",
        help="variable ajoutée à l’environnement du runner (répétable) ; le env: du workflow l’emporte, comme sur GitHub",
    )
    p.add_argument(
        "--force-env",
        action="append",
        default=[],
        metavar="NOM=VALEUR",
        help="variable imposée à toutes les étapes, par-dessus les env: du workflow (écart volontaire à GitHub, "
        "par exemple SNPD_CHROMIUM sur une machine sans Google Chrome)",
    )
    p.add_argument(
        "--python-venv",
        type=Path,
        metavar="DOSSIER",
        help="tient lieu de setup-python et de l’installation : .venv/ du clone sur les paquets de cet environnement virtuel (qui n’est pas modifié) ; à combiner avec --skip de l’étape d’installation",
    )
    p.add_argument(
        "--summary",
        type=Path,
        metavar="FICHIER",
        help="recopier les résumés des étapes (GITHUB_STEP_SUMMARY) dans ce fichier",
    )
    return p


def parse_pairs(items: list[str], option: str, pattern: str) -> list[tuple[str, str]]:
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not re.fullmatch(pattern, name):
            raise UsageError(
                f"{option} « {item} » : {option} {'ID.NOM' if option == '--step-output' else 'NOM'}=VALEUR attendu"
            )
        out.append((name, value))
    return out


def list_workflows(repo: Path, sha: str, only: str | None) -> None:
    names = workflow_names(repo, sha)
    if only:
        names = [n for n in names if n == only]
        if not names:
            raise UsageError(
                f"workflow « {only} » introuvable (présents : {', '.join(workflow_names(repo, sha)) or 'aucun'})"
            )
    for name in names:
        workflow = load_workflow(repo, sha, name)
        say(f"{name} — {workflow.get('name') or name}")
        for job_id, job in workflow["jobs"].items():
            steps = [Step(i, s) for i, s in enumerate(job.get("steps") or [], 1)]
            runs = sum(not s.is_action for s in steps)
            needs = job.get("needs")
            extra = f" ; needs: {needs if isinstance(needs, str) else ', '.join(needs)}" if needs else ""
            say(
                f"  {job_id} — {job.get('name') or job_id} ({runs} étape(s) run:, {len(steps) - runs} action(s){extra})"
            )
            for s in steps:
                say(f"      {s.index:>2}. {s.name}" + (f"  [{s.raw['uses']}]" if s.is_action else ""))


def find_job(repo: Path, sha: str, names: list[str]) -> tuple[str, str]:
    available = workflow_names(repo, sha)
    if not available:
        raise UsageError(f"aucun workflow dans {WORKFLOWS_DIR}/ du commit {sha[:12]}")
    if len(names) == 2:
        workflow_file, job_id = Path(names[0]).name, names[1]
        if workflow_file not in available:
            raise UsageError(f"workflow « {names[0]} » introuvable (présents : {', '.join(available)})")
        jobs = load_workflow(repo, sha, workflow_file)["jobs"]
        if job_id not in jobs:
            raise UsageError(f"{workflow_file} : job « {job_id} » inconnu (jobs : {', '.join(jobs)})")
        return workflow_file, job_id
    job_id = names[0]
    found = [w for w in available if job_id in load_workflow(repo, sha, w)["jobs"]]
    if len(found) == 1:
        return found[0], job_id
    every = ", ".join(f"{w} {j}" for w in available for j in load_workflow(repo, sha, w)["jobs"])
    if not found:
        raise UsageError(f"job « {job_id} » introuvable (jobs : {every})")
    raise UsageError(f"job « {job_id} » présent dans plusieurs workflows ({', '.join(found)}) : nommez le workflow")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return rehearse(args)
    except UsageError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Répétition interrompue.", file=sys.stderr)
        return 130


def rehearse(args: argparse.Namespace) -> int:
    repo = args.repo or Path(__file__).resolve().parent
    top = git(repo, "rev-parse", "--show-toplevel", check=False)
    if top is None:
        raise UsageError(f"--repo : {repo} n’est pas un dépôt git")
    repo = Path(top.strip())
    sha = git(repo, "rev-parse", "--verify", "--quiet", f"{args.ref}^{{commit}}", check=False)
    if not sha:
        raise UsageError(f"--ref : révision « {args.ref} » inconnue dans {repo}")
    sha = sha.strip()
    if args.list:
        if len(args.names) > 1:
            raise UsageError("--list prend au plus un nom de workflow")
        list_workflows(repo, sha, Path(args.names[0]).name if args.names else None)
        return 0
    if len(args.names) not in (1, 2):
        raise UsageError("nommez un job (et son workflow), par exemple : deploy.yml construire ; --list pour les voir")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.repository):
        raise UsageError(f"--repository « {args.repository} » : compte/dépôt attendu")
    for option, items in (("--env", args.env), ("--force-env", args.force_env)):
        for name, _ in parse_pairs(items, option, ENV_NAME):
            if name == "CI" or name.startswith(PROTECTED_PREFIXES):
                raise UsageError(
                    f"{option} {name} : variable fixée par le runner (voir --repository, --ref-name, --event)"
                )
    step_outputs: dict[str, dict[str, str]] = {}
    for key, value in parse_pairs(
        args.step_output, "--step-output", r"[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*"
    ):
        step_id, name = key.split(".", 1)
        step_outputs.setdefault(step_id, {})[name] = value
    if args.python_venv:
        args.python_venv = args.python_venv.absolute()
    if args.workdir and args.workdir.exists() and (not args.workdir.is_dir() or any(args.workdir.iterdir())):
        raise UsageError(f"--workdir : {args.workdir} n’est pas un dossier vide")

    workflow_file, job_id = find_job(repo, sha, args.names)
    run = Rehearsal(workflow_file, load_workflow(repo, sha, workflow_file), job_id, sha, args, step_outputs)
    run.preflight()
    declared = {str(k) for scope in (run.workflow, run.job) for k in (scope.get("env") or {})}
    for name, _ in parse_pairs(args.env, "--env", ENV_NAME):
        if name in declared:
            say(f"Note : --env {name} : le env: du workflow l’emporte, comme sur GitHub (--force-env pour l’imposer).")

    dirty = git(repo, "status", "--porcelain", check=False)
    if dirty and args.ref == "HEAD":
        say(f"Note : les modifications non validées de {repo} ne sont pas répétées (seul le commit {sha[:12]} l’est).")
    started = time.monotonic()
    keep = bool(args.workdir) or args.keep
    workspace = (args.workdir.absolute() if args.workdir else Path(tempfile.mkdtemp(prefix="repetition-"))).resolve()
    runner_temp = Path(tempfile.mkdtemp(prefix="repetition-runner-"))
    previous = signal.signal(signal.SIGTERM, _terminate)
    code = 2
    try:
        workspace.mkdir(parents=True, exist_ok=True)
        say(
            f"Répétition de {workflow_file}, job « {job_id} » ({run.job.get('name') or job_id}) : "
            f"commit {sha[:12]} de {repo}, runs-on {run.job.get('runs-on', '?')} simulé sur cette machine"
        )
        checkout(repo, sha, args.ref_name, workspace, args.fetch_depth)
        say(f"Clone : {workspace}")
        if args.python_venv:
            venv = borrow_venv(args.python_venv, workspace)
            say(f"Environnement Python : {venv} (paquets de {args.python_venv})")
        run.workspace, run.runner_temp = workspace, runner_temp
        needs = run.job.get("needs")
        if needs:
            say(f"Note : needs: {needs} — les jobs requis ne sont pas exécutés.")
        try:
            code = run.run()
        except KeyboardInterrupt:
            code = 130
        run.table(started)
        if args.summary:
            args.summary.parent.mkdir(parents=True, exist_ok=True)
            text = "".join(
                f"<!-- étape : {name} -->\n{body}" + ("" if body.endswith("\n") else "\n")
                for name, body in run.summaries
            )
            args.summary.write_text(text, encoding="utf-8")
            say(f"Résumés des étapes : {args.summary} ({len(run.summaries)} étape(s))")
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(runner_temp, ignore_errors=True)
        if keep:
            say(f"Clone conservé : {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)
    verdict = {0: "réussie", 1: "en échec", 2: "arrêtée (erreur de workflow)", 130: "interrompue"}.get(
        code, f"code {code}"
    )
    say(f"Répétition {verdict}.")
    return code


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
