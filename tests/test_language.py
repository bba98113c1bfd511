import apache_beam as beam
import pytest
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_pipeline
from transforms.language import DetectLanguage, DetectorHolder, detect_language, text_for_detection
from transforms.records import Article


@pytest.fixture(scope="module")
def holder():
    return DetectorHolder()


@pytest.mark.parametrize("text,code", [
    ("Le président américain a affirmé mardi qu'il avait le droit de partager ces informations.", "fr"),
    ("The president said on Tuesday that he had every right to share the information with Russia.", "en"),
    ("Der Präsident sagte am Dienstag, er habe das Recht, die Informationen mit Russland zu teilen.", "de"),
    ("El presidente dijo el martes que tenía todo el derecho de compartir la información con Rusia.", "es"),
    ("Il presidente ha detto martedì di avere tutto il diritto di condividere le informazioni.", "it"),
    ("O presidente disse na terça-feira que tinha todo o direito de partilhar as informações.", "pt"),
    ("THE PRESIDENT SAID ON TUESDAY THAT HE HAD EVERY RIGHT TO SHARE THE INFORMATION WITH RUSSIA.", "en"),
])
def test_detects_language(holder, text, code):
    language, score = detect_language(text, holder)
    assert language == code and score > 0.9


def test_short_or_empty_text_is_undetermined(holder):
    assert detect_language("", holder) == ("und", None)
    assert detect_language("12 345 https://example.com a@b.org", holder) == ("und", None)


def test_noise_is_removed_before_detection():
    assert "http" not in text_for_detection("voir https://example.com/page et 2024")
    assert text_for_detection("TOUT EN CAPITALES") == "tout en capitales"


def test_deterministic_across_detector_instances():
    text = "Oui non peut-être, ja nein vielleicht"
    results = {detect_language(text, DetectorHolder(), min_chars=5, min_score=0.0) for _ in range(3)}
    assert len(results) == 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_property_never_raises(text):
    language, score = detect_language(text, _HOLDER)
    assert language == "und" or len(language) == 2
    assert score is None or 0.0 <= score <= 1.0


_HOLDER = DetectorHolder()


def test_detect_language_transform(seed_texts):
    articles = [Article(doc_id=str(i), source_id=name, raw_text=text, text=text)
                for i, (name, text) in enumerate(seed_texts.items())]
    with make_pipeline() as pipeline:
        result = pipeline | beam.Create(articles) | DetectLanguage()
        assert_that(result.articles | beam.Map(lambda a: a.language), equal_to(["fr"] * 5))
