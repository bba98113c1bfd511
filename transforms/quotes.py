"""Quotations and their speakers, from the cleaned text and the entities of the NLP stage.

Rule-based and parser-free (no second spaCy pass): quote spans come from pairing quote marks
with recovery for marks the source never closes; the speaker comes from a reporting cue (a verb
of the per-language lexicon, or "selon"-type prepositions) next to the quote, then the nearest
person or organisation entity, with pronouns and short forms resolved to the full name used in
the article. Languages without a spaCy model still get quotes; their speakers come from
capitalised names next to the cue.
"""
from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import itertools
import re
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

import apache_beam as beam

from transforms.boilerplate import AGENCY_NAMES, CALENDAR_WORDS, words_of
from transforms.gazetteer import (Gazetteer, is_given_name, load_given_names, load_places, overlaps,
                                  starts_with_given_name)
from transforms.literals import alternation, longest_first, may_match
from transforms.names import CAPITALS, HONORIFICS
from transforms.records import Article, CountFn
from transforms.stage import apply_stage

LEXICON_DIR = Path(__file__).parent / "lexicons" / "quotes"
SECTIONS = ("verbs", "according", "aux", "pronouns", "skip", "titles", "org_nouns", "role_nouns", "feminine",
            "masculine", "documents", "spokespersons")
PERSON_LABELS = {"PER", "PERSON"}
COMPOUNDING_LANGUAGES = frozenset(("de", "nl"))
SEPARABLE_VERB_LANGUAGES = frozenset(("de", "nl"))
PRO_DROP_LANGUAGES = frozenset(("es", "it", "pt"))

# Opening mark -> the marks that can close it.
CLOSERS = {"«": "»", "“": "”", "„": "“”", "‹": "›", "»": "«", '"': '"', "‚": "‘’"}
_MARKS = set(CLOSERS) | set("”›‘'")
# The longest single-quoted span looked for (bounds the work per ‘ in a long paragraph).
SINGLE_QUOTE_CHARS = 2000
# English single quotes ('‘We will not back down,’ she said'): a ’ that no letter follows closes
# them, within the paragraph (’ inside a word is an apostrophe: 'bank’s', 'don’t').
_SINGLE_CLOSE_RE = re.compile(r"’(?![\w’])")
_STRAIGHT_SINGLE_CLOSE_RE = re.compile(r"(?<=[\w.,!?…)])'(?![\w'])")
_PLURAL_POSSESSIVE_RE = re.compile(r"s[’'] [a-z]")
# An apostrophe at a word's start elides ('s ochtends, 't, rock 'n' roll, 'til, '90s): no quote opens.
_ELISION_RE = re.compile(r"'(?:[stn]\b|em\b|til\b|cause\b|\d)", re.IGNORECASE)
_POSSESSIVE_END_RE = re.compile(r"['’]s$")
_ORG_COMPLEMENT_RE = re.compile(r"\s(?:des|du|de la|de l'|de l’|d'|d’|of the|of|del|della|do|da|der|des|van de|van het|van)\s?"
                                r"[A-ZÀ-Ö][\w'’-]+(?:\s(?!(?:en|and|und|et|e|y|or|ou|o|oder|of)\s)[a-zà-ö][\w'’-]+)?")
_MARK_OR_BREAK_RE = re.compile("[\n" + re.escape("".join(sorted(_MARKS))) + "]")
_SENTENCE_END_RE = re.compile(r"[.!?…](?=[\s\"»”“]|$)|\n")
_WORD_RE = re.compile(r"[\w][\w'’-]*|[.,;:!?()«»\"“”„—–]", re.UNICODE)
# ('Schweizerische Mieterinnen- und Mieterverband': a German coordination of compounds goes on.)
_CAPITALISED_NAME_RE = re.compile(r"(?:[" + CAPITALS + r"][\w'’.-]+)(?:(?:(?<=-)[ \t\u00a0](?:und|oder|en|of)[ \t\u00a0]|"
                                  r"[ \t\u00a0](?:(?:de|da|do|dos|van|von|v[ao]n[ \t\u00a0]de[rn]|ten|ter|te|al|el|di|le|la|bin)"
                                  r"[ \t\u00a0])?)[" + CAPITALS + r"][\w'’.-]+){0,4}")
_SPACES = " \t\u00a0\u202f\u2009\n"
_LATTER = {"dernier", "dernière", "latter", "letzterer", "letztere", "último", "última", "ultimo", "ultima"}
_DETERMINERS = {"le", "la", "les", "l", "the", "der", "die", "das", "el", "los", "las", "il", "lo", "gli", "o", "a",
                "os", "as", "ce", "cette", "this", "dieser", "diese", "este", "esta", "questo", "questa", "esse",
                "essa"}
# Words that may open a sentence before its subject or source: 'Laut dem …', 'In a statement, the …'.
_LEAD_WORDS = {"dem", "den", "des", "du", "de", "del", "della", "do", "da", "l'", "l", ",", "according", "to"}
# Conjunctions that open a sentence before its subject: 'But East Lindsey District Council defended …'
_OPENING_CONJUNCTIONS = frozenset("but and yet mais et aber doch und pero y ma e mas maar en".split())
_ARTICLE_BEFORE_MARK_RE = re.compile(r"\b(?:le|la|les|du|des|de|di|au|aux|film|livre|roman|the|der|die|das|dem|den|des|"
                                     r"el|los|las|del|il|lo|gli|della|o|os|do|da|dos|das|no|na|"
                                     # a publication's kind ('im Fachjournal „Nature Ecology & Evolution“')
                                     r"\w*journal|\w*zeitschrift|\w*magazin|magazine|revue|revista|rivista|tijdschrift)\s$",
                                     re.IGNORECASE)
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:der|die|das|den|dem|des|the|le|la|el|il|lo|o|a)\s$", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"(?<![\w.-])[A-ZÄÖÜ]{2,6}(?![\w.-])")
_ROMAN_NUMERAL_RE = re.compile(r"[IVXLC]+")
# An acronym written as a word, as Italian and Spanish papers do ('Ingv', 'Inps', 'Sac'), when a given name follows.
_SHORT_ACRONYM_RE = re.compile(r"[A-Z][a-z]{2,3}")
_GERMAN_ARTICLE_BEFORE_RE = re.compile(r"\b(?:der|die|das|den|dem|des)\s$")
# A role and a place before a name: 'il sindaco di Bologna Matteo Lepore', 'le maire de Lyon Grégory Doucet'.
_ROLE_OF_PLACE_BEFORE_RE = re.compile(r"(?<![\w'’-])([\w'’-]+)\s(?:of|di|del|della|dello|de|del|du|da|do|von|des|der)\s$", re.IGNORECASE)
# The second of two complements of a role: 'la ministra de Vivienda y Agenda Urbana'.
_ROLE_OF_AND_BEFORE_RE = re.compile(r"(?<![\w'’-])([\w'’-]+)\s(?:of|di|del|della|de|du|da|do|von|des|der|für)\s"
                                    r"[" + CAPITALS + r"][\w'’-]+\s(?:y|e|and|und|et|i)\s$", re.IGNORECASE)
# a complement after a role: 'a spokesman for the family', 'un porte-parole de la famille'
_PREPOSITION_AFTER_RE = re.compile(r"\s+(?i:for|of|at|de|du|des|d['’]|der|des|von|vom|bei|del|della|dello|di|dei|do|da|dos|"
                                   r"das|van|voor|namens)(?![\w-])")
_INDEFINITE_BEFORE_RE = re.compile(r"(?<![\w'’-])((?i:a|an|un|une|ein|eine|einer|uno|una|um|uma|een))\s$")
_POSSESSIVE_INSIDE_RE = re.compile(r"(?<=\w['’]s)\s(?=\S)")
_CAPITALS_AFTER_NAME_RE = re.compile(r"(?<=[a-zà-öø-ÿ]{3})\s(?=[" + CAPITALS + r"]{2,}(?![\w'’-]*[a-zà-öø-ÿ]))")
_DOCUMENT_SUBJECT_RE = re.compile(r"(?:\w+\s)?(\w+)")
_GERMAN_INDEFINITE_BEFORE_RE = re.compile(r"\b(?:ein|eine|einem|einen|einer|eines)\s$")
_ORG_HEAD_BEFORE_RE = re.compile(r"\b([A-ZÄÖÜ]\w+)\s(?:der|des|für)\s$")
_PASSIVE_AFTER_RE = re.compile(r"\s+(?:wird|werden|wurde|wurden|worden)\b")
_NARRATING_VERBS = ("erzähl", "vertel", "racconta", "narra")  # 'erzählt von', 'vertelt over', 'racconta di'
_ABOUT_AFTER_RE = re.compile(r"\s+(?:von|vom|über|over|van|di|della|del)\s")
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:da|do|das|dos|della|dello|del|du|des|of the|der|dell')\s$", re.IGNORECASE)
# Organisation names (German compounds, Romance institutions) contain these.
_ORG_SUFFIXES = ("verband", "bund", "kammer", "ministerium", "amt", "partei", "zeitung", "universität", "gesellschaft",
                 "institut", "agentur", "behörde", "bank", "gruppe", "ag", "gmbh", "verein", "stiftung", "klinik", "werk",
                 "werke", "ministerio", "ministero", "ministério", "agencia", "agência", "agenzia", "universidad",
                 "universidade", "università", "sociedad", "sociedade", "società", "comisión", "comissão",
                 "commissione", "senado", "senato", "museo", "museu", "federación", "federação", "associação",
                 "asociación", "associazione", "club", "fc", "inc", "ltd", "corp", "association", "agency",
                 "university", "council", "committee", "commission", "securities", "group", "party", "union",
                 "ministry", "department", "office", "institute", "foundation", "alliance", "questions", "energy",
                 "airlines", "airways", "motors", "holdings", "systems", "technologies", "pharmaceuticals", "labs", "products",
                 "services", "industries", "shipping", "authority", "bureau", "railways", "junta", "consejo",
                 "conselho", "consiglio", "ayuntamiento", "prefeitura", "comune", "generalitat", "treasury",
                 "parliament", "congress", "government", "gobierno", "governo", "army", "navy", "library",
                 "museum", "school", "college", "academy", "hospital", "society", "federation", "league",
                 "confederación", "confederação", "confederazione", "diputación", "asamblea", "assembleia",
                 "assemblea", "cámara", "câmara", "camera", "consejería", "conselleria", "consellería", "audiencia", "fiscalía",
                 "procura", "procuradoria", "tribunale", "comité", "comitê", "comitato", "instituto", "istituto",
                 "fundación", "fundação", "fondazione", "banco", "banca", "empresa", "compañía", "companhia")
_LONG_ORG_SUFFIXES = tuple(suffix for suffix in _ORG_SUFFIXES if len(suffix) >= 4)
# A word's ending that makes it an organisation's ('Finanzamt', 'Sparkasse'): short suffixes only as
# whole words ('AG', 'FC', 'Ltd'), or 'Morag' and 'Prag' would be companies.
_ORG_ENDINGS = _LONG_ORG_SUFFIXES + ("amt",)
# Capitalised at a German sentence's start, never a name's first word.
_GERMAN_FUNCTION_WORDS = frozenset(
    "ein eine einer einem einen eines der die das den dem des dies diese dieser dieses diesen jene jener ihr ihre "
    "ihrem ihren sein seine seinem seinen unser unsere mein meine kein keine alle viele mehrere einige beim bei im "
    "am zum zur vom mit seit nach vor für von aus auf über unter durch gegen ohne um wie als auch doch aber und "
    "oder wenn weil dass es sie er wir man nur noch schon so da dann hier dort".split())
_GERMAN_NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "ität", "nis", "tum", "ismus", "ment", "chen")
_GERMAN_UNITS = frozenset("euro dollar franken pfund prozent millionen milliarden tausend kilometer meter grad "
                          "zentimeter millimeter liter tonnen kilo kilogramm sekunden minuten stunden tage tagen "
                          "wochen monate monaten jahre jahren".split())
# Grammatical gender of German organisation heads (longest suffix first), to put names back in the
# nominative: 'des Auswärtigen Amtes' -> 'Auswärtiges Amt'.
_GERMAN_ORG_GENDERS = (
    ("gerichtshof", "m"), ("ministerium", "n"), ("kommission", "f"), ("verband", "m"), ("institut", "n"),
    ("regierung", "f"), ("rundfunk", "m"), ("ausschuss", "m"), ("konzern", "m"), ("kabinett", "n"),
    ("parlament", "n"), ("gericht", "n"), ("partei", "f"), ("behörde", "f"), ("agentur", "f"), ("stiftung", "f"),
    ("schaft", "f"), ("zentrum", "n"), ("bündnis", "n"), ("präsidium", "n"), ("polizei", "f"), ("verein", "m"),
    ("dienst", "m"), ("kammer", "f"), ("union", "f"), ("bank", "f"), ("amt", "n"), ("rat", "m"), ("bund", "m"),
    ("werk", "n"), ("haus", "n"), ("kreuz", "n"), ("büro", "n"), ("senat", "m"), ("tag", "m"))
# Compound role nouns (German) end with these: 'Bundesfinanzminister', 'Betriebsratschefin'.
_ROLE_SUFFIXES = ("minister", "ministerin", "chef", "chefin", "präsident", "präsidentin", "vorsitzende", "loge", "login",
                  "wissenschaftler", "wissenschaftlerin", "anwalt", "anwältin", "professor", "professorin",
                  "vorsitzender", "sprecher", "sprecherin", "rätin", "kanzler", "kanzlerin", "direktor", "direktorin",
                  "leiter", "leiterin", "trainer", "kapitän", "forscher", "forscherin", "experte", "expertin",
                  "ökonom", "ökonomin", "berater", "beraterin", "jährige", "jähriger", "jarige")  # 'die 78-Jährige'
# German feminine nouns of professions, by their ending ('die Raumplanerin'; long: 'Erin', 'Severin' are names)
_GERMAN_FEMININE_ROLE_ENDINGS, _GERMAN_FEMININE_ROLE_MIN_CHARS = ("erin", "istin", "entin", "antin", "eurin"), 9
# A name spelled out before its acronym: 'Confederação Nacional da Indústria (CNI)'.
# Pronouns after 'selon', 'according to', 'laut', 'según', 'secondo', 'segundo', 'volgens' -> gender.
_OBJECT_PRONOUNS = {"lui": "m", "elle": "f", "him": "m", "her": "f", "ihm": "m", "ihr": "f", "él": "m", "ella": "f",
                    "lei": "f", "ele": "m", "ela": "f", "hem": "m", "haar": "f", "eux": None, "them": None,
                    "ihnen": None, "ellos": None, "loro": None, "eles": None, "hen": None}
# A quote right after these is the title or the name of something ('un rapport intitulé « … »').
_NAMED_BEFORE_MARK_RE = re.compile(
    r"\b(?:(?:intitulée?s?|titled|entitled|called|dubbed|baptisée?s?|nommée?s?|surnommée?s?|appelée?s?|genannt|namens|"
    r"titel|titulad[oa]s?|denominad[oa]s?|intitolat[oa]|chiamat[oa]|denominat[oa]|intitulad[oa]s?|getiteld|genaamd|heet|"
    r"(?:conocid|conhecid)[oa]s? como|known as|connue?s? (?:sous le nom d[e']|comme)|not[oa] come|bekannt als|"
    r"bekend als)\s?[,:]?\s?"
    # 'el llamado dólar «blue»', 'the so-called “Turbo” plan': the quote names a thing, a word may come between
    r"|(?:so-called|llamad[oa]s?|sogenannte[nmrs]?|cosiddett[oa]|chamad[oa]s?|soi-disant|zogenaamde?)\s(?:\w+\s)?"
    # a work, a campaign or a place's name: 'la campagne «Mon été en Valais»', 'de attractie "Fietsen door het water"'
    r"|(?:campagne|campaign|kampagne|campaña|campanha|campagna|documentaire|documentary|doku|dokumentation|"
    r"documental|documentário|documentario|film|movie|série|series|serie|émission|sendung|programa|trasmissione|"
    r"festival|exposition|exhibition|ausstellung|exposición|exposição|mostra|tentoonstelling|spectacle|"
    r"attractie|attraction|attraktion|atracción|atração|attrazione|application|app|aplicación|aplicativo|"
    r"applicazione|slogan|hashtag|album|chanson|song|canción|canção|canzone|podcast|opération|operação|operación|"
    r"operazione|operatie|projet|projekt|proyecto|projeto|progetto|livre|book|buch|libro|livro|boek|roman|novel|"
    # a motto, a petition, an initiative: 'unter dem Motto „Lasst den Zug rollen“', 'die Werbekampagne »…«'
    r"motto|lema|devise|petition|petición|pétition|petizione|petição|petitie|initiative|iniciativa|iniziativa|"
    r"initiatief|aktion|programm|programme|programa|programma)"
    r"\s|\w+(?:kampagne|petition|initiative|aktion|programm)\s)$",
    re.IGNORECASE)
# A name given after its marks: 'im Dorf etwas spöttisch «Goldküste» genannt', '« Lélé » comme l'appellent …'.
_NAMED_AFTER_MARK_RE = re.compile(r"[”\"»’'“]?\s?,?\s(?:genannt|geheißen|called|dubbed|appelée?s?|surnommée?s?|"
                                  r"llamad[oa]s?|apodad[oa]s?|chamad[oa]s?|apelidad[oa]s?|chiamat[oa]|dett[oa]|"
                                  r"soprannominat[oa]|genoemd|geheten|gedoopt)\b", re.IGNORECASE)
_DESCRIBED_ORG_MAX_WORDS = 7
_NAME_MAX_WORDS = 4  # (a name given after its marks)
_DIRECT_ATTRIBUTIONS = frozenset(("named", "according", "pronoun", "described"))
_CLAUSE_BREAK_RE = re.compile(r"[.,;:!?()«»\"“”„]\s?")
# How far before a quote the cue and speaker are looked for (keeps the work per quote bounded).
CONTEXT_CHARS = 400
# Deeper nesting than this is not quotation but noise (a run of marks): extra openers are ignored.
MAX_OPEN_MARKS = 4
_ABBREVIATIONS = {"M", "MM", "Mme", "Mlle", "Dr", "Mr", "Mrs", "Ms", "St", "Sr", "Sra", "Pr", "Prof", "Gen", "Sig",
                  "Dott", "Me", "Mgr", "Rep", "Sen", "Gov", "av", "etc", "No", "n°"}


@dataclasses.dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]          # single-word forms
    verb_phrases: tuple[str, ...]  # multiword forms ("fait valoir")
    according: tuple[str, ...]
    aux: frozenset[str]
    pronouns: frozenset[str]
    skip: frozenset[str]
    titles: frozenset[str]
    org_nouns: frozenset[str]
    role_nouns: frozenset[str]
    feminine: frozenset[str] = frozenset()   # determiners, pronouns, titles marking a woman ('la', 'she', 'Mme')
    masculine: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()  # what an organisation speaks through ('the statement', 'o texto')
    spokespersons: frozenset[str] = frozenset()  # role nouns of those who speak for one ('spokesman', 'Sprecherin')
    compounding: bool = False  # the language writes nouns as compounds ('Notenbank', 'werkgeversfederatie')
    separable: bool = False  # its verbs split around the clause ('laat in een verklaring weten', 'teilte … mit')
    pro_drop: bool = False  # its verbs go without a subject pronoun ('non nasconde l'emozione', 'admitió')

    @functools.cached_property
    def verb_phrase_starts(self) -> frozenset[str]:
        """Every beginning of a multiword form: a word (which holds no space) that is none of them
        starts none."""
        return frozenset(phrase[:end] for phrase in self.verb_phrases for end in range(1, len(phrase) + 1))


@dataclasses.dataclass
class QuoteSpan:
    open: int         # offset of the opening mark
    start: int        # offsets of the quoted words
    end: int
    close: int        # offset just after the closing mark (== end when recovered)
    continues: bool = False  # the speech of the span before, after the narrator's inciso ('—dijo X—.')


def _french_er_forms(lemma: str) -> list[str]:
    stem = lemma[:-2]
    forms = [stem + suffix for suffix in ("é", "ée", "és", "ées", "e", "ent", "ait", "aient", "èrent", "ant")]
    if stem.endswith("c"):
        forms += [stem[:-1] + "ça", stem[:-1] + "çait"]
    elif stem.endswith("g"):
        forms += [stem + "ea", stem + "eait"]
    else:
        forms += [stem + "a"]
    return forms


def parse_cue_lexicon(text: str, language: str) -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {name: set() for name in SECTIONS}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if current not in sections:
                raise ValueError(f"unknown section [{current}] in the {language} cue lexicon")
            continue
        if current is None:
            raise ValueError(f"{language} cue lexicon: entry before any [section]: {line!r}")
        lemma, _, forms = line.partition("\t")
        values = [form.strip() for form in forms.split("|") if form.strip()] if forms else []
        if current == "verbs" and not values:
            values = _french_er_forms(lemma) if language == "fr" and lemma.endswith("er") else [lemma]
            if language == "fr" and lemma.startswith(("s'", "se ")):
                values = _french_er_forms(lemma.split(" ", 1)[-1].split("'", 1)[-1]) if lemma.endswith("er") else values
        elif not values:
            values = [part.strip() for part in lemma.split("|")]
        sections[current].update(value.casefold().replace("’", "'") for value in values)
    return sections


@functools.lru_cache(maxsize=16)
def load_cue_lexicon(language: str, directory: str = str(LEXICON_DIR)) -> CueLexicon:
    """The cue lexicon of a language; unknown languages get the union of all (rules still apply)."""
    paths = [Path(directory) / f"{language}.txt"]
    if not paths[0].exists():
        paths = sorted(Path(directory).glob("*.txt"))
    merged: dict[str, set[str]] = {name: set() for name in SECTIONS}
    for path in paths:
        for name, values in parse_cue_lexicon(path.read_text(encoding="utf-8"), path.stem).items():
            merged[name] |= values
    verbs = merged["verbs"]
    return CueLexicon(
        verbs=frozenset(v for v in verbs if " " not in v),
        verb_phrases=tuple(sorted((v for v in verbs if " " in v), key=longest_first)),
        according=tuple(sorted(merged["according"], key=longest_first)),
        aux=frozenset(merged["aux"]), pronouns=frozenset(merged["pronouns"]), skip=frozenset(merged["skip"]),
        titles=frozenset(merged["titles"]), org_nouns=frozenset(merged["org_nouns"]),
        role_nouns=frozenset(merged["role_nouns"] | merged["spokespersons"]), feminine=frozenset(merged["feminine"]),
        masculine=frozenset(merged["masculine"]), documents=frozenset(merged["documents"]),
        spokespersons=frozenset(merged["spokespersons"]),
        compounding=language in COMPOUNDING_LANGUAGES,
        separable=language in SEPARABLE_VERB_LANGUAGES,
        pro_drop=language in PRO_DROP_LANGUAGES,
    )


# ---------------------------------------------------------------- quote spans

def _is_space(ch: str) -> bool:
    return ch == "" or ch in _SPACES


def _straight_quote_opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if _is_space(before) or before in "([{—–-/:":
        return not _is_space(after)
    if _is_space(after) or after in ".,;:!?)]}…":
        return False
    return not before.isalnum()  # '."Il' opens, 'a"b' closes


def _is_sentence_end(text: str, found: re.Match) -> bool:
    """Not after an abbreviation or an initial: 'M. Trump', 'H.R. McMaster', 'Dr. No'."""
    if found.group() != ".":
        return True
    word = text[max(0, found.start() - 4):found.start()].split()[-1:] or [""]
    word = re.split(r"[^\w.]", word[0])[-1]
    last = word.split(".")[-1]
    return not (word in _ABBREVIATIONS or (len(last) == 1 and last.isupper()))


def _sentence_end_before(text: str, start: int, limit: int) -> Optional[int]:
    """Offset just after the last sentence end in text[start:limit], or None."""
    last = None
    for found in _SENTENCE_END_RE.finditer(text, start, limit):
        if _is_sentence_end(text, found):
            last = found.start() + (0 if found.group() == "\n" else 1)
    return last


def _sentence_end_after(text: str, start: int, limit: int) -> int:
    """Offset just after the first sentence end in text[start:limit], else ``limit``."""
    for found in _SENTENCE_END_RE.finditer(text, start, limit):
        if _is_sentence_end(text, found):
            return found.end()
    return limit


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotations, robust to unclosed marks: an opener that is never closed is ended
    at the last sentence end before the next opener or paragraph end, so it cannot shift the
    pairing of every later quote. A quote over several paragraphs (the mark re-opened at each,
    closed at the last) is one quotation per paragraph, as the dev sets' gold has it."""
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset)

    def recover(mark_offset: int, limit: int) -> None:
        end = _sentence_end_before(text, mark_offset + 1, limit)
        if end is not None and end > mark_offset + 1:
            spans.append(QuoteSpan(mark_offset, mark_offset + 1, end, end))

    i = 0
    length = len(text)
    while i < length:
        ch = text[i]
        if ch != "\n" and ch not in _MARKS:  # on to the next mark or line break
            found = _MARK_OR_BREAK_RE.search(text, i)
            if found is None:
                break
            i, ch = found.start(), found.group()
        if ch == "\n":
            if stack:
                while stack:
                    recover(stack.pop()[1], i)
            i += 1
            continue
        if (ch == "‘" and not any(mark == "‚" for mark, _ in stack)) or ch == "'":
            # Single quotes: curly (‘…’) or straight ('…', Dutch and British usage; most are apostrophes).
            closer = _SINGLE_CLOSE_RE if ch == "‘" else _STRAIGHT_SINGLE_CLOSE_RE
            if not stack and _straight_quote_opens(text, i) and not (  # inside another quote, it is nested: skip it
                    ch == "'" and (not text[i + 1:i + 2].isalnum() or _ELISION_RE.match(text, i))):
                paragraph_end = text.find("\n", i, i + SINGLE_QUOTE_CHARS)
                limit = min(length, i + SINGLE_QUOTE_CHARS) if paragraph_end == -1 else paragraph_end
                close = closer.search(text, i + 2, limit)
                # 'workers’ rights': a plural possessive, when a later mark can close the quote
                while close and _PLURAL_POSSESSIVE_RE.match(text, close.start() - 1):
                    later = closer.search(text, close.end(), limit)
                    if not later:
                        break
                    close = later
                if close:
                    spans.append(QuoteSpan(i, i + 1, close.start(), close.end()))
                    i = close.end()
                    continue
            i += 1
            continue
        if ch == '"':
            if _straight_quote_opens(text, i):
                if stack and stack[-1][0] == '"':
                    recover(stack.pop()[1], i)  # a second opener: the first was never closed
                if len(stack) < MAX_OPEN_MARKS:
                    stack.append((ch, i))
            elif stack and stack[-1][0] == '"':
                _close(spans, stack, i, len(stack) - 1)
        else:
            position = next((k for k in range(len(stack) - 1, -1, -1) if ch in CLOSERS[stack[k][0]]), None)
            if position is not None:
                _close(spans, stack, i, position)
            elif ch == "»":
                before = text[i - 1] if i else ""
                if _is_space(before) and not _is_space(text[i + 1:i + 2]) and len(stack) < MAX_OPEN_MARKS:
                    stack.append((ch, i))  # German »…«
            elif ch in CLOSERS and len(stack) < MAX_OPEN_MARKS:
                stack.append((ch, i))
        i += 1
    while stack:
        recover(stack.pop()[1], length)
    return [span for span in _outermost(spans) if _trim(text, span)]


