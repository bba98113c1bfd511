"""A deterministic news corpus for benchmarks and load tests, written as JSONL.

    python -m benchmarks.corpus --articles 10000 --output DIR [--seed 0] [--shards N]
        [--copy_ratio 0.12] [--bad_ratio 0.02] [--languages fr=0.82,en=0.06,...]

Articles are recombined from the repository's own texts: sentences of the seeds and of the
French (or en/de/es/it/pt) dev sets, split outside quotes, with names, numbers and a share of
the longer words swapped per article (so unrelated articles share few word 3-shingles, as real
stories do). Each article has a headline, paragraphs of 1-4 sentences, sometimes a made-up quote
(« » or “ ”), a byline, a date stamp or an agency dateline, and site furniture: each of ~40
sites per language repeats its own lines (taken from the dev sets' gold boilerplate), and
articles add "Lire aussi" teasers, photo credits, share widgets and cookie banners.
A ``--copy_ratio`` share are wire copies of a recent article: re-headlined, trimmed, with a
local intro, other typography and another site's furniture (``copy_of`` names the original).
A ``--bad_ratio`` share are bad records, cycling through ``BAD_KINDS`` (the huge ones, over
``--huge_chars``, are capped at ``--max_huge``). Extra keys (``language``, ``copy_of``, ``bad``)
are ignored by the pipeline. Same arguments, same bytes.
"""
from __future__ import annotations

import argparse
import collections
import functools
import itertools
import json
import math
import random
import re
import sys
import time
from pathlib import Path
from typing import Iterator, Optional

from benchmarks.quotes import ROOT, seeds_gold_path

DATA = ROOT / "tests" / "data"
DEFAULT_LANGUAGES = "fr=0.82,en=0.06,de=0.04,es=0.03,it=0.025,pt=0.025"
# The kinds of record that are articles (an original, a wire copy); the others are BAD_KINDS.
ARTICLE_KINDS = ("article", "copy")
BAD_KINDS = ("malformed_json", "text_not_string", "missing_text", "empty_text", "binary_junk", "huge_text")
# One huge record per 20 bad ones (each is --huge_chars long, ~2 MB by default).
_BAD_CYCLE = ("malformed_json", "text_not_string", "missing_text", "empty_text", "binary_junk") * 4
_BAD_CYCLE = _BAD_CYCLE[:19] + ("huge_text",)
ARTICLES_PER_SHARD = 10_000  # ~30 MB files, far below --max_input_bytes
SITES_PER_LANGUAGE = 40
# The open vocabulary (OpenVocabulary): shares of the replaced capitalised and lower-case words that
# are drawn from it, and its process's parameters. Calibrated so that French text's distinct words
# (case-folded) follow Heaps' law as Reuters news does (V = 44 N^0.49, Manning et al. 2008, 5.1.1):
# ~25k at 400k words, ~75k at 4M, where the pools alone stop at ~14k.
OPEN_SHARE_CAPITALS = 0.8
OPEN_SHARE_WORDS = 0.6
VOCABULARY_STRENGTH = 7000.0
VOCABULARY_DISCOUNT = 0.5
# Gold boilerplate reasons that are site-wide (the rest depend on the article).
_SITE_REASONS = {"site_furniture", "share", "navigation", "cookie", "newsletter", "subscription", "login",
                 "search", "comment_form", "rail", "copyright"}
