"""Compiled templates kept between builds (generator/templating.py): a changed template is
compiled again, never served from the cache; the cache can be moved or switched off."""

import os
import subprocess
import sys
from pathlib import Path

from generator import templating

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from pathlib import Path
from generator import templating
env = templating.environment(Path(sys.argv[1]))
print(env.get_template("page.md.j2").render(nom="Mesure 7"))
"""


def _render(folder: Path, cache: str) -> str:
    # a new process each time, as each build is: nothing is kept in memory between them
    env = dict(os.environ, SNPD_JINJA_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_changed_template_is_compiled_again(tmp_path):
    templates, cache = tmp_path / "gabarits", tmp_path / "cache"
    templates.mkdir()
    page = templates / "page.md.j2"
    page.write_text("# {{ nom }}\n", encoding="utf-8")
    assert _render(templates, str(cache)) == "# Mesure 7"
    assert len(list(cache.iterdir())) == 1  # compiled once, kept
    assert _render(templates, str(cache)) == "# Mesure 7"
    page.write_text("## {{ nom }} (modifiée)\n", encoding="utf-8")
    assert _render(templates, str(cache)) == "## Mesure 7 (modifiée)"


def test_the_cache_can_be_switched_off(tmp_path, monkeypatch):
    templating.bytecode_cache.cache_clear()
    monkeypatch.setenv("SNPD_JINJA_CACHE", "0")
    try:
        assert templating.bytecode_cache() is None
        assert templating.environment(tmp_path).bytecode_cache is None
    finally:
        templating.bytecode_cache.cache_clear()


def test_the_site_build_keeps_the_theme_templates_too(tmp_path, monkeypatch):
    """The MkDocs hook gives the theme's environment the same cache (on_env)."""
    from generator.site import hook

    templating.bytecode_cache.cache_clear()
    monkeypatch.setenv("SNPD_JINJA_CACHE", str(tmp_path))
    try:
        from jinja2 import Environment

        env = hook.on_env(Environment(), None, None)
        assert env.bytecode_cache is not None and env.bytecode_cache.directory == str(tmp_path)
    finally:
        templating.bytecode_cache.cache_clear()
