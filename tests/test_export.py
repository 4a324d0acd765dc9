"""Open-data export: 50 measures with the documented keys, read exactly as printed."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from generator.export import render

ROOT = Path(__file__).resolve().parent.parent
KEYS_2026 = {
    "strategie",
    "numero",
    "titre",
    "axe",
    "enjeu",
    "contexte",
    "objectifs",
    "modalites",
    "pilote",
    "partenaires",
    "indicateurs",
    "page",
    "url",
}


def test_json_export_cli(tmp_path):
    out = tmp_path / "mesures.json"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", "--format", "json", "--output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    m26 = [r for r in rows if r["strategie"] == "2026-2030"]
    assert len(m26) == 50
    assert all(KEYS_2026 <= set(r) for r in m26)
    assert [r["numero"] for r in m26] == list(range(1, 51))
    first = m26[0]
    assert first["titre"] == "Prévenir l’entrée précoce dans le narcotrafic et accompagner la sortie de la criminalité"
    assert first["axe"] == {"numero": 1, "titre": "Mieux adapter notre réponse aux nouvelles formes de délinquance"}
    assert (
        first["pilote"]
        == "Mission interministérielle de lutte contre les drogues et les conduites addictives (MILDECA)"
    )
    assert first["partenaires"] == "SG-CIPDR, DGGN, DGPN, DPJJ, Éducation nationale, Collectivités, Préfectures"
    assert first["indicateurs"][0] == "Nombre de territoires accompagnés dans le cadre de LIMITS"
    assert first["url"].endswith("/2026-2030/mesures/01-prevenir-entree-precoce-narcotrafic/")


def test_export_matches_yaml_and_is_plain_text(corpus):
    rows = {r["numero"]: r for r in json.loads(render(corpus, "json")) if r["strategie"] == "2026-2030"}
    for e in corpus.strategy("2026-2030").mesures:
        r = rows[e.model.numero]
        assert r["titre"] == " ".join(e.model.titre.split())
        assert r["indicateurs"] == [" ".join(i.split()) for i in e.model.indicateurs]
        for text in [r["titre"], *r["contexte"], *r["objectifs"], *r["modalites"], *r["indicateurs"]]:
            assert "**" not in text and "[^" not in text and "<" not in text


def test_csv_export(corpus):
    text = render(corpus, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len([r for r in rows if r["strategie"] == "2026-2030"]) == 50
    assert rows[0]["titre"].startswith("Prévenir l’entrée précoce")