_QUOTE_OPEN, _QUOTE_CLOSE = "«“„", "»”“"
# A sentence ends at . ! ? before a capital or a quote, not after an initial or 'M.', 'Dr.'.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])(?<![\s.][A-Z]\.)(?<!\sM\.)(?<!\sMr\.)(?<!\sDr\.)(?<!\sSt\.)\s+(?=[«“\"A-ZÀ-ÖØ-Þ])")
_WORD_RE = re.compile(r"^[a-zà-öø-ÿ]{5,}$")
_CAPITAL_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,}$")
_NUMBER_RE = re.compile(r"\d")

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}
# Per-language templates: byline, date stamp, agency dateline lead, photo credit, teaser, share
# widgets, cookie banner, quote cue (with the speaker's name).
TEMPLATES = {
    "fr": ("Par {name}", "Publié le {d:02d}/{m:02d}/{y} à {H:02d}h{M:02d}", "{CITY} ({agency}) - ",
           "{caption} Photo {agency} / {name}", "Lire aussi : {headline}",
           ("Partager sur Facebook", "Partager sur Twitter", "Envoyer par e-mail"),
           "Nous utilisons des cookies pour améliorer votre expérience. En poursuivant votre navigation, "
           "vous acceptez leur utilisation. Tout accepter | Paramétrer", "a déclaré {name}"),
    "en": ("By {name}", "Published {H:02d}:{M:02d}, {month} {d}, {y}", "{CITY} ({agency}) - ",
           "{caption} Photo: {name}/{agency}", "Read more: {headline}",
           ("Share on Facebook", "Share on Twitter", "Email this article"),
           "We use cookies to improve your experience on our site. By continuing you accept our use of "
           "cookies. Accept all | Manage settings", "said {name}"),
    "de": ("Von {name}", "{d:02d}.{m:02d}.{y}, {H:02d}:{M:02d} Uhr", "{CITY} ({agency}) - ",
           "{caption} Foto: {agency}/{name}", "Mehr zum Thema: {headline}",
           ("Auf Facebook teilen", "Auf Twitter teilen", "Per E-Mail teilen"),
           "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Alle akzeptieren | "
           "Einstellungen", "sagte {name}"),
    "es": ("Por {name}", "Publicado el {d:02d}/{m:02d}/{y} a las {H:02d}:{M:02d}", "{CITY} ({agency}) - ",
           "{caption} (Foto: {agency}/{name})", "Lea también: {headline}",
           ("Compartir en Facebook", "Compartir en Twitter", "Enviar por correo"),
           "Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si continúa navegando, "
           "acepta su uso. Aceptar | Configurar", "afirmó {name}"),
    "it": ("di {name}", "Pubblicato il {d:02d}/{m:02d}/{y} alle {H:02d}:{M:02d}", "{CITY} ({agency}) - ",
           "{caption} (Foto {agency}/{name})", "Leggi anche: {headline}",
           ("Condividi su Facebook", "Condividi su Twitter", "Invia per email"),
           "Utilizziamo i cookie per migliorare la tua esperienza. Continuando la navigazione accetti "
           "l'uso dei cookie. Accetta | Personalizza", "ha detto {name}"),
    "pt": ("Por {name}", "Publicado em {d:02d}/{m:02d}/{y} às {H:02d}h{M:02d}", "{CITY} ({agency}) - ",
           "{caption} (Foto: {agency}/{name})", "Leia também: {headline}",
           ("Compartilhar no Facebook", "Compartilhar no Twitter", "Enviar por e-mail"),
           "Usamos cookies para melhorar a sua experiência. Ao continuar navegando, você concorda com a "
           "nossa política. Aceitar | Configurar", "disse {name}"),
}
AGENCIES = ("AFP", "Reuters", "AP", "dpa", "EFE", "ANSA", "Lusa", "Belga")


