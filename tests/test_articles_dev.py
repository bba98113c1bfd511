"""The whole job (the CLI, DirectRunner) on whole pages with gold: 20 pages in five languages
(tests/data/articles_dev), 25 in seven (tests/data/articles_dev2), 14 in seven
(tests/data/articles_dev3), 14 more in seven (tests/data/articles_dev4, the unseen measure of
one stop before it was tuned on), 14 in five (tests/data/articles_dev5, written to be tuned on),
14 in seven (tests/data/articles_dev6, the same), 14 in seven (tests/data/articles_dev7, the
same), 14 in seven (tests/data/articles_dev8, the same), 14 in seven (tests/data/articles_dev9, the
same), 14 in seven (tests/data/articles_dev10, the same) and 14 in seven (tests/data/articles_dev11, the
same). Each measure at or above what it
reached when the set was tuned on, less a margin of about one error per language."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.articles import run_pipeline, score

DATA = Path(__file__).parent / "data" / "articles_dev"
DATA2 = Path(__file__).parent / "data" / "articles_dev2"
DATA3 = Path(__file__).parent / "data" / "articles_dev3"
DATA4 = Path(__file__).parent / "data" / "articles_dev4"
DATA5 = Path(__file__).parent / "data" / "articles_dev5"
DATA6 = Path(__file__).parent / "data" / "articles_dev6"
DATA7 = Path(__file__).parent / "data" / "articles_dev7"
DATA8 = Path(__file__).parent / "data" / "articles_dev8"
DATA9 = Path(__file__).parent / "data" / "articles_dev9"
DATA10 = Path(__file__).parent / "data" / "articles_dev10"
DATA11 = Path(__file__).parent / "data" / "articles_dev11"
# measure -> minimum in every language
MINIMUM = {"language": 1.0, "published": 0.75, "title": 0.75, "agency": 0.75, "boilerplate P": 0.98,
           "boilerplate R": 0.65, "quotes P": 0.85, "quotes R": 0.85, "speakers": 0.55, "entities (label)": 0.45}
MINIMUM2 = {"language": 1.0, "published": 0.75, "title": 0.5, "agency": 0.75, "boilerplate P": 0.98,
            "boilerplate R": 0.9, "quotes P": 0.85, "quotes R": 0.85, "speakers": 0.6, "entities (label)": 0.65}
MINIMUM3 = {"language": 1.0, "published": 1.0, "title": 0.5, "agency": 0.5, "boilerplate P": 0.98,
            "boilerplate R": 0.93, "quotes P": 0.85, "quotes R": 0.85, "speakers": 0.75, "entities (label)": 0.5}
MINIMUM4 = {"language": 1.0, "published": 1.0, "title": 1.0, "agency": 0.5, "boilerplate P": 0.98,
            "boilerplate R": 0.87, "quotes P": 0.75, "quotes R": 0.8, "speakers": 0.6, "entities (label)": 0.55}
MINIMUM5 = {"language": 1.0, "published": 1.0, "title": 0.5, "agency": 0.5, "boilerplate P": 0.98,
            "boilerplate R": 0.85, "quotes P": 0.8, "quotes R": 0.8, "speakers": 0.65, "entities (label)": 0.45}
MINIMUM6 = {"language": 1.0, "published": 1.0, "title": 0.5, "agency": 0.5, "boilerplate P": 0.98,
            "boilerplate R": 0.95, "quotes P": 0.85, "quotes R": 0.75, "speakers": 0.6, "entities (label)": 0.55}
MINIMUM7 = {"language": 1.0, "published": 1.0, "title": 0.5, "agency": 0.5, "boilerplate P": 0.98,
            "boilerplate R": 0.95, "quotes P": 0.85, "quotes R": 0.8, "speakers": 0.65, "entities (label)": 0.5}
MINIMUM8 = {"language": 1.0, "published": 1.0, "title": 0.5, "agency": 0.5, "boilerplate P": 0.98,
            "boilerplate R": 0.92, "quotes P": 0.9, "quotes R": 0.8, "speakers": 0.85, "entities (label)": 0.6}
MINIMUM9 = {"language": 1.0, "published": 1.0, "title": 1.0, "agency": 1.0, "boilerplate P": 0.98,
            "boilerplate R": 0.95, "quotes P": 0.9, "quotes R": 0.85, "speakers": 0.8, "entities (label)": 0.6}
MINIMUM10 = {"language": 1.0, "published": 1.0, "title": 1.0, "agency": 1.0, "boilerplate P": 0.98,
             "boilerplate R": 0.95, "quotes P": 0.9, "quotes R": 0.8, "speakers": 0.65, "entities (label)": 0.6}
MINIMUM11 = {"language": 1.0, "published": 1.0, "title": 1.0, "agency": 1.0, "boilerplate P": 0.98,
             "boilerplate R": 0.95, "quotes P": 0.9, "quotes R": 0.78, "speakers": 0.72, "entities (label)": 0.65}


@pytest.mark.parametrize("data,languages,minimum", [
    (DATA, ["de", "en", "es", "it", "pt"], MINIMUM),
    (DATA2, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM2),
    (DATA3, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM3),
    (DATA4, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM4),
    (DATA5, ["de", "en", "es", "nl", "pt"], MINIMUM5),
    (DATA6, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM6),
    (DATA7, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM7),
    (DATA8, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM8),
    (DATA9, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM9),
    (DATA10, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM10),
    (DATA11, ["de", "en", "es", "fr", "it", "nl", "pt"], MINIMUM11),
], ids=["articles_dev", "articles_dev2", "articles_dev3", "articles_dev4", "articles_dev5", "articles_dev6",
        "articles_dev7", "articles_dev8", "articles_dev9", "articles_dev10", "articles_dev11"])
def test_whole_pages_in_several_languages_against_gold(tmp_path, data, languages, minimum):
    gold = [json.loads(line) for line in (data / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    report = score(run_pipeline(data, tmp_path / "out"), gold)
    assert sorted(report) == languages
    below = [(language, measure, round(values[measure], 3), floor) for language, values in report.items()
             for measure, floor in minimum.items() if values[measure] < floor]
    assert not below
    # Overall, titles and agencies are nearly all right and no content line is removed.
    assert sum(values["title"] for values in report.values()) / len(report) >= 0.9
    assert all(values["boilerplate P"] == 1.0 for values in report.values())
