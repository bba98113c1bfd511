from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.boilerplate import load_lexicon, strip_boilerplate
from transforms.entities import annotate_texts
from transforms.names import canonical_entities, clean_name, name_key
from transforms.quotes import load_cue_lexicon


def mentions(text: str, names: list[tuple[str, str]]) -> list[dict]:
    """Entity dicts for each (mention, label), found in order in ``text``."""
    entities, at = [], 0
    for mention, label in names:
        start = text.index(mention, at)
        entities.append({"text": mention, "label": label, "start": start, "end": start + len(mention)})
        at = start + 1
    return entities


def canonical(text: str, names: list[tuple[str, str]], language: str) -> list[tuple[str, str, int]]:
    found = canonical_entities(mentions(text, names), load_cue_lexicon(language).titles)
    for entity in found:
        assert text[entity["start"]:entity["end"]] == entity["text"]
    return [(e["text"], e["canonical"], e["count"]) for e in found]


def test_french_short_names_and_titles():
    text = ("Donald Trump a reçu Sergueï Lavrov. M. Trump a ensuite parlé à la presse, puis Lavrov est reparti. "
            "Trump a tweeté. Le président Trump et l'OTAN ; l’OTAN a répondu.")
    assert canonical(text, [("Donald Trump", "PER"), ("Sergueï Lavrov", "PER"), ("M. Trump", "PER"),
                            ("Lavrov", "PER"), ("Trump", "PER"), ("président Trump", "PER"), ("l'OTAN", "ORG"),
                            ("l’OTAN", "ORG")], "fr") == [
        ("Donald Trump", "Donald Trump", 4), ("Sergueï Lavrov", "Sergueï Lavrov", 2), ("M. Trump", "Donald Trump", 4),
        ("Lavrov", "Sergueï Lavrov", 2), ("Trump", "Donald Trump", 4), ("président Trump", "Donald Trump", 4),
        ("l'OTAN", "OTAN", 2), ("l’OTAN", "OTAN", 2)]


def test_seed_entities_get_full_names(seed_texts, french_nlp):
    lexicon, titles = load_lexicon(), load_cue_lexicon("fr").titles
    found = {}
    for name in ("002_ff719ec247732616.txt", "003_af504ecc45397023.txt"):
        text = strip_boilerplate(seed_texts[name], lexicon).text
        entities, = annotate_texts(french_nlp, [text])
        found[name] = {(e["text"], e["label"]): (e["canonical"], e["count"])
                       for e in canonical_entities(entities, titles)}
    assert found["002_ff719ec247732616.txt"][("Lavrov", "PER")] == ("Sergueï Lavrov", 4)
    assert found["002_ff719ec247732616.txt"][("Trump", "PER")] == ("Donald Trump", 6)
    assert found["002_ff719ec247732616.txt"][("Pompeo", "PER")] == ("Mike Pompeo", 3)
    seed3 = found["003_af504ecc45397023.txt"]
    assert seed3[("M. Trump", "PER")] == seed3[("Trump", "PER")] == ("Donald Trump", 10)
    assert seed3[("M. Poutine", "PER")] == ("Vladimir Poutine", 10)
    assert seed3[("M. Graham", "PER")] == ("Lindsey Graham", 2)
    assert seed3[("M.", "PER")] == ("M.", 1)  # a title alone names no one: kept as it is


def test_english_names():
    text = ("President Joe Biden met the White House staff. Mr Biden said the White House would act. "
            "The Guardian and The New York Times reported it; Biden declined. Washington, said George Washington.")
    assert canonical(text, [("Joe Biden", "PERSON"), ("the White House", "ORG"), ("Mr Biden", "PERSON"),
                            ("White House", "ORG"), ("The Guardian", "ORG"), ("The New York Times", "ORG"),
                            ("Biden", "PERSON"), ("Washington", "GPE"), ("George Washington", "PERSON")], "en") == [
        ("Joe Biden", "Joe Biden", 3), ("the White House", "White House", 2), ("Mr Biden", "Joe Biden", 3),
        ("White House", "White House", 2), ("The Guardian", "The Guardian", 1),
        ("The New York Times", "The New York Times", 1), ("Biden", "Joe Biden", 3),
        ("Washington", "Washington", 1), ("George Washington", "George Washington", 1)]