@functools.lru_cache(maxsize=None)
def pools() -> dict[str, dict]:
    """Per language: sentences (word lists), headlines, names, place names, site furniture lines,
    and long words by their last two letters (for substitutions that keep the morphology)."""
    texts: dict[str, list[str]] = collections.defaultdict(list)
    headlines: dict[str, list[str]] = collections.defaultdict(list)
    furniture: dict[str, list[str]] = collections.defaultdict(list)
    gold_lines: set[str] = set()
    for record in _jsonl(DATA / "boilerplate_dev.jsonl"):
        gold_lines.update(line.strip() for line in record["boilerplate_lines"])
        furniture[record["language"]] += [line.strip() for line, reason in
                                          zip(record["boilerplate_lines"], record["boilerplate_reasons"])
                                          if reason in _SITE_REASONS and line.strip()]
        texts[record["language"]].append(record["text"])
        headlines[record["language"]].append(record["title"])
    for record in _jsonl(DATA / "dedup_dev.jsonl"):
        if record["edit"] == "original" or record["edit"].startswith("negative"):
            texts[record["language"]].append(record["text"])
            headlines[record["language"]].append(record["title"])
    for record in _jsonl(DATA / "quotes_dev.jsonl"):
        texts[record["language"]].append(record["text"])
    for record in _jsonl(seeds_gold_path()):
        gold_lines.update(line.strip() for line in record["boilerplate_lines"])
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        texts["fr"].append(path.read_text(encoding="utf-8"))
    result = {}
    for language in sorted(texts):
        sentences, names, places, by_suffix = [], set(), set(), collections.defaultdict(set)
        for text in texts[language]:
            for line in text.split("\n"):
                line = line.strip()
                if line in gold_lines or len(line.split()) < 8:
                    continue
                for sentence in split_sentences(line):
                    words = sentence.split()
                    if 5 <= len(words) <= 70:
                        sentences.append(_Sentence(words))
                    for previous, word in zip(words, words[1:]):
                        if _CAPITAL_RE.match(previous) and _CAPITAL_RE.match(word):
                            names.add(f"{previous} {word}")
                        elif _CAPITAL_RE.match(word) and previous.islower():
                            places.add(word)
                        if _WORD_RE.match(word):
                            by_suffix[word[-2:]].add(word)
        result[language] = {
            "sentences": sentences, "headlines": sorted(set(filter(None, headlines[language]))),
            "names": sorted(names), "places": sorted(places),
            "by_suffix": {suffix: sorted(words) for suffix, words in by_suffix.items()},
            "furniture": sorted(set(furniture[language])),
        }
    return result


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, cut only outside quotes (a quote stays whole with its cue)."""
    sentences, start, depth = [], 0, 0
    position = 0
    for found in _SENTENCE_END_RE.finditer(paragraph):
        segment = paragraph[position:found.start()]
        depth += sum(segment.count(ch) for ch in "«“") - sum(segment.count(ch) for ch in "»”")
        position = found.start()
        if depth <= 0:
            sentences.append(paragraph[start:found.start()])
            start, depth = found.end(), 0
    sentences.append(paragraph[start:])
    return [s.strip() for s in sentences if s.strip()]


def parse_languages(spec: str) -> list[tuple[str, float]]:
    pairs = [(item.split("=")[0].strip(), float(item.split("=")[1])) for item in spec.split(",") if item.strip()]
    unknown = [language for language, _ in pairs if language not in TEMPLATES]
    if unknown or not pairs:
        raise ValueError(f"--languages: unknown or no language in {spec!r} (known: {', '.join(TEMPLATES)})")
    return pairs


class _Sites:
    """Per language, SITES_PER_LANGUAGE sites, each with its own furniture lines."""

    def __init__(self, seed: int):
        # (name, header lines, footer lines, line separator): sites differ in blank lines too.
        self.sites: dict[str, list[tuple[str, list[str], list[str], str]]] = {}
        for language, pool in pools().items():
            rng = random.Random(f"sites:{seed}:{language}")
            sites = []
            for number in range(SITES_PER_LANGUAGE):
                name = f"{language}-news-{number:02d}.example"
                lines = rng.sample(pool["furniture"], min(len(pool["furniture"]), rng.randint(3, 7)))
                split = rng.randint(1, max(1, len(lines) - 1))
                sites.append((name, lines[:split], lines[split:], rng.choice(("\n", "\n\n"))))
            self.sites[language] = sites


class _Sentence:
    """A pool sentence with the positions that ``_mutate`` may change, found once."""
    __slots__ = ("words", "capitals", "numbers", "longs")

    def __init__(self, words: list[str]):
        self.words = words
        self.capitals = [i for i, word in enumerate(words) if i and _CAPITAL_RE.match(word)]
        self.numbers = [i for i, word in enumerate(words) if _NUMBER_RE.search(word)]
        self.longs = [i for i, word in enumerate(words) if _WORD_RE.match(word)]


class OpenVocabulary:
    """The words news keeps coining in one language: names never seen before, rare words. Drawn by a
    Pitman-Yor process (a new word with probability (strength + discount * types) / (strength + draws),
    else one drawn before, as often as it was), so a corpus's distinct words grow with its length as
    news text's do, instead of stopping at the pools' vocabulary. New words are spelled by a model of
    the language's letters (trigrams of the pools' words); a lower-case one keeps the ending of the
    word it replaces. Its own random stream, drawn from in corpus order: same seed, same words."""

    def __init__(self, seed: int, language: str, pool: dict, strength: float = VOCABULARY_STRENGTH,
                 discount: float = VOCABULARY_DISCOUNT):
        self.rng = random.Random(f"vocabulary:{seed}:{language}")
        self.strength, self.discount = strength, discount
        lower = sorted(word for words in pool["by_suffix"].values() for word in words)
        self.known = {word.lower() for word in lower + pool["places"]}
        self.known.update(part.lower() for name in pool["names"] for part in name.split())
        self.letters = {"lower": _letter_model(lower),
                        "capital": _letter_model(pool["places"] + [name.split()[-1] for name in pool["names"]])}
        self.draws = 0
        self.coined: set[str] = set()
        # Draws so far by kind and ending: a word drawn again is one of these, by how often it was.
        self.history: dict[tuple[str, str], list[str]] = collections.defaultdict(list)

    def word(self, replacing: str) -> str:
        """A word for the slot of ``replacing``: capitalised for a capitalised one, else ending as it does."""
        kind = "capital" if replacing[:1].isupper() else "lower"
        ending = replacing[-2:] if kind == "lower" else ""
        earlier = self.history[kind, ending]
        new = self.rng.random() * (self.strength + self.draws) < self.strength + self.discount * len(self.coined)
        word = self._coin(kind, ending) if new or not earlier else earlier[self.rng.randrange(len(earlier))]
        self.draws += 1
        earlier.append(word)
        return word

    def _coin(self, kind: str, ending: str) -> str:
        for attempt in itertools.count():
            word = _spell(self.letters[kind], self.rng)
            joined = attempt >= 100  # its short words are used up (small pools): join two of its spellings
            if joined:
                word += _spell(self.letters["lower"], self.rng)
            word = word[:-2] + ending if kind == "lower" else word
            if 5 <= len(word) and (joined or len(word) <= 14) and word.lower() not in self.known \
                    and word not in self.coined:
                self.coined.add(word)
                return word


def _letter_model(words: list[str]) -> dict[str, tuple[list[str], list[int]]]:
    """Letter trigrams: the two letters before (^ at the start) -> (next letters, cumulative counts; $ ends)."""
    following: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for word in words:
        padded = f"^^{word}$"
        for i in range(2, len(padded)):
            following[padded[i - 2:i]][padded[i]] += 1
    model = {}
    for context, counts in following.items():
        letters = sorted(counts)
        model[context] = (letters, list(itertools.accumulate(counts[letter] for letter in letters)))
    return model


def _spell(model: dict, rng: random.Random) -> str:
    word = "^^"
    while len(word) < 18:
        letters, cumulative = model[word[-2:]]
        letter = rng.choices(letters, cum_weights=cumulative)[0]
        if letter == "$":
            break
        word += letter
    return word[2:]


def _mutate(sentence: _Sentence, pool: dict, rng: random.Random, rate: float,
            vocabulary: Optional[OpenVocabulary] = None) -> str:
    """Half the capitalised words become other place names, numbers get other digits, and
    ``rate`` of the longer lower-case words become another word of the same ending. With a
    ``vocabulary``, a share of these replacements are its words (new ones, or rare ones again)."""
    out = list(sentence.words)
    if pool["places"]:
        for i in rng.sample(sentence.capitals, (len(sentence.capitals) + 1) // 2):
            out[i] = (vocabulary.word(out[i]) if vocabulary and rng.random() < OPEN_SHARE_CAPITALS
                      else rng.choice(pool["places"]))
    for i in sentence.numbers:
        out[i] = _NUMBER_RE.sub(lambda _: str(rng.randrange(10)), out[i])
    for i in rng.sample(sentence.longs, int(len(sentence.longs) * rate + rng.random())):
        out[i] = (vocabulary.word(out[i]) if vocabulary and rng.random() < OPEN_SHARE_WORDS
                  else rng.choice(pool["by_suffix"][out[i][-2:]]))
    return " ".join(out)


def _date(rng: random.Random) -> dict:
    return {"y": rng.choice((2023, 2024, 2025)), "m": rng.randint(1, 12), "d": rng.randint(1, 28),
            "H": rng.randint(0, 23), "M": rng.randint(0, 59)}


def make_article(index: int, language: str, sites: _Sites, seed: int, mutate_rate: float = 0.3,
                 vocabulary: Optional[OpenVocabulary] = None) -> dict:
    """One original article (a dict ready for JSONL); ``vocabulary``: the language's open one."""
    rng = random.Random(f"article:{seed}:{index}")
    pool = pools()[language]
    byline, stamp, dateline, credit, teaser, shares, cookie, cue = TEMPLATES[language]
    site, header, footer, separator = rng.choice(sites.sites[language])
    name = lambda: rng.choice(pool["names"]) if pool["names"] else "Jean Martin"  # noqa: E731
    date = _date(rng)
    target_words = min(2500, max(80, int(rng.lognormvariate(math.log(310), 0.5))))
    headline = " ".join(rng.choice(pool["sentences"]).words[:rng.randint(6, 13)]).rstrip(".,;:")
    paragraphs, words = [], 0
    while words < target_words:
        sentences = [_mutate(rng.choice(pool["sentences"]), pool, rng, mutate_rate, vocabulary)
                     for _ in range(rng.randint(1, 4))]
        paragraphs.append(" ".join(sentences))
        words += paragraphs[-1].count(" ") + 1
        if rng.random() < 0.08:  # a made-up quote, with either style of marks
            said = _mutate(rng.choice(pool["sentences"]), pool, rng, mutate_rate, vocabulary).rstrip(".")
            opening, closing = ("« ", " »") if language == "fr" and rng.random() < 0.7 else ("“", "”")
            paragraphs.append(f"{opening}{said}{closing}, {cue.format(name=name())}.")
    agency = rng.choice(AGENCIES)
    if rng.random() < 0.2:
        city = (rng.choice(pool["places"]) if pool["places"] else "Paris").upper()
        paragraphs[0] = dateline.format(CITY=city, agency=agency) + paragraphs[0]
    body = list(paragraphs)
    if rng.random() < 0.3 and len(body) > 2:
        body.insert(rng.randint(1, len(body) - 1), teaser.format(headline=rng.choice(pool["headlines"])))
    if rng.random() < 0.3 and len(body) > 1:
        caption = " ".join(rng.choice(pool["sentences"]).words[:rng.randint(5, 10)]).rstrip(".,") + "."
        body.insert(1, credit.format(caption=caption, agency=agency, name=name()))
    lines = list(header) + [headline]
    if rng.random() < 0.4:
        lines.append(byline.format(name=name()))
    if rng.random() < 0.5:
        lines.append(stamp.format(month=MONTHS[language].split()[date["m"] - 1], **date))
    lines += body
    if rng.random() < 0.4:
        lines += shares[:rng.randint(1, len(shares))]
    lines += footer
    if rng.random() < 0.3:
        lines.append(cookie)
    record = {"id": f"a{index:07d}", "source": site,
              "url": f"https://www.{site}/{date['y']}/{date['m']:02d}/{date['d']:02d}/a{index:07d}.html",
              "published": "{y}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:00Z".format(**date), "language": language}
    if rng.random() < 0.7:  # else the pipeline takes the title from the first line
        record["title"] = headline
    record["text"] = separator.join(lines)
    return record