def _outermost(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """The spans no other holds, in order: quotes inside quotes belong to the outer one."""
    top: list[QuoteSpan] = []
    for span in sorted(spans, key=lambda span: (span.open, -span.close)):
        if top and span.open < top[-1].close:
            continue
        top.append(span)
    return top


_SPEECH_DASHES = "—–"
# Languages whose press writes dialogue with dashes (an English paragraph may open with a dash
# and an aside: '— A new bridge — said to cost $40m — will open …').
DASH_DIALOGUE_LANGUAGES = frozenset(("es", "pt", "it", "fr", "ca", "gl"))
_LEADING_DASH_RE = re.compile(r"[ \t\u00a0]*[—–]")
# A dash after a space or a sentence's end, where a narrator's inciso may open ('… 115 —dijo').
_INCISO_DASH_RE = re.compile(r"(?<=[\s.,!?…])[—–]")
# What ends an inciso and opens the speech again: '—. ', '—, ', or the paragraph's end.
_RESUMES_RE = re.compile(r"[—–][.,;:]?[ \u00a0]*(?=[\w¿¡\"«“])")
INCISO_CHARS = 300


def _inciso_end(text: str, dash: int, limit: int, lexicon: CueLexicon) -> Optional[int]:
    """Where the narrator's inciso that ``text[dash]`` opens ends ('—dijo Mirta Ocampo, de 67 años—',
    '— disse o brigadista —', '—le preguntó Raúl Ibarra'): the offset of its closing dash, or
    ``limit`` (the paragraph's end); None when the dash opens no inciso. An inciso starts in lower
    case and holds a reporting verb among its first words: an aside (' — and ran') is not one."""
    start = dash + 1
    while start < limit and text[start] in _SPACES:
        start += 1
    if start >= limit or not text[start].islower():
        return None
    if _find_cue(_tokens(text, start, min(limit, start + 60))[:3], lexicon, text) is None:
        return None
    close = next((k for k in range(start, min(limit, start + INCISO_CHARS)) if text[k] in _SPEECH_DASHES), None)
    return close if close is not None else (limit if limit - start <= INCISO_CHARS else None)


def dash_speech_spans(text: str, lexicon: CueLexicon) -> list[QuoteSpan]:
    """Speech set off by dashes, as Spanish and Portuguese write dialogue: a paragraph that opens
    with a dash is speech up to the narrator's inciso ('—Hace una hora que espero —dijo Mirta
    Ocampo—. Nadie nos avisó nada.'), and again after it; both pieces are the speaker's. A
    paragraph with no inciso (a list's dashes, a question in an interview) gives nothing."""
    spans: list[QuoteSpan] = []
    offset = 0
    for paragraph in text.split("\n"):
        start, end = offset, offset + len(paragraph)
        offset = end + 1
        opening = _LEADING_DASH_RE.match(text, start, end)
        if not opening:
            continue
        pieces: list[QuoteSpan] = []
        speech_open, speech_start = opening.end() - 1, opening.end()
        for dash in _INCISO_DASH_RE.finditer(text, speech_start, end):
            if dash.start() < speech_start:
                continue  # inside an inciso already taken
            inciso_end = _inciso_end(text, dash.start(), end, lexicon)
            if inciso_end is None:
                continue
            pieces.append(QuoteSpan(speech_open, speech_start, dash.start(), dash.start() + 1, continues=bool(pieces)))
            resumes = _RESUMES_RE.match(text, inciso_end, end)
            if not resumes:
                speech_start = end
                break
            speech_open, speech_start = inciso_end, resumes.end()
        if pieces and speech_start < end:
            # (to the paragraph's end, its full stop left out as the quote marks would leave it)
            speech_end = end - 1 if text[end - 1:end] == "." and text[end - 3:end] != "..." else end
            pieces.append(QuoteSpan(speech_open, speech_start, speech_end, end, continues=True))
        spans.extend(piece for piece in pieces if _trim(text, piece))
    return spans


def split_at_incisos(text: str, spans: list[QuoteSpan], lexicon: CueLexicon) -> list[QuoteSpan]:
    """A quote in marks that a narrator's inciso interrupts ('«No vamos a ceder —afirmó el
    presidente de la CTC, Héctor Valdebenito—. Lo dijimos en agosto»') is two quotes of one
    speaker, the inciso between them saying who."""
    result: list[QuoteSpan] = []
    for span in spans:
        piece_open, piece_start = span.open, span.start
        for dash in _INCISO_DASH_RE.finditer(text, span.start, span.end):
            if dash.start() < piece_start:
                continue
            inciso_end = _inciso_end(text, dash.start(), span.end, lexicon)
            resumes = _RESUMES_RE.match(text, inciso_end, span.end) if inciso_end is not None else None
            if not resumes:
                continue
            result.append(QuoteSpan(piece_open, piece_start, dash.start(), dash.start() + 1,
                                    continues=piece_start != span.start or span.continues))
            piece_open, piece_start = inciso_end, resumes.end()
        if piece_start == span.start:
            result.append(span)
        else:
            result.append(QuoteSpan(piece_open, piece_start, span.end, span.close, continues=True))
    return [span for span in result if _trim(text, span)]


def _close(spans: list[QuoteSpan], stack: list[tuple[str, int]], offset: int, position: int) -> None:
    mark, opened = stack[position]
    del stack[position:]  # marks opened inside and never closed are dropped with it
    spans.append(QuoteSpan(opened, opened + 1, offset, offset + 1))


def _trim(text: str, span: QuoteSpan) -> bool:
    while span.start < span.end and text[span.start] in _SPACES:
        span.start += 1
    while span.end > span.start and text[span.end - 1] in _SPACES:
        span.end -= 1
    return any(ch.isalnum() for ch in text[span.start:span.end])


# ---------------------------------------------------------------- speakers

@dataclasses.dataclass
class Attribution:
    speaker: Optional[str]
    cue: Optional[str]
    how: str  # named | pronoun | according | inherited | none


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group().casefold().replace("’", "'"), m.start(), m.end()) for m in _WORD_RE.finditer(text, start, end)]


def _strip_title(name: str, lexicon: CueLexicon) -> str:
    """'M. Trump' -> 'Trump', 'Regisseurin Jana Hofer' -> 'Jana Hofer'."""
    words = name.split()
    while len(words) > 1 and (words[0].casefold().rstrip(",") in lexicon.titles or _is_role_word(words[0], lexicon)):
        words = words[1:]
    return " ".join(words)


def _has_two_letters(text: str) -> bool:
    letters = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if letters == 2:
                return True
    return False


# An organisation's name in sentence case goes on after its head: 'Federazione italiana pubblici esercizi',
# 'Collectif des déplacés de la Langue de Barbarie': a particle or an adjective of place right after it.
_NAME_PARTICLES = frozenset("de des du della delle dei degli del di da do dos das la le les l".split())
_PLACE_ADJECTIVE_ENDINGS = ("ana", "ano", "ani", "ane", "ese", "esi", "aise", "aises", "ais", "ale", "ali", "ienne",
                            "ien", "ica", "ico", "ici", "eña", "eño", "ense", "ês", "esa", "ista")
_TAIL_WORD_RE = re.compile(r"[ \u00a0]+([\w'’-]+)|\s*([,.;:()!?«»\"“”])")


def _with_sentence_case_name(text: str, entity: dict[str, Any], lexicon: CueLexicon) -> dict[str, Any]:
    """A one-word organisation that heads a name in sentence case, with the rest of that name: lower-case
    words, then capitalised ones, with particles between, up to a punctuation mark or a verb."""
    head = entity["text"]
    article, _, noun = head.partition(" ")
    if noun and " " not in noun and article.casefold() in _DETERMINERS:  # a model's 'La Ligue': the name is 'Ligue …'
        entity = {**entity, "text": noun, "start": entity["end"] - len(noun)}
        head = noun
    if " " in head or not head[:1].isupper() or entity["label"] not in ("ORG", "LOC", "MISC") or not (
            head.casefold() in lexicon.org_nouns or head.casefold() in _INSTITUTION_WORDS):
        return entity
    position, end, content, capitalised = entity["end"], entity["end"], 0, False
    while (found := _TAIL_WORD_RE.match(text, position)) and found.group(1):
        word = found.group(1)
        folded = word.casefold().split("'")[-1].split("’")[-1]
        if folded in lexicon.aux or folded in lexicon.verbs:
            break  # 'Le Collectif des déplacés de la Langue de Barbarie a jugé'
        if folded in _NAME_PARTICLES:
            pass
        elif position == entity["end"] and not (word.islower() and folded.endswith(_PLACE_ADJECTIVE_ENDINGS)):
            return entity  # ('La Federazione invita')
        elif word[:1].isupper():
            capitalised = True
        elif capitalised or content >= 4:
            return entity  # ('El Consejo de Ministros aprobó ayer …': a clause goes on)
        else:
            content += 1
        position = found.end()
        if folded not in _NAME_PARTICLES:
            end = position
    if end == entity["end"]:
        return entity
    return {**entity, "text": text[entity["start"]:end], "end": end, "label": "ORG"}


def _only_function_words(name: str) -> bool:
    """'Dans un' (a model's slip at a sentence's start) names no one."""
    return all(word.casefold() in _FUNCTION_WORDS for word in name.split())