def test_german_names():
    text = ("Bundeskanzler Olaf Scholz traf Friedrich Merz. Kanzler Scholz und Herr Merz sprachen über die "
            "Bundesregierung. Die Bundesregierung schwieg, Der Spiegel nicht.")
    assert canonical(text, [("Olaf Scholz", "PER"), ("Friedrich Merz", "PER"), ("Kanzler Scholz", "PER"),
                            ("Herr Merz", "PER"), ("die Bundesregierung", "ORG"), ("Bundesregierung", "ORG"),
                            ("Der Spiegel", "ORG")], "de") == [
        ("Olaf Scholz", "Olaf Scholz", 2), ("Friedrich Merz", "Friedrich Merz", 2), ("Kanzler Scholz", "Olaf Scholz", 2),
        ("Herr Merz", "Friedrich Merz", 2), ("die Bundesregierung", "Bundesregierung", 2),
        ("Bundesregierung", "Bundesregierung", 2), ("Der Spiegel", "Der Spiegel", 1)]


def test_ambiguous_particles_and_organisations():
    text = ("Donald Trump et Melania Trump ; Trump. Bachar al-Assad, Assad. Charles de Gaulle, de Gaulle. "
            "Le Conseil de sécurité de l'ONU, le Conseil de sécurité. États-Unis, Etats-Unis, Etats-Unis.")
    assert canonical(text, [("Donald Trump", "PER"), ("Melania Trump", "PER"), ("Trump", "PER"),
                            ("Bachar al-Assad", "PER"), ("Assad", "PER"), ("Charles de Gaulle", "PER"),
                            ("de Gaulle", "PER"), ("Conseil de sécurité de l'ONU", "ORG"),
                            ("Conseil de sécurité", "ORG"), ("États-Unis", "LOC"), ("Etats-Unis", "LOC"),
                            ("Etats-Unis", "LOC")], "fr") == [
        ("Donald Trump", "Donald Trump", 1), ("Melania Trump", "Melania Trump", 1), ("Trump", "Trump", 1),
        ("Bachar al-Assad", "Bachar al-Assad", 2), ("Assad", "Bachar al-Assad", 2),
        ("Charles de Gaulle", "Charles de Gaulle", 2), ("de Gaulle", "Charles de Gaulle", 2),
        ("Conseil de sécurité de l'ONU", "Conseil de sécurité de l'ONU", 2),
        ("Conseil de sécurité", "Conseil de sécurité de l'ONU", 2),
        # One name in two spellings: the most used one is shown.
        ("États-Unis", "Etats-Unis", 3), ("Etats-Unis", "Etats-Unis", 3), ("Etats-Unis", "Etats-Unis", 3)]


def test_clean_name():
    assert clean_name("« M. Trump »", {"m."}) == "Trump"
    assert clean_name("Mme", {"mme"}) == "Mme"
    assert clean_name("les  Etats-Unis") == "Etats-Unis"
    assert clean_name("Los Angeles") == "Los Angeles"


def test_order_does_not_matter():
    text = "Trump, M. Trump, Donald Trump, Lavrov, Sergueï Lavrov."
    entities = mentions(text, [("Trump", "PER"), ("M. Trump", "PER"), ("Donald Trump", "PER"), ("Lavrov", "PER"),
                               ("Sergueï Lavrov", "PER")])
    forward = canonical_entities(entities, {"m."})
    assert canonical_entities(entities[::-1], {"m."}) == forward[::-1]


@st.composite
def text_and_entities(draw):
    text = draw(st.text(min_size=1, max_size=200))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 30)), max_size=12))
    labels = st.sampled_from(["PER", "PERSON", "ORG", "LOC", "GPE", "MISC", "X"])
    return text, [{"text": text[a:min(a + n, len(text))], "label": draw(labels), "start": a,
                   "end": min(a + n, len(text))} for a, n in spans]


@settings(max_examples=200, deadline=None)
@given(text_and_entities(), st.sampled_from(["fr", "en", "de", "xx"]))
def test_property_canonical(case, language):
    text, entities = case
    found = canonical_entities(entities, load_cue_lexicon(language).titles)
    assert len(found) == len(entities)
    for before, after in zip(entities, found):
        assert after["canonical"] and after["count"] >= 1
        assert {k: after[k] for k in before} == before and text[after["start"]:after["end"]] == after["text"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(["Kelvin \u212a", "Ｔｏｋｙｏ", "ﬁnance"]))
@settings(max_examples=300, deadline=None)
def test_name_key_of_ascii_names_takes_the_short_way_to_the_same_key(name):
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("’", "'"))
    assert name_key(name) == " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())
