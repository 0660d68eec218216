"""Short smoke runs of the load test and the fault drills (the full runs are scripts you run and report).

They start real gunicorn servers and huey workers on loopback, on the test run's database server
(SQLite files, or new databases on the PostgreSQL server of FORUM_FEEDBACK_TEST_DATABASE_URL).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from forum_feedback.analysis import safeguarding_net as net
from forum_feedback.demo.corpus import generate_corpus
from tests.conftest import POSTGRES_URL
from tests.helpers import load_script

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

pytestmark = pytest.mark.scripts


def run_script(name: str, *args: str) -> dict:
    database = ["--database-url", POSTGRES_URL] if POSTGRES_URL else []
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / name), *args, *database],
        cwd=SCRIPTS,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_load_test_smoke_run_loses_nothing():
    figures = run_script(
        "load_test.py",
        *("--seconds", "4", "--families", "3", "--reps", "1", "--think", "0.1", "--demo-items", "120"),
        *("--capacity-seconds", "1", "--hello-seconds", "1", "--ramp-up", "0"),
    )
    assert figures["acknowledged"] > 0
    assert figures["stored"] == figures["acknowledged"] == figures["stored_with_receipt"]
    assert figures["errors"] == 0, figures["errors_by_kind"]
    assert figures["board_p95_ms"] is not None and figures["hello_rps"] > 0
    assert set(figures) >= {"database", "acknowledged", "stored", "errors", "submit_p95_ms", "throughput_rps"}


def test_fault_drills_smoke_run_passes():
    figures = run_script(
        "fault_drills.py", *("--seconds", "9", "--families", "3", "--demo-items", "1500", "--watch-now")
    )
    assert figures["server-kill"]["stored"] == figures["server-kill"]["acknowledged"]
    assert figures["worker-kill"]["applied_themes_untouched"] and figures["worker-kill"]["run_marked_failed"]
    assert figures["passed"], figures


def test_safeguarding_bench_measures_a_labelled_corpus_and_ordinary_feedback(tmp_path):
    corpus = tmp_path / "labelled.jsonl"
    corpus.write_text(
        json.dumps({"text": "He said he wants to kill himself tonight", "concern": True, "kind": "suicide"})
        + "\n"
        + json.dumps({"text": "The CAMHS crisis team were brilliant with us", "concern": False, "note": "praise"})
        + "\n",
        encoding="utf-8",
    )
    ordinary = tmp_path / "ordinary.csv"
    ordinary.write_text(
        "comment\nThe staff were kind and the food was fine\nToo short\nShe told me she wants to kill herself\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            *(sys.executable, str(SCRIPTS / "bench_safeguarding.py"), "--corpus", str(corpus)),
            *("--ordinary", str(ordinary), "--text-column", "comment"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["parts"][str(corpus)]["overall"]["recall"] == 1.0
    assert figures["ordinary"]["texts"] == 2  # "Too short" has fewer than three words
    assert figures["ordinary"]["raised"] == 1
    assert "kill herself" not in result.stdout  # counts only, never the texts


def _safeguarding_net():
    return load_script("safeguarding_net")


def test_the_net_learns_from_the_sentences_the_rules_matched_and_every_ordinary_sentence():
    script = _safeguarding_net()
    story = "The EHCP is late again and the SENCO left. Last night he said he wants to kill himself."
    ordinary = "He has autism and loves trains. The injection didn't hurt at all."
    sentences, labels = script.training_sentences([(story, True), (ordinary, False)])
    assert sentences == [
        "Last night he said he wants to kill himself",
        "He has autism and loves trains",
        "The injection didn't hurt at all",
    ]
    assert labels == [True, False, False]
    texts = ["he wants to die", "she wants to kill herself", "the jab didn't hurt", "scared of the dentist, lovely"]
    model = script.fit(texts * 3, [True, True, False, False] * 3, threshold=0.5)
    copy = net.from_json(net.to_json(model, digits=6))
    for text in ("he says he wants to die", "the jab did not hurt"):
        assert abs(copy.score(text) - model.score(text)) < 1e-4
    assert model.score("my son says he wants to die") > 0.5 > model.score("the injection didn't hurt")


def test_the_shipped_net_is_what_its_script_fits(capsys):
    """The model file is the script's output, not hand-edited: refitting says the same (to a tolerance, as fits
    on other CPUs differ in their last digits)."""
    assert _safeguarding_net().main([]) == 0
    assert "the shipped model is what this fit writes" in capsys.readouterr().out


def test_theme_bench_smoke_run_reports_every_figure_the_issue_asks_for(tmp_path):
    """A short run of ``bench_themes.py`` on 400 demo comments (the full runs are reported in notes)."""
    items = generate_corpus(n_items=400, end=dt.date(2026, 6, 30))
    path = tmp_path / "labelled.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["feedback", "subcategory", "rating"])
        for i, item in enumerate(items):
            writer.writerow([item.text, item.services[0], str(i % 5 + 1)])  # any 1-5 rating: plumbing only
    bench = [sys.executable, str(SCRIPTS / "bench_themes.py"), "--csv", str(path)]
    result = subprocess.run(
        [
            *bench,
            *("--k", "auto", "--seeds", "2", "--stability-seeds", "1", "--label-report"),
            *("--sentiment-column", "rating", "--sentiment-scale", "1:5"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    themes, sentiment = lines[0], lines[-1]
    assert themes["seeds"] == 2 and len(themes["n_themes"]) == 2 and "±" in themes["ami"]
    assert {"baseline", "anchor", "stability_ari", "assign_ms_p50_p95", "k_reason"} <= set(themes)
    assert 0.0 <= float(themes["labels"]["median_coverage"].split(" ± ")[0]) <= 1.0
    assert "# label report" in result.stdout and "median_exclusivity" in result.stdout
    assert sentiment["scale"] == [1.0, 5.0] and sentiment["all"]["n"] == len(items)
    refused = subprocess.run([*bench, "--seeds", "0"], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "must be 1 or more" in refused.stderr


def test_page_bench_smoke_run_times_every_busy_page():
    figures = run_script("bench_pages.py", "--items", "200", "--repeat", "2")
    timings = figures["sizes"][0]
    assert timings["items"] == 200 and timings["database"] == ("postgresql" if POSTGRES_URL else "sqlite")
    pages = {name: t for name, t in timings.items() if isinstance(t, dict)}
    assert {"theme_board", "theme_page", "inbox", "board_home", "pack"} <= set(pages)
    assert all(0 < t["p50_ms"] <= t["p95_ms"] <= t["max_ms"] for t in pages.values()), pages


def test_retention_bench_smoke_run_does_its_work_once():
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "bench_retention.py"), "--items", "200"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["items"] == 200 and figures["second_run_changed"] == 0
    assert sum(figures["first_run"].values()) > 0  # the old demo words were due and were dealt with