def _outside_spans(entities: list[dict[str, Any]], spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Entities (sorted) not starting inside any of the (sorted, disjoint) spans, in one pass."""
    result, k = [], 0
    for entity in entities:
        while k < len(spans) and spans[k][1] <= entity["start"]:
            k += 1
        if not (k < len(spans) and spans[k][0] <= entity["start"] < spans[k][1]):
            result.append(entity)
    return result


# Whom words were told to, not who spoke them: 'En declaraciones a Metrópoli Norte, …', 'in an
# interview with the Courier', 'em declarações ao Público', 'in einem Interview mit der Zeitung'.
_RECIPIENT_BEFORE_RE = re.compile(
    r"\b(?:declaraciones|entrevista|declarações|dichiarazioni|intervista|déclarations|entretien|interview|gesprek|"
    r"Interview|Gespräch) (?:a|al|à|ao|à|con|com|with|to|alla|allo|al|aan|met|mit|gegenüber|accordée? à|accordé au|"
    r"concedida a|concedida al|concessa a|concessa al) (?:la |el |le |the |o |a |il |lo |de |het |der |dem |l['’])?$",
    re.IGNORECASE)


def _spelled_out_short_names(text: str, entities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each mention of a news agency's short name that the article gave another body in brackets
    after that body's name ('Agência Portuguesa do Ambiente (APA)') as that body's long name."""
    agencies = {e["text"] for e in entities if e["text"].casefold() in AGENCY_NAMES}
    if not agencies:
        return list(entities)
    long_names = {short: e["text"] for e in entities for short in agencies
                  if text.startswith(f" ({short})", e["end"]) and e["text"].casefold() not in AGENCY_NAMES
                  and not any(name in e["text"].casefold() for name in AGENCY_NAMES if " " in name)}
    return [{**e, "text": long_names[e["text"]]} if e["text"] in long_names else e for e in entities]


class SpeakerResolver:
    """Full names and salience of the people and organisations of one article."""

    def __init__(self, text: str, entities: Sequence[dict[str, Any]], lexicon: CueLexicon,
                 quote_spans: Sequence[QuoteSpan]):
        self.text = text
        self.lexicon = lexicon
        inside = [(s.open, s.close) for s in quote_spans]
        # Entities that are only a title ('M.', NER's frequent slip before a surname) name no one.
        # Nor is a news agency anyone's speaker: 'afirmou à Lusa', 'told Reuters' name who was told.
        # (unless the article spells the name out as another's: 'Agência Portuguesa do Ambiente (APA)'
        # names that body, by its long name)
        entities = _spelled_out_short_names(text, entities)
        self.entities = [e for e in entities if "\n" not in e["text"] and e["end"] > e["start"]
                         and e["text"].casefold() not in lexicon.titles and e["text"].casefold() not in AGENCY_NAMES
                         and _has_two_letters(e["text"]) and not _only_function_words(e["text"])
                         and not _RECIPIENT_BEFORE_RE.search(text, max(0, e["start"] - 40), e["start"])]
        self.entities = [_with_sentence_case_name(text, e, lexicon) for e in self.entities]
        self.outside = _outside_spans(sorted(self.entities, key=lambda e: (e["start"], e["end"])), inside)
        self.outside_starts = [e["start"] for e in self.outside]
        self.persons = [e for e in self.outside if self.is_person(e)]
        self.person_ends = [e["end"] for e in self.persons]
        persons = [_strip_title(e["text"], lexicon) for e in self.entities if e["label"] in PERSON_LABELS]
        self.person_counts = collections.Counter(persons)
        # Last word (case-folded) -> (words, count, length, name) of the names ending with it.
        self._names_by_last_word: dict[str, list[tuple[int, int, int, str]]] = {}
        # The same for the inner words of three-word names ('Sanz' of 'Marta Sanz Robledo'): two surnames.
        self._names_by_inner_word: dict[str, list[tuple[int, int, int, str]]] = {}
        # A feature's 'Filomena responde' after 'Filomena Rosário Xavier'.
        self._given_name_owners = given_name_owners(self.person_counts, load_given_names(), unlisted=True)
        for full, count in self.person_counts.items():
            full_words = full.split()
            if full_words:
                self._names_by_last_word.setdefault(full_words[-1].casefold(), []).append(
                    (len(full_words), count, len(full), full))
            for word in full_words[1:-1]:
                if word[:1].isupper():
                    self._names_by_inner_word.setdefault(word.casefold(), []).append(
                        (len(full_words), count, len(full), full))

    @functools.cached_property
    def person_genders(self) -> list[Optional[str]]:
        """The gender of each of ``persons``: the first one the article marks for that person ('La
        tenista Carla Montiel'), for every mention. Worked out when a pronoun first needs it."""
        genders: dict[str, str] = {}
        for entity in self.persons:
            key = self.full_name(entity["text"])
            if key not in genders:
                found = _person_gender(self.text, entity["start"], self.lexicon)
                if found:
                    genders[key] = found
        return [genders.get(self.full_name(e["text"])) for e in self.persons]

    def is_person(self, entity: dict[str, Any]) -> bool:
        return entity["label"] in PERSON_LABELS

    def full_name(self, name: str) -> str:
        """'M. Trump' / 'Trump' -> 'Donald Trump' (the most used longer name ending the same way)."""
        name = _strip_title(name.strip(" ,.;:"), self.lexicon)
        words = name.split()
        if not words:
            return name
        candidates = [(count, length, full) for full_words, count, length, full
                      in self._names_by_last_word.get(words[-1].casefold(), ()) if full_words > len(words)]
        if not candidates and len(words) == 1:
            candidates = [(count, length, full) for _, count, length, full
                          in self._names_by_inner_word.get(words[0].casefold(), ())]
        if not candidates and len(words) == 1 and words[0] in self._given_name_owners:  # a given name alone
            return self._given_name_owners[words[0]]
        if not candidates:
            return name
        return max(candidates, key=lambda c: (c[0], c[1], [-ord(ch) for ch in c[2]]))[2]

    def org_name(self, phrase: str) -> str:
        """'le ministère russe' -> 'ministère russe des Affaires étrangères' when the article has
        the longer form; determiners dropped; German names in the nominative."""
        phrase = german_nominative(phrase)
        phrase = re.sub(r"^(?:(?:desde|from|seitens|por parte)\s(?:de\s)?)?"
                        r"(?:l'|l’|le |la |les |the |der |die |das |el |los |las |il |lo |gli |o |a |os |as |"
                        r"(?:de|het) (?=[A-Z]))",
                        "", phrase.strip(" ,.;:"), flags=re.IGNORECASE)
        # An organisation of the article named so, and longer by a complement ('ministerie' ->
        # 'ministerie van Klimaat en Groene Groei', 'Conseil du coton' -> '… et de l'anacarde'; not
        # a run of capitalised words going on); else the first mention of the phrase followed by a
        # complement (a pattern per phrase would be compiled anew for most, and evict the lexicon's
        # patterns from re's cache).
        named = next((e["text"] for e in self.outside if e["label"] == "ORG" and e["text"].startswith(phrase + " ")
                      and e["text"][len(phrase) + 1:len(phrase) + 2].islower()), None)
        if named:
            return named
        at = self.text.find(phrase)
        while at >= 0:
            longer = _ORG_COMPLEMENT_RE.match(self.text, at + len(phrase))
            if longer:
                name = self.text[at:longer.end()]
                last = name.rsplit(None, 1)[-1]
                # '… des Affaires étrangères' ends with an adjective; '… del Presidente celebró' with a verb.
                return name[:-len(last)].rstrip() if last.islower() and last.casefold() in self.lexicon.verbs else name
            at = self.text.find(phrase, at + 1)
        return phrase

    def canonical(self, entity: dict[str, Any]) -> str:
        if self.is_person(entity):
            return self.full_name(entity["text"])
        return self.expanded_acronym(entity["text"]) or self.org_name(entity["text"])

    def expanded_acronym(self, name: str) -> Optional[str]:
        """'CNI' -> 'Confederação Nacional da Indústria', where the article writes it '… (CNI)';
        the same for a short form in one word ('Copom', 'Anvisa')."""
        if not _ACRONYM_RE.fullmatch(name) and not (name.isalpha() and name[:1].isupper()
                                                    and f"({name})" in self.text):
            return None
        at = self.text.find(f"({name})")
        if at < 1:
            # Or a name the article spells out whose capitalised words' initials it is ('the Office
            # for National Statistics' … 'the ONS said').
            return next((entity["text"] for entity in self.outside if entity["label"] == "ORG" and len(name) >= 2
                         and "".join(w[0] for w in entity["text"].split() if w[:1].isupper()) == name), None)
        # The organisation named right before it, if it starts with the acronym's letter ('Asociación
        # Española de Fabricantes de Azulejos y Pavimentos Cerámicos (Ascer)'); else the words before
        # it, back to the clause's start, from the last capitalised word with the acronym's first
        # letter that leaves two words or more ('la Fédération hospitalière de France (FHF)', 'o
        # Comitê de Política Monetária (Copom)').
        named = next((entity["text"] for entity in self.outside if entity["label"] == "ORG"
                      and at - 2 <= entity["end"] <= at and entity["text"][:1] == name[:1]), None)
        if named:
            return named
        words = _CLAUSE_BREAK_RE.split(self.text[max(0, at - 120):at])[-1].split()
        words[:-1] = [_ELIDED_ARTICLE_RE.sub("", word, count=1) for word in words[:-1]]  # "l'Association hôtelière du Valais (AHV)"
        first = next((i for i in range(len(words) - 2, -1, -1) if words[i][:1] == name[:1]), None)
        return " ".join(words[first:]) if first is not None and len(words) - first <= 10 else None

    def person_with_role(self, organisation: str) -> Optional[str]:
        """'le chef de l'OTAN' -> the person introduced next to 'OTAN' ('… de l'OTAN, Jens Stoltenberg')."""
        for entity in self.outside:
            if self.is_person(entity) and organisation in self.text[max(0, entity["start"] - 60):entity["start"]]:
                return self.full_name(entity["text"])
        return None

    @functools.cached_property
    def folded_text(self) -> str:
        folded = self.text.lower()  # offsets must stay those of the text ('İ' lowers to two characters)
        return folded if len(folded) == len(self.text) else self.text

    def person_introduced_as(self, role: str, before: int) -> Optional[str]:
        """'il ministro libico' -> the person an earlier sentence gives that role ('con il ministro
        libico della Pianificazione, Khaled Salem Bashir'): a person named within a few words of it."""
        folded = self.folded_text
        # Before the phrase, nearest first; in a headline, nothing is: after it, nearest first.
        mentions = itertools.chain(_word_offsets_before(folded, role, before), _word_offsets_after(folded, role, before))
        for at in mentions:
            first = bisect.bisect_left(self.persons, at + len(role), key=lambda e: e["start"])
            if first < len(self.persons):
                person = self.persons[first]
                between = self.text[at + len(role):person["start"]]
                # (not what the role is of: 'decaan van de faculteit Engineering Technology'; but 'le
                # ministre de l'Intérieur, Gérald …' names the minister after the comma)
                of_a_body = not _PREPOSITIONS.isdisjoint(between.split()) and not between.rstrip().endswith(",")
                if len(between.split()) <= 6 and not _SENTENCE_END_RE.search(between) and not of_a_body and (
                        person["end"] <= before or at > before):
                    return self.full_name(person["text"])
            if first and at < before:  # or in apposition after the name: 'Farnsworth-Leavitt, the Machias town clerk'
                person = self.persons[first - 1]
                between = self.text[person["end"]:at]
                if between.lstrip().startswith(",") and len(between.split()) <= 5 and not (
                        _SENTENCE_END_RE.search(between)) and "," not in between.lstrip()[1:]:
                    return self.full_name(person["text"])
        return None

    def last_person_before(self, offset: int, gender: Optional[str] = None) -> Optional[str]:
        """The subject of the latest sentence before ``offset`` that names a person outside quotes
        (its first such person), for pronouns and role descriptions; with a ``gender`` ('f', 'm'),
        people known to be of the other one are passed over ('a cantora' after a man's quote)."""
        before = bisect.bisect_right(self.person_ends, offset)
        if not before:
            return self.most_salient()
        candidates = list(range(max(0, before - 20), before))
        if gender:
            candidates = [i for i in candidates if self.person_genders[i] in (gender, None)] or candidates
        last = self.persons[candidates[-1]]
        floor = max(0, last["start"] - CONTEXT_CHARS)
        sentence_start = _sentence_end_before(self.text, floor, last["start"]) or floor
        in_sentence = [i for i in candidates if self.persons[i]["start"] >= sentence_start]
        # An interview's 'Inès Ouali : …' labels the answer; the sentence's subject comes after it.
        first = next((i for i in in_sentence if not self._labels_answer(self.persons[i])), in_sentence[0])
        name = self.full_name(self.persons[first]["text"])
        if gender and self.person_genders[first] is None:
            # 'he said' about Gareth Pryce: a later 'she' is someone else.
            self.person_genders = [gender if g is None and self.full_name(e["text"]) == name else g
                                   for e, g in zip(self.persons, self.person_genders)]
        return name

    def _labels_answer(self, entity: dict[str, Any]) -> bool:
        return (entity["start"] == 0 or self.text[entity["start"] - 1] == "\n") and self.text[
            entity["end"]:entity["end"] + 3].lstrip(" \u00a0\u202f").startswith(":")

    def org_with_head(self, noun: str, offset: int) -> Optional[str]:
        """'der Verband': the organisation named last before ``offset`` whose name ends with the
        noun ('GKV-Spitzenverband'), or opens with it ('het ministerie' -> 'ministerie van Onderwijs,
        Cultuur en Wetenschap'), if any."""
        folded = noun.casefold()
        before = bisect.bisect_left(self.outside_starts, offset)
        for entity in reversed(self.outside[max(0, before - 30):before]):
            words = entity["text"].casefold().split()
            if entity["label"] == "ORG" and entity["text"].casefold() != folded and (
                    words[-1].endswith(folded) or len(words) > 2 and words[0] == folded):
                return self.canonical(entity)
        return None

    def org_introduced_as(self, noun: str, offset: int) -> Optional[str]:
        """'la società' -> the organisation an earlier sentence named right after that noun ('presentato
        dalla società Venti del Supramonte srl'), the nearest before ``offset``."""
        folded = noun.casefold()
        for at in _word_offsets_before(self.folded_text, folded, offset):
            first = bisect.bisect_left(self.outside_starts, at + len(folded))
            if first < len(self.outside) and self.outside[first]["label"] == "ORG" and self.outside[first]["start"] < offset:
                between = self.text[at + len(folded):self.outside[first]["start"]]
                if len(between.split()) <= 1 and not any(ch in between for ch in ".;:!?"):
                    return self.canonical(self.outside[first])
        return None

    def last_org_before(self, offset: int) -> Optional[str]:
        """The organisation named last before ``offset`` (outside quotes) as the subject or the
        source of its sentence ('Die Europäische Zentralbank hat …', 'Laut dem Statistischen
        Bundesamt …'): one named in passing ('une déléguée CGT') is not what 'la direction' means."""
        before = bisect.bisect_left(self.outside_starts, offset)
        for entity in reversed(self.outside[max(0, before - 30):before]):
            if entity["label"] != "ORG":
                continue
            floor = max(0, entity["start"] - CONTEXT_CHARS)
            sentence_start = _sentence_end_before(self.text, floor, entity["start"]) or floor
            lead = [w for w, _, _ in _tokens(self.text, sentence_start, entity["start"])]
            if "," in lead:  # after a fronted phrase: 'Pela segunda reunião seguida, o Comitê … manteve'
                lead = lead[len(lead) - lead[::-1].index(","):]
            if ")" in lead:  # after a wire's dateline: 'VANCOUVER, Dec 1 (Reuters) - Cariboo Ridge … said'
                lead = [w for w in lead[len(lead) - lead[::-1].index(")"):] if w not in ("—", "–")]
            if lead[:1] and lead[0] in _OPENING_CONJUNCTIONS:
                lead = lead[1:]
            if all(w in _DETERMINERS or w in _LEAD_WORDS or w in self.lexicon.according or w in _DESCRIPTOR_NOUNS
                   or w == "het" for w in lead):  # ('Operator Neuron Mobility said')
                return self.canonical(entity)
        return None

    def last_person_named_before(self, offset: int) -> Optional[str]:
        before = bisect.bisect_right(self.person_ends, offset)
        return self.full_name(self.persons[before - 1]["text"]) if before else self.most_salient()

    def between(self, start: int, end: int) -> list[dict[str, Any]]:
        """Entities outside quotes lying within text[start:end]."""
        first = bisect.bisect_left(self.outside_starts, start)
        found = []
        for entity in self.outside[first:]:
            if entity["start"] >= end:
                break
            if entity["end"] <= end:
                found.append(entity)
        return found

    def most_salient(self) -> Optional[str]:
        if not self.person_counts:
            return None
        best = max(self.person_counts, key=lambda n: (sum(c for f, c in self.person_counts.items()
                                                          if f.split()[-1] == n.split()[-1]), len(n)))
        return self.full_name(best)


def _german_gender(noun: str) -> Optional[str]:
    folded = noun.casefold()
    return next((gender for suffix, gender in _GERMAN_ORG_GENDERS if folded.endswith(suffix)), None)


def german_nominative(name: str) -> str:
    """A German organisation name as it is written on its own, whatever its case in the sentence:
    'Auswärtige Amt' / 'Auswärtigen Amtes' -> 'Auswärtiges Amt', 'Deutschen Journalisten-Verbandes'
    -> 'Deutscher Journalisten-Verband', 'Europäischen Zentralbank' -> 'Europäische Zentralbank'.
    Only names whose last word has a known gender and whose other words are adjectives change."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return name
    head = words[-1]
    gender = _german_gender(head)
    if gender is None:  # a genitive: 'Amtes', 'Ministeriums'
        for ending in ("es", "s"):
            if head.endswith(ending) and _german_gender(head[:-len(ending)]) in ("m", "n"):
                head, gender = head[:-len(ending)], _german_gender(head[:-len(ending)])
                break
        else:
            return name
    adjectives = []
    for word in words[:-1]:
        if word.endswith("er"):  # 'Deutscher', or a place ('Frankfurter'), which does not decline
            adjectives.append(word)
            continue
        found = re.fullmatch(r"(\w{3,}?)(?:en|em|es|e)", word)
        if not found or _german_gender(word):
            return name
        adjectives.append(found.group(1) + {"m": "er", "n": "es", "f": "e"}[gender])
    return " ".join(adjectives + [head])


def _marker_gender(word: str, lexicon: CueLexicon) -> Optional[str]:
    word = word.casefold().split("-")[-1]  # 'a-t-elle'
    return "f" if word in lexicon.feminine else "m" if word in lexicon.masculine else None


def _noun_gender(word: str) -> Optional[str]:
    """Romance role nouns: 'entrenadora', 'présidente' are ambiguous, 'entrenador', 'directrice' not."""
    if word.endswith(("ora", "trice", "essa", "euse")):
        return "f"
    if word.endswith(("or", "ore", "eur")):
        return "m"
    return None


def _person_gender(text: str, start: int, lexicon: CueLexicon) -> Optional[str]:
    """The gender an article gives a person where it names them: a title or a determiner before
    a role ('Mme Dupont', 'la tenista Carla Montiel', 'del delantero Iker Salcedo'), or the first
    word of the noun phrase the name is in apposition to ('O reitor da Universidade, Joaquim Valente')."""
    window_start = max(0, start - 120)
    sentence = _sentence_end_before(text, window_start, start)
    tokens = _tokens(text, window_start if sentence is None else sentence, start)
    k = len(tokens) - 1
    while k >= 0 and len(tokens) - k <= 4 and tokens[k][0].isalpha() and text[tokens[k][1]].islower():
        if k + 1 < len(tokens) and _marker_gender(tokens[k][0], lexicon) and (
                _names_a_role(tokens[k + 1][0], lexicon) or _noun_gender(tokens[k + 1][0])):
            # The role's own determiner: 'la bióloga marina X' is a woman; 'el abogado X' says
            # nothing (a woman may be 'il sindaco').
            return "f" if _marker_gender(tokens[k][0], lexicon) == "f" else None
        k -= 1  # the role and its adjectives: 'tenista', 'investigadora portuguesa'
    if k >= 0 and tokens[k][0] != ",":
        return _marker_gender(tokens[k][0], lexicon) or (
            _noun_gender(tokens[k + 1][0]) if k + 1 < len(tokens) else None)
    if k >= 0:  # apposition: the noun phrase before the comma
        clause = next((j + 1 for j in range(k - 1, -1, -1) if tokens[j][0] in ",;:"), 0)
        for j in range(clause, k - 1):  # 'Une promesse qui laisse sceptique le président de …, Rémi Tessier'
            if tokens[j + 1][0] in lexicon.role_nouns and _marker_gender(tokens[j][0], lexicon):
                return _marker_gender(tokens[j][0], lexicon)
        if clause < k and k - clause <= 8:  # 'O reitor da Universidade de Coimbra, Joaquim Valente'
            return _marker_gender(tokens[clause][0], lexicon) or (
                _noun_gender(tokens[clause + 1][0]) if clause + 1 < k else None)
    return None


def _gender_after(tokens: list[tuple[str, int, int]], lexicon: CueLexicon) -> Optional[str]:
    """The gender of an inverted subject: ', advirtió, sin embargo, la jugadora' -> 'f'."""
    k = 0
    if tokens and tokens[0][0] == ",":  # an aside between commas
        k = next((j + 1 for j in range(1, min(len(tokens), 5)) if tokens[j][0] == ","), 1)
    # The subject comes first ('a cientista'); 'a la prensa' is no subject.
    return _marker_gender(tokens[k][0], lexicon) if k < len(tokens) else None


def _find_cue(tokens: list[tuple[str, int, int]], lexicon: CueLexicon, text: str) -> Optional[int]:
    """Index of the first token that is a reporting verb (or starts a multiword one)."""
    for index, (word, start, _) in enumerate(tokens):
        if _is_cue_word(word, start, lexicon, text):
            return index
    return None


def _is_cue_word(word: str, start: int, lexicon: CueLexicon, text: str) -> bool:
    if word.startswith(("s'", "s’")) and (word[2:] in lexicon.verbs or word[2:].split("-")[0] in lexicon.verbs):
        return True  # a French reflexive verb: 's'interroge', 's'exclame-t-il'
    if word in lexicon.verbs or word.split("-")[0] in lexicon.verbs:
        # A passive participle names, it does not report: 'der zum „Verräter“ erklärt wird'; nor
        # does a story told about something: 'Das Drama erzählt von einem Grenzsoldaten'.
        return not _PASSIVE_AFTER_RE.match(text, start + len(word)) and not (
            word.startswith(_NARRATING_VERBS) and _ABOUT_AFTER_RE.match(text, start + len(word)))
    if word in lexicon.verb_phrase_starts:
        rest = text[start:start + 40].casefold().replace("’", "'")
        if rest.startswith(lexicon.verb_phrases):
            return True
        if not lexicon.separable:
            return False
        # A separable verb with words between its parts, in one clause: 'laat in een verklaring weten'.
        clause = _CLAUSE_BREAK_RE.split(text[start:start + 80].casefold(), 1)[0].split()
        return any(_in_order(clause, phrase.split()) for phrase in lexicon.verb_phrases
                   if phrase.startswith(word + " "))
    return False


def _in_order(words: list[str], wanted: list[str]) -> bool:
    """Whether ``wanted`` are words of ``words`` in that order (others may stand between them)."""
    remaining = iter(words)
    return all(any(word == part for word in remaining) for part in wanted)


def _pronoun_suffix(word: str, lexicon: CueLexicon) -> bool:
    """'a-t-il', 'ajoute-t-elle', 'dit-il'."""
    parts = word.split("-")
    return len(parts) > 1 and parts[-1] in lexicon.pronouns


def _verb_group_start(tokens: list[tuple[str, int, int]], cue_index: int, lexicon: CueLexicon) -> int:
    """Index of the first auxiliary before the verb ('a', 'avait-il', "s'est"), else the verb."""
    k = cue_index
    while k > 0 and (tokens[k - 1][0] in lexicon.aux or _pronoun_suffix(tokens[k - 1][0], lexicon)
                     and tokens[k - 1][0].split("-")[0] in lexicon.aux):
        k -= 1
    return k


@functools.lru_cache(maxsize=4096)
def _according_pattern(phrase: str) -> re.Pattern:
    """A lexicon 'according' phrase as a word in a window; '^phrase' at its start."""
    if phrase.startswith("^"):
        return re.compile(r"\s*" + re.escape(phrase[1:]) + r"\s")
    return re.compile(r"(?:^|[\s,(])" + re.escape(phrase) + r"\s")


def _according(text: str, start: int, end: int, lexicon: CueLexicon,
               sentence_start: bool = False) -> Optional[tuple[str, int]]:
    """'selon X' anywhere in text[start:end]; a phrase written '^pour' only opening a sentence
    that starts at ``start`` ('Pour la chercheuse, il s'agit d'« … »'), as 'pour' mostly means
    something else."""
    window = text[start:end].casefold().replace("’", "'")
    best = None  # the first in the window ('…», selon M. Thibault, cité par Les Échos'), the longest there
    for phrase in lexicon.according:
        if phrase.lstrip("^") not in window:  # what both patterns below need first
            continue
        if phrase.startswith("^"):
            if not sentence_start:
                continue
            found = _according_pattern(phrase).match(window)
        else:
            found = _according_pattern(phrase).search(window)
        if found and (best is None or found.start() < best[1].start()):
            best = (phrase.lstrip("^"), found)
    return (best[0], start + best[1].end()) if best else None


def _speaker_in(text: str, start: int, end: int, resolver: SpeakerResolver, lexicon: CueLexicon,
                at: int, nearest_end: bool = False, gender: Optional[str] = None, inverted: bool = False
                ) -> Optional[str]:
    """The speaker named in text[start:end] (a subject or an inverted subject): a person if one is
    named, else a described person ('le porte-parole du Kremlin' -> the person with that role),
    else an organisation."""
    found = resolver.between(start, end)
    if not any(resolver.is_person(e) for e in found):
        # (after the verb, the relative clause that says it: '…, ha chiesto un visitatore che si è presentato …')
        given_as = _GIVEN_NAME_ONLY_RE.search(text, start, max(end, _sentence_end_after(
            text, start, min(len(text), start + CONTEXT_CHARS))) if inverted else end)
        if given_as:
            return given_as.group(1)  # 'un visitatore … che si è presentato solo come Andrea'
    if nearest_end:
        found.reverse()
        # the subject before its apposition: 'Jeltsje Wiersma-Kingma, voorzitter van Dorpsbelang Anjum, noemt'
        complements = [e for e in found if _complements_a_noun(text, start, e, lexicon)]
        if complements and len(complements) < len(found):
            found = [e for e in found if e not in complements] + complements
    elif inverted:  # after the verb, a name that complements a noun is no subject: 'afirmó … en el colegio Santa Rosa'
        found = [e for e in found if not _complements_a_noun(text, start, e, lexicon)]
    document = _DOCUMENT_SUBJECT_RE.fullmatch(text[start:end].strip(" ,.;:"))
    if document and not found and document.group(1).casefold() in lexicon.documents:
        # 'The statement added:', '…», destacou o texto': the organisation that put it out.
        return resolver.last_org_before(at)
    persons = [e for e in found if resolver.is_person(e)]
    tokens = [t for t in _tokens(text, start, end) if t[0] not in lexicon.skip and t[0] not in ",;:"]
    words = [w for w, _, _ in tokens]
    head = words[:3] if not nearest_end else words[-5:]
    if not nearest_end and tokens and text[tokens[0][1]].isupper() and not (
            found and found[0]["start"] <= tokens[0][1]):
        # An inverted subject follows the verb: a known surname there ('betonte Stadler am Rande
        # einer Klausur in Kloster Banz') is the speaker, not a name later in the clause.
        name = resolver.full_name(text[tokens[0][1]:tokens[0][2]])
        if " " in name:
            return name
        if inverted and is_given_name(name, load_given_names()) and (
                tokens[0][2] >= end or not text[tokens[0][2]:tokens[0][2] + 2].strip(" ")[:1].isupper()):
            return name  # a person who gives a given name only: 'racconta Stefano, in vacanza con la famiglia'

    if persons:  # a name with a given name first is a person's more surely ('… Proteção Civil, André Fontes')
        return resolver.canonical(next((p for p in persons if starts_with_given_name(p["text"], load_given_names())),
                                       persons[0]))
    if found and tokens and found[0]["start"] <= tokens[0][1] and found[0]["label"] == "ORG" and not (
            " " not in found[0]["text"] and _is_org_noun(found[0]["text"].casefold(), lexicon)):
        # a named organisation heads the phrase ('Das Auswärtige Amt hat'; 'die Notenbank' names none)
        return resolver.canonical(found[0])
    if any(_is_role_noun(w, lexicon) for w in head) and not any(_is_org_noun(w, lexicon) for w in head[:1]):
        org = found[0]["text"] if found else None
        _, role_start, role_end = next(token for token in tokens if _is_role_noun(token[0], lexicon))
        role = text[role_start:role_end].casefold()
        article = _INDEFINITE_BEFORE_RE.search(text, max(0, role_start - 7), role_start)
        # ('a' is Portuguese's 'the': 'a porta-voz do ministério' is someone named before)
        unnamed = article and not (article.group(1).lower() == "a" and "a" in lexicon.feminine)
        if org and found[0]["label"] == "ORG" and unnamed:
            return resolver.canonical(found[0])  # 'a spokesperson for HM Treasury': no one named, the Treasury speaks
        if not found and unnamed and _is_spokesperson(role, lexicon) and not _PREPOSITION_AFTER_RE.match(
                text, role_end):
            # 'a spokesman said': no one named, and none named before; the organisation in focus speaks
            org = resolver.last_org_before(at)
            if org:
                return org
        return ((resolver.person_with_role(org) if org else None)
                or resolver.person_introduced_as(role, start) or resolver.last_person_before(at, gender))
    org_noun = next((token for token in (tokens[:3] if not nearest_end else tokens[-5:])
                     if _is_org_noun(token[0], lexicon)), None)
    # ('en el colegio Santa Rosa': a place phrase, no subject)
    if org_noun and not any(w.casefold() in _PLACE_PHRASE_WORDS for w in text[start:org_noun[1]].split()[-2:]):
        named = next((e for e in found if e["label"] == "ORG"), None)
        if named and " " not in named["text"] and _is_org_noun(named["text"].casefold(), lexicon):
            # 'teilte der Verband mit', 'erklärte die Notenbank': the noun names no one, but the
            # organisation it stands for
            head_of = resolver.org_with_head(named["text"], at)
            if head_of:
                return head_of
            found, named = [e for e in found if e is not named], None
        between = text[org_noun[2]:named["start"]].split() if named else []
        # 'de socialistische transportvakbond BTB': BTB; not a name in a clause after the noun
        # ('het rechtscollege van het land heeft de Vlaamse regering …').
        if named and named["start"] < start + 80 and len(between) <= 3 and not any(
                w.casefold() in lexicon.aux or w.casefold() in lexicon.verbs for w in between):
            return resolver.canonical(named)
        after_noun = next((i for i, w in enumerate(words) if _is_org_noun(w, lexicon)), len(words)) + 1
        if after_noun < len(tokens) and text[tokens[after_noun][1]].isupper() and not _is_org_noun(
                words[after_noun], lexicon) and not text[tokens[after_noun - 1][2]:tokens[after_noun][1]].strip():
            # 'Il sindacato Fials ha diffuso una nota': the name after the kind of organisation.
            name_end = after_noun
            while name_end + 1 < len(tokens) and text[tokens[name_end + 1][1]].isupper():
                name_end += 1
            return resolver.org_name(text[tokens[after_noun][1]:tokens[name_end][2]])
        phrase = text[start:end].strip(" ,.")
        if phrase.split(" ", 1)[0].casefold() in _OPENING_FUNCTION_WORDS and "," in phrase:
            # a fronted phrase is no subject: 'Dans un communiqué publié mardi soir, l'Agence … indique'
            phrase = phrase.split(",", 1)[1].strip()
        phrase = _ALIAS_IN_BRACKETS_RE.sub("", phrase)  # 'l'Agence de développement municipal (ADM), qui …'
        phrase = re.split(r",|\s(?:qui|que|dans|lors|sur|à|au|aux|en|who|which|in|on|at|to|am|im|auf|bei|nach|mit|"
                          r"vor|der|em|na|no|nel|nella|durante|tras|ante|con|mardi|mercredi|jeudi|vendredi|samedi|"
                          r"dimanche|lundi)\s", phrase)[0]
        # The subject ends before its verb: 'De Raad is daarover duidelijk:' -> 'De Raad'.
        phrase_words = phrase.split()
        verb_at = next((i for i, w in enumerate(phrase_words) if i and (
            w.casefold() in lexicon.aux or w.casefold() in lexicon.verbs or w.casefold() in _COPULAS)), None)
        if verb_at:
            phrase_words = phrase_words[:verb_at]
            phrase = " ".join(phrase_words)
        bare = re.fullmatch(r"(?:\w+\s)?(\w+)", phrase)
        if bare and not found and _is_org_noun(bare.group(1).casefold(), lexicon):
            # 'teilte das Ministerium mit', 'the company said': the organisation that noun introduced,
            # else the one named last.
            named = (resolver.org_with_head(bare.group(1), at) or resolver.org_introduced_as(bare.group(1), at)
                     or resolver.last_org_before(at))
            if named:
                return named
        if not found and len(phrase_words) <= 3 and sum(w[:1].isupper() for w in phrase_words[1:]) <= 1:
            noun = next((w for w in phrase_words if _is_org_noun(w.casefold(), lexicon)), None)
            if noun:  # 'schreibt der Verband weiter'
                named = (resolver.org_with_head(noun, at) or resolver.org_introduced_as(noun, at)
                         or resolver.last_org_before(at))
                if named:
                    return named
        if inverted and not found and phrase_words and phrase_words[0].casefold() in _PLACE_PHRASE_WORDS and not any(
                _is_org_noun(w.casefold(), lexicon) or w.casefold() in lexicon.role_nouns for w in phrase_words):
            # 'aseguró en conferencia de prensa en el Palacio de Gobierno': no subject after the verb
            # (but 'informó en un comunicado la empresa' has one)
            return None
        # A described organisation is a short phrase ('le ministère russe des Affaires étrangères'),
        # not a clause that ends with one ('abonnés pourront demander … via le site de la société').
        if phrase and not any(ch.isupper() for ch in phrase) and not found:
            # Described without a name ('het hoogste administratieve rechtscollege van het land'):
            # the organisation the article named last.
            named = resolver.last_org_before(at)
            if named:
                return named
        if not phrase or len(phrase_words) > _DESCRIBED_ORG_MAX_WORDS or _only_function_words(phrase):
            return None
        return resolver.org_name(phrase)
    if inverted:  # a place deep in the clause after the verb is no subject ('anunciou … entre o Lobito e o Luau')
        found = [e for e in found if e["label"] != "LOC"]
    if found:
        return resolver.canonical(found[0])
    # A surname alone ('sagte Fiedler'), known from a fuller mention in the article.
    tokens = _tokens(text, start, end)
    for word, word_start, _ in (tokens[-3:] if nearest_end else tokens[:3]):
        if word in lexicon.skip or word.rstrip(".") in lexicon.titles or not text[word_start:word_start + 1].isupper():
            continue
        name = resolver.full_name(text[word_start:word_start + len(word)])
        if " " in name:
            return name
    return None


# Someone who gives a given name only: 'who gave his name only as Kojo', 'che si è presentato solo come
# Andrea', 'qui s'est présenté comme Marc', 'que se identificó como Luis', 'die zich voorstelde als Sem'.
_GIVEN_NAME_ONLY_RE = re.compile(
    r"\b(?:gave (?:his|her|their) (?:first )?name(?: only)? as|"
    r"gave only (?:his|her|their) (?:first |given )?name(?: as|,)|(?:introduced|identified) (?:himself|herself) (?:only )?as|"
    r"si è presentat[oa](?: solo)? come|si è qualificat[oa](?: solo)? come|s['’]est présentée? (?:seulement )?comme|"
    r"se (?:presentó|identificó)(?: solo)? como|se (?:apresentou|identificou)(?: apenas)? como|"
    r"(?:zich|stelde zich) (?:alleen )?(?:voorstelde|voor) als|sich (?:nur )?als|nannte sich(?: nur)?)\s"
    r"([" + CAPITALS + r"][\w'’-]+)(?![\w'’-]|\s[" + CAPITALS + r"])")
_PREPOSITIONS = frozenset("di dei del della dello delle degli de des du of van von da do dos das für for to à al alla "
                          "ai aux au in en em no na nel nella".split())
_PLACE_PHRASE_WORDS = frozenset("en in at à dans nel nella nello negli nelle em no na nos nas durante during bei im "
                                "op tijdens auf au aux al alla ao à".split())


def _complements_a_noun(text: str, start: int, entity: dict[str, Any], lexicon: CueLexicon) -> bool:
    """A name that complements what precedes it, so no inverted subject: after a preposition
    ('la rete di sensori dei Campi Flegrei'), or after a common noun in a place phrase ('en el
    colegio Santa Rosa')."""
    before = text[start:entity["start"]].split()
    if not before or starts_with_given_name(entity["text"], load_given_names()):
        return False
    word = before[-1]
    folded = word.casefold()
    if len(before) >= 2 and folded in _PREPOSITIONS:
        return True
    if len(before) >= 3 and folded in _DETERMINERS and before[-2].casefold() in _PREPOSITIONS:
        return True  # 'aseguró en conferencia de prensa en el Palacio de Gobierno'
    if not (len(before) >= 3 and word.isalpha() and word.islower() and folded not in _RUN_OPENING_WORDS
            and not _is_role_word(word, lexicon)
            and folded not in lexicon.verbs and folded not in lexicon.aux and folded not in lexicon.skip
            and folded not in lexicon.according):
        return False
    # After a noun, only a place's or an organisation's name inside a place phrase: an adjective may
    # follow a role ('la schiacciatrice turca Karakurt'), a kind of organisation its name ('il
    # sindacato Fials'), and a speaker a place phrase ('ha detto in conferenza stampa Santarelli').
    return entity["label"] not in PERSON_LABELS and any(w.casefold() in _PLACE_PHRASE_WORDS for w in before[-3:-1])


def _is_org_noun(word: str, lexicon: CueLexicon) -> bool:
    """'ministère', 'agency', and in German and Dutch compounds ending with one of 4+ letters after
    3+ more: 'Notenbank', 'Präsidialamt' (not Italian 'visibilmente' after 'ente')."""
    return word in lexicon.org_nouns or _ends_with_org_noun(word, lexicon, min_prefix=3)


def _ends_with_org_noun(word: str, lexicon: CueLexicon, min_prefix: int) -> bool:
    """In German and Dutch: a compound of ``min_prefix`` letters or more, then an organisation noun
    of four or more."""
    nouns = lexicon.org_nouns
    return lexicon.compounding and any(word[-length:] in nouns for length in range(4, len(word) - min_prefix + 1))


def _is_kind_of_organisation(word: str, lexicon: CueLexicon) -> bool:
    """A German or Dutch compound naming a kind of organisation: a noun of five letters or more
    before an organisation noun ('werkgevers|federatie', 'hilfs|organisation'); not the noun alone
    ('Bank Austria'), a Romance name's head ('Confederação Empresarial'), an institution's own
    name ('Bundes|verband', 'Friedrich-Schiller-Universität')."""
    return "-" not in word and not word.startswith(_GERMAN_INSTITUTION_STEMS) and _ends_with_org_noun(
        word, lexicon, min_prefix=5)


def _is_role_word(word: str, lexicon: CueLexicon) -> bool:
    folded = word.casefold().replace("’", "'").removesuffix("'s")
    return (folded in lexicon.role_nouns or folded in lexicon.titles or folded in lexicon.according
            or _is_role_by_ending(folded))


def _is_role_noun(word: str, lexicon: CueLexicon) -> bool:
    """A role noun of the lexicon or by its ending (not a title: 'Herr')."""
    return word in lexicon.role_nouns or _is_role_by_ending(word)


def _is_spokesperson(word: str, lexicon: CueLexicon) -> bool:
    """'spokesman', 'porte-parole', and in German and Dutch compounds ending with one ('Pressesprecherin')."""
    return word in lexicon.spokespersons or lexicon.compounding and any(
        word.endswith(noun) and len(word) > len(noun) + 2 for noun in lexicon.spokespersons)


def _is_role_by_ending(word: str) -> bool:
    """'Bundesministerin', 'Raumplanerin', 'Klimatologe', 'die 78-Jährige': a role by its ending."""
    folded = word.casefold()
    return folded.endswith(_ROLE_SUFFIXES) or (
        len(folded) >= _GERMAN_FEMININE_ROLE_MIN_CHARS and folded.endswith(_GERMAN_FEMININE_ROLE_ENDINGS))


_SENTENCE_IN_RUN_RE = re.compile(r"(?<=[\w'’-]{3})\.(?:\s+|$)")  # 'Spiel. Die' ends a run; 'H.R.' does not


def name_entities(text: str, lexicon: CueLexicon) -> list[dict[str, Any]]:
    """Stand-in person entities for languages without a spaCy model: runs of two to four
    capitalised words ('Maria Lopez', 'Jean-Claude Van Damme'), minus cue and function words,
    and acronyms ('SVP', 'NATO') as organisations."""
    entities = []
    for found in _CAPITALISED_NAME_RE.finditer(text):
        # A word ending a sentence ('Spiel.') ends a run, and the next sentence starts another;
        # initials ('H.R.') do not.
        offset = found.start()
        for piece in (part for sentence in _SENTENCE_IN_RUN_RE.split(found.group())
                      for part in _split_before_capitals(sentence)):
            if not piece:
                continue
            offset = text.index(piece, offset)  # where this piece starts: entity offsets count from it
            entity = _name_entity(text, _POSSESSIVE_END_RE.sub("", piece), offset, lexicon)  # 'Committee's
            if entity:
                entities.append(entity)
            offset += len(piece)
    starts = [e["start"] for e in entities]
    for found in _ACRONYM_RE.finditer(text):
        at = bisect.bisect_right(starts, found.start())
        inside = at and entities[at - 1]["end"] >= found.end()  # 'UK Health Security Agency'
        if not inside and not _ROMAN_NUMERAL_RE.fullmatch(found.group()) and not _is_role_word(found.group(), lexicon):
            entities.append({"text": found.group(), "label": "ORG", "start": found.start(), "end": found.end()})
    return sorted(entities, key=lambda e: e["start"])


# An article's names are found for its entities, then again for its quotes' speakers (the stages
# run one after the other on each batch of articles, in one process).
@functools.lru_cache(maxsize=256)
def _remembered_name_entities(text: str, lexicon: CueLexicon) -> tuple[dict[str, Any], ...]:
    return tuple(name_entities(text, lexicon))


_NOBILITY_TITLES = frozenset("freiherr freifrau graf gräfin baron baronin prinz prinzessin fürst fürstin ritter edler "
                              "jonkheer jonkvrouw".split())


def _names_an_organisation(words: list[str]) -> bool:
    """'GeoSphere Austria', 'ORF', 'Universität Wien': a brand, an acronym or an organisation word."""
    return any(_BRAND_CASE_RE.fullmatch(word) or _ACRONYM_RE.fullmatch(word) or word.casefold() in _INSTITUTION_WORDS
               or word.casefold().endswith(_LONG_ORG_SUFFIXES) for word in words)


_GERMAN_TIME_OF_MONTH = frozenset({"Ende", "Anfang", "Mitte"})


def _split_before_capitals(run: str) -> list[str]:
    """'Gerlach MDR WISSEN' -> 'Gerlach', 'MDR WISSEN': words in capitals after a surname start
    another name; not after a given name ('Emmanuel MACRON': a surname in capitals). And a
    possessive ends a name: 'BoE's Whitcombe' -> 'BoE's', 'Whitcombe'."""
    given_names = load_given_names()
    located = list(re.finditer(r"\S+", run))
    words = [found.group() for found in located]
    particle = next((i for i, word in enumerate(words) if word in ("von", "van") and 2 <= i < len(words) - 1
                     and (is_given_name(words[i - 2], given_names) or len(words) - i > 2)
                     and not is_given_name(words[i - 1], given_names)
                     and words[i + 1][:1].isupper() and words[i - 1].casefold() not in _NOBILITY_TITLES), None)
    if len(words) > 2 and words[1] in ("von", "van") and _is_role_by_ending(words[0]):
        # 'Raumplanerin von der Alpen-Adria-Universität': a role, of an organisation
        rest = 3 if words[2] in ("der", "den", "de", "het") and len(words) > 3 else 2
        return [words[0], *_split_before_capitals(run[located[rest].start():])]
    if particle is not None:
        # '(Klimatologe) Markus Strasser von GeoSphere Austria': a person of an organisation ('Ursula
        # von der Leyen' has one name before the particle, 'Pieter Cort van der Linden' a lower-case
        # 'der' after it, 'Richard Freiherr von Weizsäcker' a title before it).
        return [*_split_before_capitals(run[:located[particle - 1].end()]),
                *_split_before_capitals(run[located[particle + 1].start():])]
    cuts = [found.start() for found in _CAPITALS_AFTER_NAME_RE.finditer(run)
            if not is_given_name(run[:found.start()].rsplit(" ", 1)[-1], given_names)]
    cuts = {*cuts, *(found.start() for found in _POSSESSIVE_INSIDE_RE.finditer(run))}
    # A news agency is told, not named with the speaker: 'disse à Lusa Celeste Nhantumbo'.
    if len(words) >= 3 and words[0].casefold() in AGENCY_NAMES:
        cuts.add(located[1].start())
    # An organisation's name, then a person's: 'la edila del Partido Nacional Lucía Bentancor Vidart'.
    person = next((i for i in range(2, len(words) - 1) if is_given_name(words[i], given_names)
                   and not _INSTITUTION_WORDS.isdisjoint(w.casefold() for w in words[:i])), None)
    if person is not None:
        cuts.add(located[person].start())
    # A German time ends a name: 'Wenn Heike Brandt-Lüders Ende Januar ihre Apotheke …'.
    cuts.update(located[i].start() for i in range(1, len(words) - 1)
                if words[i] in _GERMAN_TIME_OF_MONTH and words[i + 1].casefold().rstrip(".,") in CALENDAR_WORDS)
    cuts = sorted(cuts)
    if not cuts:
        return [run]
    return [run[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(run)])]


# Prepositions after which a capitalised word is a place, per language ('in Berlin' is not one in
# German, where every noun is capitalised: 'in Zukunft').
_PLACE_PREPOSITIONS = {"en": ("in", "from", "near"), "es": ("en", "desde"), "it": ("a", "in"),
                       "pt": ("em", "no", "na", "desde"), "nl": ("in", "uit"), "fr": ("à", "en")}
# Where a place stands, told by a direction or a distance: 'al sur de Santiago', '40 miles north of
# Leeds', 'a nord di Bergamo', 'ten zuiden van Utrecht', 'nördlich von Linz' (German too: no noun
# follows these without its article). What follows is a place, whoever it might otherwise be named after.
_COMPASS = {"en": "(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)",
            "es": "(?:norte|sur|este|oeste|noreste|noroeste|nordeste|sureste|suroeste|sudeste|sudoeste)",
            "it": "(?:nord|sud|est|ovest|nord-?est|nord-?ovest|sud-?est|sud-?ovest)",
            "pt": "(?:norte|sul|leste|este|oeste|nordeste|noroeste|sudeste|sudoeste)",
            "fr": "(?:nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)",
            "nl": "(?:noorden|zuiden|oosten|westen|noordoosten|noordwesten|zuidoosten|zuidwesten)",
            "de": "(?:nördlich|südlich|östlich|westlich|nordöstlich|nordwestlich|südöstlich|südwestlich)"}
_PLACE_PHRASES = {
    "en": rf"{_COMPASS['en']} of|(?:miles|kilometres|kilometers|km) (?:from|outside)|outskirts of|suburbs of",
    "es": rf"al {_COMPASS['es']} de|(?:kilómetros|km) de|(?:cerca|afueras|alrededores|periferia|inmediaciones) de",
    "it": rf"a {_COMPASS['it']} di|(?:chilometri|km) da|(?:vicino|alle porte|nei pressi|alla periferia) di|vicino a",
    "pt": rf"(?:a|ao) {_COMPASS['pt']} de|(?:quilómetros|quilômetros|km) de|(?:perto|arredores|periferia) de",
    "fr": rf"au {_COMPASS['fr']} (?:de|d['’])|(?:kilomètres|km) (?:de|d['’])|(?:près|banlieue|environs|périphérie) "
          r"(?:de|d['’])",
    "nl": rf"ten {_COMPASS['nl']} van|(?:kilometer|km) (?:van|buiten)|(?:in de buurt|aan de rand) van|nabij",
    "de": rf"{_COMPASS['de']} von|(?:Kilometer|km) (?:von|vor|hinter|nördlich von|südlich von|östlich von|westlich von)"
          r"|unweit von|(?:am Rande|in der Nähe) von"}


# Prepositions that also take people ('da Mario', 'de Juan'): a place's name with a link word after them.
_LINKED_PLACE_PREPOSITIONS = {"it": ("da", "per"), "es": ("de", "desde", "hasta"), "pt": ("de", "para"),
                              "en": ("to",), "nl": ("naar", "van"), "fr": ("de", "vers")}


@functools.lru_cache(maxsize=16)
def _linked_place_introducer_re(language: str) -> re.Pattern:
    words = _LINKED_PLACE_PREPOSITIONS.get(language, ())
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(words) + r")[\s\u00a0]" if words else r"(?!)")