def make_copy(index: int, original: dict, sites: _Sites, seed: int,
              vocabulary: Optional[OpenVocabulary] = None) -> dict:
    """A wire copy: another site, a new headline, the end trimmed, a local intro, other typography."""
    rng = random.Random(f"copy:{seed}:{index}")
    language = original["language"]
    pool = pools()[language]
    site, header, footer, separator = rng.choice(sites.sites[language])
    paragraphs = [line for line in original["text"].split("\n") if len(line.split()) >= 8]
    keep = max(1, math.ceil(len(paragraphs) * rng.uniform(0.6, 1.0)))
    paragraphs = paragraphs[:keep]
    headline = " ".join(rng.choice(pool["sentences"]).words[:rng.randint(6, 12)]).rstrip(".,;:")
    if rng.random() < 0.3:
        paragraphs.insert(0, _mutate(rng.choice(pool["sentences"]), pool, rng, 0.3, vocabulary))
    text = separator.join(list(header) + [headline] + paragraphs + list(footer))
    if rng.random() < 0.5:
        text = text.replace("’", "'").replace("« ", "\"").replace(" »", "\"").replace("“", "\"").replace("”", "\"")
    if rng.random() < 0.5:
        text = text.replace(" ", "\u00a0", 3).replace(" - ", " — ")
    published = original["published"][:11] + f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
    return {"id": f"a{index:07d}", "source": site, "url": f"https://www.{site}/wire/a{index:07d}.html",
            "published": published, "language": language, "copy_of": original["id"], "title": headline,
            "text": text}


