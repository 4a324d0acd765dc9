import shutil
from pathlib import Path

import pytest

from generator.content import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


# Where the build runs (see generator/siteconfig.py). A GitHub runner sets some of these:
# tests start from the local defaults and set what they test.
WHERE = ("SNPD_SITE_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "SNPD_BRANCH")


@pytest.fixture(scope="session", autouse=True)
def local_defaults():
    with pytest.MonkeyPatch.context() as mp:
        for name in WHERE:
            mp.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture
def content_tree(tmp_path):
    """A minimal valid content tree (the 2026 strategy and measure 1) to break on purpose."""

    def make(*extra: Path, with_2019: bool = False) -> Path:
        shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
        (tmp_path / "content" / "strategies").mkdir(parents=True)
        shutil.copy(ROOT / "content/strategies/2026-2030.yaml", tmp_path / "content/strategies")
        measures = tmp_path / "content/measures/2026"
        measures.mkdir(parents=True)
        shutil.copy(next((ROOT / "content/measures/2026").glob("01-*.yaml")), measures)
        for path in extra:
            shutil.copy(path, measures / path.name)
        return tmp_path

    return make