@functools.lru_cache(maxsize=None)
def _place_introducer_re(language: str) -> Optional[re.Pattern]:
    """A place preposition or phrase of the language, then the space (or the elision) before the name."""
    # (the phrases first: 'a nord di Rosario' is not the preposition 'a')
    alternatives = [*filter(None, [_PLACE_PHRASES.get(language)]), *_PLACE_PREPOSITIONS.get(language, ())]
    if not alternatives:
        return None
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?:[\s\u00a0]|(?<=['’]))", re.IGNORECASE)


_WHO_AFTER_RE = re.compile(r",?\s(?:who|whose|whom)\b")
_PLACE_WORDS = frozenset(
    "street avenue road square river lake mount mountains range ranges island islands bay valley county city states "
    "bridge ponte pont puente brücke brug "
    "kingdom trail track park parc parque parco point pointe punta ponta "
    "republic gulf strait house palace hill hills coast beach port harbour harbor north south east west "
    "straße strasse platz fluss see berg insel tal "
    "rue avenue place fleuve lac mont île vallée golfe palais "
    "calle avenida plaza río ría lago monte isla islas valle golfo palacio casa estados unidos reino república "
    "via piazza fiume lago isola valle palazzo stati uniti regno repubblica "
    "rua praça rio ilha ilhas vale palácio gerais reino".split())
_INSTITUTION_WORDS = frozenset(
    "federal national central royal international european reserve court supreme management capital partners "
    "press times post journal daily news herald tribune gazette "
    "nacional internacional central europea suprema corte tribunal "
    "nazionale internazionale europea centrale suprema "
    "nationale internationale européenne "
    "europeia supremo "
    "civil civile guardia police polizei policía polícia polizia bomberos bombeiros carabinieri secretaria "
    "secretaría aid servicios serviços servizi services "
    # venues and bodies that name organisations in every language
    "teatro theatre théâtre theater teatre museo museum musée museu dicastero consorzio consortium consorcio "
    "consórcio observatório observatorio observatory osservatorio autoridade autoridad autorità authority "
    "fondo fund fonds fundo fundação fundación fondazione foundation stiftung stichting centro center centre "
    "zentrum agenzia agencia agência agency "
    # groups of people that speak as one ('Agrupación de Bateeiros da Illa', 'Cofradía de Carril')
    "agrupación agrupamento cofradía cooperativa coopérative sindicato syndicat sindacato gremio plataforma "
    "coordinadora mancomunidad "
    # parties and movements ('Bloque Nacionalista Galego', 'Freie Liste', 'Movimento 5 Stelle')
    "bloque bloco blocco frente front fronte movimiento movimento mouvement bewegung alianza aliança alleanza "
    "alliantie coalición coligação coalizione liste lista".split())
_PLACE_NOUN_OF_RE = re.compile(
    r"(?<![\w-])(?:distritos?|ciudad|ciudades|provincia|provincias|región|regiones|municipios?|localidad|pueblo|barrio|"
    r"puerto|city|cities|town|towns|village|villages|county|counties|districts?|borough|provinces?|regions?|suburb|"
    r"port|valico|città|comuni?|paese|frazione|regione|regioni|quartiere|porto|"
    r"cidades?|municípios?|freguesia|concelhos?|vila|aldeia|bairro|marina(?=[ \u00a0]d[aeio]l?[ \u00a0])|"
    r"províncias?|regiões|distritos?|"
    r"villes?|communes?|régions?|départements?|quartier|"
    r"dorp|provincie|provincies|wijk|deelgemeente|haven|"
    # nature's places: 'o rio Cubal', 'il lago Trasimeno', 'the river Bann' (not 'see', 'meer', 'vale', 'tal': words too)
    r"rio|río|fiume|river|rivière|fleuve|fluss|rivier|lago|lake|lac|monte|mount|mont|isla|ilha|isola|island|île|insel|"
    r"eiland|praia|playa|spiaggia|beach|plage|bahía|baía|baia|baie|bucht|baai|valle|vallée|serra|sierra|cerro|"
    r"colline|collina|pico|picco|gebirge)[ \u00a0](?:of[ \u00a0]|de[ \u00a0]|di[ \u00a0]|da[ \u00a0]|do[ \u00a0]|del[ \u00a0]|"
    r"d['’]|van[ \u00a0])?([" + CAPITALS + r"][\w'’-]+(?:[ \u00a0][" + CAPITALS + r"][\w'’-]+){0,2})")
# A list after a place's name: ', Zambézia, Inhambane e Gaza' (it ends with a conjunction and a name).
_PLACE_LIST_RE = re.compile(r"(?:,[ \u00a0][" + CAPITALS + r"][\w'’-]+(?:[ \u00a0][" + CAPITALS + r"][\w'’-]+)?){0,8}"
                            r"[ \u00a0](?:e|y|and|et|und|en|i|ou|o|or|oder|of)[ \u00a0]"
                            r"[" + CAPITALS + r"][\w'’-]+(?:[ \u00a0][" + CAPITALS + r"][\w'’-]+)?(?![\w'’-])")
_CAPITALISED_WORDS_RE = re.compile(r"[" + CAPITALS + r"][\w'’-]+(?:[ \t\u00a0][" + CAPITALS + r"][\w'’-]+){0,2}")
# A place's name with a link word inside: 'Tuoro sul Trasimeno', 'Torre dell'Orso', 'Santa Cruz de la
# Sierra', 'Frankfurt am Main', 'Valkenburg aan de Geul' (not 'di', 'de': 'da Milano di Giorgio …').
_PLACE_NAME_WITH_LINK_RE = re.compile(
    r"[" + CAPITALS + r"][\w'’-]+(?:[ \u00a0][" + CAPITALS + r"][\w'’-]+)?"
    r"(?:[ \u00a0](?:sul|sulla|del|della|dei|de la|de los|de las|do|da|das|dos|am|an der|aan de|aan den|upon|sur|sous)"
    r"[ \u00a0]|[ \u00a0](?:sull|dell)['’])[" + CAPITALS + r"][\w'’-]+(?![\w'’-])")
# A wire dateline opening a paragraph: 'LONDON (Reuters) -', 'Madrid, 14 mar (EFE).-', 'Berlin, 12. März'.
_CALENDAR_ALTERNATION = alternation(map(re.escape, CALENDAR_WORDS))
_AGENCY_NAME_ALTERNATION = alternation(map(re.escape, AGENCY_NAMES))
# The place may have its region ('HULL, England, Sept 14 (Reuters)', 'LYONS, Colo. (AP)'); a place in
# capitals alone before a dash is one too ('WASHINGTON —').
_DATELINE_PLACE_RE = re.compile(
    r"(?m)^([" + CAPITALS + r"][\w'’-]+(?:[ -][" + CAPITALS + r"][\w'’-]+){0,2})"
    r"(?=(?:,\s[" + CAPITALS + r"][\w'’.-]*(?:\s[" + CAPITALS + r"][\w'’.-]*)?)?"
    r"(?:,\s?(?:\d{1,2}\.?\s?(?i:" + _CALENDAR_ALTERNATION + r")\.?(?=\s?[\d(\-–])|(?i:" + _CALENDAR_ALTERNATION
    + r")\.?\s\d|\d{1,2}[./]\d{1,2})|\s\((?i:" + _AGENCY_NAME_ALTERNATION + r")\)))")
# A news agency credited in parentheses: '(Reuters)', '(EFE)'.
_AGENCY_CREDIT_RE = re.compile(r"\((" + _AGENCY_NAME_ALTERNATION + r")\)", re.IGNORECASE)
# (its region, if a word, is a place too: 'JORDAN, Guimaras –'; not 'N.-B.')
_CAPITALS_DATELINE_RE = re.compile(r"(?m)^([" + CAPITALS + r"]{2,}(?:[ -][" + CAPITALS + r"]{2,}){0,2})"
                                   r"(?=(?:,\s(?:([" + CAPITALS + r"][a-zà-öø-ÿ]{2,}(?:\s[" + CAPITALS + r"][a-zà-öø-ÿ]{2,})?)"
                                   r"(?=\s[—–])|[" + CAPITALS + r"][\w'’.-]*(?:\s[" + CAPITALS + r"][\w'’.-]*)?))?\s[—–]\s)")
# A place before a dash opening a lead paragraph, as national agencies write it ('Lobito - O Caminho-de-Ferro …').
_DASH_DATELINE_RE = re.compile(r"(?m)^([" + CAPITALS + r"][\w'’-]+(?:[ -][" + CAPITALS + r"][\w'’-]+){0,2})"
                               r"(?=[ \u00a0][-–—][ \u00a0][" + CAPITALS + r"][^\n]{100})")


# The rows' ``nlp_model`` when their entities are ``stand_in_entities``.
STAND_IN_MODEL = "capitalised-names"


def stand_in_entities(text: str, language: str, lexicon: Optional[CueLexicon] = None,
                      speakers: bool = False) -> list[dict[str, Any]]:
    """Entities of a text in a language with no spaCy model: the capitalised names of
    ``name_entities`` (PER, ORG), each person checked by ``_stand_in_label``, and places (LOC): a
    wire dateline's place, the gazetteer's places (``transforms.gazetteer``: countries in the
    text's language, cities, regions…) and capitalised words after a place preposition of the
    language ('in New York', 'a Bologna', 'em Lisboa').

    With ``speakers``, the candidates for quote speakers instead: no places, and in German every
    name (a cue verb next to a run of capitalised words vouches for it)."""
    lexicon = lexicon or load_cue_lexicon(language)
    entities = [dict(entity) for entity in _remembered_name_entities(text, lexicon)]
    given_names = load_given_names()
    entities = [_role_complement_as_org(text, _without_words_before_given_name(text, entity, given_names), lexicon,
                                        given_names) for entity in entities]
    entities = [entity for entity in (_without_common_first_word(text, e, given_names) for e in entities) if entity]
    if speakers:  # places are never speakers, and 'a letter from Joe Biden' names a person
        places = load_places(language)
        datelines = _dateline_spans(text)  # 'BERLIN (dpa) -' says where, not who, wherever it is named
        dateline_places = {text[start:end] for start, end in datelines}
        entities = [e for e in entities if not overlaps(datelines, e["start"], e["end"]) and e["text"] not in dateline_places]
        titled = _titled_words(text, lexicon) if language == "de" else frozenset()
        located = _names_after_place_prepositions(text, entities, language, given_names)
        for entity in entities:  # but a run that is or holds a place names no person ('Copa Argentina')
            if entity["label"] == "PER" and not starts_with_given_name(entity["text"], given_names):
                words = entity["text"].casefold().split()
                entity["label"] = ("ORG" if _ACRONYM_RE.fullmatch(entity["text"].split()[0])  # 'UTA Rosario'
                                   or not _INSTITUTION_WORDS.isdisjoint(words)
                                   or _described_as_organisation(text, entity["end"], lexicon)  # 'X, la empresa que …'
                                   or len(words) > 1 and _is_organisation_word(words[-1], lexicon)  # 'Essential Energy'
                                   else "LOC" if entity["text"] in places or words[0] in _PLACE_PREFIXES  # 'Santa Rosa de …'
                                   or entity["text"] in located  # 'A Zafferana Etnea il sindaco …'
                                   or not _PLACE_WORDS.isdisjoint(words)  # 'Waitākere Ranges'
                                   else "ORG" if places.find(entity["text"])
                                   and not _described_as_person(text, entity["end"], lexicon)
                                   and not _introduced_as_person(text, entity, lexicon) else "PER")
                if language == "de" and entity["label"] == "PER" and _stand_in_label(
                        text, entity, lexicon, places, given_names, titled) != "PER":
                    # Every German noun is capitalised ('Viele Häuser'): a speaker if a cue verb is
                    # next to it, but no one a later 'er' or 'sie' may stand for.
                    entity["label"] = "MISC"
        # A person's surnames alone are that person's ('Reynoso Almonte recordó' after 'Yokasta Reynoso
        # Almonte'), whatever place they hold.
        surnames = {tuple(words[-k:]) for e in entities if e["label"] == "PER" and len(words := e["text"].split()) > 1
                    for k in range(1, len(words))}
        for entity in entities:
            if entity["label"] != "PER" and tuple(entity["text"].split()) in surnames:
                entity["label"] = "PER"
        entities = _with_organisations_of(text, entities, lexicon, places)  # 'Câmara do Comércio e Indústria'
        entities = with_aliases(text, _with_german_bodies_of_places(text, _with_german_institutions(
            text, entities), speakers=True) if language == "de" else with_institutions(text, entities, language), language)
        # Organisations written as one word ('Copom', 'Itamaraty') speak too (not German nouns: 'Hälfte').
        if language != "de":
            entities = _with_recurring_single_names(text, language, entities, lexicon, given_names,
                                                    [(start, end, True) for start, end in places.find(text)],
                                                    speakers=True)
        entities = _with_people_by_role_and_given_name(text, entities, lexicon, given_names)
        # a time is no one: 'bis Ende Januar seien … gebucht, teilte das Haus mit'
        entities = [e for e in entities if not (e["text"].split()[0] in _GERMAN_TIME_OF_MONTH and any(
            word.casefold() in CALENDAR_WORDS for word in e["text"].split()[1:])) and e["text"] not in dateline_places]
        return [_without_elided_article(text, e) for e in _with_surname_mentions(text, entities, given_names)]
    gazetteer = load_places(language)
    entities = [piece for entity in entities for piece in _split_place_before_name(text, entity, gazetteer, given_names)]
    if language == "de":  # every German noun is capitalised ('Eine Lösung'): keep what names
        entities = [e for e in entities if _is_place(e["text"], gazetteer) or starts_with_given_name(e["text"], given_names)
                    or _is_german_name(text, e, lexicon)]
    titled = _titled_words(text, lexicon)
    for entity in entities:
        if entity["label"] == "PER":
            entity["label"] = _stand_in_label(text, entity, lexicon, gazetteer, given_names, titled)
    if language == "de":  # German capitalises nouns: a run nothing vouches for is no name ('Minuten Umweg')
        entities = [e for e in entities if e["label"] is not None]
    for entity in entities:
        entity["label"] = entity["label"] or "LOC"
        if entity["label"] == "ORG" and entity["text"].isupper() and entity["text"].title() in gazetteer:
            entity["label"] = "LOC"  # 'ROMA', 'PARIS' in a dateline: a place in capitals, no acronym
    entities = _with_organisations_of(text, entities, lexicon, gazetteer)
    if language == "de":
        entities = _with_german_institutions(text, entities)
    else:
        entities = with_institutions(text, entities, language)
    entities = with_aliases(text, with_sports_clubs(text, entities), language)  # '1. FC Nürnberg', '… (Caintra)'
    if language == "de":  # 'Max-Morlock-Stadion', 'Saale-Orla-Kreis', 'Ahrtal', 'Bodensee'
        entities = _with_spans_as(text, entities, _GERMAN_PLACE_COMPOUND_RE, "LOC", exclude=_NOT_PLACES)
        entities = _with_german_places_after_bare_prepositions(text, entities)
    # Places: a wire dateline's (it wins over what overlaps it: 'CARSON CITY, Nev. (AP)'), then
    # names of the gazetteer and capitalised words after a place preposition, where no name is.
    datelines = _dateline_spans(text)
    entities = [e for e in entities if not overlaps(datelines, e["start"], e["end"])]
    places = [(start, end, True) for start, end in datelines]
    agencies = [found.span(1) for found in _AGENCY_CREDIT_RE.finditer(text)]
    entities = [e for e in entities if not overlaps(agencies, e["start"], e["end"])]
    entities += [{"text": text[start:end], "label": "ORG", "start": start, "end": end} for start, end in agencies]
    places += [(start, end, True) for start, end in gazetteer.find(text)]
    linked_places: list[tuple[int, int]] = []
    pattern = _place_introducer_re(language)
    if pattern:
        for found in itertools.chain(pattern.finditer(text), _linked_place_introducer_re(language).finditer(text)):
            linked = _PLACE_NAME_WITH_LINK_RE.match(text, found.end())
            if linked and not is_given_name(linked.group().split()[0], given_names) and not any(
                    _is_role_word(word, lexicon) or word.casefold() in lexicon.org_nouns for word in linked.group().split()):
                linked_places.append(linked.span())  # in place of its pieces ('Castiglione' + 'Lago')
                continue
            if found.re is not pattern:
                continue
            name = _CAPITALISED_WORDS_RE.match(text, found.end())
            if name and not any(word.casefold() in CALENDAR_WORDS or _is_role_word(word, lexicon)
                                or _ends_like_organisation(word.casefold()) or word.casefold() in lexicon.org_nouns
                                for word in name.group().split()):
                introducer = found.group().strip().casefold()
                places.append((*name.span(), introducer in ("in", "en", "em")
                               or introducer not in _PLACE_PREPOSITIONS.get(language, ())))  # a phrase
    # A place named after the kind of place it is: 'los distritos de Sullana', 'il valico di Chiasso',
    # 'the village of Piha', 'a marina da Horta', 'de gemeente Groningen'.
    # And the list that goes on from it: 'nas províncias de Cabo Delgado, Zambézia, Inhambane e Gaza'.
    for found in _PLACE_NOUN_OF_RE.finditer(text):
        names = [found.span(1)]
        listed = _PLACE_LIST_RE.match(text, found.end())
        if listed:
            names += [name.span() for name in _CAPITALISED_WORDS_RE.finditer(text, found.end(), listed.end())]
        for start, end in names:
            if not any(word.casefold() in CALENDAR_WORDS or _is_role_word(word, lexicon)
                       or _is_organisation_word(word.casefold(), lexicon) for word in text[start:end].split()):
                places.append((start, end, True))
    if language != "de":
        entities = _with_recurring_single_names(text, language, entities, lexicon, given_names, places)
    by_span = {(e["start"], e["end"]): e for e in entities}
    spans = sorted(by_span)
    for start, end, certain in places:
        if (start, end) in by_span:
            if certain:
                by_span[(start, end)]["label"] = "LOC"  # 'in New York': a place ('from Joe Biden' stays a person)
            continue
        if overlaps(spans, start, end):
            continue  # part of a name ('Chad Smith', 'Bank of England')
        by_span[(start, end)] = {"text": text[start:end], "label": "LOC", "start": start, "end": end}
        bisect.insort(spans, (start, end))
    for start, end in linked_places:
        if not any(e["start"] < end and start < e["end"] and not (start <= e["start"] and e["end"] <= end)
                   for e in by_span.values()):
            by_span = {span: e for span, e in by_span.items() if not (start <= e["start"] and e["end"] <= end)}
            by_span[(start, end)] = {"text": text[start:end], "label": "LOC", "start": start, "end": end}
    result = sorted((_without_elided_article(text, e) for e in by_span.values()), key=lambda e: e["start"])
    result = [_with_capitalised_article(text, e, result[i - 1]["end"] if i else 0) for i, e in enumerate(result)]
    result = _with_people_by_role_and_given_name(text, result, lexicon, given_names)
    result = _with_dateline_places(text, result, datelines)
    return _with_german_bodies_of_places(text, result) if language == "de" else result


_ROLE_THEN_NAME_RE = re.compile(r"(?<![\w'’-])(?i:il|lo|la|el|o|a|the|le|der|die|de|het|un|una|uno|um|uma|an|een"
                                r"|ein|eine|our|nostro|nostra|nuestro|nuestra|notre|nosso|nossa)[ \u00a0]"
                                r"([a-zà-öø-ÿ][\w-]{2,})[ \u00a0]([" + CAPITALS + r"][a-zà-öø-ÿ'’-]+)"
                                r"(?![\w'’-])(?![ \u00a0](?:[" + CAPITALS + r"]|d[aeiou]s?\s|de\s|van\s|von\s))")
# Nouns a given name follows as a business's or a place's name: 'la pizzeria Rosa', 'the hotel Victoria'.
_NAMED_THINGS = frozenset("bar pizzeria trattoria ristorante restaurante restaurant osteria taverna café caffè cafe "
                          "hotel albergo hostal pensione pensão pension tienda negozio loja boutique libreria librería "
                          "farmacia farmácia pharmacie panetteria pasticceria gelateria panadería padaria cantina "
                          "clinica clínica clinique villa via piazza corso rua calle avenida avenue viale strada lido "
                          "spiaggia playa praia stadio estadio teatro cinema ponte puente torre porto puerto monte lago "
                          "fiume río rio barco nave navio ship boat tempesta storm tormenta uragano hurricane ciclone "
                          "cyclone ouragan huracán furacão sturm orkaan storm".split())


def _with_people_by_role_and_given_name(text: str, entities: list[dict[str, Any]], lexicon: CueLexicon,
                                        given_names: frozenset[str]) -> list[dict[str, Any]]:
    """A person named by a noun and a given name alone: 'il bagnino Marco', 'la vecina Rosa' (a
    feature's people who give no surname), where no other name stands; not a business, a place or
    a storm named so ('la pizzeria Rosa'), nor an organisation."""
    spans = sorted((e["start"], e["end"]) for e in entities)
    people = [{"text": found.group(2), "label": "PER", "start": found.start(2), "end": found.end(2)}
              for found in _ROLE_THEN_NAME_RE.finditer(text)
              if found.group(1) not in _NAMED_THINGS and found.group(1) not in _PLACE_WORDS
              and not _is_org_noun(found.group(1), lexicon) and found.group(1) not in lexicon.verbs
              and is_given_name(found.group(2), given_names) and not overlaps(spans, *found.span(2))]
    return sorted(entities + people, key=lambda e: e["start"]) if people else entities


_CAPITALISED_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w'’-])(?:The|De|Het|El|La|Los|Las|Le|Les|Il|Lo|O|Os|Der|Die|Das)"
                                            r"[ \u00a0]$")


def _with_capitalised_article(text: str, entity: dict[str, Any], previous_end: int = 0) -> dict[str, Any]:
    """An article written with a capital inside a sentence belongs to the name ('terwijl De Lijn extra
    bussen inzette', 'la presa El Cuchillo', 'in The Lagos Chronicle'); at a sentence's start it
    may be any article."""
    article = _CAPITALISED_ARTICLE_BEFORE_RE.search(text, max(0, entity["start"] - 4, previous_end), entity["start"])
    if article is None or _name_opens_sentence(text, article.start()) or text[
            max(0, article.start() - 3):article.start()].rstrip(" \t\u00a0")[-1:] in ("–", "—", "-", ")"):
        return entity  # (after a dateline's dash too: 'Wien (APA) – Der Wiener Gemeinderat')
    return {**entity, "text": text[article.start():entity["end"]], "start": article.start()}


# German units of a country before their names: 'Kanton Aargau', 'Bezirk Baden', 'Landkreis Görlitz'
# (not 'Kreis': 'im Kreis Kinder und Eltern').
_GERMAN_ADMIN_UNIT_RE = re.compile(r"(?<![\w-])(?:Kanton|Bezirk|Landkreis|Regierungsbezirk|Bundesland|"
                                   r"Verwaltungsbezirk|Stadtbezirk|Ortsteil)\s[A-ZÄÖÜ][\w-]+(?![\w-])")
_GERMAN_GREENS_RE = re.compile(r"(?<=\b[Dd]ie\s|\b[Dd]er\s|\b[Dd]en\s)Grünen\b(?!\s[A-ZÄÖÜ])")  # 'die Grünen', not 'der Grünen Woche'


_GERMAN_PLACE_ADJECTIVE_BEFORE_RE = re.compile(r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]{2,}er)[ \u00a0]$")


def _places_of_adjective(adjective: str) -> tuple[str, ...]:
    """The places a German place adjective may be of: 'Wiener' Wien, 'Kölner' Köln, 'Münchner'
    München, 'Bremer' Bremen."""
    return adjective[:-2], adjective[:-3] + "en", adjective[:-2] + "en"


def _with_german_bodies_of_places(text: str, entities: list[dict[str, Any]], speakers: bool = False
                                  ) -> list[dict[str, Any]]:
    """An institution or an acronym before the place it serves is one organisation ('Arbeiterkammer
    Wien', 'Arbeitsgericht Dresden', 'IG Metall Dresden'), and so is one after the place's adjective
    ('Wiener ÖVP', 'Wiener Gemeinderat'); a unit of the country before its name is one place
    ('Kanton Aargau'; not among ``speakers``' candidates, which hold no places); 'die Grünen' is the party."""
    gazetteer = load_places("de")
    joined = []
    for entity in entities:  # 'Wiener ÖVP', 'Münchner Verkehrsgesellschaft': a place's adjective before it
        adjective = _GERMAN_PLACE_ADJECTIVE_BEFORE_RE.search(text, max(0, entity["start"] - 30), entity["start"])
        if entity["label"] == "ORG" and adjective and any(
                stem in gazetteer for stem in _places_of_adjective(adjective.group(1))):
            joined.append((adjective.start(1), entity["end"]))
    for body in entities:  # (a place the gazetteer knows: the speaker candidates hold no places)
        if body["label"] != "ORG" or text[body["end"]:body["end"] + 1] != " ":
            continue
        # the body's field may come between ('Generaldirektion Kulturelles Erbe Rheinland-Pfalz')
        field = _GERMAN_BODY_FIELD_RE.match(text, body["end"]) if _is_german_institution(body["text"]) else None
        for after in ([body["end"] + 1, field.end()] if field else [body["end"] + 1]):
            place = gazetteer.find(text[after:after + 40])
            if place and place[0][0] == 0 and " " not in text[after:][:place[0][1]]:
                joined.append((body["start"], after + place[0][1]))
                break
    joined = [span for span in set(joined) if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in joined)]
    entities = _with_spans(text, entities, sorted(joined), "ORG") if joined else entities
    if not speakers:
        entities = _with_spans_as(text, entities, _GERMAN_ADMIN_UNIT_RE, "LOC")
    return _with_spans_as(text, entities, _GERMAN_GREENS_RE, "ORG")