def make_bad(index: int, kind: str, seed: int, huge_chars: int) -> str:
    """One bad JSONL line of the given kind (no newline)."""
    rng = random.Random(f"bad:{seed}:{index}")
    ident = f"a{index:07d}"
    if kind == "malformed_json":
        whole = json.dumps({"id": ident, "text": " ".join(rng.choice(pools()["fr"]["sentences"]).words)}, ensure_ascii=False)
        return whole[: rng.randint(5, len(whole) - 2)]
    if kind == "text_not_string":
        return json.dumps({"id": ident, "bad": kind, "text": rng.choice([42, ["a", "list"], {"a": 1}, True])})
    if kind == "missing_text":
        return json.dumps({"id": ident, "bad": kind, "title": "Sans texte", "body": "le texte est ailleurs"})
    if kind == "empty_text":
        return json.dumps({"id": ident, "bad": kind, "text": rng.choice(["", "   ", "\n\n"])})
    if kind == "binary_junk":
        # Mojibake and two control characters: not JSON; few enough controls that the file is not
        # taken for binary (1% of its first 8 KiB).
        junk = "".join(chr(rng.randrange(0x80, 0x250)) for _ in range(rng.randint(50, 300)))
        return junk[:20] + "\x01" + junk[20:40] + "\x07" + junk[40:]
    if kind == "huge_text":
        sentence = " ".join(rng.choice(pools()["fr"]["sentences"]).words) + " "
        text = (sentence * (huge_chars // len(sentence) + 1))[:huge_chars]
        return json.dumps({"id": ident, "bad": kind, "text": text}, ensure_ascii=False)
    raise ValueError(kind)


def generate(articles: int, seed: int = 0, copy_ratio: float = 0.12, bad_ratio: float = 0.0,
             languages: str = DEFAULT_LANGUAGES, huge_chars: int = 2_000_001, max_huge: int = 20,
             mutate_rate: float = 0.3, open_vocabulary: bool = True) -> Iterator[tuple[str, dict]]:
    """(JSONL line, facts) for each of ``articles`` records, in order. Facts: kind ('article',
    'copy' or a BAD_KINDS name), language and word count of the text. ``open_vocabulary`` False:
    the pools' words only (the corpus of the runs before it existed)."""
    rng = random.Random(f"corpus:{seed}")
    bad_count = round(articles * bad_ratio)
    bad = sorted(rng.sample(range(articles), bad_count))
    bad_kind = {}
    huge = 0
    for number, position in enumerate(bad):
        kind = _BAD_CYCLE[number % len(_BAD_CYCLE)]
        if kind == "huge_text":
            huge += 1
            kind = kind if huge <= max_huge else "malformed_json"
        bad_kind[position] = kind
    candidates = [i for i in range(20, articles) if i not in bad_kind]
    copies = set(rng.sample(candidates, min(len(candidates), round((articles - bad_count) * copy_ratio))))
    language_names, weights = zip(*parse_languages(languages))
    sites = _Sites(seed)
    vocabularies = {language: OpenVocabulary(seed, language, pools()[language])
                    for language in language_names} if open_vocabulary else {}
    recent: collections.deque = collections.deque(maxlen=500)  # originals copies are taken from
    for index in range(articles):
        if index in bad_kind:
            yield make_bad(index, bad_kind[index], seed, huge_chars), {"kind": bad_kind[index], "language": None,
                                                                       "words": 0}
            continue
        if index in copies and recent:
            original = recent[random.Random(f"pick:{seed}:{index}").randrange(len(recent))]
            record = make_copy(index, original, sites, seed, vocabularies.get(original["language"]))
            kind = "copy"
        else:
            language = random.Random(f"language:{seed}:{index}").choices(language_names, weights)[0]
            record = make_article(index, language, sites, seed, mutate_rate, vocabularies.get(language))
            recent.append(record)
            kind = "article"
        yield json.dumps(record, ensure_ascii=False), {"kind": kind, "language": record["language"],
                                                       "words": len(record["text"].split())}


def write_corpus(directory: str | Path, articles: int, shards: int = 0, **options) -> dict:
    """Writes ``part-NNNNN-of-NNNNN.jsonl`` files (contiguous slices; ``shards`` 0: one per
    ARTICLES_PER_SHARD) and returns a summary: records, kinds, languages, words, files, bytes."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    shards = shards or max(1, math.ceil(articles / ARTICLES_PER_SHARD))
    kinds, language_counts = collections.Counter(), collections.Counter()
    words = size = 0
    files, handle = [], None
    for index, (line, facts) in enumerate(generate(articles, **options)):
        shard = index * shards // articles
        if shard == len(files):
            if handle:
                handle.close()
            files.append(str(directory / f"part-{shard:05d}-of-{shards:05d}.jsonl"))
            handle = open(files[-1], "w", encoding="utf-8", newline="\n")
        handle.write(line + "\n")
        size += len(line.encode("utf-8")) + 1
        kinds[facts["kind"]] += 1
        if facts["language"]:
            language_counts[facts["language"]] += 1
        words += facts["words"]
    if handle:
        handle.close()
    return {"records": articles, "kinds": dict(sorted(kinds.items())), "languages": dict(sorted(language_counts.items())),
            "words": words, "files": files, "bytes": size}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="records to write (bad ones included)")
    parser.add_argument("--output", required=True, help="directory for the part-*.jsonl files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shards", type=int, default=0, help=f"files (0: one per {ARTICLES_PER_SHARD} records)")
    parser.add_argument("--copy_ratio", type=float, default=0.12, help="share of wire copies among good records")
    parser.add_argument("--bad_ratio", type=float, default=0.0, help="share of bad records")
    parser.add_argument("--languages", default=DEFAULT_LANGUAGES)
    parser.add_argument("--huge_chars", type=int, default=2_000_001, help="length of the huge_text records")
    parser.add_argument("--max_huge", type=int, default=20, help="at most this many huge_text records")
    parser.add_argument("--closed_vocabulary", action="store_true",
                        help="the pools' words only, no new names or rare words (the corpus before 2026-12-06)")
    args = parser.parse_args(argv)
    if args.articles < 1 or not 0 <= args.bad_ratio <= 1 or not 0 <= args.copy_ratio <= 1:
        parser.error("--articles must be >= 1, --bad_ratio and --copy_ratio in [0, 1]")
    started = time.perf_counter()
    summary = write_corpus(args.output, args.articles, args.shards, seed=args.seed, copy_ratio=args.copy_ratio,
                           bad_ratio=args.bad_ratio, languages=args.languages, huge_chars=args.huge_chars,
                           max_huge=args.max_huge, open_vocabulary=not args.closed_vocabulary)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
