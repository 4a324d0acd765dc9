"""Build the real site once, serve it on localhost, and drive Debian's Chromium.

The site is built as the deploy workflow builds it for a repository `exemple/depot` on
GitHub Pages, and served under the same sub-path (/depot/): links that only work at the
root of a host would fail here.
"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SNPD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]

# What a GitHub Actions runner and actions/configure-pages give the build of a fork.
PUBLISHED = "https://exemple.github.io/depot/"
PREFIX = "/depot/"
WHERE = {
    "SNPD_SITE_URL": PUBLISHED,
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "exemple/depot",
    "SNPD_BRANCH": "main",
}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **WHERE)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result


class _UnderPrefix(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX only, as GitHub Pages serves a project site."""

    def send_head(self):
        if not self.path.startswith(PREFIX):
            self.send_error(404, "hors du site")
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(built_site):
    site, _ = built_site
    handler = functools.partial(_UnderPrefix, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez bash scripts/install.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    yield pg
    context.close()