def with_places_by_position(text: str, entities: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """A model's names that where the text puts them show to be places: a wire dateline's place,
    wherever it is named ('SHIPPAGAN, N.-B. — …' ORG), and a person named after a place preposition
    that opens a sentence, a comma after it ('À Douz, Mabrouk Laâbidi-Jeridi, 58 ans, montre …'),
    unless a given name opens it."""
    given_names = load_given_names()
    places = _names_after_place_prepositions(text, entities, language, given_names, fronted_only=True)
    entities = _with_dateline_places(text, [{**e, "label": "LOC"} if e["label"] in PERSON_LABELS and e["text"] in places
                                            else e for e in entities], _dateline_spans(text))
    # and a person in a list of places ('les délégations de Douz, de Souk Lahad et de Kébili-Nord')
    listed = {entity["text"] for before, entity, after in zip([None, *entities], entities, [*entities[1:], None])
              if entity["label"] in PERSON_LABELS and not starts_with_given_name(entity["text"], given_names) and any(
                  other is not None and other["label"] == "LOC" and _LIST_JOINT_RE.fullmatch(text, *span)
                  for other, span in ((before, (before["end"], entity["start"]) if before else (0, 0)),
                                      (after, (entity["end"], after["start"]) if after else (0, 0))))}
    return [{**e, "label": "LOC"} if e["text"] in listed and e["label"] in PERSON_LABELS else e
            for e in entities] if listed else entities


def _with_dateline_places(text: str, entities: list[dict[str, Any]], datelines: list[tuple[int, int]]
                          ) -> list[dict[str, Any]]:
    """A wire dateline's place (``_dateline_spans``) is a place wherever it is named ('JORDAN, Guimaras –' …
    'the Guimaras mango')."""
    names = {text[start:end] for start, end in datelines}
    return [{**e, "label": "LOC"} if e["text"] in names else e for e in entities] if names else entities


# Between two names of a list: ', de ', ' et de ', ' and ' (not a comma alone: 'À Douz, Mabrouk Laâbidi-Jeridi').
_LIST_PREPOSITION = r"(?:(?:de|à|a|in|en|em|di|da|von|van|of)[ \u00a0]|d['’])"
_LIST_JOINT_RE = re.compile(r",[ \u00a0]" + _LIST_PREPOSITION + r"|[ \u00a0](?:et|and|e|y|und|en|ou|or|o)[ \u00a0]"
                            + _LIST_PREPOSITION + "?")


def _names_after_place_prepositions(text: str, entities: list[dict[str, Any]], language: str,
                                    given_names: frozenset[str], fronted_only: bool = False) -> frozenset[str]:
    """Names of runs labelled PER that the text puts after a place preposition of the language
    somewhere ('a Zafferana Etnea', 'en Vilagarcía de Arousa', 'em Cernache do Bonjardim'): places,
    unless a given name opens them ('a Mario Rossi' is to him). ``fronted_only``: only where the
    preposition opens a sentence and a comma follows the name ('À Douz, …'), as a model's person
    may follow a dative ('a-t-il dit à Dupont')."""
    pattern = _place_introducer_re(language)
    if not pattern:
        return frozenset()
    located = set()
    for entity in entities:
        if entity["label"] != "PER" or starts_with_given_name(entity["text"], given_names):
            continue
        start = entity["start"]
        found = next((found for found in pattern.finditer(text, max(0, start - 40), start) if found.end() == start), None)
        if found is None or _WHO_AFTER_RE.match(text, entity["end"]):
            continue  # (not 'a message from Morag Stewart-MacLeod, who runs a guest house')
        before = text[max(0, found.start() - 3):found.start()].rstrip(" \u00a0")
        if fronted_only and not (text[entity["end"]:entity["end"] + 1] == "," and (not before or before[-1] in ".!?\n")):
            continue
        located.add(entity["text"])
    return frozenset(located)


def _word_offsets_before(folded: str, word: str, before: int) -> Iterator[int]:
    """Offsets of ``word`` as a whole word in folded[:before], last first."""
    at = before
    while (at := folded.rfind(word, 0, at)) >= 0:
        if _whole_word_at(folded, word, at):
            yield at


def _word_offsets_after(folded: str, word: str, after: int) -> Iterator[int]:
    at = after
    while (at := folded.find(word, at + 1)) >= 0:
        if _whole_word_at(folded, word, at):
            yield at


def _whole_word_at(folded: str, word: str, at: int) -> bool:
    return (at == 0 or not folded[at - 1].isalnum()) and not folded[at + len(word):at + len(word) + 1].isalnum()


def _dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the places of wire datelines ('HULL, England, Sept 14 (Reuters)', 'WASHINGTON —')."""
    spans = [found.span(1) for regex in (_DATELINE_PLACE_RE, _CAPITALS_DATELINE_RE, _DASH_DATELINE_RE)
             for found in regex.finditer(text)]
    return sorted(spans + [found.span(2) for found in _CAPITALS_DATELINE_RE.finditer(text) if found.group(2)])


def given_name_owners(names: Iterable[str], given_names: frozenset[str], unlisted: bool = False) -> dict[str, str]:
    """Given name -> the one full name (two words or more) of ``names`` it opens; a given name that
    opens two people's names is neither's. ``unlisted``: ``names`` are people's, and the first of
    three capitalised words is a given name even where the list lacks it ('Custódia Pereira Malveiro')."""
    owners: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) > 1 and is_given_name(words[0], given_names) or unlisted and len(words) >= 3 and words[
                0].isalpha() and all(word[:1].isupper() for word in words) and words[0].casefold() not in HONORIFICS:
            owners.setdefault(words[0], set()).add(" ".join(words))
    return {given: next(iter(full)) for given, full in owners.items() if len(full) == 1}


def _with_surname_mentions(text: str, entities: list[dict[str, Any]], given_names: frozenset[str]
                           ) -> list[dict[str, Any]]:
    """A surname alone of a person named in full ('Brenner' after 'Lukas Brenner', 'Sanz' after
    'Marta Sanz Robledo'), or a given name of one person only, as a person: a later 'he' or 'the
    29-year-old' may stand for the person it names."""
    surnames = {word for e in entities if e["label"] == "PER" for word in e["text"].split()[1:]}
    surnames = {word for word in surnames if len(word) > 2 and word[:1].isupper() and not word.isupper()
                and not is_given_name(word, given_names)}
    # And a given name of one person only: a feature's 'promete Filomena' after 'Filomena Rosário Xavier'.
    surnames |= set(given_name_owners((e["text"] for e in entities if e["label"] == "PER"), given_names, unlisted=True))
    if not surnames:
        return entities
    spans = sorted((e["start"], e["end"]) for e in entities)
    added = [{"text": found.group(), "label": "PER", "start": found.start(), "end": found.end()}
             for found in _SINGLE_NAME_RE.finditer(text)
             if found.group() in surnames and not overlaps(spans, found.start(), found.end())]
    return sorted(entities + added, key=lambda e: e["start"]) if added else entities


# A run starting with these names a place ('San Francisco', 'Port Talbot', 'Los Angeles', 'Bad Ems').
_PLACE_PREFIXES = frozenset(
    "san santa santo são sao saint st st. sainte ste sankt port porto puerto fort mount mont monte lake lago cape "
    "cabo new nueva nuevo nova novo nuova bad los las".split())
# After a name, a comma and a noun that only people are: a relative or a role ('…, madre de dos
# escolares', '…, the council's chief executive').
_APPOSITION_RE = re.compile(r",\s(?:(?:la|el|the|le|il|lo|o|a|de|het|der|die|his|her|sa|son|su|sua|seu|zijn|haar|ihr|sein)\s)?"
                            r"([^\W\d_]+)")
_KIN_NOUNS = frozenset(
    "madre padre hijo hija esposa esposo viuda abuela abuelo hermana hermano mother father son daughter wife husband "
    "widow widower grandmother grandfather sister brother mère père fils fille épouse époux veuve sœur frère "
    "mãe pai filho filha esposa marido viúva irmã irmão avó avô madre padre figlio figlia moglie marito vedova "
    "sorella fratello nonna nonno moeder vader zoon dochter vrouw man weduwe zus broer oma opa mutter vater sohn "
    "tochter ehefrau ehemann witwe schwester bruder "
    "tía tío sobrina sobrino prima primo nieta nieto suegra suegro cuñada cuñado aunt uncle niece nephew cousin "
    "granddaughter grandson tante oncle nièce neveu cousine petite-fille petit-fils zia zio nipote cugina cugino "
    "tia tio sobrinha sobrinho neta neto sogra sogro onkel nichte neffe enkelin enkel oom nicht neef kleindochter "
    "kleinzoon "
    # and neighbours: people by where they live ('Araceli Cantú Villarreal, vecina de la colonia …')
    "vecina vecino residente resident neighbour neighbor habitante habitant habitante riveraine riverain vizinha "
    "vizinho moradora morador abitante anwohnerin anwohner bewohnerin bewohner buurtbewoner bewoonster bewoner "
    "inwoner".split())
# After a name, a person's age ('Ana Ruiz, 54,', 'Jan Kowalski (61)') or 'who'.
# An age or a person's relative pronoun after a name: 'X, 58,', 'X, 58 anni,', 'X, de 45 años', '(58)', ', who'.
_PERSON_AFTER_RE = re.compile(r"\s?(?:,\s?(?:de\s)?\d{1,3}\s?(?:[,.;]|(?:years|anni|años|anos|ans|Jahre|jaar)\b)"
                              r"|\(\d{1,3}\)|,\s(?:who|whose|quien|quienes)\b)")


# An organisation named with 'of'/'for'/'de': 'Bank of England', 'Max Planck Institute for Astronomy',
# 'Confederación Hidrográfica del Júcar'.
_CAPITALISED_WORD = r"[" + CAPITALS + r"][\w'’-]{1,40}"  # bounded: a junk token cannot make the search quadratic
# ('Teatro alla Scala', 'Dicastero per l'Evangelizzazione', 'Ministerio de Vivienda y Agenda Urbana',
# 'Autoridade Nacional de Emergência e Proteção Civil'.)
_ORGANISATION_OF_RE = re.compile(
    r"(?:(?<![\w'’-])|(?<=[\w]['’]))((?:" + _CAPITALISED_WORD + r"[ \u00a0]){0,3}" + _CAPITALISED_WORD + r")[ \u00a0]"
    r"(?:(?:of the|of|for|für|del|de la|de los|de las|dei|degli|delle|della|dello|do|da|dos|das|des|du|de|alla|alle|"
    r"allo|al|ai|agli|di|per|per la|per il|para|para o|para a|para os|para as|para el|para la|pour|pour le|"
    r"pour la|pour les|for the|van de|van het|van|voor de|voor het|voor)[ \u00a0]|"
    r"(?:dell|de l|d|per l|all)['’])"
    r"(" + _CAPITALISED_WORD + r"(?:[ \u00a0](?:(?:of|de|da|do|del|della|dos|das|des|du|für|van|y|e|and|und|et)[ \u00a0]"
    r"(?:(?:the|la|le|da|do|das|dos|de|del|della|des)[ \u00a0])?)?" + _CAPITALISED_WORD + r"){0,3})")


# A capital inside a word names a brand or an organisation ('GeoSphere', 'PayPal'), not a
# surname ('McDonald', 'MacLeod', 'DiCaprio', 'LeBlanc', 'DeVito', 'VanDyke').
_BRAND_CASE_RE = re.compile(r"(?!Mc|Mac|Di|De|Le|La|Van|Von|O')[A-Z][a-z]{2,}[A-Z][a-z]+")
_CONJUNCTIONS = frozenset(("and", "und", "et", "y", "e", "en"))
# Relative pronouns after an apposition's noun ('la società che …'), and the words an apposition's
# adjectives do not run past to its noun ('X, of the …', 'X, who …').
_APPOSITION_RELATIVES = frozenset("che que qui who which that die dat der welche cui quale".split())
_APPOSITION_STOPS = _PREPOSITIONS | _DETERMINERS | _APPOSITION_RELATIVES | _CONJUNCTIONS
_COPULAS = frozenset("is ist est es è é was war era fue foi sont sind son sono são zijn waren".split())
# An elided article stuck to a name: "L'Istituto", "dell'Atac", "d'Ivoire" stays (no capital after it).
_ELIDED_ARTICLE_RE = re.compile(r"(?:[LlDd]|[Dd]ell|[Aa]ll|[Nn]ell|[Dd]all|[Ss]ull|[Qq]uell)['’](?=[" + CAPITALS + r"])")


def _without_elided_article(text: str, entity: dict[str, Any]) -> dict[str, Any]:
    """"L'Istituto Nazionale …" -> "Istituto Nazionale …"; not 'L'Aquila', 'L'Oréal', 'D'Alema'."""
    found = _ELIDED_ARTICLE_RE.match(entity["text"])
    if not found or not _names_an_organisation(entity["text"][found.end():].split()[:1]):
        return entity
    return {**entity, "text": entity["text"][found.end():], "start": entity["start"] + found.end()}


# Capitalised at a sentence's start before a name: 'No Ministério da Fazenda', 'The Bank of England'.
_RUN_OPENING_WORDS = _DETERMINERS | _LEAD_WORDS | _GERMAN_FUNCTION_WORDS | frozenset(
    "in no na nos nas em en nel nella negli al ao aos à at on for by with from after before during desde "
    "durante según segundo secondo per para por con".split())


# (a word of the name ends with a period only as initials, 'J.P.': 'Lodz. The Ridge Ltd' is two sentences)
_COMPANY_NAME_WORD = r"(?-i:(?:[" + CAPITALS + r"]\.)+|[" + CAPITALS + r"](?:[\w&'’-]|\.(?!\s))*)"
_COMPANY_WITH_LEGAL_FORM_RE = re.compile(
    r"(?<![\w'’-])(" + _COMPANY_NAME_WORD + r"(?:\s(?:(?:del|della|dei|de|di|da|do|van|von|und|&|e|y|and)\s)?"
    + _COMPANY_NAME_WORD + r"){0,4})\s(?:srl|s\.r\.l\.|spa|s\.p\.a\.|snc|sas|gmbh|ag|kg|bv|b\.v\.|nv|n\.v\.|"
    r"sa|s\.a\.|sl|s\.l\.|sarl|sàrl|lda|ltda|ltd|plc|llc|inc)(?![\w'’-])", re.IGNORECASE)


def _with_organisations_of(text: str, entities: list[dict[str, Any]], lexicon: CueLexicon,
                           places: Gazetteer) -> list[dict[str, Any]]:
    """An organisation word ('Bank', 'Institute', 'Confederación', 'Library') before or after 'of',
    'for', 'de'… joins the capitalised words on both sides into one ORG, in place of the pieces; so
    does 'and' inside a name (``_with_organisations_and``)."""
    organisations = []
    given_names = load_given_names()
    position = 0
    while found := _ORGANISATION_OF_RE.search(text, position):
        position = found.end()
        left, right = found.group(1).split(), found.group(2).split()
        # The name ends before a role or a given name: 'Bank of England Deputy Governor Sarah Whitcombe';
        # and before 'and' after a place or an organisation's name: 'the Bank of England and Barclays',
        # 'da União Europeia e do Mercosul' (not 'Ministry of Health and Social Care').
        stop = next((i for i, word in enumerate(right) if i and (
            _is_role_word(word, lexicon) or i + 1 < len(right) and (  # 'Deputy Governor', 'Sarah Whitcombe'
                _is_role_word(right[i + 1], lexicon)
                # (not a person the organisation is named after: 'Asociación de Feriantes de Tristán Narvaja')
                or is_given_name(word, given_names) and (not right[i - 1].islower() or right[i - 1] in _CONJUNCTIONS))
            or word in _CONJUNCTIONS and (right[i - 1] in places or any(
                _is_organisation_word(w.casefold(), lexicon) for w in right[:i])))), len(right))

        if 0 < stop < len(right) and right[stop - 1] in _CONJUNCTIONS:
            stop -= 1  # 'the Ministry of Health and Mary Smith': the name ends before 'and'
        if stop < len(right):  # what follows the name may start another: '… and the Max Planck Institute'
            position = found.start(2) + len(" ".join(right[:stop]))
        right = right[:stop]
        if right and _POSSESSIVE_END_RE.search(right[-1]) and text[position - 2:position] in ("'s", "’s"):
            position -= 2  # 'The City of Gold Coast's transport committee'
        # A person of an organisation ('Fire Chief Laura Brenner of the Butte County Fire Department'):
        # the organisation is what follows.
        roles = [i for i, word in enumerate(left) if _is_role_word(word, lexicon)]
        person = left[roles[-1] + 1:] if roles else left
        if person and is_given_name(person[0], given_names) and not any(
                _is_organisation_word(word.casefold(), lexicon) for word in person):
            if any(_is_organisation_word(word.casefold(), lexicon) for word in right):
                organisations.append((found.start(2), position))
            continue
        if any(_is_organisation_word(word.casefold(), lexicon) for word in left + right):
            start = found.start() + sum(len(w) + 1 for w in itertools.takewhile(
                lambda w: w.casefold() in _RUN_OPENING_WORDS, left[:-1]))
            if start == found.start(1) + len(found.group(1)) - len(left[-1]) and _name_opens_sentence(text, start) \
                    and not any(_is_organisation_word(word.casefold(), lexicon) for word in left):
                start = found.start(2)  # a common noun opening the sentence: 'Negociadores da União Europeia'
            organisations.append((start, position))
    entities = _with_organisations_and(text, _with_spans(text, entities, organisations, "ORG"), lexicon, places)
    # A company's legal form after its name, in any case: 'Venti del Supramonte srl', 'Müller & Söhne GmbH'.
    companies = []
    for found in _COMPANY_WITH_LEGAL_FORM_RE.finditer(text):
        start = found.start()
        first = found.group(1).split(" ", 1)
        if len(first) > 1 and first[0].casefold() in _DETERMINERS:  # 'Die Müller Logistik GmbH'
            start += len(first[0]) + 1
        if " " in text[start:found.end(1)] or not _name_opens_sentence(text, start):
            companies.append((start, found.end()))
    return _with_spans(text, entities, companies, "ORG") if companies else entities


# Two runs of capitalised words joined by 'and' into one organisation's name, with the place it is
# of: 'Rural and Urban Private Hospitals Association of Kenya', 'Coast General Teaching and Referral
# Hospital', 'Amalgamated Commercial Motorcycle Owners and Riders Association of Nigeria'.
_ORGANISATION_AND_RE = re.compile(
    r"(?<![\w'’-])(" + _CAPITALISED_WORD + r"(?:[ \u00a0]" + _CAPITALISED_WORD + r"){0,3})[ \u00a0](?:"
    + alternation(_CONJUNCTIONS) + r")"
    r"[ \u00a0](" + _CAPITALISED_WORD + r"(?:[ \u00a0]" + _CAPITALISED_WORD + r"){0,4})"
    r"((?:[ \u00a0](?:of|of the|for|de|del|de la|do|da|di|della|van|für)[ \u00a0]" + _CAPITALISED_WORD + r"){0,1})")


def _with_organisations_and(text: str, entities: list[dict[str, Any]], lexicon: CueLexicon,
                            places: Gazetteer) -> list[dict[str, Any]]:
    """One organisation's name that holds 'and' (``_ORGANISATION_AND_RE``): its last word before
    any 'of' is an organisation word, and the words before 'and' are none and name no person or
    place, so the two runs are not two names ('the Red Cross and Service NSW', 'Kilifi and Kwale')."""
    given_names = load_given_names()
    spans = []
    for found in _ORGANISATION_AND_RE.finditer(text):
        left, right = found.group(1).split(), found.group(2).split()
        start = found.start()
        determined = False
        while len(left) > 1 and left[0].casefold() in _RUN_OPENING_WORDS:  # 'The Rural and Urban …'
            determined = determined or left[0].casefold() in _DETERMINERS
            start += len(left.pop(0)) + 1
        # (two words at least before 'and', or an article before it, or the place it is of: 'Barclays and
        # Lloyds Banking Group' are two, 'the Environment and Resources Authority' is one)
        if (left[0].casefold() not in _RUN_OPENING_WORDS and (len(left) >= 2 or determined or found.group(3))
                and _is_organisation_word(right[-1].casefold(), lexicon)
                and not any(_is_organisation_word(word.casefold(), lexicon) for word in left)
                and not is_given_name(left[0], given_names) and " ".join(left) not in places
                and not any(e["start"] <= start and found.end() <= e["end"] for e in entities)):  # inside a longer one
            spans.append((start, found.end()))
    return _with_spans(text, entities, spans, "ORG") if spans else entities


# Articles before a single capitalised word make it a name (people take none): 'the Treasury', 'el Inpe',
# 'het Kadaster', 'dell'Atac'. Not German, where every noun takes them.
_ARTICLES_BEFORE_NAMES = {
    "en": frozenset(("the",)), "es": frozenset(("el", "los", "las", "la", "del", "al")),
    "it": frozenset(("il", "lo", "gli", "la", "l'", "dell'", "all'", "del", "della", "dello", "al", "alla", "dal", "dalla")),
    "pt": frozenset(("o", "os", "do", "dos", "no", "nos", "pelo", "ao")), "nl": frozenset(("de", "het")),
}
_SINGLE_NAME_RE = re.compile(r"(?<![\w'’.-])[" + CAPITALS + r"][\w’'-]{2,}(?![\w'’-])")
_ABBREVIATION_AFTER_RE = re.compile(r"\.\s*(?![" + CAPITALS + r"\s\"“«„])")  # a period no new sentence follows
_BARE_NAME_RE = re.compile(r"[" + CAPITALS + r"][\w'’]+(?:-[" + CAPITALS + r"][\w'’]+)*(?: [" + CAPITALS + r"][\w'’]+(?:-[" + CAPITALS + r"][\w'’]+)*){0,2}")
# Between two names of a list: ', ' or a conjunction of the text's language.
_LIST_CONJUNCTIONS = {"en": "and|or", "fr": "et|ou", "de": "und|oder", "es": "y|e|o", "it": "e|ed|o", "pt": "e|ou",
                      "nl": "en|of"}  # ('en' and 'of' join only in Dutch: 'Argentina en Madrid', 'Residents of Kosofe')


@functools.lru_cache(maxsize=16)
def _list_joiner_res(language: str) -> tuple[re.Pattern, re.Pattern]:
    """The joiner after a name of a list, and one ending the text before a name: ', ' or ' and '."""
    joiner = r"(?:,|\s(?:" + _LIST_CONJUNCTIONS.get(language, "and") + r"))\s"
    return re.compile(joiner), re.compile(joiner + "$")
# English capitalises nationalities: 'British', 'Iranian', 'Chinese', 'Israeli' name no entity.
_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ic", "ch")


def _ends_with_source(before: str, sources: tuple[str, ...]) -> bool:
    """Whether the text before a name ends with a whole 'according' phrase ('volgens', 'según');
    ``_according`` finds the first in a window, this the one right before the name."""
    folded = before.casefold().rstrip()
    return any(folded.endswith(source) and not folded[:len(folded) - len(source)][-1:].isalpha() for source in sources)


def _with_recurring_single_names(text: str, language: str, entities: list[dict[str, Any]], lexicon: CueLexicon,
                                 given_names: frozenset[str], places: list[tuple[int, int, bool]],
                                 speakers: bool = False) -> list[dict[str, Any]]:
    """Single capitalised words that recur inside sentences ('Itamaraty', 'Fiocruz', 'Mercosul',
    'Racing'), where no longer name stands: a place if some mention is one of ``places`` (after a
    place preposition, in a dateline, in the gazetteer), else an organisation. Not the words of the other names ('Lombardi' of 'Clare Lombardi': a
    surname), given names, titles, roles, reporting words, calendar words, nationalities."""
    mentions: dict[str, list[tuple[int, int]]] = {}
    after_article: set[str] = set()  # named once, but after an article: 'según Idealista' no, 'el Inpe' yes
    articles = _ARTICLES_BEFORE_NAMES.get(language, frozenset())
    # Named once, where only a name can stand: the source of 'volgens Rijkswaterstaat', or next to a
    # name in a list ('Mombasa, Kilifi and Kwale', 'Bosch, Infineon und …'), whose label it takes.
    labels_at = {(e["start"], e["end"]): e["label"] for e in entities}
    labels_at.update({(start, end): "LOC" for start, end, _ in places})
    label_ending = {end: label for (_, end), label in labels_at.items()}
    label_starting = {start: label for (start, _), label in labels_at.items()}
    sources = tuple(phrase for phrase in lexicon.according if phrase.isalpha() or " " in phrase)
    listed: dict[str, str] = {}
    joiner_re, joiner_end_re = _list_joiner_res(language)
    openers: dict[str, list[tuple[int, int]]] = {}  # mentions opening a sentence: a name only if named inside one
    for found in _SINGLE_NAME_RE.finditer(text):
        word = _POSSESSIVE_END_RE.sub("", found.group())
        if _name_opens_sentence(text, found.start()):
            openers.setdefault(word, []).append((found.start(), found.start() + len(word)))
            continue
        mentions.setdefault(word, []).append((found.start(), found.start() + len(word)))
        before = text[max(0, found.start() - 40):found.start()]
        previous = (before.rsplit(None, 1)[-1:] or [""])[0]
        if articles and previous.casefold().rsplit("'", 1)[-1] + ("'" if before.endswith(("'", "’")) else "") in articles:
            after_article.add(word)
        elif previous.isalpha() and previous.islower() and _is_org_noun(previous, lexicon):
            after_article.add(word)  # the kind of organisation before its name: 'windenergiebedrijf Polderwind'
        elif _ends_with_source(before, sources) or speakers and previous.islower() and previous in lexicon.verbs:
            # (among speaker candidates also the subject right after a reporting verb, 'meldt Arriva':
            # a person's or an organisation's, it speaks either way, and is no output entity)
            after_article.add(word)
        joined = joiner_end_re.search(before)
        follows = joiner_re.match(text, found.start() + len(word))
        # (a list, not a fronted phrase: 'Speaking in Brussels, Borrell said' names no place 'Borrell')
        neighbour = (label_ending.get(found.start() - len(joined.group()))
                     if joined and (joined.group().strip() != "," or follows) else None) or (
            label_starting.get(follows.end()) if follows else None)
        abbreviation = len(word) <= 5 and _ABBREVIATION_AFTER_RE.match(text, found.start() + len(word))
        if neighbour in ("LOC", "ORG") and not abbreviation:  # not 'CARSON CITY, Nev. (AP)'
            listed.setdefault(word, neighbour)
            label_ending[found.start() + len(word)] = neighbour  # the next of the list is listed too

    taken = {word for entity in entities for word in entity["text"].split()}
    spans = sorted((e["start"], e["end"]) for e in entities)
    place_names = {text[start:end] for start, end, _ in places}
    added = []
    for word, found in mentions.items():
        folded = word.casefold()
        if ((len(found) < 2 and word not in after_article and word not in listed) or word in taken or word.isupper()
                or is_given_name(word, given_names)
                or folded in lexicon.titles or _is_role_word(word, lexicon) or folded in lexicon.verbs
                or folded in lexicon.pronouns or folded in lexicon.skip or folded in CALENDAR_WORDS
                or folded in _RUN_OPENING_WORDS
                or language == "en" and folded.endswith(_DEMONYM_ENDINGS) and word not in listed):
            continue
        label = "LOC" if word in place_names else listed.get(word, "ORG")
        added += [{"text": word, "label": label, "start": start, "end": end} for start, end in found + openers.get(word, [])
                  if not overlaps(spans, start, end)]
    return sorted(entities + added, key=lambda e: e["start"]) if added else entities


# German institutions written as one compound: 'Bundesrat', 'Vermittlungsausschuss', 'GKV-Spitzenverband',
# 'Landesamt'. Heads that name an institution after any stem of 4+ letters, and heads that do only
# after some stems ('Bundesrat' but not 'Vorrat', 'Landtag' but not 'Montag').
_GERMAN_INSTITUTION_HEADS = ("ministerium", "ausschuss", "verband", "gewerkschaft", "kommission", "behörde",
                             "agentur", "gerichtshof", "gericht", "regierung", "polizei", "staatsanwaltschaft",
                             "bundesamt", "bundesamts", "landesamt", "landesamts", "institut", "instituts", "kammer",
                             "stiftung", "bundesbank", "spital", "klinikum", "direktion", "präsidium", "verein", "abteilung")
_GERMAN_INSTITUTION_STEMS = ("bundes", "landes", "stadt", "gemeinde", "kreis", "betriebs", "aufsichts",
                             "sicherheits", "zentral", "noten", "finanz", "arbeits", "gesundheits", "jugend")
_GERMAN_STEM_HEADS = ("rat", "tag", "amt", "bank", "wehr", "kanzleramt")
# Kinds of bodies that a town's or a country's name makes one body ('Feuerwehr Wels', 'Diakonie Deutschland').
_GERMAN_BODY_KINDS = frozenset(
    "feuerwehr polizei klinikum krankenhaus kantonsspital diakonie caritas sparkasse volksbank raiffeisenbank "
    "stadtwerke verkehrsbetriebe universität hochschule fachhochschule schauspielhaus staatstheater stadttheater "
    "landestheater landvolk bauernverband landratsamt bezirkshauptmannschaft staatsanwaltschaft handelskammer "
    "wirtschaftskammer arbeiterkammer tourismusverband".split())
# A body's field between its name and its place: an adjective and a noun ('Kulturelles Erbe'; not a
# name after what it is: 'Dachverband Tafel Deutschland').
_GERMAN_BODY_FIELD_RE = re.compile(r" [A-ZÄÖÜ][a-zäöüß]+(?:es|e|er|en) [A-ZÄÖÜ][a-zäöüß]{2,} ")
_GERMAN_COMPOUND_RE = re.compile(r"(?<![\w'’-])[A-ZÄÖÜ][\w-]{5,}(?![\w'’-])")
# Institutions whose name goes on in lower case after a capitalised head: 'Cour des comptes',
# 'Agence régionale de santé d'Occitanie', 'Tribunale penale federale', 'Ministero pubblico della
# Confederazione', 'Fiscalía general', 'Tribunal de primera instancia'. Per language: the heads, the
# adjectives' endings, the complements and the place it is of.
_INSTITUTION_PARTS = {
    "fr": ("Cour|Conseil|Caisse|Haute Autorité|Autorité|Agence|Office|Institut|Comité|Commission|Direction|"
           "Fédération|Confédération|Union|Syndicat|Banque|Chambre|Tribunal|Parquet|Assemblée|Inspection|"
           "Observatoire|Centre|Ordre|Délégation|Préfecture|Faculté|Secrétariat|Régie|Groupement|Mutuelle|"
           "Coopérative|Commissariat|Établissement",
           "al|ale|aux|ales|ique|iques|ien|ienne|éen|éenne|aire|el|elle|if|ive|ier|ière|ais|aise|ois|oise",
           "des|de la|du|de", "de l|d", "de (?:première|grande|seconde) instance"),
    "it": ("Tribunale|Corte|Consiglio|Ministero|Procura|Agenzia|Autorità|Istituto|Ufficio|Dipartimento|Direzione|"
           "Commissione|Camera|Banca|Guardia|Protezione|Ordine|Ente|Azienda|Servizio|Segretariato",
           "ale|ali|ico|ica|ici|iche|ivo|iva|ivi|ive|ario|aria|ari|arie|ese|esi|ano|ana|ani|ane|ile|ili|ense|orio|oria|"
           "ente|enti|ino|ina",
           "dei|degli|delle|della|dello|del|di", "dell|d", "di (?:primo|secondo) grado"),
    "es": ("Tribunal|Corte|Consejo|Concejo|Ministerio|Fiscalía|Defensoría|Agencia|Instituto|Oficina|Dirección|"
           "Comisión|Cámara|Banco|Junta|Secretaría|Audiencia|Juzgado|Guardia|Servicio|Superintendencia|Contraloría|"
           "Procuraduría|Policía|Sindicatura|Tesorería",
           "al|ales|ico|ica|icos|icas|ivo|iva|ario|aria|ense|ano|ana|il|iles|ial|iales|or|ora",
           "de los|de las|de la|del|de", "", "de primera instancia"),
    "pt": ("Tribunal|Supremo|Ministério|Procuradoria|Agência|Instituto|Direção-Geral|Direção|Comissão|Câmara|Banco|"
           "Conselho|Assembleia|Polícia|Guarda|Serviço|Secretaria|Defensoria|Ordem|Autoridade|Junta|Inspeção-Geral",
           "al|ais|ico|ica|icos|icas|ivo|iva|ário|ária|ense|ano|ana|il|is|ês|esa|ial|iais|or|ora",
           "dos|das|do|da|de", "", "de primeira instância"),
}


def _institution_re(heads: str, endings: str, articles: str, elided: str, fixed: str) -> re.Pattern:
    lower = "a-zà-öø-ÿ"
    adjective = rf"[{lower}]+(?:{endings})"
    elided_place = rf"|\s(?:{elided})['’]" if elided else ""
    elided_noun = rf"|(?:{elided})['’]" if elided else ""
    return re.compile(
        rf"(?<![\w-])({heads})"
        rf"((?:\s{fixed}|(?:\s{adjective}){{0,2}}(?:\s(?:(?:{articles})\s{elided_noun})\s?(?!(?:la|le|les|el|los|las|lo|a|o|os|as)\s)[{lower}][\w-]+"
        rf"(?:\s{adjective})?)?))"
        rf"((?<=[{lower}])(?:\s(?:{articles})\s{elided_place})[{CAPITALS}][\w-]+(?:\s{adjective}){{0,2}}"
        # and a second field ('… de la Santé et de la Protection sociale'), and a place ('… de Tata')
        rf"(?:\s(?:et|e|y|and)(?:\s(?:{articles})\s{elided_place})[{CAPITALS}][\w-]+(?:\s{adjective}){{0,2}})?"
        rf"(?:(?:\s(?:{articles})\s{elided_place})[{CAPITALS}][\w-]+(?![\w'’-])(?!\s(?:{articles})\s))?"
        rf")?(?![\w'’-])")


_INSTITUTION_RES = {language: _institution_re(*parts) for language, parts in _INSTITUTION_PARTS.items()}
# Dutch puts the adjective first, and writes the noun in lower case: 'de Vlaamse regering', 'de Tweede Kamer'.
_DUTCH_INSTITUTION_RE = re.compile(r"(?<![\w-])(?:[A-Z][a-z]+(?:se|e|s)|Tweede|Eerste)[ \u00a0]"
                                   r"(?:[a-z]+e[ \u00a0])?(?:regering|overheid|"  # 'de Antwerpse correctionele rechtbank'
                                   r"[Cc]ommissie|Kamer|politie|rechtbank|[Pp]arlement|ministerraad|parket|brandweer|"
                                   r"gemeenteraad|provincieraad)(?![\w-])"
                                   # and a ministry, its head in lower case: 'ministerie van Klimaat en Groene Groei'
                                   # (in 'gemeente Borssele' the town's name is a name alone)
                                   r"|(?<![\w-])ministerie[ \u00a0]van[ \u00a0](?:de[ \u00a0]|het[ \u00a0])?"
                                   + _CAPITALISED_WORD + r"(?:[ \u00a0](?:(?:en|voor|van)[ \u00a0])?"
                                   + _CAPITALISED_WORD + r"){0,4}")
_GERMAN_ADJECTIVE_BEFORE_RE = re.compile(r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]+(?:ische|ischen|isches|ischer|er)|Deutsche[nrs]?)\s$")
_GERMAN_FUER_COMPLEMENT_RE = re.compile(r"\sfür\s(?:[a-zäöüß]{2,}(?:e|en|er|es)\s)?[A-ZÄÖÜ][\w-]+"
                                        r"(?:\s(?:und|&)\s(?:[a-zäöüß]{2,}(?:e|en|er|es)\s)?[A-ZÄÖÜ][\w-]+)?")
# The territory a body belongs to, in the genitive: 'Umweltabteilung des Landes Oberösterreich', 'Bauamt der Stadt Zug'.
_GERMAN_OF_TERRITORY_RE = re.compile(r"\s(?:des|der)\s(?:Landes|Stadt|Bundes|Kantons|Kreises|Landkreises|Bezirks|Gemeinde|"
                                     r"Marktgemeinde|Region|Freistaats|Bistums|Erzbistums)\s[A-ZÄÖÜ][\w-]+")
# Sports clubs: an abbreviation before or after the town ('1. FC Nürnberg', 'SC Paderborn 07', 'Hamburger SV'),
# or a club word before it ('Real Betis', 'Stade Toulousain'; not 'Stade de France', a venue).
_CLUB_RE = re.compile(
    r"(?<![\w-])(?:\d\.\s)?(?:FC|SC|SV|VfB|VfL|TSG|TSV|SG|BV|AC|AS|SS|SSC|US|CF|CD|UD|RC|RCD|SE|CR|EC|AFC|KV|KRC|RSC|"
    r"FK|SK|Real|Atlético|Athletic|Racing|Deportivo|Olympique|Borussia|Dynamo|Dinamo)\s[" + CAPITALS + r"][\w-]+"
    r"(?:\s[" + CAPITALS + r"][\w-]+)?(?:\s\d{2,4}(?![\w.,]))?"
    r"|(?<![\w-])Stade\s[" + CAPITALS + r"][\w-]*(?:ais|ois|ain|in|ien)(?![\w-])"
    r"|(?<![\w-])(?!(?:Der|Die|Das|Den|Dem|Des|El|La|Le|Il|Lo|The|O|A|Os|De|Het|Beim|Im|Vom|Zum)\s)"
    r"[" + CAPITALS + r"][\w-]+(?:\s[" + CAPITALS + r"][\w-]+)?\s(?:FC|SC|SV|CF|AFC|BK|IF|FF)(?![\w-])")
_GERMAN_PLACE_COMPOUND_RE = re.compile(
    r"(?<![\w-])[A-ZÄÖÜ][\w-]{2,}(?:stadion|arena|höhle|(?<!spi)(?<!api)(?<!por)tal|see|ferner|gletscher|kees|spitze|joch"
    r"|gebirge|massiv)"  # ('Kantonsspital', 'Eigenkapital', 'Onlineportal' are no valleys)
    r"(?![\w-])|(?<![\w-])[A-ZÄÖÜ][\w]+(?:-[A-ZÄÖÜ][\w]+)*-"
    r"(?:Kreis|Stadion|Arena)(?![\w-])|(?<![\w-])[A-ZÄÖÜ][\w-]+\s(?:Stadion|Arena)(?![\w-])"
    # a region named by an adjective of a place: 'Ötztaler Alpen', 'Sächsische Schweiz' is a name the gazetteer has
    r"|(?<![\w-])[A-ZÄÖÜ][a-zäöüß]{2,}er\s(?:Alpen|Voralpen|Dolomiten|Land|Bucht|Becken|Seenplatte|Wald|Heide)(?![\w-])")
# German puts no article before a town: 'in Bismark', 'nach Stendal'. Nouns follow bare 'in' and
# 'nach' too, in set phrases ('in Gefahr', 'nach Angaben') or with an article elsewhere in the text.
_GERMAN_BARE_PLACE_RE = re.compile(r"(?<![\w-])(?:in|nach)\s([A-ZÄÖÜ][a-zäöüß]{2,}(?:-[A-ZÄÖÜ][a-zäöüß]+)?)"
                                   r"(?![\w-])(?!\s(?:der|des|dem|den|die|das|eines|einer|von)\b)")
_GERMAN_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "ion", "tät", "ik", "enz", "anz", "ismus", "nis", "tum",
                        "ment", "ur", "ie", "ei", "en", "er", "ern", "el", "e", "ten", "zeit", "sicht", "kraft", "weise")
_GERMAN_BARE_NOUNS = frozenset("zukunft gefahr kraft betrieb ordnung frage sicherheit rente urlaub haft kürze höhe "
                               "bezug folge richtung teilzeit vollzeit quarantäne hause ruhe not angst sorge ansicht "
                               "angaben auskunft abschluss ende anfang mitte summe form gang kauf sachen rekordzeit "
                               "schach schuss fahrt flammen gold geld bar euro dollar prozent gestalt serie text bild "
                               "rot grün blau schwarz weiß deutsch englisch ihr ihrem ihrer ihren ihnen euch".split())


def _with_german_places_after_bare_prepositions(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """'in Bismark', 'nach Stendal': a place, unless the word is a noun (it ends like one, or the
    text gives it an article or an adjective elsewhere: 'die Gefahr', 'eine neue Gefahr')."""
    spans = sorted((e["start"], e["end"]) for e in entities)
    places = []
    for found in _GERMAN_BARE_PLACE_RE.finditer(text):
        word = found.group(1)
        folded = word.casefold()
        if (folded in _GERMAN_BARE_NOUNS or folded in CALENDAR_WORDS or folded.endswith(_GERMAN_NOUN_ENDINGS)
                and "-" not in word or overlaps(spans, *found.span(1)) or _declined_somewhere(text, word)):
            continue
        places.append({"text": word, "label": "LOC", "start": found.start(1), "end": found.end(1)})
    return sorted(entities + places, key=lambda e: e["start"]) if places else entities


_GERMAN_ARTICLES = frozenset("der die das den dem des ein eine einer einem einen eines".split())


def _declined_somewhere(text: str, word: str) -> bool:
    """Whether the text puts an article or a declined adjective right before ``word`` somewhere ('die
    Gefahr', 'eine neue Gefahr'): a noun's, not a town's (no regex: one per word would crowd re's cache)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if at > 1 and text[at - 1] == " " and (end == len(text) or not (text[end].isalnum() or text[end] == "-")):
            previous = text[max(0, at - 40):at - 1].rsplit(None, 1)[-1:]
            if previous and (previous[0] in _GERMAN_ARTICLES or previous[0].isalpha() and previous[0].islower()
                             and (previous[0].endswith("e") or previous[0][-2:] in ("em", "en", "er", "es"))):
                return True
        at = text.find(word, at + 1)
    return False


_NOT_PLACES = frozenset("kapital hospital spital portal frontal startkapital grundkapital eigenkapital übersee "
                        "fußballstadion olympiastadion landesspitze parteispitze konzernspitze vereinsspitze "
                        "stadtspitze tabellenspitze weltspitze unternehmensspitze doppelspitze führungsspitze "
                        "regierungsspitze verbandsspitze gewerkschaftsspitze fraktionsspitze vorstandsspitze "
                        "ligaspitze bistumsspitze kirchenspitze behördenspitze armeespitze".split())


def _is_german_institution(name: str) -> bool:
    """Whether a word is a German institution's compound ('Landesamt', 'Generaldirektion', 'EU-Kommission'),
    in the genitive too ('des Alpenvereins')."""
    word = name.casefold()
    for noun in (word, word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None):
        if not noun:
            continue
        head = next((h for h in _GERMAN_INSTITUTION_HEADS if noun.endswith(h)
                     and (len(noun) - len(h) >= 4 or h.startswith(_GERMAN_INSTITUTION_STEMS)
                          or noun[-len(h) - 1:-len(h)] == "-")), None)  # 'EU-Kommission'
        if head is not None or any(noun.startswith(stem) and noun.endswith(_GERMAN_STEM_HEADS)
                                   and len(noun) > len(stem) + 2 for stem in _GERMAN_INSTITUTION_STEMS):
            return True
    return False


def _with_german_institutions(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """German institutions written as one compound, with what follows 'für' and an adjective before
    ('Bundesamt für Wohnungswesen', 'des Thüringischen Landesamts für Denkmalpflege und Archäologie',
    'Max-Planck-Instituts für evolutionäre Anthropologie'), in place of what overlaps them."""
    institutions = []
    gazetteer = None
    for found in _GERMAN_COMPOUND_RE.finditer(text):
        if not _is_german_institution(found.group()):
            # a body's bare kind before the place it serves: 'Feuerwehr Wels', 'Klinikum Wels-Grieskirchen',
            # 'Diakonie Deutschland' (the kind alone is a common noun: 'die Feuerwehr')
            if found.group().casefold() not in _GERMAN_BODY_KINDS or text[found.end():found.end() + 1] != " ":
                continue
            gazetteer = gazetteer or load_places("de")
            place = re.match(r"[A-ZÄÖÜ][\w]+(?:-[A-ZÄÖÜ][\w]+)*", text[found.end() + 1:found.end() + 60])
            if place and (_is_place(place.group(), gazetteer) or place.group().split("-")[0] in gazetteer):
                adjective = _GERMAN_ADJECTIVE_BEFORE_RE.search(text, max(0, found.start() - 30), found.start())
                institutions.append((adjective.start(1) if adjective else found.start(), found.end() + 1 + place.end()))
            continue
        start, end = found.span()
        adjective = _GERMAN_ADJECTIVE_BEFORE_RE.search(text, max(0, start - 30), start)
        complement = _GERMAN_FUER_COMPLEMENT_RE.match(text, end) or _GERMAN_OF_TERRITORY_RE.match(text, end)
        start, end = adjective.start(1) if adjective else start, complement.end() if complement else end
        if not any(e["start"] <= start and end <= e["end"] and e["end"] - e["start"] > end - start for e in entities):
            institutions.append((start, end))  # not inside a longer name: 'Bundesverband der Deutschen Industrie'
    return _with_spans(text, entities, institutions, "ORG")


# Organisation nouns that name a place as well ('la ville de Paris', 'la région Bretagne').
_TERRITORIAL_NOUNS = frozenset("ville région département municipalité commune city town county region stadt gemeinde "
                               "ciudad región municipio città regione comune cidade região município stad gemeente "
                               "provincie provincia província province".split())


# The fields of a ministry or department after the first, to the last after 'and': 'Department of
# Agriculture, Environment and Rural Affairs', 'ministerie van Onderwijs, Cultuur en Wetenschap',
# 'Ministère de l'Agriculture, de l'Alimentation et de la Forêt'.
_FIELD_LINK = (r"(?:(?:de la|de los|de las|del|de|des|du|della|delle|dei|degli|dello|di|da|do|das|dos|the)[ \u00a0]"
               r"|(?:de l|dell|d)['’])?")
_FIELD = _FIELD_LINK + _CAPITALISED_WORD + r"(?:[ \u00a0]" + _CAPITALISED_WORD + r"){0,2}"
_FIELD_LINKS = _PREPOSITIONS | {"voor"}  # ('ministerie voor …')
_FIELD_LIST_RE = re.compile(r"((?:,[ \u00a0]" + _FIELD + r"){0,6}),?[ \u00a0](?:and|en|et|y|e|und|&)[ \u00a0](" + _FIELD
                            + r")(?![\w'’-])")


def _with_listed_fields(text: str, entities: list[dict[str, Any]], lexicon: CueLexicon) -> list[dict[str, Any]]:
    """A body named for its fields ('Department of Agriculture', 'ministerie van Onderwijs') goes on
    over the list of the others to the last after 'and' (``_FIELD_LIST_RE``), unless a person or a
    place the gazetteer knows ends the list ('the Ministry of Health and Mary Smith')."""
    spans = []
    for entity in entities:
        head = entity["text"].split(" ", 1)[0].casefold()
        if entity["label"] != "ORG" or head not in lexicon.org_nouns or _FIELD_LINKS.isdisjoint(
                entity["text"].replace("'", " ").replace("’", " ").split()):
            continue
        found = _FIELD_LIST_RE.match(text, entity["end"])
        if found is None:
            continue
        last = re.sub(r"^" + _FIELD_LINK, "", found.group(2)).split()
        if not is_given_name(last[0], load_given_names()) and " ".join(last) not in load_places(""):
            spans.append((entity["start"], found.end()))
    return _with_spans(text, entities, spans, "ORG") if spans else entities


def with_institutions(text: str, entities: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Institutions whose name goes on in lower case (``_INSTITUTION_PARTS``; in Dutch an adjective
    before the noun, ``_DUTCH_INSTITUTION_RE``), which a model or the stand-in names cut short or
    miss: 'Cour des comptes', 'Tribunale penale federale', 'Dipartimento regionale della Protezione
    civile', 'de Vlaamse regering'. An entity
    that is the head alone is extended; a name no entity overlaps is added, unless its head opens
    a sentence (it may be a common noun there)."""
    lexicon = load_cue_lexicon(language)  # a model's place headed by an institution in lower case: 'préfecture de La Réunion'
    entities = [{**e, "label": "ORG"} if e["label"] in _NOT_PERSON_LABELS and e["text"][:1].islower()
                and (head := e["text"].split(" ", 1)[0].casefold()) in lexicon.org_nouns
                and head not in _TERRITORIAL_NOUNS else e for e in entities]
    if language == "nl":
        return _with_listed_fields(text, _with_spans_as(text, entities, _DUTCH_INSTITUTION_RE, "ORG"), lexicon)
    pattern = _INSTITUTION_RES.get(language)
    if pattern is None:
        return _with_listed_fields(text, entities, lexicon)
    spans = []
    starts = {e["start"]: e for e in entities}
    taken = sorted((e["start"], e["end"]) for e in entities)
    for found in pattern.finditer(text):
        if not found.group(2).strip():
            continue
        entity = starts.get(found.start())
        # The head alone ('Cour'), or cut before the place ('Tribunal de première instance d'' +
        # 'Abidjan-Plateau'); not a whole name the pattern would run on from ('Union européenne des années').
        inside = [e for e in entities if e["start"] < found.end() and found.start() < e["end"]]
        if entity is not None and (entity["end"] <= found.end(1) or found.group(3) and found.end(2) <= entity["end"]
                                   <= found.start(3) + 5):
            spans.append(found.span())
        elif entity is not None and found.group(3) and len(inside) >= 2 and all(
                e["end"] <= found.end() and e["label"] not in PERSON_LABELS for e in inside):
            # cut in pieces ('Délégation provinciale de la Santé' + 'Protection sociale' + 'Tata')
            spans.append(found.span())
        elif not overlaps(taken, *found.span()) and not _name_opens_sentence(text, found.start()):
            spans.append(found.span())
    return _with_listed_fields(text, _with_spans(text, entities, spans, "ORG"), lexicon)


def with_missed_people(text: str, entities: list[dict[str, Any]], language: str = "") -> list[dict[str, Any]]:
    """A model's ``entities`` with the people it missed whose name starts with a given name
    ('Mariam Traoré-Bamba', 'Jeanne Diallo'), where no entity of the model is. A run of
    capitalised names (``_CAPITALISED_NAME_RE``) ends at a word that ends a sentence. A place or a
    thing the model saw in such a name becomes a person ('Réjean Poulin-Veilleux' LOC), unless the
    gazetteer knows it as a place or it holds a place word ('Charles River'), and so does one that
    is a person's surname."""
    given_names = load_given_names()
    places = load_places(language) if language else None
    entities = [{**e, "label": "PER"} if e["label"] in _NOT_PERSON_LABELS and _is_persons_name(e["text"], given_names, places)
                else e for e in entities]
    entities = _with_split_first_names(text, entities, places)
    surnames = {e["text"].split()[-1] for e in entities if e["label"] in PERSON_LABELS and len(e["text"].split()) >= 2}
    entities = [{**e, "label": "PER"} if e["label"] in _NOT_PERSON_LABELS and e["text"] in surnames else e
                for e in entities]  # 'la famille Poulin-Veilleux' after 'Réjean Poulin-Veilleux'
    taken = sorted((e["start"], e["end"]) for e in entities)
    missed = []
    for found in _CAPITALISED_NAME_RE.finditer(text):
        offset = found.start()
        for piece in _SENTENCE_IN_RUN_RE.split(found.group()):  # 'M. Koné. Jeanne Diallo': two sentences
            start = text.index(piece, offset) if piece else offset
            offset = start + len(piece)
            name = _POSSESSIVE_END_RE.sub("", piece)
            words = name.split()
            end = start + len(name)
            if (len(words) >= 2 and is_given_name(words[0], given_names) and not overlaps(taken, start, end)
                    and not any(word.casefold() in CALENDAR_WORDS for word in words)):
                missed.append({"text": name, "label": "PER", "start": start, "end": end})
    return sorted(entities + missed, key=lambda e: e["start"]) if missed else entities


_NOT_PERSON_LABELS = frozenset({"LOC", "MISC"})


def _with_split_first_names(text: str, entities: list[dict[str, Any]], places: Optional[Gazetteer]
                            ) -> list[dict[str, Any]]:
    """A model's person with its first name cut off as a place or a thing right before it
    ('Nanga' LOC + 'Fatogoma Silué' PER): one person, when that word is no place the gazetteer
    knows ('London' + 'Sadiq Khan' stay two). A given name the model cut off before a surname it
    took for a place or a thing is one person too ('Nadia' MISC + 'El Ghazi-Amrani' LOC)."""
    given_names = load_given_names()
    merged: list[dict[str, Any]] = []
    for entity in entities:
        before = merged[-1] if merged else None
        surname = entity["label"] in PERSON_LABELS or (
            entity["label"] in _NOT_PERSON_LABELS and before is not None and is_given_name(before["text"], given_names)
            and len(entity["text"].split()) <= 3 and entity["text"][:1].isupper()
            and not (places and places.find(entity["text"])))
        if (before is not None and surname and before["label"] in _NOT_PERSON_LABELS
                and " " not in before["text"] and before["text"][:1].isupper() and before["text"].isalpha()
                and text[before["end"]:entity["start"]] == " " and not (places and places.find(before["text"]))
                and before["text"].casefold() not in CALENDAR_WORDS):
            merged[-1] = {**entity, "label": "PER" if entity["label"] in _NOT_PERSON_LABELS else entity["label"],
                          "text": text[before["start"]:entity["end"]], "start": before["start"]}
        else:
            merged.append(entity)
    return merged


def _is_persons_name(name: str, given_names: frozenset[str], places: Optional[Gazetteer]) -> bool:
    """'Réjean Poulin-Veilleux': two to four capitalised words, the first a given name, no place."""
    words = name.split()
    return (2 <= len(words) <= 4 and is_given_name(words[0], given_names) and all(w[:1].isupper() for w in words)
            and _PLACE_WORDS.isdisjoint(w.casefold() for w in words) and not (places and name in places))


# A picture's people by where they stand ('Lukas Reindl (Mitte)'), or what the picture is.
_NOT_ALIASES = frozenset("mitte links rechts left right centre center gauche droite izquierda derecha centro sinistra "
                         "destra esquerda direita midden foto photo archivo archiv archive archivio arquivo video "
                         "vídeo file".split())
_ALIAS_RE = re.compile(r"(?<=[\w.’'])[ \u00a0]\(([" + CAPITALS + r"][\w&’'-]{1,14})\)")


def with_aliases(text: str, entities: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """``entities`` with an organisation's short name in brackets after its long one ('… de
    Transformación de Nuevo León (Caintra)', '… des oléagineux du Sénégal (SONACOS)') as an
    organisation, there and wherever the text repeats it, whatever a model called it. Two of the
    four words before the bracket are capitalised (one before an acronym), and a name that is no
    acronym follows an organisation word among the twelve words before it; a place in brackets is
    no alias ('(Portugal)')."""
    aliases = set()
    lexicon = load_cue_lexicon(language)
    for found in _ALIAS_RE.finditer(text):
        phrase = text[max(0, found.start() - 160):found.start()].split()[-12:]
        before = phrase[-4:]
        alias = found.group(1)
        capitalised = sum(word[:1].isupper() for word in before)
        # An acronym, or a short name of a body its long name says it is ('Cámara de … (Caintra)');
        # not a place after a name ('Estádio do Chiazi (Cabinda)', 'Manuel Castro (Cambados)').
        if ((capitalised >= 2 or capitalised and alias.isupper() and len(alias) >= 3)
                and alias.casefold() not in CALENDAR_WORDS and alias.casefold() not in _NOT_ALIASES
                and (alias.isupper() or any(_is_organisation_word(word.casefold().strip(",;:"), lexicon)
                                            for word in phrase))):
            aliases.add(alias)
        elif (alias.isupper() or _SHORT_ACRONYM_RE.fullmatch(alias)) and any(  # 'L'Istituto nazionale di … (Ingv)'
                (head := _ELIDED_ARTICLE_RE.sub("", word, count=1))[:1] == alias[:1]
                and _is_organisation_word(head.casefold().strip(",;:"), lexicon) for word in phrase):
            aliases.add(alias)
    if not aliases:
        return entities
    places = load_places(language)
    aliases = {alias for alias in aliases if alias not in places}
    # (a long name found already, starting before the organisation word, stays whole: 'Amalgamated … Association')
    long_names = [(min([start] + [e["start"] for e in entities if e["start"] < start < e["end"]]), end)
                  for start, end in _long_names_before_aliases(text, aliases, lexicon)]
    entities = _with_spans(text, entities, long_names, "ORG")
    mentions = (found.span() for alias in aliases
                for found in re.finditer(_AFTER_ELISION_OR_NO_WORD + re.escape(alias) + r"(?![\w'’-])", text))
    # (not inside a longer name: 'Petro' of 'Petro de Luanda' stays that name's)
    spans = sorted((start, end) for start, end in mentions if not any(
        e["start"] <= start and end <= e["end"] and e["end"] - e["start"] > end - start for e in entities))
    return _with_spans(text, entities, spans, "ORG")


_LONG_NAME_MAX_WORDS = 10
_NAME_CONNECTORS = frozenset("of and the for de del della di da do dos das du des et e y und für van voor en".split())
# Where a name starts: no word before it, or an elided article ("l'Ingv", "dell'Ingv", "d'Intecmar").
_AFTER_ELISION_OR_NO_WORD = r"(?:(?<![\w'’-])|(?<=\b[lLdD]['’])|(?<=\b[dDaAnNsS]ell['’])|(?<=\b[dD]all['’]))"


def _long_names_before_aliases(text: str, aliases: set[str], lexicon: CueLexicon) -> list[tuple[int, int]]:
    """Spans of the long names an alias follows in brackets, in sentence case too as Italian, Swiss
    and Iberian papers write them: from the first organisation word (of the language, or an
    institution's) with the alias's initial within ten words before the bracket ('L'Istituto
    nazionale di geofisica e vulcanologia (Ingv)', 'la Comisión Nacional del Agua (Conagua)')."""
    spans = []
    for alias in sorted(aliases):
        for found in re.finditer(r"[ \u00a0]\(" + re.escape(alias) + r"\)", text):
            clause = _CLAUSE_BREAK_RE.split(text[max(0, found.start() - 160):found.start()])[-1]
            words = list(re.finditer(r"\S+", clause))[-_LONG_NAME_MAX_WORDS:]
            offset = found.start() - len(clause)
            for at, word in enumerate(words):
                head = _ELIDED_ARTICLE_RE.sub("", word.group(), count=1)
                rest = [w.group().strip(",;:") for w in words[at:]]
                # an organisation word first ('la Comisión Nacional del Agua'), or last of a name in
                # title case ('die Liechtensteinische Industrie- und Handelskammer', 'the Amalgamated … Association of Nigeria')
                if head[:1] == alias[:1] and (_is_organisation_word(head.casefold(), lexicon) or (
                        all(w[:1].isupper() or w.casefold() in _NAME_CONNECTORS or w.endswith("-") for w in rest)
                        and any(_is_organisation_word(w.casefold(), lexicon) for w in rest))):
                    spans.append((offset + word.end() - len(head), found.start()))
                    break
    spans.sort()
    return [span for i, span in enumerate(spans) if not i or span[0] >= spans[i - 1][1]]


def with_sports_clubs(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` (a model's too: 'Stade Toulousain' as a place) with the sports clubs as organisations."""
    return _with_spans_as(text, entities, _CLUB_RE, "ORG")


def _with_spans_as(text: str, entities: list[dict[str, Any]], pattern: re.Pattern, label: str,
                   exclude: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    if not may_match(pattern, text):  # most texts hold none of the pattern's words (clubs: 69 %)
        return entities
    return _with_spans(text, entities, [found.span() for found in pattern.finditer(text)
                                        if found.group().casefold() not in exclude], label)


def _with_spans(text: str, entities: list[dict[str, Any]], spans: list[tuple[int, int]], label: str
                ) -> list[dict[str, Any]]:
    """``entities`` with the names at ``spans`` (sorted, not overlapping) in place of what overlaps them."""
    return _in_place_of(entities, [{"text": text[start:end], "label": label, "start": start, "end": end}
                                   for start, end in spans])


def _in_place_of(entities: list[dict[str, Any]], names: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` with ``names`` (sorted, not overlapping) in place of what overlaps them."""
    if not names:
        return entities
    spans = [(name["start"], name["end"]) for name in names]
    return sorted([e for e in entities if not overlaps(spans, e["start"], e["end"])] + names, key=lambda e: e["start"])


def _is_organisation_word(word: str, lexicon: CueLexicon) -> bool:
    return (word in lexicon.org_nouns or word in _ORG_SUFFIXES or word.endswith(_LONG_ORG_SUFFIXES)
            or word in _INSTITUTION_WORDS and word not in _PLACE_WORDS)


def _split_place_before_name(text: str, entity: dict[str, Any], gazetteer: Gazetteer,
                             given_names: frozenset[str]) -> list[dict[str, Any]]:
    """'Reggio Emilia Luca Vecchi', 'Comunidad de Madrid Isabel Díaz Ayuso' (a role's place, then the
    person): two entities when what follows a place of the gazetteer starts with a given name (the
    first is labelled as any run is); opening a sentence, a word before a place goes ('Visitaron
    Machu Picchu')."""
    words = entity["text"].split()
    starts = [entity["start"] + found.start() for found in re.finditer(r"\S+", entity["text"])]
    for cut in range(1, len(words) - 1):
        if starts_with_given_name(" ".join(words[cut:]), given_names) and any(
                " ".join(words[first:cut]) in gazetteer for first in range(cut)):
            left_end = starts[cut - 1] + len(words[cut - 1])
            return [{"text": text[entity["start"]:left_end], "label": entity["label"], "start": entity["start"],
                     "end": left_end},
                    {"text": text[starts[cut]:entity["end"]], "label": "PER", "start": starts[cut], "end": entity["end"]}]
    if len(words) >= 3 and _name_opens_sentence(text, entity["start"]) and " ".join(words[1:]) in gazetteer:
        return [{**entity, "text": text[starts[1]:entity["end"]], "start": starts[1]}]
    return [entity]


# Prepositions and adverbs that open sentences ('Su Ferretti il tecnico va cauto', 'Tras Pérez…'),
# common enough to be no one's name even where the text never writes them in lower case.
_OPENING_FUNCTION_WORDS = frozenset(
    "su sul sulla sui sulle per con tra fra nel nella nei nelle dopo già ora però quando mentre oltre verso contro "
    "senza durante sobre para tras según desde hasta pero ya ahora cuando mientras hacia sem pelo pela após mas já "
    "agora enquanto pour avec sans sur dans après mais déjà quand pendant vers chez selon".split()) | _OPENING_CONJUNCTIONS
# (and what else a model's slip at a sentence's start may be made of: 'Dans un')
_FUNCTION_WORDS = _OPENING_FUNCTION_WORDS | _DETERMINERS | _PREPOSITIONS | frozenset("un une uno una um uma a an".split())


def _without_common_first_word(text: str, entity: dict[str, Any], given_names: frozenset[str]
                               ) -> Optional[dict[str, Any]]:
    """A sentence's first word that the text also writes in lower case is no name's ('Mosquitos
    Aedes com Wolbachia…', 'Viele Häuser'): it goes, and with it a run left with one word."""
    words = entity["text"].split()
    first = words[0]
    if (not _name_opens_sentence(text, entity["start"]) or is_given_name(first, given_names)
            or first.lower() == first or not (first.casefold() in _OPENING_FUNCTION_WORDS
                                              or _has_word(text, first.lower()))):
        return entity
    kept = 1
    while kept < len(words) and words[kept].islower():  # and a particle after it: 'Pesquisa da Fiocruz'
        kept += 1
    if len(words) - kept < 2:
        return None
    start = entity["start"] + [found.start() for found in re.finditer(r"\S+", entity["text"])][kept]
    return {**entity, "text": text[start:entity["end"]], "start": start}


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` as a whole word (no regex: one per word would crowd re's cache)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "'’-")) and (
                end == len(text) or not (text[end].isalnum() or text[end] in "'’-")):
            return True
        at = text.find(word, at + 1)
    return False


def _described_as_organisation(text: str, end: int, lexicon: CueLexicon) -> bool:
    """'Consettur Machupicchu, la empresa que opera los buses': the apposition's noun is an organisation's."""
    found = _APPOSITION_RE.match(text, end)
    return bool(found) and found.group(1).casefold() in lexicon.org_nouns


def _role_complement_as_org(text: str, entity: dict[str, Any], lexicon: CueLexicon,
                            given_names: frozenset[str]) -> dict[str, Any]:
    """'o secretário de Política Econômica, Rodrigo Sá Menezes': after a role and 'de', a run that
    starts with no given name is what the role is of (a department, a body), not a person."""
    if entity["label"] != "PER" or starts_with_given_name(entity["text"], given_names):
        return entity
    role = (_ROLE_OF_PLACE_BEFORE_RE.search(text, max(0, entity["start"] - 40), entity["start"])
            or _ROLE_OF_AND_BEFORE_RE.search(text, max(0, entity["start"] - 60), entity["start"]))
    before_role = text[max(0, role.start(1) - 30):role.start(1)].split() if role else []
    if role and (_is_role_word(role.group(1), lexicon) or role.group(1).islower() and before_role
                 and _is_role_word(before_role[-1], lexicon)):  # (or a role and its adjective: 'el alcalde distrital de X')
        return {**entity, "label": "ORG"}
    return entity


def _without_words_before_given_name(text: str, entity: dict[str, Any], given_names: frozenset[str]) -> dict[str, Any]:
    """'Cllr Helen Marsh', 'Kuratorin Anja Vogelsang', 'Lusa Sandra Nóbrega' -> the person: words
    that are no given name go when a given name follows them (two words at least remain). Before
    an organisation's name, only an acronym goes ('IGP Ronald Valdivia', 'Ingv Lucia Nicotra')."""
    if starts_with_given_name(entity["text"], given_names) or entity["text"].split()[0].casefold() in _PLACE_PREFIXES:
        return entity  # 'Santa Rosa de Sullana' names a place
    located = list(re.finditer(r"\S+", entity["text"]))
    if entity["text"].split()[0].casefold() in _INSTITUTION_WORDS | frozenset(_ORG_SUFFIXES):
        return {**entity, "label": "ORG"}  # 'Università Federico II', 'Teatro Massimo Vittorio Emanuele'
    # An organisation's name goes only when it is an acronym: 'IGP Ronald Valdivia', not 'UK Health Security Agency'.
    # Nor a place's last word before a person's full name: 'de Cuatro Cañadas Teodoro Vargas Zeballos'.
    words = [found.group().casefold() for found in located]
    plain = entity["label"] != "PER" and all(found.group()[:1].isupper() for found in located) \
        and _INSTITUTION_WORDS.isdisjoint(words) and _PLACE_WORDS.isdisjoint(words) \
        and not any(word in _PLACE_PREFIXES for word in words) and not any(
        _is_organisation_word(word, load_cue_lexicon("")) for word in words)
    cuts = range(1, len(located) - 1) if entity["label"] == "PER" else (
        [1] if len(located) > 2 and _ACRONYM_RE.fullmatch(located[0].group()) or _SHORT_ACRONYM_RE.fullmatch(
            located[0].group()) and not is_given_name(located[0].group(), given_names)
        else range(1, len(located) - 2) if plain else [])
    for cut in cuts:
        if is_given_name(located[cut].group(), given_names):
            start = entity["start"] + located[cut].start()
            return {**entity, "text": text[start:entity["end"]], "start": start, "label": "PER"}
    return entity


def _name_opens_sentence(text: str, start: int) -> bool:
    """Whether a name at ``start`` is its sentence's (or line's) first word, which any word may be."""
    before = text[max(0, start - 3):start].rstrip(" \t\u00a0")
    return not before or before[-1] in ".!?\n:;\"«»“”„"


# Particles that open Italian, Spanish, Portuguese and Dutch surnames in capitals ('Dalla Pria', 'De Angelis',
# 'Dos Santos', 'Van Dijk'): between a first word and a last, a person's name, not a place's.
_CAPITALISED_SURNAME_PARTICLES = frozenset("Dalla Della Delle Dello Dal Del Di De Da Lo Li Dos Das Van Ten Ter".split())


def _stand_in_label(text: str, entity: dict[str, Any], lexicon: CueLexicon, gazetteer: Gazetteer,
                    given_names: frozenset[str], titled: frozenset[str]) -> Optional[str]:
    """What a run of capitalised words labelled PER names: a place (in the gazetteer, or a place
    word or prefix: 'White House', 'San Francisco'), an institution ('Federal Reserve'), or a
    person when something says so: a given name first, a role or title before it (or earlier in
    the clause, the name in apposition), a reporting verb next to it, an age or 'who' after it, or
    its last word after a title elsewhere ('Mr Osei'). A run holding a place it is not names an
    organisation ('Real Madrid'). None without such evidence: the caller takes it for a place (most
    such runs in news are: 'Hebden Bridge', 'Machu Picchu'), or in German for no name at all."""
    name = entity["text"]
    words = name.split()
    folded = {w.casefold() for w in words}
    if _is_place(name, gazetteer) or folded & _PLACE_WORDS:
        return "LOC"
    if folded & _INSTITUTION_WORDS or _ACRONYM_RE.fullmatch(words[0]) or any(
            _BRAND_CASE_RE.fullmatch(word) for word in words):  # 'ESB Networks', 'HSBC Holdings', 'GeoSphere Austria'
        return "ORG"
    if starts_with_given_name(name, given_names):
        return "PER"
    if words[0].casefold() in _PLACE_PREFIXES:
        return "LOC"
    if len(words) == 3 and words[1] in _CAPITALISED_SURNAME_PARTICLES and not gazetteer.find(name):
        return "PER"  # a surname's capitalised particle between two names: 'Ermenegildo Dalla Pria', 'Luca De Angelis'
    if _described_as_person(text, entity["end"], lexicon):
        return "PER"  # (before a place in the name: 'Araceli Cantú Villarreal, vecina de …')
    if _described_as_organisation(text, entity["end"], lexicon):
        return "ORG"  # 'Consettur Machupicchu, la empresa que opera los buses'
    # A role before it (a person's, even with a place in the name: 'la vereadora …, Ivanilda Delgado Évora')
    if _introduced_as_person(text, entity, lexicon):
        return "PER"
    if gazetteer.find(name):
        return "ORG"  # named after a place it is not: 'Real Madrid', 'Air France', 'Forza Italia'
    before = text[max(0, entity["start"] - 80):entity["start"]].split()[-8:]
    # A reporting verb next to it ('said William Ortega', 'declaró el dirigente Wilber Quispe', 'Osei said'):
    # places do not speak.
    near = [w.strip(",;:()„“\"«»").casefold() for w in before[-3:]]
    if any(w in lexicon.verbs for w in near) and all(w.islower() for w in before[-3:][1:]):
        return "PER"
    after = text[entity["end"]:entity["end"] + 40].split()[:2]
    if after and (after[0].casefold() in lexicon.verbs
                  or len(after) == 2 and after[0].casefold() in lexicon.aux and after[1].casefold() in lexicon.verbs):
        return "PER"
    if _PERSON_AFTER_RE.match(text, entity["end"]):
        return "PER"
    return "PER" if words[-1] in titled else None


# Lower-case words that may stand between a role and the name: a role's adjectives ('la bióloga
# marina Yokasta …'), not a preposition or an article ('el ministro de Hacienda').
_NOT_ROLE_ADJECTIVES = frozenset("de del della dello delle degli dei di da do dos das du des van von der den het of "
                                 "the for para pour per por com con with mit met und and y e et".split())


# Lower-case nouns of professions by their ending, in every language ('la bióloga', 'the geologist',
# 'il vulcanologo', 'la periodista', 'l'urbaniste'), minus the common nouns that end the same way.
_PROFESSION_ENDINGS = ("ólogo", "óloga", "ologo", "ologa", "ologist", "ologue", "oloog", "ista", "iste", "ist")
_NOT_PROFESSIONS = frozenset("lista vista pista revista entrevista intervista rivista conquista autopista arista "
                             "list wrist mist fist twist exist insist resist persist assist consist "
                             "liste piste artiste".split())


def _names_a_role(word: str, lexicon: CueLexicon) -> bool:
    """A role or a title, not a source's preposition ('Secondo Coldiretti Sicilia' names no person)."""
    return _is_role_word(word, lexicon) and word.casefold() not in lexicon.according or (
        word.islower() and word.endswith(_PROFESSION_ENDINGS) and word not in _NOT_PROFESSIONS)


def _role_before_name(before: list[str], lexicon: CueLexicon) -> bool:
    """The words before a name say it is a person's: a role right before it, or after one or two of
    its adjectives ('el alcalde Juan', 'la bióloga marina Yokasta'), or earlier in the clause with the
    name in apposition ('el viceministro de Transportes, Jorge Salcedo') or after the role's
    organisation's acronym ('la diputada del BNG Uxía Fontán Abal')."""
    words = [w.strip(",;:()„“\"«»") for w in before]
    for k in range(len(words) - 1, max(-1, len(words) - 4), -1):
        if _names_a_role(words[k], lexicon):
            return True
        if k < len(words) - 2 or not (words[k].isalpha() and words[k].islower() and len(words[k]) > 3
                                      and words[k] not in _NOT_ROLE_ADJECTIVES) or before[k].endswith((",", ";", ":")):
            break
    if before[-1].endswith(",") or _ACRONYM_RE.fullmatch(before[-1].strip("()")):
        clause = []  # back to the sentence's start or the comma before
        for word in reversed(before[:-1]):
            if word.endswith((".", ";", ":", "!", "?", ",")):
                break
            clause.append(word)
        return any(_names_a_role(w.strip(",;:()"), lexicon) for w in clause)
    return False


def _introduced_as_person(text: str, entity: dict[str, Any], lexicon: CueLexicon) -> bool:
    """A role before the name or an age after it ('La bióloga marina Yokasta Reynoso Almonte',
    'Bachisio Ledda Mulas, 58 anni'): a person's, whatever place the name holds ('Almonte')."""
    if not entity["text"][:1].isupper():
        return False  # ('Autarca da Ribeira Grande': a place's particle opens no person's name)
    before = text[max(0, entity["start"] - 160):entity["start"]].split()[-16:]
    return bool(before and _role_before_name(before, lexicon) or _PERSON_AFTER_RE.match(text, entity["end"]))


def _described_as_person(text: str, end: int, lexicon: CueLexicon) -> bool:
    """'Yessenia Timaná, madre de dos escolares', 'Araceli Cantú Villarreal, vecina de …': the
    apposition's noun is a kin's or a role's."""
    apposition = _APPOSITION_RE.match(text, end)
    if not apposition:
        return False
    # the noun may come after its adjectives: 'Marites Ledesma Jaen, regional technical director of …'
    for word in [apposition.group(1), *text[apposition.end(1):apposition.end(1) + 40].split()[:3]]:
        noun = word.casefold().strip(",.;:")
        if noun in _KIN_NOUNS or noun in lexicon.role_nouns or noun.endswith(_ROLE_SUFFIXES):  # not 'según'
            return True
        if not noun.isalpha() or noun in _APPOSITION_STOPS or word[:1].isupper():
            return False
    return False


def _is_place(name: str, gazetteer: Gazetteer) -> bool:
    """A place of the gazetteer, or two joined by a hyphen ('Antwerpen-Brügge', 'Rheinland-Pfalz')."""
    return name in gazetteer or "-" in name and all(part in gazetteer for part in name.split("-"))


def _titled_words(text: str, lexicon: CueLexicon) -> frozenset[str]:
    """Capitalised words that follow a title somewhere in the text ('Mr Osei', 'Sra. Díaz')."""
    return frozenset(found.group(1) for found in _titled_word_re(lexicon.titles).finditer(text))


@functools.lru_cache(maxsize=16)
def _titled_word_re(titles: frozenset[str]) -> re.Pattern:
    return re.compile(r"(?<![\w'’-])(?i:" + alternation(map(re.escape, titles)) + r")[ \u00a0](?=([" + CAPITALS + r"][\w'’-]+))")


def _is_german_name(text: str, entity: dict[str, Any], lexicon: CueLexicon) -> bool:
    """A German stand-in name: an acronym or a name with an organisation word ('Auswärtiges Amt'), or
    a person introduced by a role or title ('Finanzminister Lars Klingbeil', 'Frau Dröge')."""
    if any(_BRAND_CASE_RE.fullmatch(word) for word in entity["text"].split()):
        return True  # 'GeoSphere Austria': no German noun has a capital inside
    words = [w.casefold() for w in entity["text"].split()]
    before = text[max(0, entity["start"] - 40):entity["start"]].split()
    if entity["label"] == "PER" and before and _is_role_word(before[-1].strip(",;:()„“\"«»"), lexicon):
        return True  # 'Finanzminister Jan Müller', 'Schauspieler August Diehl'
    if words[0] in _GERMAN_FUNCTION_WORDS or any(w in CALENDAR_WORDS for w in words):
        return False  # 'Ihre Zeitung', 'Seit Montag'
    if entity["label"] == "ORG":
        return entity["text"].isupper() or any(  # short suffixes ('ag', 'fc') whole only: not 'Montag'
            w in lexicon.org_nouns or w in _ORG_SUFFIXES or w.endswith(_LONG_ORG_SUFFIXES) for w in words)
    # Otherwise inside a sentence (its first word may be any noun), not after an article or a preposition
    # (names take none: 'die Bahnstrecke Passau'), and no word an abstract noun or a unit.
    return (not _name_opens_sentence(text, entity["start"]) and before[-1].casefold() not in _GERMAN_FUNCTION_WORDS
            and not any(w.endswith(_GERMAN_NOUN_SUFFIXES) or w in _GERMAN_UNITS for w in words))


# English news puts what a company is before its name, with no article: 'Operator Neuron Mobility said',
# 'Carmaker Stellantis', 'Retailer Kmart'. No organisation's name starts with one of these.
_DESCRIPTOR_NOUNS = frozenset("operator retailer carmaker automaker chipmaker airline insurer lender broker "
                              "regulator manufacturer supplier miner startup start-up drugmaker".split())


def _name_entity(text: str, run: str, offset: int, lexicon: CueLexicon) -> Optional[dict[str, Any]]:
    located = [(found.group(), found.start()) for found in re.finditer(r"\S+", run)]  # (word, offset in run)
    words = [word for word, _ in located]
    # Role words before the name ('Fire Chief Laura Brenner', 'Bundesfinanzminister Jörg
    # Hallmann'): the name is what follows the last of them.
    roles = [i for i, word in enumerate(words) if _is_role_word(word, lexicon)]
    if roles:
        words = words[roles[-1] + 1:]
    while words and (words[0].casefold() in lexicon.skip or words[0].casefold() in lexicon.pronouns
                     or words[0].casefold() in lexicon.titles or words[0].casefold() in lexicon.verbs
                     or words[0].casefold() in lexicon.according or words[0].casefold() in lexicon.role_nouns):
        at = offset + located[len(located) - len(words)][1]
        if len(words) >= 3 and words[0].casefold() in CALENDAR_WORDS and text[max(0, at - 2):at] == ", ":
            break  # a given name that is a day or a month, in apposition: ', Domingo Hernández Cabrera,'
        words = words[1:]
    # A compound naming the kind of organisation before its name: 'Werkgeversfederatie CEPA',
    # 'Verhuurdersorganisatie Vastgoed Belang' name CEPA and Vastgoed Belang.
    described = len(words) >= 2 and (_is_kind_of_organisation(words[0].casefold(), lexicon)
                                     or words[0].casefold() in _DESCRIPTOR_NOUNS)  # 'Operator Neuron Mobility said'
    if described or len(words) >= 3 and _ACRONYM_RE.fullmatch(words[0]) and is_given_name(words[1], load_given_names()):
        words = words[1:]  # and 'el IGP Ronald Valdivia': the acronym is a name of its own
    if len(words) < 2:
        return None
    folded = [word.casefold().strip("„“”\"«»") for word in words]
    has_org_word = described or any(word in lexicon.org_nouns or _ends_like_organisation(word) for word in folded)
    # Names take no article: after one, the first of three capitalised words is a noun ('der
    # Angeklagte Holger Brandner', 'der Unternehmer Klaus Wendt').
    start = offset + located[len(located) - len(words)][1]  # not run.index: 'Chai' is inside 'Chairman'
    if len(words) >= 3 and all(w[:1].isupper() for w in words) and not has_org_word and lexicon.compounding and (
            _DETERMINER_BEFORE_RE.search(text, max(0, start - 5), start)):
        words = words[1:]
    elif len(words) >= 3 and words[1][:1].isupper() and not has_org_word and (
            (role := _ROLE_OF_PLACE_BEFORE_RE.search(text, max(0, start - 40), start))
            and _is_role_word(role.group(1), lexicon)):
        words = words[1:]
    # The words kept are the run's last ones: the name is their span of the text, as written.
    first_word, first_at = located[len(located) - len(words)]
    last_word, last_at = located[-1]
    start, end = offset + first_at, offset + last_at + len(last_word)
    name = text[start:end]
    # German names take no article: 'einem Münchner Motorenhersteller' names no one, and 'der
    # Deutsche Journalisten-Verband' is an organisation.
    if _GERMAN_INDEFINITE_BEFORE_RE.search(text, max(0, start - 7), start):
        return None
    # The complement of an organisation word: 'Bundesverband der Deutschen Industrie'.
    head = _ORG_HEAD_BEFORE_RE.search(text, max(0, start - 40), start)
    if head and _ends_like_organisation(head.group(1).casefold()):
        return {"text": text[head.start():end], "label": "ORG", "start": head.start(), "end": end}
    # 'ministra da Administração Interna', 'Minister of the Interior': a complement, not a person.
    after_article = (_ARTICLE_BEFORE_RE.search(text, max(0, start - 12), start) is not None
                     or _GERMAN_ARTICLE_BEFORE_RE.search(text, max(0, start - 5), start) is not None)
    # A long run is an institution, unless a role introduces it ('o presidente Luiz Inácio Lula da Silva').
    before = text[max(0, start - 30):start].split()
    after_role = bool(before) and _is_role_word(before[-1].strip(",;:("), lexicon)
    capitalised = sum(1 for word in words if word[:1].isupper())  # 'Joris van der Linden' has three
    given = starts_with_given_name(name, load_given_names())
    # (Italian 'da' is 'by': 'guidato da Federica Pambianchi Coltorti' names a person)
    is_org = (after_article and not (given and text[max(0, start - 3):start].casefold() == "da ")) or (
        capitalised > 3 and not after_role and not given) or has_org_word  # 'Jorge Luis Castillo Zapata' is a person
    return {"text": name, "label": "ORG" if is_org else "PER", "start": start, "end": end}


def _ends_like_organisation(word: str) -> bool:
    return word in _ORG_SUFFIXES or word.endswith(_ORG_ENDINGS)


# A sentence after a quote that says whose words they were: 'Mit diesen Worten eröffnete X …'.
_WITH_THESE_WORDS_RE = re.compile(r"[\s.,;:]*((?:mit diesen worten|with these words|con estas palabras|par ces mots|"
                                  r"com estas palavras|met deze woorden|con queste parole)),?\s", re.IGNORECASE)


_COMPLEMENTIZER_RE = re.compile(r",?\s(?:dat|dass|daß|that|que|che)\s")
_COMMA_RE = re.compile(r",\s")
_ALIAS_IN_BRACKETS_RE = re.compile(r"\s*\([^()]{1,20}\)")
_NEW_SENTENCE_AFTER_QUOTE_RE = re.compile(r"[ \u00a0]+(?:Le|La|Les|L['’]|The|El|Los|Las|Il|Lo|Gli|O|Os|As|A|Der|Die|"
                                          r"Das|De|Het|Un|Une|Uno|Una|Um|Uma|Ein|Eine|Een|This|Ce|Cette|Este|Esta|Questo|"
                                          r"Questa)\b")


def attribute(text: str, span: QuoteSpan, resolver: SpeakerResolver, lexicon: CueLexicon,
              paragraph_start: int, paragraph_end: int) -> Attribution:
    """Who says the quote: a cue after it (inverted or named subject), 'selon X', a cue before it
    (its subject), a cue ending the previous sentence ('X a déclaré :'), a person before a copula."""
    after_limit = _sentence_end_after(text, span.close, min(paragraph_end, span.close + 300))
    window_start = max(paragraph_start, span.open - CONTEXT_CHARS)
    before_start = _sentence_end_before(text, window_start, span.open)
    before_start = window_start if before_start is None else before_start
    quote_opens_sentence = not any(ch.isalnum() for ch in text[before_start:span.open])
    # '„…“ Mit diesen Worten eröffnete der Budgetsprecher …, Markus Grubinger-Tamm, seine Rede.'
    introduced = _WITH_THESE_WORDS_RE.match(text, span.close, paragraph_end)
    if introduced:
        next_end = _sentence_end_after(text, introduced.end(), min(paragraph_end, introduced.end() + 300))
        speaker = _speaker_in(text, introduced.end(), next_end, resolver, lexicon, span.open)
        if speaker:
            return Attribution(speaker, introduced.group(1), "named")

    # After the quote: '…", selon X' / '…", a déclaré X' / '…», a-t-il dit'; not when the quote ends
    # its sentence and a new one starts ('« … s'effondre. » Le syndicat réclame …').
    if _NEW_SENTENCE_AFTER_QUOTE_RE.match(text, span.close) and text[span.start:span.end].rstrip()[-1:] in (".", "!", "…"):
        after_limit = span.close
    according = _according(text, span.close, after_limit, lexicon)
    if according and not any(ch.isalnum() for ch in text[span.close:according[1] - len(according[0]) - 1]):
        speaker = _speaker_in(text, according[1], _clause_end(text, according[1], after_limit), resolver, lexicon,
                              span.open)
        if speaker:
            return Attribution(speaker, according[0], "according")
    after = _tokens(text, span.close, after_limit)
    cue_index = _find_cue(after, lexicon, text)
    if cue_index is not None and (quote_opens_sentence or all(
            w in lexicon.aux or w in lexicon.skip or w in ",;" or _pronoun_suffix(w, lexicon)
            or w in lexicon.pronouns for w, _, _ in after[:cue_index])):
        group = _verb_group_start(after, cue_index, lexicon)
        cue_text = text[after[group][1]:after[cue_index][2]]
        for word, _, _ in after[:cue_index + 2]:  # '…," she said' / '…», a-t-elle dit' / '…», dijo ella'
            if _pronoun_suffix(word, lexicon) or word in lexicon.pronouns:
                organisation = _organisation_subject_before(text, span.open, resolver, word) if lexicon.compounding \
                    else None
                return Attribution(organisation or resolver.last_person_before(span.open, _marker_gender(word, lexicon)),
                                   cue_text, "pronoun")
        cue_end = after[cue_index][2]
        gender = _gender_after(after[cue_index + 1:], lexicon)
        speaker = None
        subject = [w for w, _, _ in after[:group] if w.replace("-", "").isalpha()]
        if len(subject) <= 2 and subject and subject[-1] in lexicon.documents and (
                org := resolver.last_org_before(span.open)):  # (not 'a statement from his family')
            return Attribution(org, cue_text, "named")  # '…," the statement said': who put it out
        if any(w not in lexicon.skip for w in subject):
            # A subject between the quote and the verb: '…," Rachel Kimball told' / '…", hatte Müller gesagt'
            speaker = _speaker_in(text, span.close, after[group][1], resolver, lexicon, span.open)
            named = text[after[0][1]:after[group - 1][2]] if group else ""
            full = resolver.full_name(named) if speaker is None and _BARE_NAME_RE.fullmatch(named) else named
            if full != named:
                # the surname of a person named before, which no entity holds ('…," Adekanmbi-Taiwo told
                # the Chronicle'): what follows the verb is whom it was told
                return Attribution(full, cue_text, "named")
            if speaker is None and subject[0].casefold() in _DETERMINERS:
                # A description no lexicon knows ('…," the retired dinner lady told The Clarion'): the
                # person last in focus; what follows the verb is whom it was told.
                return Attribution(resolver.last_person_before(span.open, _marker_gender(subject[0], lexicon)),
                                   cue_text, "described")
        if speaker is None:
            speaker = _speaker_in(text, cue_end, _clause_end(text, cue_end, after_limit), resolver, lexicon,
                                  span.open, gender=gender, inverted=True)
        if speaker:
            return Attribution(speaker, cue_text, "named")
        if not quote_opens_sentence:
            # The verb ends the clause its subject opens: 'Das Auswärtige Amt hat … als „…“ bezeichnet.'
            speaker = _speaker_in(text, before_start, span.open, resolver, lexicon, span.open)
            if speaker:
                return Attribution(speaker, cue_text, "named")
        # No subject at all ('«…», afirmó ante los diputados'): a dropped pronoun.
        return Attribution(resolver.last_person_before(span.open, gender), cue_text, "pronoun")

    # Before the quote, in its sentence, or ending the previous sentence with a colon.
    if quote_opens_sentence and text[:before_start].rstrip().endswith(":"):
        colon = len(text[:before_start].rstrip()) - 1
        before_start = _sentence_end_before(text, max(0, colon - CONTEXT_CHARS), colon) or max(0, colon - CONTEXT_CHARS)
    before = _tokens(text, before_start, span.open)
    according = _according(text, before_start, span.open, lexicon, sentence_start=True)
    if according:
        speaker = _speaker_in(text, according[1], _clause_end(text, according[1], span.open), resolver, lexicon,
                              span.open, gender=_gender_after(_tokens(text, according[1], span.open)[:1], lexicon))
        if speaker:
            return Attribution(speaker, according[0], "according")
        source = _tokens(text, according[1], span.open)[:1]
        if source and source[0][0] in _OBJECT_PRONOUNS:  # 'Selon lui, …', 'According to her, …'
            return Attribution(resolver.last_person_before(span.open, _OBJECT_PRONOUNS[source[0][0]]),
                               according[0], "pronoun")
    cues = [i for i, (w, start, _) in enumerate(before) if _is_cue_word(w, start, lexicon, text)]
    for cue_index in reversed(cues):  # the nearest cue first
        group = _verb_group_start(before, cue_index, lexicon)
        cue_text = text[before[group][1]:before[cue_index][2]]
        pronoun_after = cue_index + 1 < len(before) and before[cue_index + 1][0] in lexicon.pronouns  # 'sagte sie:'
        if pronoun_after and not (group > 0 and before[group - 1][0] in lexicon.pronouns):
            # … unless a subject precedes the verb: 'Auckland Council calls it "…"' (an object)
            subject = _speaker_in(text, _subject_start(text, before, group), before[group][1], resolver, lexicon, span.open,
                                  nearest_end=True)
            if subject:
                return Attribution(subject, text[before[group][1]:before[cue_index][2]], "named")
        if any(_pronoun_suffix(w, lexicon) for w, _, _ in before[group:cue_index + 1]) or (
                group > 0 and before[group - 1][0] in lexicon.pronouns) or pronoun_after:
            near = before[max(0, group - 1):cue_index + 2]
            gender = next((g for w, _, _ in near if (g := _marker_gender(w, lexicon))), None)
            pronoun = next((w for w, _, _ in near if w in lexicon.pronouns), None)
            # ('Dem Bauernbund geht das nicht weit genug. In einer Aussendung bezeichnete er die Pläne als „…“')
            organisation = _organisation_subject_before(text, span.open, resolver, pronoun) \
                if lexicon.compounding and pronoun else None
            return Attribution(organisation or resolver.last_person_before(span.open, gender), cue_text, "pronoun")
        # Incise: ', souligne la diplomatie russe,'; but not after an apposition ('Der Fraktionschef,
        # Florian Reiter, warf …'), where the name between the commas is the subject.
        if group > 0 and before[group - 1][0] == "," and not _is_apposition(before, group - 1, resolver):
            cue_end = before[cue_index][2]
            speaker = _speaker_in(text, cue_end, _clause_end(text, cue_end, span.open), resolver, lexicon, span.open,
                                  inverted=True)
            if speaker:
                return Attribution(speaker, cue_text, "named")
        subject_start = _subject_start(text, before, group)
        relative = _RELATIVE_PRONOUN_AFTER_COMMA_RE.match(text, max(0, subject_start - 1), before[group][1])
        if relative:  # '…, précise la Délégation, qui évoque dans un communiqué «…»': the noun before the comma
            comma = subject_start - 1
            commas = [before_start] + [t[2] for t in before if t[0] in (",", ";", ":") and t[2] <= comma]
            clause_start = commas.pop()
            while commas and _is_apposition_clause(text, clause_start, comma, lexicon):
                clause_start = commas.pop()  # 'Hugo Villalba, docente de la Universidad X, quien …'
            speaker = _speaker_in(text, clause_start, comma, resolver, lexicon, span.open, nearest_end=True)
            if speaker:
                return Attribution(speaker, cue_text, "named")
        speaker = (_speaker_in(text, subject_start, before[group][1], resolver, lexicon, span.open, nearest_end=True)
                   or _subject_before_appositions(text, before, before_start, group, resolver, lexicon)
                   or _speaker_in(text, before_start, _before_relative_clause(text, before_start, before[group][1]),
                                  resolver, lexicon, span.open, nearest_end=True))
        if speaker:
            return Attribution(speaker, cue_text, "named")
        # A subject after its verb, before the clause it says: 'In een verklaring schrijft Geldmaat dat …',
        # 'Im Bericht schreibt die Behörde, dass …'.
        cue_end = before[cue_index][2]
        clause = _COMPLEMENTIZER_RE.search(text, cue_end, min(span.open, cue_end + 80))
        if clause is None and lexicon.compounding:
            # German reports without 'dass', after a comma: 'In einer Stellungnahme betont die Uferwerk
            # GmbH, man habe das Grundstück „rechtmäßig erworben“'.
            clause = _COMMA_RE.search(text, cue_end, min(span.open, cue_end + 80))
        inverted = text[cue_end:clause.start()].split() if clause else []
        if inverted and inverted[0].casefold() not in _PREPOSITIONS and inverted[0].casefold() not in _PLACE_PHRASE_WORDS \
                and inverted[0][:1].isalpha():  # (not ', em nota, que …': no subject there)
            speaker = _speaker_in(text, cue_end, clause.start(), resolver, lexicon, span.open, inverted=True)
            if speaker:
                return Attribution(speaker, cue_text, "named")
        subject = [w for w, _, _ in before[_token_index(before, subject_start):group] if w.isalpha()]
        if any(w in _LATTER for w in subject):  # 'Ce dernier a salué…': the person named last
            return Attribution(resolver.last_person_named_before(span.open), cue_text, "pronoun")
        gender = _marker_gender(subject[0], lexicon) if subject else None
        if any(w in lexicon.pronouns for w in subject):
            return Attribution(resolver.last_person_before(span.open, gender), cue_text, "pronoun")  # 'Il a d'abord voulu répondre :'
        if subject and subject[0] in _DETERMINERS:
            # A description no lexicon knows ('A governante admitiu…'): the person last in focus.
            return Attribution(resolver.last_person_before(span.open, gender), cue_text, "described")

    # 'Stefan Kohl wies die Vorwürfe zurück: „…“': a clause ending with a colon introduces the quote.
    if text[before_start:span.open].rstrip().endswith(":"):
        persons = [e for e in resolver.between(before_start, span.open) if resolver.is_person(e)]
        if persons:
            return Attribution(resolver.canonical(persons[0]), None, "named")
        first = next((w for w, _, _ in before if w.isalpha()), "")
        if first in _POSSESSIVE_GENDERS:  # 'Seine Botschaft an die Gläubigen: „…“', 'His verdict: "…"'
            return Attribution(resolver.last_person_before(span.open, _POSSESSIVE_GENDERS[first]), None, "pronoun")
        surname = _speaker_in(text, before_start, span.open, resolver, lexicon, span.open)  # 'Borel sur l'Ukraine :'
        if surname:
            return Attribution(surname, None, "named")
        if any(w in lexicon.pronouns for w, _, _ in before):
            return Attribution(resolver.last_person_before(span.open), None, "pronoun")
        colon_paragraph = text.rfind("\n", 0, before_start) + 1
        if lexicon.pro_drop and not resolver.between(before_start, span.open) and any(
                resolver.is_person(e) and starts_with_given_name(e["text"], load_given_names())
                for e in resolver.between(colon_paragraph, before_start)):
            # no subject named, after a person in the same paragraph: a dropped pronoun ('Per don Sergio …,
            # è la fine di un lungo esilio. … non nasconde l'emozione: "…"')
            return Attribution(resolver.last_person_before(span.open), None, "pronoun")

    # 'Stoltenberg est « absolument sûr »': a person subject right before a copula.
    if re.search(r"\s(?:est|était|sont|is|was|ist|war|es|era|è|é)\s*$", text[before_start:span.open]):
        persons = [e for e in resolver.between(before_start, span.open) if resolver.is_person(e)]
        if persons:
            return Attribution(resolver.canonical(persons[-1]), None, "named")
    # '… «incomportável» para as pequenas empresas, segundo a Confederação': a source closing the
    # sentence after a comma, when nothing else attributes the quote.
    according = _according(text, span.close, after_limit, lexicon)
    if according and text[:according[1] - len(according[0]) - 1].rstrip().endswith(","):
        speaker = _speaker_in(text, according[1], _clause_end(text, according[1], after_limit), resolver, lexicon,
                              span.open)
        if speaker:
            return Attribution(speaker, according[0], "according")
    return Attribution(None, None, "none")


def _is_apposition(tokens: list[tuple[str, int, int]], comma: int, resolver: SpeakerResolver) -> bool:
    """Whether the tokens between the comma before ``comma`` and it are one person's name."""
    previous = next((k for k in range(comma - 1, -1, -1) if tokens[k][0] in ",;:"), None)
    if previous is None or previous + 1 >= comma:
        return False
    start, end = tokens[previous + 1][1], tokens[comma - 1][2]
    return any(resolver.is_person(e) and e["start"] <= start and e["end"] >= end
               for e in resolver.between(start, end + 1))


_THAT_RE = re.compile(r"\s(?:che|that|dass|dat|que)\s|\squ['’]")


def _clause_end(text: str, start: int, limit: int) -> int:
    """End of an inverted subject: the next comma after a name, or the sentence end; and before
    a 'that' clause, which says what was said ('ha ammesso davanti ai giornalisti che la squadra')."""
    that = _THAT_RE.search(text, start, limit)
    limit = that.start() if that else limit
    comma = text.find(",", start, limit)
    if comma != -1 and not text[start:comma].strip():
        return start  # '…", ha detto, ricordando che l'INGV …': a clause of its own, no subject
    if comma != -1:
        second = text.find(",", comma + 1, limit)  # apposition: 'le porte-parole du Kremlin, Dmitri Peskov,'
        return second if second != -1 else limit
    return limit


def _token_index(tokens: list[tuple[str, int, int]], offset: int) -> int:
    return next((i for i, (_, start, _) in enumerate(tokens) if start >= offset), len(tokens))


# A relative clause between the subject and its verb: 'The Department of Conservation, which
# manages forest in Northland and the Coromandel, said …'.
_RELATIVE_CLAUSE_END_RE = re.compile(
    r",\s(?:which|who|whose|that|qui|que|dont|lequel|laquelle|die|der|das|welche|welcher|che|cui|quien|quienes|"
    r"cual|dat|wat|wie)\b[^,;:.!?«»\"“”„]{3,200},\s*$")


def _is_apposition_clause(text: str, start: int, end: int, lexicon: CueLexicon) -> bool:
    """'docente de la Universidad X', 'éleveur laitier à Lamballe': a role, or a bare noun in lower
    case (no determiner, no cue verb: 'précise la Délégation' is an incise)."""
    words = [w for w, _, _ in _tokens(text, start, end)]
    first = next((w for w in words if w not in _DETERMINERS), "")
    if words and (words[0] in _PREPOSITIONS or words[0].rstrip("'’") in _PREPOSITIONS or words[0].startswith(
            ("dell'", "dell’", "d'", "d’"))):
        return True  # a complement: 'dell'Università Federico II', 'da direção da associação'
    if _is_org_noun(first, lexicon) and not _APPOSITION_RELATIVES.isdisjoint(words[:4]):
        return True  # what the organisation is: 'la società che distribuisce l'acqua …', 'the company that runs …'
    return _is_role_noun(first, lexicon) or bool(words) and words[0] == first and first.isalpha() and first.islower() \
        and first not in lexicon.verbs and first not in lexicon.aux



# A subject named by one capitalised word after its determiner: 'a Oleobaixo', 'la Fnsea', 'die Stadtwerke'.
_DETERMINED_NAME_RE = re.compile(r"\s*(?:l['’]|(?:le|la|les|the|der|die|das|el|los|las|il|lo|gli|o|a|os|as|de|het)\s)"
                                 r"([" + CAPITALS + r"][\w&'’-]+)\s*")


def _subject_before_appositions(text: str, before: list[tuple[str, int, int]], before_start: int, group: int,
                                resolver: SpeakerResolver, lexicon: CueLexicon) -> Optional[str]:
    """The subject before appositions after a fronted phrase: 'Em resposta escrita à Voz da Planície,
    a Oleobaixo, proprietária da unidade, afirma …' -> 'Oleobaixo' (not the name in the fronted phrase)."""
    verb = before[group][1]
    commas = [before_start] + [t[2] for t in before[:group] if t[0] == ","]
    if len(commas) < 3 or text[commas[-1]:verb].strip():
        return None  # no apposition right before the verb
    end = commas.pop() - 1
    while len(commas) > 1 and _is_apposition_clause(text, commas[-1], end, lexicon):
        end = commas.pop() - 1
    start = commas[-1]
    if start == before_start or end <= start:
        return None
    named = _DETERMINED_NAME_RE.fullmatch(text, start, end)
    if named:
        return resolver.canonical(next(iter(resolver.between(*named.span(1))), None) or {
            "text": named.group(1), "label": "ORG", "start": named.start(1), "end": named.end(1)})
    return _speaker_in(text, start, end, resolver, lexicon, verb, nearest_end=True)


# A verb's subject that is a relative pronoun right after a comma: ', qui évoque', ', who told'.
_RELATIVE_PRONOUN_AFTER_COMMA_RE = re.compile(r",\s(?:qui|who|which|che|quien|quienes)\s")


def _before_relative_clause(text: str, start: int, end: int) -> int:
    found = _RELATIVE_CLAUSE_END_RE.search(text, start, end)
    return found.start() if found else end


def _subject_start(text: str, tokens: list[tuple[str, int, int]], verb_index: int) -> int:
    """Start of the subject before a verb: after the last comma or conjunction (not a conjunction
    inside a name: 'Fabricantes de Azulejos y Pavimentos Cerámicos')."""
    for k in range(verb_index - 1, -1, -1):
        if tokens[k][0] in _CLAUSE_CONJUNCTIONS and 0 < k < verb_index - 1 and text[tokens[k - 1][1]].isupper() \
                and text[tokens[k + 1][1]].isupper():
            continue
        if tokens[k][0] in (",", ";", ":", "que", "qu", "qu'", "mais", "that", "dass", "che", "«", "»", '"', "“", "”") \
                or tokens[k][0] in _CLAUSE_CONJUNCTIONS:
            return tokens[k][2]
    return tokens[0][1] if tokens else 0


# (not ``_CONJUNCTIONS``' 'en': 'in' in French and Spanish, it opens no clause)
_CLAUSE_CONJUNCTIONS = frozenset(("et", "and", "und", "e", "y"))


def _opens_sentence(text: str, span: QuoteSpan, paragraph_start: int) -> bool:
    start = max(paragraph_start, span.open - CONTEXT_CHARS)
    sentence_start = _sentence_end_before(text, start, span.open) or start
    return not any(ch.isalnum() for ch in text[sentence_start:span.open])


def _looks_like_title(quoted: str) -> bool:
    """'La Nuit des étoiles', 'Bouclier des mers': short, capitalised, no sentence punctuation."""
    return len(quoted.split()) <= 6 and not quoted.rstrip().endswith((".", "!", "?", "…", ","))


def _in_title_case(quoted: str) -> bool:
    """Two or more words, at most ten, every word of four letters or more capitalised, and no
    sentence inside: the name of a law, a campaign, a work ('Monte Isola Accoglie')."""
    words = re.findall(r"[^\W\d_][\w'’-]*", quoted)
    long_words = [word for word in words if len(word) >= 4]
    return (2 <= len(words) <= 10 and len(long_words) >= 2 and all(word[:1].isupper() for word in long_words)
            and not re.search(r"[.!?…]\s", quoted))


def quote_kind(text: str, span: QuoteSpan) -> str:
    quoted = text[span.start:span.end]
    words = quoted.split()
    starts_sentence = quoted.lstrip("¿¡…([—–- ")[:1].isupper()  # ('¿Quién nos paga …?' opens a sentence)
    return "full" if starts_sentence and len(words) >= 4 else "partial"


def extract_quotes(text: str, entities: Sequence[dict[str, Any]], language: str,
                   lexicon: Optional[CueLexicon] = None) -> list[dict[str, Any]]:
    """Quotes of one article: text (without marks), speaker, cue, kind, offsets into ``text``."""
    lexicon = lexicon or load_cue_lexicon(language)
    dialogue = dash_speech_spans(text, lexicon) if language in DASH_DIALOGUE_LANGUAGES else []
    spans = _outermost(split_at_incisos(text, find_quote_spans(text), lexicon) + dialogue)
    if not spans:
        return []  # nothing to attribute: no speakers to resolve
    if not entities:  # no model: capitalised names stand in, places aside (a dateline's city says nothing)
        entities = stand_in_entities(text, language, lexicon, speakers=True)
    else:  # a model's person after a role and 'de' ('la mairesse de Sherbrooke') is what the role is of
        given_names = load_given_names()
        entities = [_role_complement_as_org(text, entity, lexicon, given_names) for entity in entities]
    entities = _with_nicknamed_people(text, entities)
    resolver = SpeakerResolver(text, entities, lexicon, spans)
    quotes: list[dict[str, Any]] = []
    hows: list[str] = []  # how each quote was attributed
    previous: Optional[dict[str, Any]] = None
    speech_before: Optional[Attribution] = None  # the span before's, kept or not, and where it closed
    speech_before_end = -1
    newlines = [found.start() for found in re.finditer("\n", text)]
    for span in spans:
        at = bisect.bisect_left(newlines, span.open)
        paragraph_start = newlines[at - 1] + 1 if at else 0
        after = bisect.bisect_left(newlines, span.close)
        paragraph_end = newlines[after] if after < len(newlines) else len(text)
        if span.continues and speech_before is not None and speech_before_end >= paragraph_start:
            # after the narrator's inciso, in the same paragraph: the same speaker
            found = Attribution(speech_before.speaker, speech_before.cue, "inherited")
        else:
            found = attribute(text, span, resolver, lexicon, paragraph_start, paragraph_end)
        kind = quote_kind(text, span)
        if found.speaker is None and kind == "full":
            # 'Así lo ha explicado … X' opening the next paragraph, or the next sentence ('“…” Lo ripete
            # da settimane Bachisio Ledda Mulas')
            ends_paragraph = not any(ch.isalnum() for ch in text[span.close:paragraph_end])
            found = _speaker_named_next(text, paragraph_end if ends_paragraph else span.close + 1, resolver,
                                        lexicon.pro_drop) or found
        quoted = text[span.start:span.end]
        if found.speaker is None and language == "de" and len(quoted.split()) >= 2 and not (
                quoted[:1].isupper() and _looks_like_title(quoted)) and _REPORTED_SPEECH_RE.search(
                text, _sentence_end_before(text, paragraph_start, span.open) or paragraph_start,
                _sentence_end_after(text, span.close, paragraph_end)):
            # German reported speech goes on without a verb of saying ('Eine Bewerbung sei »bisher nicht
            # eingegangen«', '…, hieß es'): the source the paragraph gave it
            source = (previous["speaker"] if previous and previous["speaker"] and previous["end"] >= paragraph_start
                      else _source_in_paragraph(resolver, paragraph_start, span.open))
            if source:
                found = Attribution(source, None, "reported")
        if found.speaker is None and previous and previous["speaker"]:
            same_sentence = span.open - previous["end"] < CONTEXT_CHARS and _sentence_end_before(
                text, previous["end"], span.open) is None
            # A second quote in the same sentence, or a full quote continuing the previous speaker; not
            # from an earlier paragraph when this one names a person before it ('Yessenia Timaná, madre
            # de dos escolares, fue una de las primeras. "…"').
            named_here = previous["end"] < paragraph_start and any(
                resolver.is_person(e) for e in resolver.between(paragraph_start, span.open))
            if same_sentence or (kind == "full" and previous["end"] >= paragraph_start - 400 and not named_here):
                found = Attribution(previous["speaker"], None, "inherited")
        if found.speaker is None and kind == "full" and not _looks_like_title(quoted):
            # Speech right after a sentence about a person ('Le maire… n'a pas caché sa colère. « … »').
            persons = resolver.between(paragraph_start, span.open)
            if any(resolver.is_person(e) for e in persons):
                found = Attribution(resolver.last_person_before(span.open), None, "context")
        speech_before, speech_before_end = found, span.close
        if len(quoted.split()) == 1 and quoted[:1].isupper() and language != "de" and not _opens_sentence(
                text, span, paragraph_start):
            continue  # one capitalised word inside a sentence: a name or nickname ('« Lélé »'), not speech
        if quoted[:1].isupper() and _looks_like_title(quoted) and _ARTICLE_BEFORE_MARK_RE.search(
                text, max(0, span.open - 12), span.open):
            continue  # 'mit der „Süddeutschen Zeitung“', 'le film « La Nuit des étoiles »': a name or a title
        if _NAMED_BEFORE_MARK_RE.search(text, max(0, span.open - 20), span.open) or (
                len(quoted.split()) <= _NAME_MAX_WORDS and _NAMED_AFTER_MARK_RE.match(text, span.close)):
            continue  # 'un rapport intitulé « L'hôpital public face à la pénurie »': a title, however long
        if language != "de" and _in_title_case(quoted):  # German capitalises every noun
            continue  # 'Escola Pública em Luta', 'Protecting Missouri Minors Online Act': a name, not speech
        if found.speaker is None and (kind == "partial" or (_looks_like_title(quoted) and found.cue is None)):
            # Scare quotes, titles of works, nicknames: no one is speaking; unless a quote someone is
            # said to speak holds these words (a headline's '‘It’s daylight robbery’' and the body's
            # '“It’s daylight robbery,” the … told'): kept for now, dropped below if none does.
            quotes.append({"text": quoted, "speaker": None, "cue": found.cue, "kind": kind, "start": span.start,
                           "end": span.end})
            hows.append("unattributed")
            continue
        if found.how == "inherited" and len(quoted.split()) == 1 and quoted[:1].isupper():
            continue  # a nickname next to a quote ('que ses proches surnomment « Lélé »')
        quote = {"text": text[span.start:span.end], "speaker": found.speaker, "cue": found.cue,
                 "kind": kind, "start": span.start, "end": span.end}
        quotes.append(quote)
        hows.append(found.how)
        previous = quote
    _with_speakers_of_continuations(text, quotes, hows)
    quotes = _with_speakers_of_fuller_quotes(text, quotes, hows)
    # (Every occurrence is a quote, as the seeds' gold has it: a headline's and the body's alike.)
    return [quote for quote, how in zip(quotes, hows) if how != "unattributed" or quote["speaker"]]


# Possessives opening a clause before a colon, and the gender they give its owner (None: either).
_POSSESSIVE_GENDERS = {"his": "m", "her": "f", "their": None, "sein": "m", "seine": "m", "seinen": "m", "seinem": "m",
                       "seiner": "m", "ihr": None, "ihre": None, "ihren": None, "ihrem": None, "ihrer": None,
                       "son": None, "sa": None, "ses": None, "su": None, "sus": None, "suo": None, "sua": None,
                       "seu": None, "seus": None, "suas": None, "zijn": "m", "haar": "f", "hun": None}


# German reported speech: a verb in the subjunctive of indirect speech, or 'hieß es'.
_REPORTED_SPEECH_RE = re.compile(r"\b(?:sei|seien|habe|werde|müsse|könne|solle|dürfe|wolle|gebe|liege|gehe|komme|"
                                 r"stehe|bleibe|fehle|brauche|wisse|hieß es|hiess es|heißt es|heisst es)\b")


def _source_in_paragraph(resolver: "SpeakerResolver", paragraph_start: int, at: int) -> Optional[str]:
    """Of the organisation and the person last named as a sentence's subject before ``at``, the one
    the paragraph mentions last; None if it mentions neither."""
    named = resolver.between(paragraph_start, at)
    best: Optional[tuple[int, str]] = None
    for source in (resolver.last_org_before(at), resolver.last_person_before(at)):
        mentions = [e["start"] for e in named if source and (e["text"] in source or source.endswith(e["text"]))]
        if mentions and (best is None or max(mentions) > best[0]):
            best = (max(mentions), source)
    return best[1] if best else None


# A paragraph that opens by saying whose the words just quoted were: 'That was the message from X',
# 'Así lo ha explicado … X', 'A chiederselo è X', 'Dat zegt X'.
_BACK_REFERENCE_RE = re.compile(
    r"\s*(?:(?:That|This|Such) (?:was|is|were)(?: also)? (?:the |their |his |her )?(?:message|verdict|view|warning|words?|"
    r"assessment|plea|reaction|response|answer|promise) (?:from|of)\b|So (?:said|says)\b|"
    r"(?:That|This|Such) (?:was|is) (?:how|what)\b|"
    r"C['’]est (?:ce qu|ainsi qu|en ces termes qu|le message|l['’]avis|le constat)|Tel est\b|Voilà ce qu|"
    r"Ainsi (?:parle|s['’]exprime|le résume|résume|le dit)|"
    r"(?:Le|La|L['’])\s?(?:constat|analyse|avis|message|avertissement|verdict|remarque|réflexion|question|inquiétude|"
    r"diagnostic|mise en garde) est (?:celui|celle) d|"
    # 'Ces mots sont ceux de X', 'Son palabras de X', 'Sono parole di X', 'Das sind die Worte von X'
    r"(?:Ces|Les) (?:mots|propos|paroles) sont (?:ceux|celles) d|Ce sont les (?:mots|propos|paroles) d|"
    r"Ces (?:mots|propos|paroles),|"  # 'Ces propos, Mariam Sita Soro les a tenus mercredi'
    r"(?:A|La) (?:pergunta|pregunta|domanda|question|frase|queixa|queja|denuncia|denúncia) (?:é|es|è|est) d|"

    r"(?:Son|Fueron|Estas son las) palabras de\b|(?:Sono|Queste sono le) parole d|São palavras d|"
    r"Das (?:sind|waren) (?:die )?Worte\b|Dat (?:zijn|waren) (?:de )?woorden\b|"
    r"Así lo\b|Lo (?:dijo|dice|aseguró|explicó|ha dicho|ha explicado|repite|cuenta|asegura|sostiene|afirma|resume)\b|Es lo que\b|Eso (?:dijo|dice|es lo que)\b|"
    r"Foi o que\b|É o que\b|Assim (?:o )?(?:disse|afirmou|explicou)\b|Quem o diz\b|"
    r"A (?:dirlo|chiederselo|raccontarlo|spiegarlo|sostenerlo|denunciarlo|affermarlo|ricordarlo|parlare|"
    r"raccontare|spiegare|dire) (?:è|sono|era)\b|Quien (?:habla|lo dice) es\b|Quem (?:fala|o diz) é\b|"
    r"Lo (?:ha detto|dice|racconta|spiega|ripete|ribadisce|sostiene|afferma|denuncia)\b|"
    r"Così (?:ha|dice|diceva|racconta|raccontava|spiega|spiegava|ripete|ripeteva|descrive|descriveva)\b|"
    r"(?:Das|Dies|So) (?:sagt|sagte|meint|meinte|erklärt|erklärte|betont|betonte|findet|fand|erzählt|erzählte|"
    r"schildert|schilderte|beschreibt|beschrieb|sieht|sah|formuliert|formulierte)(?: es)?\b|"
    r"(?:Dat|Dit|Zo) (?:zegt|zei|stelt|stelde|vindt|vond|meldt|vertelt|vertelde|beschrijft|beschreef)\b|Aldus\b|"
    # 'Die waarschuwing komt van X', 'The warning came from X', 'Cette mise en garde vient de X'
    r"(?:Die|Deze|Dat|Dit) \w+ (?:komt|kwam) van\b|(?:That|This|The) \w+ (?:comes|came) from\b|"
    r"(?:Cette|Ce|Cet) \w+(?: en garde)? (?:vient|venait) d|(?:Esta|Este|Esa|Ese) \w+ (?:viene|vino|llega) de\b|"
    r"(?:Questa|Questo|Quella|Quello) \w+ (?:viene|arriva|è arrivata|è arrivato) da\b|"
    r"(?:Esta|Este|Essa|Esse) \w+ (?:vem|veio|chega) d|(?:Diese|Dieser|Dieses) \w+ (?:kommt|kam) von\b|"
    # 'Met die vraag stuurt X …', 'With these words X …', 'Con esa pregunta X …'
    r"Met (?:die|deze|dat|dit) (?:vraag|woorden|boodschap|oproep|waarschuwing)\b|"
    r"With (?:that|this|those|these) (?:question|words|message|plea|warning)\b|"
    r"(?:C['’]est )?[Aa]vec (?:ces|cette) (?:mots|paroles|question|phrase)\b|"
    r"Con (?:esa|esta|esas|estas|queste|quelle|questa|quella) (?:pregunta|palabras|frase|parole|domanda)\b|"
    r"Com (?:essa|esta|essas|estas) (?:pergunta|palavras|frase)\b|"
    r"Mit (?:dieser|diesen|jener|jenen) (?:Frage|Worten|Botschaft|Warnung)\b)")
_BACK_REFERENCE_MAX_CHARS = 250
_THESE_WORDS_RE = re.compile(r"\b(?:ces (?:mots|paroles|propos)|these words|those words|estas palabras|esas palabras|"
                             r"queste parole|quelle parole|estas palavras|essas palavras|diese Worte|deze woorden)\b",
                             re.IGNORECASE)


# (and the dative that opens 'Dem Bauernbund geht das nicht weit genug. … bezeichnete er …')
_GERMAN_PRONOUN_ARTICLES = {"sie": ("die",), "er": ("der", "dem", "den"), "es": ("das", "dem")}


def _organisation_subject_before(text: str, at: int, resolver: SpeakerResolver, pronoun: str) -> Optional[str]:
    """German 'sie', 'er', 'es' standing for the organisation whose name (or its head noun, of a
    name given earlier), with the article of the pronoun's gender, opened the sentence before, in a
    paragraph that names no person before the quote: 'Die Landeskirche in Hannover stellte sich
    hinter den Beschluss. Die Kirchenkreise trügen „…“, teilte sie mit.'"""
    article = _GERMAN_PRONOUN_ARTICLES.get(pronoun)
    paragraph = text.rfind("\n", 0, at) + 1
    current = _sentence_end_before(text, paragraph, at)
    if article is None or current is None or any(resolver.is_person(e) for e in resolver.between(paragraph, at)):
        return None
    start = _sentence_end_before(text, paragraph, current - 1) or paragraph
    while start < current and text[start] in _SPACES:
        start += 1
    head = _CAPITALISED_WORD_AFTER_ARTICLE_RE.match(text, start)
    if head is None or head.group(1).casefold() not in article:
        return None
    named = resolver.between(start, current)
    if named and named[0]["label"] == "ORG" and named[0]["start"] <= head.start(2):
        return resolver.canonical(named[0])
    return resolver.org_with_head(head.group(2), at)


_CAPITALISED_WORD_AFTER_ARTICLE_RE = re.compile(r"(\w+)\s([" + CAPITALS + r"][\w-]+)")


def _speaker_named_next(text: str, after: int, resolver: SpeakerResolver, pro_drop: bool = False
                        ) -> Optional[Attribution]:
    """The person (else the organisation) the next sentence after ``after`` (a paragraph's end or a
    quote's) names, when it opens by saying whose the words just quoted were (``_BACK_REFERENCE_RE``,
    its words the cue). ``pro_drop``: the language drops a subject pronoun, so a verb of saying with
    no subject after it is the person named last ('Così raccontava il suo mestiere …')."""
    start = after + 1 if text[after:after + 1] == "\n" else after
    while start < len(text) and text[start] in " \n\u00a0":
        start += 1
    opening = _BACK_REFERENCE_RE.match(text, start)
    if not opening:
        # 'Solenn Briand-Le Guen prononce ces mots face à ses bouchots.': the person who opens it
        end = _sentence_end_after(text, start, min(len(text), start + _BACK_REFERENCE_MAX_CHARS))
        named = resolver.between(start, end)
        if named and resolver.is_person(named[0]) and not text[start:named[0]["start"]].strip() \
                and (words := _THESE_WORDS_RE.search(text, named[0]["end"], end)):
            return Attribution(resolver.canonical(named[0]), words.group(), "named")
        return None
    end = _sentence_end_after(text, start, min(len(text), start + _BACK_REFERENCE_MAX_CHARS))
    named = [e for e in resolver.between(start, end) if e["label"] in PERSON_LABELS or e["label"] == "ORG"]
    person = next((e for e in named if resolver.is_person(e)), None) or next(iter(named), None)
    if person:
        return Attribution(resolver.canonical(person), opening.group().strip(), "named")
    # or a given name alone: '… a young miner who gave his name only as Kojo'
    given_names = load_given_names()
    given = [text[word_start:word_end] for _, word_start, word_end in _tokens(text, start + len(opening.group()), end)
             if text[word_start].isupper() and is_given_name(text[word_start:word_end], given_names)]
    if given:
        return Attribution(given[-1], opening.group().strip(), "named")
    if pro_drop and _PRO_DROP_BACK_REFERENCE_RE.match(opening.group().strip()):
        person = resolver.last_person_before(after)
        return Attribution(person, opening.group().strip(), "pronoun") if person else None
    return None


# A back-reference that is a verb of saying with its subject dropped: 'Così raccontava', 'Así lo contaba'.
_PRO_DROP_BACK_REFERENCE_RE = re.compile(r"(?:Così|Así(?: lo)?|Assim(?: o)?|Lo)\s\w+", re.IGNORECASE)


# Between a paragraph left open and the next one re-opening the marks: no closing mark, a line break.
_REOPENED_RE = re.compile(r"[\s\u00a0]*\n[\s\u00a0]*[«„“\"][\s\u00a0]*")


def _with_speakers_of_continuations(text: str, quotes: list[dict[str, Any]], hows: list[str]) -> None:
    """A quote over several paragraphs is closed, and attributed, at its last: each paragraph left
    open before a paragraph that re-opens the marks takes that paragraph's speaker and cue, unless
    it names its own."""
    for k in range(len(quotes) - 2, -1, -1):
        quote, following = quotes[k], quotes[k + 1]
        if (quote["speaker"] is None or hows[k] in ("inherited", "context")) and following["speaker"] \
                and _REOPENED_RE.fullmatch(text, quote["end"], following["start"]):
            quote["speaker"], quote["cue"], hows[k] = following["speaker"], following["cue"], hows[k + 1]


_NICKNAMED_RE = re.compile(r"(?<![\w'’-])([" + CAPITALS + r"][\w'’-]+)[ \u00a0][“\"«‘'][ \u00a0]?[" + CAPITALS + r"][\w'’.-]*"
                           r"[ \u00a0]?[”\"»’'][ \u00a0]((?:(?:da|de|do|dos|das|van|von|di|del|la|le)[ \u00a0])?"
                           r"[" + CAPITALS + r"][\w'’-]+(?:[ \u00a0][" + CAPITALS + r"][\w'’-]+)?)")


def _with_nicknamed_people(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A person named with a nickname in quotes between given name and surname ('Daniel “Danny”
    Forsyth', 'Ernesto "Che" Guevara') is one speaker candidate, 'Daniel Forsyth', spanning the
    three, in place of the pieces: a later 'Forsyth' resolves to that person. (Its text is not the
    span's: a candidate, not an output entity.)"""
    given_names = load_given_names()
    return _in_place_of(entities, [
        {"text": f"{found.group(1)} {found.group(2)}", "label": "PER", "start": found.start(), "end": found.end()}
        for found in _NICKNAMED_RE.finditer(text) if is_given_name(found.group(1), given_names)])


def _with_speakers_of_fuller_quotes(text: str, quotes: list[dict[str, Any]], hows: list[str]) -> list[dict[str, Any]]:
    """A quote nothing attributes that another, attributed quote holds (a headline or crosshead
    '« Un pansement sur une jambe de bois »' and, in the body, '« C'est un pansement sur une jambe
    de bois… », a réagi Marc Delorme') is that speaker's; so is one a headline's clause introduces
    with a colon and no cue ('… la mortandad de almeja: «No vamos a dejar a nadie atrás»')."""
    # The headline, and the standfirst under it (their cues often name no one but a role)
    paragraphs = [found.end() for found in itertools.islice(re.finditer(r"[^\n]+", text), 2)]
    headline_end, lead_end = (paragraphs[0], paragraphs[-1]) if paragraphs else (0, 0)
    # (a quote that goes on from an attributed one holds words too: '…', sagt er. „Dann bleiben die Schafe …“')
    attributed = [(words_of(q["text"]), q["speaker"], how, q["start"]) for q, how in zip(quotes, hows)
                  if q["speaker"] and (how in _DIRECT_ATTRIBUTIONS and q["cue"] or how in ("inherited", "named"))
                  and q["start"] >= headline_end]
    for quote, how in zip(quotes, hows):
        # (a headline's cue names no one but a role: 'A trauma surgeon says … "a broken wrist a day"';
        # nor does a description: '“…”, dice un librero con sesenta años de feria' before the body's
        # '—… —cuenta Washington Píriz Cabrera—. …')
        described = how == "described"
        if how in _DIRECT_ATTRIBUTIONS and quote["cue"] and quote["start"] >= lead_end and not described:
            continue
        words = words_of(quote["text"])
        if words.count(" ") >= 1:  # two words at least
            # (the same words too: the headline's 'We can't clean our way out of this' and the body's
            # '"We can't clean our way out of this," she added')
            # (a name, not a description: 'a indiqué la société d'État' says less than 'Hydro-Québec prévient')
            fuller = next((speaker for held, speaker, held_how, start in attributed if f" {words} " in f" {held} "
                           and start != quote["start"] and (not described or held_how == "named")
                           and (quote["start"] >= lead_end or speaker[:1].isupper())), None)
            quote["speaker"] = fuller or quote["speaker"]
    return quotes




def annotate_quotes(article: Article, count: CountFn) -> Article:
    entities = [] if article.nlp_model == STAND_IN_MODEL else article.entities
    article.quotes = extract_quotes(article.text, entities, article.language)
    count("quotes", len(article.quotes))
    count("quotes_with_speaker", sum(1 for q in article.quotes if q["speaker"]))
    return article


class ExtractQuotes(beam.PTransform):
    """Articles (with entities) -> articles with ``quotes``; ``.articles`` and ``.rejects``."""

    def expand(self, articles):
        return apply_stage(articles, "quotes", annotate_quotes)
