"""Boilerplate stripping: site furniture out, article in, and the facts furniture carries kept as metadata.

Pure functions over plain strings; ``StripBoilerplate`` is the thin Beam wrapper. Every removed
line is returned verbatim with the reason that removed it, so users can audit and tune the rules
(the lexicons are data files under ``transforms/lexicons/boilerplate/``).
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence
from urllib.parse import urlparse

import apache_beam as beam

from transforms.gazetteer import is_given_name, load_given_names, load_places
from transforms.literals import alternation, fold, holds_any, required_substrings
from transforms.records import Article, CountFn, no_count
from transforms.regex_compile import ESCAPE_OR_CLASS_RE
from transforms.stage import REJECTS, ArticleStageFn, StageOutputs, apply_stage

LEXICON_DIR = Path(__file__).parent / "lexicons" / "boilerplate"
DEFAULT_MAX_WORDS = {"prefix": 25, "contains": 80, "full": 60, "suffix": 60}
# Rules never look at lines longer than max_words * this many characters (keeps regex work linear).
MAX_CHARS_PER_WORD = 20
# Rules of these reasons cannot match a line without one of these words: skipping them is the
# cheapest regex (the cookie rules were the costliest of the lexicons).
REQUIRED_WORDS = {"cookie": ("cookie", "traceur", "tracker", "témoin")}  # 'témoins': Quebec's cookies
# ``suffix`` rules only see the end of a line: a credit or a stamp sits there.
SUFFIX_CHARS = 160
# Lines whose rule a lexicon remembers (``Lexicon.reason_of``), and the longest it does: at most
# ~20 MB of Latin-1 lines, ~40 MB of other scripts, ~80 MB with characters beyond U+FFFF (Python's
# 1, 2 or 4 bytes per character); news lines average ~150 characters.
REMEMBERED_LINES = 20_000
REMEMBERED_LINE_CHARS = 1_000
# Sites whose learned furniture a worker keeps at hand (``CleanWithSiteFurnitureFn``): a few KB each.
MAX_SITES_AT_HAND = 20_000

_DIGIT_RE = re.compile(r"\d")
# Leading bullets and list markers that a widget puts before its label.
_EDGE_BULLETS = "•·▪◦‣∙*-–—|> \t▶►▷⏵🔊🔉🎧"  # (and a player's icons: '▶ Artikel anhören')
_EDGE_PUNCT = _EDGE_BULLETS + ".,;:!?…»«\"“”'()[]"
# Crawl metadata glued to the first line: " date 2017-05 " (seed 000).
_CRAWL_PREFIX_RE = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}){0,2})(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\s+")
_ELLIPSIS_RE = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\]|\(\.\.\.\)|\(…\))\s*$")
_DATE_DMY_RE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b(?:\D{0,6}?(\d{1,2})\s?[h:]\s?(\d{2}))?")
_MONTHS = {name: number for number, names in enumerate([
    "janvier january januar enero gennaio janeiro januari jan", "février fevrier february februar febrero febbraio "
    "fevereiro februari feb", "mars march märz marzo março maart mar", "avril april abril aprile apr",
    "mai may maggio maio mayo mei", "juin june juni junio giugno junho jun", "juillet july juli julio luglio julho jul",
    "août aout august agosto augustus aug", "septembre september septiembre settembre setembro sep sept",
    "octobre october oktober octubre ottobre outubro oct", "novembre november noviembre novembro nov",
    "décembre decembre december dezember diciembre dicembre dezembro dec"], 1) for name in names.split()}
_MONTHS.update({"ene": 1, "janv": 1, "gen": 1, "févr": 2, "fév": 2, "fev": 2, "mrt": 3, "abr": 4, "avr": 4, "mag": 5,
                "giu": 6, "juil": 7, "lug": 7, "ago": 8, "set": 9, "sett": 9, "ott": 10, "okt": 10, "out": 10, "dic": 12,
                "dez": 12, "déc": 12})
# '11 décembre 2019', '13th Nov 2024', '3.dez.2024', '5 de março de 2024'; 'March 3, 2021'.
_MONTH_ALTERNATION = alternation(_MONTHS)
_DATE_WORDS_RE = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th|º)?(?:\.\s?|\s)(?:de\s)?(" + _MONTH_ALTERNATION
                            + r")(?:\.\s?|,?\s)(?:de\s)?(\d{4})\b|\b(" + _MONTH_ALTERNATION
                            + r")\.?\s(\d{1,2}),?\s(\d{4})\b", re.IGNORECASE)
# (Not the abbreviations that are words too: 'set 2025 targets', 'out 2025'.)
_MONTH_YEAR_RE = re.compile(r"(" + alternation(set(_MONTHS) - {"set", "out", "ago", "mag", "gen"})
                            + r")\.?\s(?:de\s)?(\d{4})", re.IGNORECASE)
_TIME_RE = re.compile(r"\b\d{1,2}\s?[:h.]\s?\d{2}\s?(?:h|uhr|am|pm|a\.\s?m\.|p\.\s?m\.)?(?!\w)", re.IGNORECASE)
_WEEKDAYS = set("lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday "
                "saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag lunes martes "
                "miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica "
                "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira feira mon tue wed thu fri sat sun "
                "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split())
# Month and weekday names: capitalised words that name no entity ('in March', 'am Mittwoch').
CALENDAR_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS)
# Words a date/time stamp may carry besides the date: "Publié le", "Atualizado há 2 horas", "5 min read".
_STAMP_WORDS = set("le la à a às um de del di da the on at published updated publié mis jour modifié mise "
                   "atualizado publicado actualizado aggiornato aktualisiert veröffentlicht uhr h há hace fa ago "
                   "hours hour horas heures ore stunden minutes min minutos read lecture lectura leitura "
                   "y e et and und il el o am pm m en ligne online posted publicada pubblicato alle las gepubliceerd "
                   "bijgewerkt op om aangepast geüpdatet ma wo vr za zo actualizada atualizada hrs hs uur laatst "
                   "erstellt um live ticker liveticker".split())
_ADDRESS_RE = re.compile(r"\b(?:vous|votre|vos|nous|nos|we|our|you|your|wir|ihre|unsere|usted|nuestro|nuestros|"
                         r"utilizamos|usamos|tu|tus|noi|nostro|nostri|utilizziamo|você|nós|nosso|j'accepte|"
                         r"accept|akzeptieren|aceptar|accetta|aceitar|acconsenti|consentir|sua|seu|je|jouw|uw|wij|"
                         r"ce site|this (?:web)?site|diese (?:web)?(?:seite|site)|este (?:sitio|site|sítio|portal)|questo sito|lhe|suas|"
                         r"deze (?:web)?site)\b", re.IGNORECASE)
_LINK_LIST_END = (".", "!", "?", ":", "»", '"', "”", ")")

AGENCY_NAMES = {
    "afp": "AFP", "reuters": "Reuters", "ap": "AP", "associated press": "AP", "dpa": "dpa",
    "efe": "EFE", "ansa": "ANSA", "lusa": "Lusa", "xinhua": "Xinhua", "ats": "ATS", "belga": "Belga",
    "apa": "APA", "kyodo": "Kyodo", "tass": "TASS", "europa press": "Europa Press", "sda": "SDA",
    "kna": "KNA", "anp": "ANP", "ria novosti": "RIA Novosti", "aap": "AAP", "pap": "PAP", "yonhap": "Yonhap",
    "bernama": "Bernama", "anadolu": "Anadolu", "interfax": "Interfax", "epd": "epd", "ntb": "NTB", "ctk": "CTK",
    "mti": "MTI", "bta": "BTA", "agerpres": "Agerpres", "agência brasil": "Agência Brasil", "notimex": "Notimex",
    "canadian press": "The Canadian Press", "presse canadienne": "La Presse Canadienne", "andina": "Andina",
    "press association": "PA Media", "pa media": "PA Media", "agi": "AGI", "adnkronos": "Adnkronos", "pti": "PTI",
    "ians": "IANS",
    "télam": "Télam", "prensa latina": "Prensa Latina", "upi": "UPI", "jiji": "Jiji", "ritzau": "Ritzau",
    "aip": "AIP", "irna": "IRNA",
    "keystone-ats": "Keystone-ATS", "kathpress": "Kathpress", "agencia andina": "Andina",
    "keystone-sda": "Keystone-SDA", "aps": "APS", "angop": "ANGOP", "inforpress": "Inforpress", "antara": "Antara",
    "kuna": "KUNA", "australian associated press": "AAP", "press trust of india": "PTI", "agenzia italia": "AGI",
    "agencia efe": "EFE", "agence france-presse": "AFP", "agence france presse": "AFP", "deutsche presse-agentur": "dpa",
    "agência lusa": "Lusa", "evangelischer pressedienst": "epd", "katholische nachrichten-agentur": "KNA",
    "agenzia dire": "DIRE", "agence ivoirienne de presse": "AIP", "agência angola press": "ANGOP",
    # national agencies whose copy outlets carry, by short name and full name (short names that are
    # common words, 'TAP', 'SANA', 'APP', 'AIM', are left to the wire dateline's capitals: '(AIM) -')
    "nampa": "Nampa", "namibia press agency": "Nampa", "gna": "GNA", "ghana news agency": "GNA",
    "news agency of nigeria": "NAN", "kenya news agency": "KNA", "abi": "ABI",
    "agencia boliviana de información": "ABI", "maghreb arabe presse": "MAP", "agence marocaine de presse": "MAP",
    "map": "MAP", "tatoli": "Tatoli", "agência noticiosa de timor-leste": "Tatoli", "agence congolaise de presse": "ACP",
    "agência de informação de moçambique": "AIM", "stp-press": "STP-Press", "tunis afrique presse": "TAP",
    "algérie presse service": "APS", "agence de presse sénégalaise": "APS", "agence de presse africaine": "APA",
    "ethiopian news agency": "ENA", "suna": "SUNA", "sudan news agency": "SUNA", "saudi press agency": "SPA",
    "emirates news agency": "WAM", "qatar news agency": "QNA", "syrian arab news agency": "SANA",
    "philippine news agency": "PNA", "pna": "PNA", "vietnam news agency": "VNA", "ani": "ANI",
    "asian news international": "ANI",
    "associated press of pakistan": "APP", "rastriya samachar samiti": "RSS", "central news agency": "CNA",
    "noticias argentinas": "NA", "agencia de información paraguaya": "IP", "agencia ip": "IP",
    "colprensa": "Colprensa", "servimedia": "Servimedia", "agencia ical": "ICAL", "askanews": "askanews",
    "italpress": "Italpress", "lapresse": "LaPresse", "agenzia nova": "Agenzia Nova", "novum": "Novum",
    "dts nachrichtenagentur": "dts", "ddp": "ddp", "estadão conteúdo": "Estadão Conteúdo", "folhapress": "Folhapress",
    "agn": "AGN", "agencia guatemalteca de noticias": "AGN", "acn": "ACN", "agencia cubana de noticias": "ACN",
    "bss": "BSS", "bangladesh sangbad sangstha": "BSS", "middle east news agency": "MENA", "mena": "MENA",
    "wafa": "WAFA", "petra": "Petra", "jordan news agency": "Petra", "ukrinform": "Ukrinform", "unian": "UNIAN",
    "tanjug": "Tanjug", "hina": "HINA", "ana-mpa": "ANA-MPA",
}
# Short names that are words too ('map', 'ani') name the agency only in capitals.
_AGENCIES_IN_CAPITALS_ONLY = frozenset(("map", "ani", "abi", "gna", "suna", "hina", "unian", "mena", "petra", "wafa"))
_AGENCY_ALTERNATION = (alternation(re.escape(name) for name in AGENCY_NAMES if name not in _AGENCIES_IN_CAPITALS_ONLY)
                       + "|(?-i:" + alternation(name.upper() for name in _AGENCIES_IN_CAPITALS_ONLY) + ")")
_AGENCY_RE = re.compile(r"\b(" + _AGENCY_ALTERNATION + r")\b", re.IGNORECASE)
_AGENCY_CREDIT_MAX_CHARS = 60
_AGENCY_CREDIT_END_RE = re.compile(r"\s*\((?:" + _AGENCY_ALTERNATION + r")\)\.?\s*$", re.IGNORECASE)
# A wire's source line: 'PTI', '(ANSA).', 'Quelle: epd', 'AFP/Reuters', 'Par TerangaÉco avec APS';
# after it the desk's initials ('epd lbm/mih') or where it was filed ('Europa Press | Santiago').
_AGENCY_LINE_RE = re.compile(
    r"(?:(?:source|sources|quelle|quellen|fonte|fontes|fuente|fuentes|fonti|bron|credit|crédit)\s?:\s?"
    r"|(?:par|by|von|por|di|door)\s[^|/]{1,40}?\s(?:avec|with|mit|con|com|e|y|et|and|und|&)\s"
    r"(?:l'|la |the |die |der |el )?(?:agence |agency |agentur |agencia |agência |agenzia )?)?"
    r"\(?(?:" + _AGENCY_ALTERNATION + r")(?:\s?[/,]\s?(?:" + _AGENCY_ALTERNATION + r"))*\)?\.?"
    # its short name after its full one ('Evangelischer Pressedienst (epd)'), the desk's initials
    # ('epd lnb/mih', 'epd lnb fth mig'), where it was filed ('Europa Press | Santiago', 'EUROPA PRESS CANARIAS')
    r"(?:\s?\((?:" + _AGENCY_ALTERNATION + r")\))?"
    # or its full name after a dash ('ABI – Agencia Boliviana de Información', 'Tatoli – Agência Noticiosa de …')
    r"(?:\s[-–—]\s(?:agencia|agência|agence|agentur|agenzia|agency|news agency|nachrichtenagentur)\b[\w'’ .-]{0,50}"
    r"|\s[-–—]\s(?:deutsche presse-agentur|evangelischer pressedienst|katholische nachrichten-agentur)"
    r"|\s[-–—]\s(?-i:[A-ZÀ-ÖØ-Þ][\w'’.-]*)(?:\s[\w'’.-]+){0,6}\s(?:news agency|press agency|presse|press)\b)?"
    r"(?:\s(?-i:[a-z]{2,4}(?:/[a-z]{2,4})+)|(?:\s(?-i:[a-z]{2,4})){2,4}|/(?-i:[A-Z]{2,3})"  # 'Nampa/NK'
    r"|\s?[|·]\s?(?-i:[A-ZÀ-ÖØ-Þ])[\w'’ .-]{1,40}"
    r"|\s(?!(?:photos?|fotos?|pictures?|images?|bild|video|tv)\b)(?-i:[A-ZÀ-ÖØ-Þ]{3,}(?:\s[A-ZÀ-ÖØ-Þ]{3,}){0,2}))?",
    re.IGNORECASE)
# Its tracking initials in capitals: 'MND/ASG/OID', 'ABC SMN RT' (spaced: two without a vowel,
# not a crosshead in capitals such as 'LA OTRA CARA').
_TRACKING_RE = re.compile(r"[A-Z]{2,4}(?: ?//? ?[A-Z]{2,4}){1,5}|[A-Z]{2,4}(?: [A-Z]{2,4}){2,5}")  # 'AMG // JP' (Lusa)
_NO_VOWEL_RE = re.compile(r"\b[B-DF-HJ-NP-TV-XZ]{2,4}\b")
# A lead opening with a wire dateline: "PARIS (AFP) -", "Madrid, 14 mar (EFE).-", "(ANSA) - ROMA".
_LEAD_AGENCY_RE = re.compile(
    r"^(?:[^\W\d][\w' .,/-]{0,60}?)?\((" + _AGENCY_ALTERNATION + r")(?:/[\w ]{1,12})?\)\.?\s?[-–—:]"
    # with no dash after it, only after a place and a date: 'Piura, nov. 19 (ANDINA). El …',
    # 'MADRID, 3 (EUROPA PRESS) La Xunta …' (not '… la Asociación de Periodistas (AP). Según …')
    r"|^(?:[^\W\d][\w' .-]{0,40},\s?[^()\n]{0,30}\d[^()\n\d]{0,12}"
    r"|(?-i:[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w'’.-]+){0,2})\s)"  # or a place alone: 'Berlin (epd). Die …'
    r"\((" + _AGENCY_ALTERNATION + r")\)(?:\.\s|\s+(?-i:[A-ZÀ-ÖØ-Þ])|\s*$)",
    re.IGNORECASE)
# Any source in capitals in a capitalised wire dateline: "KATHMANDU (RSS) -", "WINDHOEK, 3 March (NAMPA) –"
# (not 'USA (Trump) -').
# Or an acronym after a place and a date: "Kaolack, 3 déc (APS) –", "Maputo, 3 Dez (AIM) -".
_LEAD_SOURCE_RE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ]{3,}(?:[ '-][A-ZÀ-ÖØ-Þ]{2,}){0,3}(?:,[^()\n]{1,40})?\s\(([A-Z][A-Z&-]{1,15}(?:[ /][A-Z][A-Z&-]{1,15}){0,2})\)"
    r"|[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w'’.-]+){0,3},\s?[^()\n\d]{0,20}\d[^()\n]{0,20}\s\(([A-Z]{2,6})\))"
    r"\s?[-–—]\s")
# The place and date opening a lead, up to its dash: "Bologna, 14 marzo 2025 -", "Madrid, 14 mar (EFE).-".
_LEAD_DATELINE_RE = re.compile(
    r"^[^\W\d]+(?:[ '.-][^\W\d]+){0,3},\s?[^!?\n]{1,40}?(?:\s[-–—]\s|\)\.?\s?[-–—:]|\.-)")


@dataclasses.dataclass(frozen=True, eq=False)  # hashed by identity (a dict field): compare ``exact`` and ``buckets``
class Lexicon:
    """Compiled rules: literal whole-line phrases, and regex buckets by (kind, max_words)."""
    exact: dict[str, str]
    # (kind, max_words, required words, compiled alternation, group name -> reason, strings one of
    # which the alternation cannot match without: ``literals.required_substrings``)
    buckets: tuple[tuple[str, int, tuple[str, ...], re.Pattern, dict[str, str], tuple[str, ...]], ...]

    def __post_init__(self):
        # Lines repeat: a site's furniture in each of its articles, a wire story's paragraphs in
        # each copy (half the lines of the generated corpora; ``reason_of``).
        object.__setattr__(self, "_reasons", functools.lru_cache(maxsize=REMEMBERED_LINES)(
            functools.partial(match_rule, lexicon=self)))

    def reason_of(self, line: str) -> Optional[str]:
        """``match_rule(line, self)``, remembered for the last ``REMEMBERED_LINES`` short lines."""
        return self._reasons(line) if len(line) <= REMEMBERED_LINE_CHARS else match_rule(line, self)

    def __reduce__(self):
        # A lexicon in a pickled DoFn or closure (say, a custom one bound to ``clean_article``)
        # travels with its rules; its memo starts empty on the worker.
        return type(self), (self.exact, self.buckets)


@dataclasses.dataclass
class CleanedText:
    text: str
    removed_lines: list[str]
    removed_reasons: list[str]
    title: Optional[str] = None
    published: Optional[str] = None
    agency: Optional[str] = None
    byline: Optional[str] = None


def normalize_line(line: str) -> str:
    """NFKC (no-break spaces become spaces), one apostrophe, single spaces, no edge bullets."""
    line = unicodedata.normalize("NFKC", line).replace("’", "'").replace("‘", "'")
    # str.split's whitespace is re's \s: the same as replacing each run with one space (and the
    # edges' spaces go with the bullets), in half the time
    return " ".join(line.split()).strip(_EDGE_BULLETS)


def phrase_key(line: str) -> str:
    """Key for literal whole-line matching: case-folded, edge punctuation trimmed."""
    return normalize_line(line).casefold().strip(_EDGE_PUNCT)


def content_key(text: str) -> str:
    """Letters and digits only, case-folded: equal for the same words whatever the typography."""
    return "".join(filter(str.isalnum, text.casefold()))  # (a fifth faster than a regex removing [\W_]+)


def parse_lexicon_lines(lines: Iterable[str], origin: str = "<lexicon>") -> list[tuple[str, str, str, int, tuple[str, ...]]]:
    rules = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.rstrip("\n").split("\t")
        if len(parts) not in (3, 4, 5) or parts[1] not in ("line", "prefix", "contains", "full", "suffix"):
            raise ValueError(f"{origin}:{number}: expected 'reason<TAB>line|prefix|contains|full<TAB>pattern"
                             f"[<TAB>max_words[<TAB>required,strings]]', got {raw!r}")
        reason, kind, pattern = parts[:3]
        max_words = int(parts[3]) if len(parts) >= 4 else DEFAULT_MAX_WORDS.get(kind, 10**9)
        required = tuple(word for word in parts[4].split(",") if word) if len(parts) == 5 else ()
        rules.append((reason, kind, pattern, max_words, required))
    return rules


def compile_lexicon(rules: Iterable[tuple]) -> Lexicon:
    """``rules``: (reason, kind, pattern, max_words[, required strings]): a rule with required strings
    runs only on lines holding one of them, case-folded (its bucket is skipped on the others)."""
    exact: dict[str, str] = {}
    grouped: dict[tuple[str, int, tuple[str, ...]], list[tuple[str, str]]] = {}
    for reason, kind, pattern, max_words, *required in rules:
        if kind == "line":
            exact.setdefault(phrase_key(pattern), reason)
        else:
            needed = (required[0] if required and required[0] else ()) or REQUIRED_WORDS.get(reason, ())
            grouped.setdefault((kind, max_words, needed), []).append((reason, pattern))
    buckets = []
    for (kind, max_words, required), members in grouped.items():  # first rule first: earlier buckets win
        names = {f"r{index}": reason for index, (reason, _) in enumerate(members)}
        alternation = "|".join(f"(?P<r{index}>{pattern})" for index, (_, pattern) in enumerate(members))
        compiled = _compiled_bucket(alternation, members, kind)
        # Searched at every position of a line: worth skipping where a substring test says it cannot match
        # (anchored rules fail at once: their test would cost more than they do).
        literals = required_substrings(alternation, re.IGNORECASE) if kind in ("contains", "suffix") else ()
        buckets.append((kind, max_words, required, compiled, names, literals))
    return Lexicon(exact=exact, buckets=tuple(buckets))


def _not_self_contained(pattern: str) -> Optional[str]:
    """Why a rule's pattern would not be the same regex inside its bucket's alternation, or None:
    a parenthesis that closes a group it did not open (it would close the rule's own group and
    splice the rest into the alternation), or a reference to a group (groups are numbered across
    the bucket). Escapes and classes are skipped (``ESCAPE_OR_CLASS_RE``)."""
    end = 0
    outside = []  # the pattern's text outside escapes and classes
    for found in ESCAPE_OR_CLASS_RE.finditer(pattern):
        escape = found.group()
        if escape[0] == "\\" and escape[1] in "123456789":
            return f"refers to group {escape[1]} (back-references are not allowed in rules)"
        outside.append(pattern[end:found.start()])
        end = found.end()
    outside.append(pattern[end:])
    text = "".join(outside)
    if "(?P=" in text or "(?(" in text:
        return "refers to a group (back-references and conditionals are not allowed in rules)"
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return "closes a parenthesis it did not open"
    return None if depth == 0 else "leaves a parenthesis open"


def _compiled_bucket(alternation: str, members: list[tuple[str, str]], kind: str) -> re.Pattern:
    """A bucket's alternation, compiled; if it fails, an error naming the first faulty rule. (Its rules
    are compiled one by one only then: a fifth of the lexicon's load, which the fork server pays
    before the first worker starts; ``_not_self_contained`` checks first what compiling each alone
    would have caught and the alternation would not.)"""
    for reason, pattern in members:
        if (why := _not_self_contained(pattern)) is not None:
            raise ValueError(f"boilerplate rule {reason!r} ({kind}): pattern {pattern!r} {why}")
    try:
        return re.compile(alternation, re.IGNORECASE)
    except re.error as error:
        for reason, pattern in members:
            try:
                re.compile(pattern)
            except re.error as faulty:
                raise ValueError(f"boilerplate rule {reason!r} ({kind}): invalid pattern {pattern!r}: {faulty}") from None
        raise ValueError(f"boilerplate rules {sorted({reason for reason, _ in members})} ({kind}): their patterns "
                         f"do not combine into one regex: {error}") from None


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: str = str(LEXICON_DIR)) -> Lexicon:
    """All ``*.txt`` lexicons of a directory, every language together (read-only, cached per process)."""
    rules = []
    for path in sorted(Path(directory).glob("*.txt")):
        rules.extend(parse_lexicon_lines(path.read_text(encoding="utf-8").splitlines(), str(path)))
    return compile_lexicon(rules)


def match_rule(line: str, lexicon: Lexicon) -> Optional[str]:
    """The reason a single line is furniture, or None."""
    normalized = normalize_line(line)
    reason = lexicon.exact.get(normalized.casefold().strip(_EDGE_PUNCT))  # as phrase_key, normalised once
    if reason:
        return reason
    words = normalized.count(" ") + 1
    if not normalized.strip(_EDGE_PUNCT):
        return "empty_bullet"
    folded = fold(normalized)
    for kind, max_words, required, pattern, names, literals in lexicon.buckets:
        if words > max_words or len(normalized) > max_words * MAX_CHARS_PER_WORD:
            continue
        if required and not holds_any(folded, required) or literals and not holds_any(folded, literals):
            continue
        if kind == "prefix":
            found = pattern.match(normalized)
        elif kind == "full":
            found = pattern.fullmatch(normalized)
        elif kind == "suffix":
            found = pattern.search(normalized[-SUFFIX_CHARS:])
        else:
            found = pattern.search(normalized)
        if found:
            reason = next(reason for name, reason in names.items() if found.group(name) is not None)
            if reason == "cookie" and not _ADDRESS_RE.search(normalized):
                continue  # an article about cookies, not a consent banner: banners address the reader
            if reason == "caption_credit" and _RIGHTS_RE.search(normalized):
                return "copyright"  # 'Riproduzione riservata © Copyright ADNKRONOS' credits no picture
            if reason == "navigation" and _DIGIT_RE.search(normalized):
                # a byline's stamp is no menu: 'Nadine Farrugia-Bonello | 16 August 2027, 7:10am | 4 min read'
                return _segmented_reason(normalized, words, lexicon) or reason
            return reason
    if words <= 10 and (_AGENCY_LINE_RE.fullmatch(normalized) or _TRACKING_RE.fullmatch(normalized) and (
            "/" in normalized or len(_NO_VOWEL_RE.findall(normalized)) >= 2)):
        return "agency_credit"
    if words <= 14 and (is_date_stamp(normalized) or _MONTH_YEAR_RE.fullmatch(normalized)):
        return "update_stamp"
    segmented = _segmented_reason(normalized, words, lexicon)
    if segmented:
        return segmented
    if words <= _MENU_MAX_ITEMS * (_MENU_ITEM_MAX_WORDS + 1) and _is_menu_line(normalized):
        return "navigation"
    return None


_SEGMENT_SEPARATOR_RE = re.compile(r"\s[·|•∙]\s")
# A place's name as a byline's piece: 'Castelló de la Plana', 'São Paulo', 'Den Haag'.
_PLACE_NAME_PIECE_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s(?:(?:de la|de|del|do|da|di|am|an der|upon|sur)\s)?"
                                  r"[A-ZÀ-ÖØ-Þ][\w'’-]+){0,3}")
_SEGMENTED_MAX_WORDS = 20  # (French times count three: "à 16 h 05")


def _segmented_reason(normalized: str, words: int, lexicon: Lexicon) -> Optional[str]:
    """'March 2025 · 7 min read', 'Redaktion | 12. Mai 2025 | 19:30 Uhr': a line whose every piece is
    furniture; its author's name alone may open it before a date ('Nadine Farrugia-Bonello | 16
    August 2027, 7:10am | 4 min read')."""
    if words > _SEGMENTED_MAX_WORDS or not _SEGMENT_SEPARATOR_RE.search(normalized):
        return None
    pieces = [piece for piece in _SEGMENT_SEPARATOR_RE.split(normalized) if piece.strip()]
    reasons = [match_rule(piece, lexicon) for piece in pieces]
    if len(reasons) >= 2 and reasons[0] is None and _is_bare_name(pieces[0], load_given_names()):
        if "update_stamp" in reasons[1:]:
            reasons[0] = "byline"
        elif len(pieces) == 2 and _PLACE_NAME_PIECE_RE.fullmatch(pieces[1].strip()):
            reasons = ["byline", "byline"]  # 'Marta Llorens Peris | Castelló de la Plana': where it was filed
    if len(reasons) >= 2 and all(reasons):
        return "update_stamp" if "update_stamp" in reasons else reasons[0]
    return None


_MENU_MIN_ITEMS, _MENU_MAX_ITEMS, _MENU_ITEM_MAX_WORDS = 4, 12, 5


def _is_menu_line(line: str) -> bool:
    """'About us | Contact | Advertise with us | Terms of use': four items or more between separators,
    each a few words and no sentence, most without figures."""
    if line.count("|") + line.count("·") + line.count("•") + line.count("∙") < _MENU_MIN_ITEMS - 1:
        return False  # (most lines: a scan in C instead of a split)
    items = _SEGMENT_SEPARATOR_RE.split(line)
    # (not a stamp's pieces, and not a list of figures: 'Ingredients: 200 g flour · 2 eggs · …', scores)
    return _MENU_MIN_ITEMS <= len(items) <= _MENU_MAX_ITEMS and all(
        0 < len(item.split()) <= _MENU_ITEM_MAX_WORDS and not item.rstrip().endswith((".", "!", "?")) for item in items
    ) and sum(bool(_DIGIT_RE.search(item)) for item in items) * 2 < len(items) and not any(
        is_date_stamp(item) for item in items)


def is_date_stamp(line: str) -> bool:
    """A line that is a date (and time) and little else: '09 février 2023, 17:35',
    'Granada, 8 ene 2024', '08/09/2022 às 17h40 - Atualizado há 2 horas'; or a time and stamp
    words only: a live blog's '16 h 48', 'Mis à jour à 16 h 48'."""
    if not _DIGIT_RE.search(line):  # both date patterns need one; the month names' alternation is slow
        return False
    rest = _DATE_WORDS_RE.sub(" ", line)
    rest = _DATE_DMY_RE.sub(" ", rest)
    dated = rest != line
    timed = _TIME_RE.sub(" ", rest)
    if not dated and timed == rest:
        return False
    leftover = [w for w in re.findall(r"[^\W\d_]+", timed.casefold()) if w not in _WEEKDAYS and w not in _STAMP_WORDS]
    return len(leftover) <= (1 if dated else 0)


def agency_in(line: str) -> Optional[str]:
    found = _AGENCY_RE.search(normalize_line(line))
    return AGENCY_NAMES[found.group(1).casefold()] if found else None


def date_in(line: str) -> Optional[str]:
    """'10.07.2017 08h40' -> '2017-07-10T08:40' (day-first, as European datelines are);
    'le 11 décembre 2019' / 'March 3, 2021' -> '2019-12-11' / '2021-03-03'."""
    found = _DATE_DMY_RE.search(line)
    if not found:
        words = _DATE_WORDS_RE.search(line)
        if not words:
            month_year = _MONTH_YEAR_RE.search(line)  # 'March 2025 · 7 min read': the month is known
            if month_year and not _DIGIT_RE.search(line, 0, month_year.start()):
                return f"{month_year.group(2)}-{_MONTHS[month_year.group(1).casefold()]:02d}"
            return None
        day, month, year = (words.group(1), words.group(2), words.group(3)) if words.group(1) else (
            words.group(5), words.group(4), words.group(6))
        number = _MONTHS[month.casefold()]
        return f"{int(year):04d}-{number:02d}-{int(day):02d}" if 1 <= int(day) <= 31 else None
    day, month, year, hour, minute = found.groups()
    year = int(year) + (2000 if len(year) == 2 else 0)
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    date = f"{year:04d}-{int(month):02d}-{int(day):02d}"
    if hour is not None and int(hour) < 24 and int(minute) < 60:
        date += f"T{int(hour):02d}:{int(minute):02d}"
    return date


def looks_like_headline(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (2 <= len(words) <= 30 and not stripped.endswith((".", ":", ";", ","))
            and not stripped[0].islower())


# A paragraph of the body: a long line, or a sentence of some length.
_BODY_MIN_WORDS, _BODY_SENTENCE_WORDS, _HEADLINE_SEARCH_LINES = 35, 12, 15
_HEADLINE_MIN_WORDS, _HEADLINE_MAX_WORDS, _SENTENCE_HEADLINE_MAX_WORDS = 4, 20, 14
_STANDFIRST_MIN_WORDS, _STANDFIRST_EXTRA_WORDS, _KICKER_MAX_WORDS = 13, 5, 5
# Menus: runs of this many lines of at most this many words, outside the body.
_MENU_RUN, _MENU_ITEM_WORDS, _TAG_RUN = 4, 3, 2
_MASTHEAD_MAX_WORDS = 6
_MASTHEAD_TOP_LINES = 6
_SITE_LINE_MAX_WORDS = 15
_MASTHEAD_TAGLINE_RE = re.compile(r"([^–—|:]+?)\s[–—|]\s\S")
_LINK_MIN_WORDS = 5
_LEAD_PARAGRAPHS = 3  # a standfirst or a caption may come before the dateline's paragraph
_WORD_RE = re.compile(r"\w+")
# A rights notice opening the line, which a picture's credit does not.
_RIGHTS_RE = re.compile(r"^(?:riproduzione riservata|reproducción reservada|reprodução reservada|"
                        r"all rights reserved|tous droits réservés|alle rechte vorbehalten|alle rechten voorbehouden)",
                        re.IGNORECASE)
_COPYRIGHT_RE = re.compile(r"©|\(c\)|copyright|droits réservés|rights reserved|rechte vorbehalten|derechos reservados|"
                           r"diritti riservati|direitos reservados|rechten voorbehouden", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?…][»”\"')]*\s*$")  # not a closing mark alone: headlines end with quotes
# breadcrumbs, 'Redacción | Vilanova', '7 min read · March' ('»' with no '«' before it: not '« un coup dur » pour')
_SEPARATOR_RE = re.compile(r"\s[|›>·•]\s|^[^«]*\s»\s")
_INNER_SENTENCE_END_RE = re.compile(r"[.;!?]\s+[A-ZÀ-ÖØ-Þ]|;\s")
_ENDS_QUOTED_SENTENCE_RE = re.compile(r"[.!?…][»«”“\"’']+\s*$")
_SENTENCES_THEN_QUOTE_RE = re.compile(r"[.!?…][»«”“\"’']*\s+[»«”“\"„‚‘'A-ZÀ-ÖØ-Þ]")
_CONTENT_WORD_RE = re.compile(r"\w{4,}")
_BYLINE_START_RE = re.compile(r"^(?:[Bb]y|BY|[Pp]or|[Vv]on|[Pp]ar)\s+[A-ZÀ-ÖØ-Þ]")


_NUMBERED_RE = re.compile(r"\d{1,2}[.)]\s")
# Rail headings over lists of links (not a live blog's 'Latest', 'En continu', whose items may be crossheads)
_LIST_RAIL_RE = re.compile(r"relacionad|related|même sujet|plus lus|le plus lu|most read|popular|meistgelesen|"
                           r"più lett|mais lid|meest gelezen|más leíd|más visto|trending|à découvrir", re.IGNORECASE)
_ALERT_MAX_WORDS = 25  # a lead paragraph is longer than an alert line above the headline
# What marks a line as an alert, not a lead: a label and a colon, or a word in capitals ('EXTREME').
_ALERT_RE = re.compile(r"^[^.!?]{2,40}:\s|\b[A-ZÄÖÜ]{4,}\b")
# A live or breaking-news label above a headline ('LIVEBLOG: Hoogwater …', 'Ultim'ora: …').
_ALERT_LABEL_RE = re.compile(r"^(?:ultim['’]ora|ultima ora|breaking(?: news)?|eilmeldung|live(?:blog|ticker|-ticker)?|"
                             r"en direct|direct|urgent|última hora|urgente|ao vivo|al minuto|net binnen|just in)\s?:\s",
                             re.IGNORECASE)
# Removed lines found right below a headline or its standfirst (``runs_above_meta``).
_META_REASONS = frozenset({"byline", "update_stamp", "share", "agency_credit", "dateline"})


def headline_of(lines: list[str], runs_above_meta: Sequence[Sequence[int]] = ()) -> Optional[str]:
    at = headline_index(lines, runs_above_meta)
    return None if at is None else lines[at]


def headline_index(lines: list[str], runs_above_meta: Sequence[Sequence[int]] = ()) -> Optional[int]:
    """The index of the headline among an article's kept lines, before the body starts.

    ``runs_above_meta``: runs of kept lines, adjacent on the page, right above a byline, a date or
    share buttons (``runs_above_meta``); the headline and its standfirst sit there. Of each run's
    first headline-like line of four words or more (after a kicker of five words at most, 'Wohnen',
    or a live label, 'LIVEBLOG: …'), the one sharing most words with the body's first paragraphs
    wins, the first on a tie.
    Without such a run: of the headline-like lines (not a byline, a breadcrumb, or a standfirst
    after its headline), one with its standfirst below it, else the one sharing most words with the
    lead paragraph (a masthead, a menu or a tagline kept above or below the headline shares none),
    the last on a tie. Else the first line if it looks like a headline; None when the text starts
    with its body."""
    body_start = next((i for i, line in enumerate(lines[:_HEADLINE_SEARCH_LINES]) if is_body_paragraph(line)), None)
    if body_start == 0 and len(lines) > 2 and _ALERT_RE.search(lines[0]) and len(lines[0].split()) <= _ALERT_MAX_WORDS \
            and looks_like_headline(lines[1]) and len(lines[1].split()) >= _HEADLINE_MIN_WORDS \
            and is_body_paragraph(lines[2]):
        return 1  # an alert or a ticker in sentences above the headline ('Fire danger rating today: EXTREME …')
    if body_start is None or body_start == 0:
        return 0 if body_start is None and len(lines) > 1 and looks_like_headline(lines[0]) else None
    candidates = [i for i, line in enumerate(lines[:body_start]) if _is_headline_candidate(line)]
    body_words = set().union(*map(_content_words, lines[body_start:body_start + _LEAD_PARAGRAPHS + 1]))
    firsts = []
    for run in runs_above_meta:  # (a standfirst in sentences is the body's start: the run may end there)
        in_run = [i for i in run if i in candidates]
        if len(in_run) > 1 and (len(lines[in_run[0]].split()) <= _KICKER_MAX_WORDS or _ALERT_LABEL_RE.match(lines[in_run[0]])):
            in_run = in_run[1:]
        if in_run and (shared := len(_content_words(lines[in_run[0]]) & body_words)):
            firsts.append((shared, -in_run[0]))
    if firsts:  # (a site's tagline above the day's date shares a word or two with the body)
        return -max(firsts)[1]
    # A standfirst without a final stop follows its headline: longer than headlines run, two
    # sentences ('… i lavori. Nel 2017 il cedimento …'), or much longer than a headline before it
    # (a kicker above a headline is shorter than this).
    candidates = [i for i in candidates if not (i - 1 in candidates and (
        len(lines[i].split()) > _HEADLINE_MAX_WORDS or _INNER_SENTENCE_END_RE.search(lines[i])
        or _STANDFIRST_MIN_WORDS <= len(lines[i].split()) >= len(lines[i - 1].split()) + _STANDFIRST_EXTRA_WORDS
        and len(lines[i - 1].split()) >= _KICKER_MAX_WORDS + 1))]
    lead = _content_words(lines[body_start])
    if not candidates:
        # A headline in sentences ('London's dockless bikes are not the problem. Our pavements are.'):
        # a short line before the body that shares words with its lead.
        sentences = [i for i, line in enumerate(lines[:body_start])
                     if _HEADLINE_MIN_WORDS <= len(line.split()) <= _SENTENCE_HEADLINE_MAX_WORDS
                     and not _BYLINE_START_RE.match(line) and _content_words(line) & lead]
        if sentences:
            return max(sentences, key=lambda i: (len(_content_words(lines[i]) & lead), i))
        return 0 if looks_like_headline(lines[0]) else None
    # A headline with its standfirst below it (both sharing words with the lead) outranks a line
    # below them sharing more: a scoreline, a caption.
    with_standfirst = {i for i in candidates if i + 1 < body_start and i + 1 not in candidates
                       and len(lines[i + 1].split()) >= _STANDFIRST_MIN_WORDS
                       and _content_words(lines[i]) & lead and _content_words(lines[i + 1]) & lead}
    return max(candidates, key=lambda i: (i in with_standfirst, len(_content_words(lines[i]) & lead), i))


_MENU_MIN_LINES = 3
_CONSENT_REASONS = frozenset({"cookie", "consent"})
_CONSENT_BUTTON_MAX_WORDS = 3


def headline_below_menu(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> Optional[int]:
    """``headline_index`` of the kept lines; where the page has a menu (three navigation lines in a
    row) before its body, of the lines below it if one of them is the headline: a site's tagline
    or the day's date above the menu ('Il quotidiano online della provincia di Reggio') is no headline."""
    lines = [line for _, line in kept]
    body = next((index for index, line in kept if is_body_paragraph(line)), None)
    navigation = sorted(index for index, _, reason in removed if reason == "navigation" and (body is None or index < body))
    menu_end = next((navigation[i + _MENU_MIN_LINES - 1] for i in range(len(navigation) - _MENU_MIN_LINES + 1)
                     if navigation[i + _MENU_MIN_LINES - 1] - navigation[i] == _MENU_MIN_LINES - 1), None)
    below = next((i for i, (index, _) in enumerate(kept) if menu_end is not None and index > menu_end), None)
    runs = runs_above_meta(kept, removed)
    if below:
        runs_below = [[i - below for i in run if i >= below] for run in runs]
        at = headline_index(lines[below:], [run for run in runs_below if run])
        if at is not None:
            return below + at
    return headline_index(lines, runs)


def _is_headline_candidate(line: str) -> bool:
    return looks_like_headline(line) and len(line.split()) >= _HEADLINE_MIN_WORDS and not _BYLINE_START_RE.match(line) \
        and not _SEPARATOR_RE.search(line)


_PICTURE_REASONS = frozenset({"caption", "caption_credit"})


def runs_above_meta(kept: Sequence[tuple[int, str]], removed: Iterable[tuple[int, str, str]]) -> list[list[int]]:
    """Positions in ``kept`` of the runs of lines adjacent on the page (blank lines aside) that sit
    right above a removed byline, date, dateline or share line, in page order."""
    position = {index: i for i, (index, _) in enumerate(kept)}
    reason_at = {i: r for i, _, r in removed}
    order = sorted([*reason_at, *position])
    runs = []
    for run, _, below in _kept_runs(kept, reason_at):
        # (a lead picture's caption and credit may stand between the headline and its byline)
        at = bisect.bisect_right(order, run[-1])
        while below in _PICTURE_REASONS and at + 1 < len(order) and order[at + 1] in reason_at:
            at += 1
            below = reason_at[order[at]]
        if below in _META_REASONS:
            runs.append([position[index] for index in run])
    return runs


def _content_words(line: str) -> set[str]:
    return set(_CONTENT_WORD_RE.findall(line.casefold()))


# An ad's label on a line of its own, and the text an ad under it carries: a brand before a dash
# ('Cooperativa Sur Unido – Créditos …'), a call to act ('Unitel Saldo+: carregue …'), a phone number
# or a web address.
AD_LABELS = frozenset("anzeige werbung advertisement advert sponsored publicidad anuncio publicidade pubblicità adv "
                      "publicité annonce advertentie reclame".split())
_AD_COPY_MAX_WORDS = 30
_AD_COPY_RE = re.compile(
    r"^[^\W\d][^.!?–—·]{0,60}\s[–—·-]\s[^\W\d]|"  # a brand before a dash (a colon may end a crosshead's label)
    r"\b(?:jetzt|call|shop now|order now|learn more|saiba mais|visite|infórmate|informe-se|carregue|recarga|aproveite|"
    r"aprovecha|approfittane|profitez|profiteer|"
    r"llame|llamá|llama|compra|comprá|pide|pedí|chiama|scopri|découvrez|appelez|bel nu|bestel|descubre|descubrí|"
    r"descubra|conheça|entdecken|ontdek|discover|reserva|reserve|prenota|book now)\b|"
    r"\+?\d[\d ()-]{7,}\d|www\.|https?://|\.(?:com|de|es|pt|it|fr|nl|be|at|ch|na|py|bo)\b", re.IGNORECASE)


def is_ad_label(line: str) -> bool:
    return normalize_line(line).casefold() in AD_LABELS


def strip_boilerplate(raw: str, lexicon: Lexicon, count: CountFn = no_count,
                      site_furniture: frozenset[str] = frozenset()) -> CleanedText:
    """Removes site furniture from one article's raw text.

    ``site_furniture`` holds the ``content_key`` of lines learned as furniture for this article's
    site from the corpus. Paragraphs of the result are joined by a blank line.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    removed: list[tuple[int, str, str]] = []  # (line index, verbatim, reason)
    published = agency = byline = None

    prefix = _CRAWL_PREFIX_RE.match(text)
    if prefix:
        removed.append((-1, prefix.group(0), "crawl_prefix"))
        published = prefix.group(1)
        text = text[prefix.end():]

    kept: list[tuple[int, str]] = []
    seen_keys: set[str] = set()
    in_link_list = False  # after a "Mehr zum Thema" / "Lire aussi :" header, short headlines are links
    body_started = False
    in_rail: Optional[str] = None  # after a rail heading: "any" lines or only "numbered" ones are links
    previous_reason: Optional[str] = None  # why the line above was removed (None: kept)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        key = content_key(stripped)
        reason = lexicon.reason_of(stripped)
        words = len(stripped.split())
        if reason in (None, "related") and previous_reason in _CONSENT_REASONS and words <= _CONSENT_BUTTON_MAX_WORDS \
                and not _SENTENCE_END_RE.search(stripped):
            reason = "consent"  # a cookie banner's buttons: 'En savoir plus' under it opens no list of links
        if reason is None and words <= _AD_COPY_MAX_WORDS and index and is_ad_label(lines[index - 1]) \
                and _AD_COPY_RE.search(stripped):
            reason = "advertisement"  # the ad's own text under its label: 'Autohaus X – Frühlingsaktion auf …'
        if reason is None and in_link_list and words <= 20 and not stripped.endswith(_LINK_LIST_END) and not (
                words < _LINK_MIN_WORDS and is_body_paragraph(_next_line(lines, index))) and (
                in_rail != "numbered" or _NUMBERED_RE.match(stripped)):
            reason = "related"  # but a few words before a paragraph are a crosshead of the body
        # After the body's start a rail heading opens links too: any after a list's ('Most popular',
        # 'Les plus lus'), only numbered ones after a live blog's ('Latest').
        if reason == "rail" and body_started:
            in_rail = "numbered" if _LIST_RAIL_RE.search(stripped) is None else "any"
        elif reason != "related":
            in_rail = None
        in_link_list = (reason == "related" or reason == "rail" and body_started) and (words <= 5 or in_link_list)
        if reason is None and key and key in site_furniture:
            reason = "site_furniture"
        if reason is None and len(key) >= 2 and key in seen_keys:
            reason = "repeat"
        previous_reason = reason
        if reason is None:
            kept.append((index, stripped))
            seen_keys.add(key)
            body_started = body_started or is_body_paragraph(stripped)
            continue
        removed.append((index, line, reason))
        # "Por X - Repórter da Agência Brasil", 'Nampa/NK | 16. April 2027, 08:12 Uhr'
        if reason in ("dateline", "agency_credit", "copyright", "byline", "update_stamp"):
            agency = agency or agency_in(stripped)
        if reason == "dateline":
            published = date_in(stripped) or published
        if reason == "byline" and byline is None:
            byline = re.sub(r"^\(?\s*[^:]{1,30}:\s*|\)\s*$", "", normalize_line(stripped)).strip() or None

    for drop in (_drop_teasers, _drop_share_buttons, _drop_captions, _drop_reader_comments, _drop_mastheads,
                 _drop_navigation, _drop_sandwiched):
        kept = drop(kept, removed)
    if byline:
        kept = _drop_author_box(kept, removed, byline)
    headline = headline_below_menu(kept, removed)
    title = None if headline is None else kept[headline][1]
    kept = _drop_above_headline(kept, removed, headline)
    byline = byline or next((line.strip() for _, line, reason in removed if reason == "byline"), None)  # a bare name
    if published is None:  # the byline's day ('Por ABI | 13/05/2027 | 11:42')
        published = next((date for _, line, reason in removed if reason == "byline" and (date := date_in(line))), None)
    if published is None:  # a photo caption or update stamp often carries the day
        published = next((date for _, line, reason in removed
                          if reason in ("caption_credit", "update_stamp", "dateline") and (date := date_in(line))), None)
    if published is None:  # or the lead's wire dateline: "Lisboa, 14 mar 2025 (Lusa) - …"
        published = next((date for _, line in kept[:2] if (dateline := _LEAD_DATELINE_RE.match(normalize_line(line)))
                          and (date := date_in(dateline.group(0)))), None)
    for _, _, reason in removed:
        count(f"removed_{reason}", 1)
    count("lines_kept", len(kept))
    removed.sort(key=lambda item: item[0])
    if agency is None and kept:  # the lead's wire dateline: the first lines, or the body's first paragraphs
        paragraphs = [line for _, line in kept if is_body_paragraph(line)][:_LEAD_PARAGRAPHS]
        leads = [normalize_line(line) for line in dict.fromkeys([line for _, line in kept[:2]] + paragraphs)]
        lead = next((found for line in leads if (found := _LEAD_AGENCY_RE.match(line))), None)
        if lead:
            agency = AGENCY_NAMES.get((lead.group(1) or lead.group(2)).casefold())
        else:
            agency = next((found.group(1) or found.group(2) for line in leads if (found := _LEAD_SOURCE_RE.match(line))),
                          None)
    if agency is None and kept:  # or the credit that ends its last paragraph: '… dijo. (AGN)'
        credit = _agency_credit_ending(next((line for _, line in reversed(kept) if is_body_paragraph(line)), ""))
        agency = agency_in(credit.group()) if credit else None
    return CleanedText(
        text="\n\n".join(line for _, line in kept),
        removed_lines=[line for _, line, _ in removed],
        removed_reasons=[reason for _, _, reason in removed],
        title=title, published=published, agency=agency, byline=byline,
    )


def _next_line(lines: list[str], index: int) -> str:
    return next((line.strip() for line in lines[index + 1:] if line.strip()), "")


def is_body_paragraph(line: str) -> bool:
    """A paragraph of the body: a long line, or a sentence of some length (a wire's credit may end
    it: '… “Se nos quemó la vida entera”, resumió. (AGN)')."""
    words = len(line.split())
    return words >= _BODY_MIN_WORDS or words >= _BODY_SENTENCE_WORDS and (
        _SENTENCE_END_RE.search(line) is not None or _agency_credit_ending(line) is not None)


def _agency_credit_ending(line: str) -> Optional[re.Match]:
    """The wire's credit after a sentence that ends a story's last paragraph ('… again." (PNA)'), if any."""
    if not line.rstrip().endswith((")", ").")):
        return None  # (most lines: no regex over the agencies' alternation)
    credit = _AGENCY_CREDIT_END_RE.search(line, max(0, len(line) - _AGENCY_CREDIT_MAX_CHARS))
    return credit if credit and _SENTENCE_END_RE.search(line, 0, credit.start()) else None


def _is_menu_item(line: str) -> bool:
    return len(line.split()) <= _MENU_ITEM_WORDS and not _SENTENCE_END_RE.search(line)


def _is_bare_name(line: str, given_names: frozenset[str]) -> bool:
    """'Daniel Ammann', 'Lien Janssens': a person's name and nothing else."""
    words = line.split()
    return (2 <= len(words) <= 3 and is_given_name(words[0], given_names)
            and all(word[:1].isupper() and word.replace("-", "").replace(".", "").isalpha() for word in words))


_TAGS_BEFORE_REASONS = frozenset({"related", "rail", "navigation", "share", "newsletter", "comment_form", "other",
                                  "repeat", "site_furniture"})


def _story_tags(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[int]:
    """A story's tags: two or more short lines ('Carnaval', 'Binnenstad', 'Horeca') right after a
    paragraph of the body and right before links or other furniture (a crosshead has a paragraph
    under it)."""
    reason_at = {index: reason for index, _, reason in removed}
    position = {index: i for i, (index, _) in enumerate(kept)}
    tags = []
    for run, _, below in _kept_runs(kept, reason_at):
        if below not in _TAGS_BEFORE_REASONS:
            continue
        lines = [kept[position[index]][1] for index in run]
        # (the run holds the paragraph it follows: the tags are its last lines)
        count = next((k for k in range(len(lines)) if not _is_menu_item(lines[-1 - k].strip())), len(lines))
        if count >= _TAG_RUN and count < len(lines) and is_body_paragraph(lines[-1 - count]):
            tags += run[len(run) - count:]
    return tags


def _drop_navigation(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """Outside the body (before its first paragraph, after its last) or next to a date stamp, a
    line that is a person's name alone is a byline; a run of at least ``_MENU_RUN`` short lines is a menu, kept items and
    removed ones together ('World', 'Business', 'Sustainability', …); after the body, two or
    more headline-like lines are links to other stories. Inside the body nothing goes: a list,
    crossheads or the names of a Q&A stay."""
    body = [index for index, line in kept if is_body_paragraph(line)]
    if not body:
        return kept
    first, last = body[0], body[-1]
    given_names = load_given_names()
    stamps = {index for index, _, reason in removed if reason in ("update_stamp", "byline", "dateline")}
    # A name alone outside the body, or by the date stamp (after a standfirst; the site's name may
    # come between): the author's.
    kept_at = {index for index, _ in kept}
    dropped: dict[int, str] = {index: "byline" for index, line in kept if (
        index < first or index > last or index - 1 in stamps or index + 1 in stamps
        or index + 2 in stamps and index + 1 not in kept_at) and _is_bare_name(line, given_names)}
    # A place alone by the date stamp or the byline: where the story was filed ('São Paulo').
    places = load_places("")
    dropped.update({index: "dateline" for index, line in kept if (
        index - 1 in stamps or index + 1 in stamps or index - 1 in dropped)
        and len(line.split()) <= 4 and line.strip(" .,") in places})
    lines = sorted([(index, line, True) for index, line in kept] + [(index, line, False) for index, line, _ in removed])
    run: list[tuple[int, str, bool]] = []
    for index, line, is_kept in lines + [(-2, "", False)]:
        if index != -2 and (index < first or index > last) and _is_menu_item(line.strip()):
            run.append((index, line, is_kept))
            continue
        if len(run) >= _MENU_RUN:
            dropped.update((i, "navigation") for i, _, still in run if still)
        run = []
    dropped.update((index, "navigation") for index in _story_tags(kept, removed))
    # (not a short last paragraph of sentences that ends in a quote: '… Herbst. Bis dahin … »Aber wer …?«',
    # nor a sentence with a wire's credit: '… "We will plant again." (PNA)')
    tail = [index for index, line in kept if index > last and index not in dropped and looks_like_headline(line)
            and len(line.split()) >= _HEADLINE_MIN_WORDS and not (_SENTENCES_THEN_QUOTE_RE.search(line)
                                                                  and _ENDS_QUOTED_SENTENCE_RE.search(line))
            and _agency_credit_ending(line) is None]
    # (links other rules took after the body count too: '1. Arctic Bay polar bear patrol …'; a heading
    # alone, 'Related stories', is none)
    links = sum(1 for index, line, reason in removed if index > last and reason in ("related", "rail")
                and len(line.split()) >= _HEADLINE_MIN_WORDS)
    if len(tail) + (links if tail else 0) >= 2:
        dropped.update((index, "related") for index in tail)
    if not dropped:
        return kept
    removed.extend((index, line, dropped[index]) for index, line in kept if index in dropped)
    return [(index, line) for index, line in kept if index not in dropped]


# What an author box says after the author's name: 'Tamsin covers emergencies …', 'Anna schreibt über …'.
_BIO_VERBS = frozenset("covers writes reports joined is has was est écrit couvre a ist schreibt berichtet hat war es "
                       "escribe cubre ha è scrive segue é escreve cobre tem schrijft volgt heeft".split())
_BIO_MAX_WORDS = 40
_BY_RE = re.compile(r"^\s*(?:by|par|por|von|di|door|av)\s+", re.IGNORECASE)


def _without(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]], dropped: set[int], reason: str
             ) -> list[tuple[int, str]]:
    """``kept`` without the lines at ``dropped``, which go to ``removed`` with ``reason``."""
    if not dropped:
        return kept
    removed.extend((index, line, reason) for index, line in kept if index in dropped)
    return [item for item in kept if item[0] not in dropped]


def _drop_author_box(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]], byline: str
                     ) -> list[tuple[int, str]]:
    """The author box after the body: the byline's name alone, and a line that opens with the
    author's given name or surname and a bio verb ('Tamsin covers emergencies, council and courts
    across …'); an article's sentences seldom open with its author's name."""
    author = normalize_line(_BY_RE.sub("", byline))
    names = {word for word in re.findall(r"[^\W\d_][\w'’-]{2,}", author) if word[0].isupper()}
    first_body = next((position for position, (_, line) in enumerate(kept) if is_body_paragraph(line)), None)
    if not names or first_body is None:
        return kept
    dropped = set()
    for index, line in kept[first_body + 1:]:
        words = line.split()
        if normalize_line(line) == author or (
                len(words) <= _BIO_MAX_WORDS and len(words) > 2 and words[0] in names and words[1].casefold() in _BIO_VERBS):
            dropped.add(index)
    return _without(kept, removed, dropped, "byline")


def _drop_above_headline(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]],
                         at: Optional[int]) -> list[tuple[int, str]]:
    """What the other passes left above the headline (``kept[at]``) is furniture too: taglines,
    section labels, tickers, consent buttons. A line that could be the headline itself
    (headline-like, four words or more, two of them in the lead paragraph) stays, should the
    headline chosen be the wrong one."""
    if not at:
        return kept
    lines = [line for _, line in kept]
    lead = _content_words(next((line for line in lines[at:] if is_body_paragraph(line)), ""))
    stays = [i for i, line in enumerate(lines[:at]) if looks_like_headline(line)
             and len(line.split()) >= _HEADLINE_MIN_WORDS and not _SEPARATOR_RE.search(line)
             and len(_content_words(line) & lead) >= 2]
    removed.extend((index, line, "above_headline") for i, (index, line) in enumerate(kept[:at]) if i not in stays)
    return [item for i, item in enumerate(kept) if i >= at or i in stays]


def _drop_mastheads(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """The site's name on a line of its own ('L'Écho de la Loire', 'Noorderbode'): a short line,
    no sentence, that the page's copyright line names ('© L'Écho de la Loire 2025 - Tous droits
    réservés'). A name no copyright line repeats stays: a crosshead may be as short. And the
    site's name with its tagline at the page's top (see below)."""
    owners = [f" {words_of(line)} " for _, line, _ in removed if _COPYRIGHT_RE.search(line)]
    dropped = {index for index, line in kept if len(line.split()) <= _MASTHEAD_MAX_WORDS
               and not _SENTENCE_END_RE.search(line) and len(name := words_of(line)) >= 4
               and any(f" {name} " in owner for owner in owners)}
    # At the page's top, the name and the site's tagline ('Acadie Côtière – L'information de la
    # Péninsule acadienne'): the name in the copyright line, or above the menu and in two more
    # lines that are no paragraphs of the body ('Drienerlo Nieuws op Instagram en LinkedIn').
    menu = [index for index, _, reason in removed if reason == "navigation" and index < _MASTHEAD_TOP_LINES]
    others: Optional[list[str]] = None  # the page's lines that are no paragraphs, once a tagline is seen
    for index, line in kept[:_MASTHEAD_TOP_LINES]:
        name_and_tagline = _MASTHEAD_TAGLINE_RE.match(line) if "–" in line or "—" in line or "|" in line else None
        if name_and_tagline and others is None:
            others = [f" {words_of(other)} " for other in [text for _, text in kept] + [text for _, text, _ in removed]
                      if not is_body_paragraph(other)]
        if name_and_tagline and index < _MASTHEAD_TOP_LINES \
                and len(name_and_tagline.group(1).split()) <= _MASTHEAD_MAX_WORDS \
                and len(name := words_of(name_and_tagline.group(1))) >= 4 and (
                    any(f" {name} " in owner for owner in owners)
                    or any(at > index for at in menu) and sum(f" {name} " in other for other in others) >= 3):
            dropped.add(index)
            # below the body, short lines naming the site are its furniture ('Suivez X sur Facebook')
            last = max((at for at, kept_line in kept if is_body_paragraph(kept_line)), default=kept[-1][0])
            dropped.update(at for at, kept_line in kept if at > last and len(kept_line.split()) <= _SITE_LINE_MAX_WORDS
                           and f" {name} " in f" {words_of(kept_line)} ")
    return _without(kept, removed, dropped, "masthead")


# A reader's comment opens with its author: a handle ('Kader_225', 'marco_ischia') or a first
# name and an initial ('Nadia F.', 'J. Terra'; not the French 'M. Koné'), then ':' or '·'.
# 'Kader_225 : …', 'Nadia F. · il y a 5 h — …', 'Gerda M. – 11:20: …' (a time between name and colon)
_COMMENT_TIME = r"(?:\s[–—-]\s\d{1,2}[:.h]\d{2})?"
_COMMENT_HEAD_RE = re.compile(r"^(\S{2,30}|\S{1,20} \S{1,20})" + _COMMENT_TIME + r"\s?(?::|\s·\s)\s*\S")
_HANDLE_RE = re.compile(r"(?=.*[^\W\d_])[\w.-]*_[\w.-]*|[\w.]*[a-z]\d{2,}")  # not 'Covid-19', 'COP29'
_BARE_INITIAL_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+ [A-ZÀ-ÖØ-Þ]")  # 'Mick T'
_NAME_AND_INITIAL_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)? [A-ZÀ-ÖØ-Þ]\.|"
                                  r"(?!M\.)[A-ZÀ-ÖØ-Þ]\. [A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?")
# Once in a run of comments, any short name before a colon: 'Mme Sery : Et les grossistes ?'
_LABEL_HEAD_RE = re.compile(r"^[^\s:]{1,20}(?: [^\s:]{1,20}){0,2}" + _COMMENT_TIME + r"\s?:\s\S")
_COMMENT_GAP = 3  # lines between two comments of one run, or after the comment form
_INTERVIEW_LABEL_RE = re.compile(r"^(?:Q|A|F|R|P|V|Frage|Antwort|Question|Réponse|Pregunta|Respuesta|Domanda|Risposta|"
                                 r"Pergunta|Resposta|Vraag|Antwoord|Interviewer)\s?:", re.IGNORECASE)


def is_reader_comment(line: str) -> bool:
    """'Nadia F. · il y a 5 h — Enfin!', 'Kader_225 : Dix ans c'est peu.': a commenter's name opens it
    ('Mick T: …' without the initial's period only after a given name: 'Phase A:', 'Plan B:' are none)."""
    head = _COMMENT_HEAD_RE.match(line)
    if head is None:
        return False
    name = head.group(1)
    if _HANDLE_RE.fullmatch(name) or _NAME_AND_INITIAL_RE.fullmatch(name):
        return True
    return _BARE_INITIAL_RE.fullmatch(name) is not None and is_given_name(name.split()[0], load_given_names())


def _drop_reader_comments(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """Readers' comments after the body's start: two or more commenter-led lines close together,
    or one just after a comment form line ('Publier le commentaire', 'Dejá tu comentario'). Within
    such a run, a line led by any short name and a colon is a comment too. A Q&A's names are
    full names, and stay."""
    first_body = next((index for index, line in kept if is_body_paragraph(line)), None)
    if first_body is None:
        return kept
    heads = [index for index, line in kept if index > first_body and is_reader_comment(line)]
    if not heads:
        return kept
    forms = [index for index, _, reason in removed if reason == "comment_form"]
    dropped = {index for position, index in enumerate(heads)
               if (position > 0 and index - heads[position - 1] <= _COMMENT_GAP)
               or (position + 1 < len(heads) and heads[position + 1] - index <= _COMMENT_GAP)
               or any(0 < index - form <= _COMMENT_GAP for form in forms)}
    if not dropped or any(min(dropped) < index < max(dropped) and _INTERVIEW_LABEL_RE.match(line)
                          for index, line in kept):
        return kept  # questions between the answers: an interview ('Q: …' / 'Sarah K.: …')
    previous = None
    for index, line in kept:  # a labelled line right after a comment continues the run
        if previous in dropped and index not in dropped and _LABEL_HEAD_RE.match(line):
            dropped.add(index)
        previous = index
    return _without(kept, removed, dropped, "reader_comment")


# Furniture that does not sit inside a body's text (teasers, captions and ad labels do).
_PAGE_FURNITURE_REASONS = frozenset({"comment_form", "rail", "newsletter", "footer", "copyright", "subscription", "login",
                                     "navigation", "share", "search", "consent", "cookie", "widget"})
# (a comment's head; a 'Reply' repeated under each comment, or learned as the site's; an ad's label)
_TAIL_FURNITURE_REASONS = _PAGE_FURNITURE_REASONS | {"related", "reader_comment", "update_stamp", "repeat", "other",
                                                     "page_furniture", "advertisement", "site_furniture", "masthead"}
_ARTICLE_END_REASONS = frozenset({"copyright", "agency_credit", "comment_form", "newsletter", "footer"})
_SANDWICH_MAX_LINES, _SANDWICH_MAX_WORDS, _SHARE_BUTTON_MAX_WORDS = 3, 20, 2
_TAIL_MAX_LINES, _TAIL_MAX_WORDS = 8, 60


def _drop_sandwiched(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """After the body's start, up to three short lines between two lines of page furniture (share
    buttons, comment forms, footers; not teasers, captions or ad labels, found inside bodies) are
    furniture too: a comment policy under 'Comments (23)', a regulator's line among footer links."""
    bodies = [index for index, line in kept if is_body_paragraph(line)]
    if not bodies:
        return kept
    first_body = bodies[0]
    # (of the long paragraphs: a reader's comment or a tip line is a sentence of some length too)
    last_body = max((index for index, line in kept if len(line.split()) >= _BODY_MIN_WORDS), default=bodies[-1])
    reason_at = {index: reason for index, _, reason in removed}
    # Where the article has ended: its copyright, agency or comments line after the last paragraph.
    ended = min((index for index, reason in reason_at.items() if index > last_body and reason in _ARTICLE_END_REASONS),
                default=None)
    line_at = dict(kept)
    dropped: set[int] = set()
    for run, above, below in _kept_runs(kept, reason_at):
        # (once the article has ended, lists of related stories are the page's too: 'Finden' under a
        # pharmacy finder, 'Kommentare sind deaktiviert' under 'Mehr aus der Altmark'; before, a short
        # paragraph between two teasers is the article's)
        # (and readers' comments between their heads and the comment form, a few sentences each)
        after_end = ended is not None and run[0] > ended
        furniture = _TAIL_FURNITURE_REASONS if after_end else _PAGE_FURNITURE_REASONS
        max_lines, max_words = (_TAIL_MAX_LINES, _TAIL_MAX_WORDS) if after_end else (_SANDWICH_MAX_LINES, _SANDWICH_MAX_WORDS)
        if above in furniture and below in furniture and run[0] > first_body \
                and len(run) <= max_lines and all(len(line_at[i].split()) <= max_words for i in run):
            dropped.update(run)
    return _without(kept, removed, dropped, "page_furniture")


def _drop_share_buttons(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """A word or two right after share buttons is one more button ('Bewaar' after 'Deel dit
    artikel', 'Courriel' after 'Facebook'). (Before the captions are found: a caption's credit may
    follow such a button.)"""
    reason_at = {index: reason for index, _, reason in removed}
    line_at = dict(kept)
    dropped = {run[0] for run, above, _ in _kept_runs(kept, reason_at) if above == "share"
               and len(line_at[run[0]].split()) <= _SHARE_BUTTON_MAX_WORDS and not _SENTENCE_END_RE.search(line_at[run[0]])}
    return _without(kept, removed, dropped, "share")


def _kept_runs(kept: Sequence[tuple[int, str]], reason_at: dict[int, str]) -> Iterator[tuple[list[int], Optional[str], Optional[str]]]:
    """(line indices of a run of kept lines adjacent on the page, the reason of the removed line
    above it, of the one below it), None at the page's edges."""
    order = sorted([*reason_at, *(index for index, _ in kept)])
    run: list[int] = []
    above = None
    for index in order:
        if index in reason_at:
            if run:
                yield run, above, reason_at[index]
            run, above = [], reason_at[index]
        else:
            run.append(index)
    if run:
        yield run, above, None


_CAPTION_MAX_WORDS, _LEAD_CAPTION_MAX_WORDS, _CREDIT_MAX_WORDS = 25, 40, 8
# (share bars, reading time, 'listen to this article')
_ABOVE_LEAD_PICTURE_REASONS = _META_REASONS | {"share", "navigation", "other", "media"}


# 'Corumbá (MS) – O fogo …': a place and its state or province in brackets, then a dash.
_PLACE_AND_REGION_DATELINE_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w'’.-]+){0,3}\s\([A-Z]{2,6}\)\s?[-–—]\s")


def opens_with_dateline(line: str) -> bool:
    """Whether a paragraph opens with a wire's dateline: 'Wien (APA) – …', 'Guimarães, 28 out 2026
    (Lusa) – …', 'Bologna, 14 marzo 2025 - …', 'Corumbá (MS) – …'."""
    normalized = normalize_line(line)
    return any(pattern.match(normalized) for pattern in (_LEAD_AGENCY_RE, _LEAD_SOURCE_RE, _LEAD_DATELINE_RE,
                                                         _PLACE_AND_REGION_DATELINE_RE))


def _drop_captions(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """A picture's caption on its own line, its credit on the next ('Photo: Sandrine Vuagniaux')
    or the one before: one short sentence right after a finished sentence (the standfirst or a
    paragraph) or that sentence and the credit, or one sentence and the credit under the byline,
    dates or share buttons (the lead picture's). A line right after the headline is the standfirst,
    whose picture has no caption, and stays."""
    credits = {index for index, line, reason in removed
               if reason == "caption_credit" and len(line.split()) <= _CREDIT_MAX_WORDS}
    if not credits:
        return kept
    last_body = max((position for position, (_, line) in enumerate(kept) if is_body_paragraph(line)), default=-1)
    reason_at = {index: reason for index, _, reason in removed}
    dropped = set()
    for position, (index, line) in enumerate(kept):
        if index + 1 in credits and reason_at.get(index - 1) in _ABOVE_LEAD_PICTURE_REASONS and position < last_body \
                and len(line.split()) <= _LEAD_CAPTION_MAX_WORDS and len(_INNER_SENTENCE_END_RE.findall(line)) <= 1:
            # the lead picture's caption, under the byline, dates or share buttons, over its credit
            # (two sentences at most: 'Florian … im Matscher Tal. Im nächsten Sommer bleiben die Tiere …')
            dropped.add(index)
            continue
        if len(line.split()) > _CAPTION_MAX_WORDS or _INNER_SENTENCE_END_RE.search(line):
            continue  # elsewhere a caption is one short sentence
        # (a paragraph before it, not a headline ending with '?'; and the text goes on after the
        # credit: the last short paragraph before a closing credit is the article's)
        credit_next = index + 1 in credits and kept[position - 1][0] == index - 1
        # (a credit above: then not a paragraph the text goes on from, as the first one under the
        # lead picture's credit)
        # (or the next paragraph opens with the wire's dateline: the lead starts there, not here)
        credit_before = index - 1 in credits and (kept[position - 1][0] == index - 2 and not (
            position + 1 < len(kept) and kept[position + 1][0] == index + 1 and is_body_paragraph(kept[position + 1][1]))
            or position + 1 < len(kept) and opens_with_dateline(kept[position + 1][1]))
        if ((credit_next or credit_before) and 0 < position < last_body
                and is_body_paragraph(kept[position - 1][1]) and _SENTENCE_END_RE.search(kept[position - 1][1])):
            dropped.add(index)
    return _without(kept, removed, dropped, "caption")


def words_of(line: str) -> str:
    """The line's words, case-folded, single-spaced: '© Mercados al Día. Todos…' -> 'mercados al día todos …'."""
    return " ".join(_WORD_RE.findall(line.casefold()))


def _drop_teasers(kept: list[tuple[int, str]], removed: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """A paragraph ending in an ellipsis whose words all occur, in order, elsewhere in the
    article is a teaser (the lead repeated and truncated, seed 002): the full text stays."""
    candidates = [i for i, (_, line) in enumerate(kept) if _ELLIPSIS_RE.search(line) and len(line.split()) >= 8]
    if not candidates:
        return kept
    dropped = set()
    for position in candidates:
        words = _ELLIPSIS_RE.sub("", kept[position][1]).split()[:-1]  # the last word may be cut
        key = content_key(" ".join(words))
        if len(key) < 30:
            continue
        rest = "".join(content_key(line) for i, (_, line) in enumerate(kept) if i != position and i not in dropped)
        if key in rest:
            dropped.add(position)
    for position in dropped:
        index, line = kept[position]
        removed.append((index, line, "teaser"))
    return [item for i, item in enumerate(kept) if i not in dropped]


def clean_article(article: Article, count: CountFn = no_count, lexicon: Optional[Lexicon] = None,
                  site_furniture: frozenset[str] = frozenset()) -> Article:
    """Fills ``text``, ``removed_*`` and the metadata the furniture carried (input fields win)."""
    cleaned = strip_boilerplate(article.raw_text, lexicon or load_lexicon(), count, site_furniture)
    article.text = cleaned.text
    article.removed_lines = cleaned.removed_lines
    article.removed_reasons = cleaned.removed_reasons
    article.title = article.title or cleaned.title
    article.published = article.published or cleaned.published
    article.agency = article.agency or cleaned.agency
    article.byline = article.byline or cleaned.byline
    count("articles", 1)
    return article


# ------------------------------------------------------------ furniture learned per site

def site_of(article: Article) -> str:
    """The site an article belongs to: its ``source``, else its URL's host, else its input folder."""
    if article.source:
        return article.source.strip().casefold()
    if article.url:
        host = (urlparse(article.url).hostname or "").casefold()
        if host:
            return host[4:] if host.startswith("www.") else host
    if article.input_path:
        return article.input_path.rsplit("/", 1)[0] if "/" in article.input_path else ""
    return ""


def story_key(lines: list[str], long_words: int = 25) -> str:
    """One min-hash over the article's long paragraphs: copies and updates of one story (which
    share most of them) usually get the same key, unrelated stories different ones. Furniture
    lines are short, so they do not take part."""
    keys = [content_key(line) for line in lines if line.count(" ") + 1 >= long_words]
    if not keys:
        keys = [content_key(" ".join(lines))]
    return min(hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest() for key in keys)


def furniture_votes(article: Article, max_words: int) -> list[tuple[tuple[str, str], str]]:
    """((site, line key), story key) for each distinct short line of an article."""
    text = article.raw_text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    story = story_key(lines)
    site = site_of(article)
    keys = {content_key(line) for line in lines if line.count(" ") + 1 <= max_words}
    return [((site, key), story) for key in sorted(keys) if len(key) >= 4]


def furniture_from_votes(votes: Iterable[tuple[tuple[str, str], str]], min_stories: int) -> dict[str, frozenset[str]]:
    """The in-memory equivalent of ``LearnSiteFurniture`` (for benchmarks and tests)."""
    stories: dict[tuple[str, str], set[str]] = {}
    for site_line, story in votes:
        stories.setdefault(site_line, set()).add(story)
    furniture: dict[str, set[str]] = {}
    for (site, key), seen in stories.items():
        if len(seen) >= min_stories:
            furniture.setdefault(site, set()).add(key)
    return {site: frozenset(keys) for site, keys in furniture.items()}


class DistinctUpTo(beam.CombineFn):
    """Up to ``limit`` distinct values (the smallest ones): enough to tell whether a key has at
    least ``limit`` of them, in one combine instead of a Distinct and a count (one shuffle less)."""

    def __init__(self, limit: int):
        self.limit = limit

    def create_accumulator(self) -> frozenset:
        return frozenset()

    def add_input(self, seen: frozenset, value) -> frozenset:
        return seen if value in seen else self._capped(seen | {value})

    def merge_accumulators(self, accumulators) -> frozenset:
        return self._capped(frozenset().union(*accumulators))

    def extract_output(self, seen: frozenset) -> frozenset:
        return seen

    def _capped(self, values: frozenset) -> frozenset:
        return values if len(values) <= self.limit else frozenset(sorted(values)[:self.limit])


class LearnSiteFurniture(beam.PTransform):
    """Articles -> (site, line key) of the short lines found in at least ``min_stories`` unrelated
    stories of one site. Counting is a combiner: nothing is collected on one worker."""

    def __init__(self, min_stories: int = 3, max_words: int = 40):
        super().__init__()
        self.min_stories = min_stories
        self.max_words = max_words

    def expand(self, articles):
        max_words, min_stories = self.max_words, self.min_stories
        return (
            articles
            | "Votes" >> beam.FlatMap(furniture_votes, max_words)
            | "StoriesPerLine" >> beam.CombinePerKey(DistinctUpTo(min_stories))
            | "Frequent" >> beam.Filter(lambda stories: len(stories[1]) >= min_stories)
            | "BySite" >> beam.Map(lambda stories: stories[0])
        )


def clean_with_site_furniture(article: Article, count: CountFn, furniture: Callable[[str], frozenset[str]]) -> Article:
    """``furniture``: site -> the ``content_key`` of the lines learned as its furniture."""
    return clean_article(article, count, site_furniture=furniture(site_of(article)))


class CleanWithSiteFurnitureFn(ArticleStageFn):
    """The boilerplate stage with furniture learned per site: each worker looks up a site's lines
    once per window, then keeps them (at most ``MAX_SITES_AT_HAND`` sites). Each lookup in a
    multimap side input is a round trip to the runner (Beam's portable runners bulk-read only maps
    of up to 100 keys); one per article kept the workers waiting a tenth of the stage's time.

    A batch side input is final: the lines are kept across bundles. In a streaming job a window's
    side input changes with each late pane (``streaming=True``): they are kept for one bundle, the
    span over which a runner serves one state of the side input."""

    def __init__(self, streaming: bool = False):
        super().__init__("boilerplate", clean_with_site_furniture)
        self.streaming = streaming

    def setup(self):
        super().setup()
        self._at_hand: dict[tuple[Any, str], frozenset[str]] = {}

    def start_bundle(self):
        if self.streaming:
            self._at_hand.clear()

    def process(self, article: Article, window=beam.DoFn.WindowParam, **side_inputs):
        at_hand, furniture = self._at_hand, side_inputs["furniture"]

        def lookup(site: str) -> frozenset[str]:
            lines = at_hand.get((window, site))
            if lines is None:
                if len(at_hand) >= MAX_SITES_AT_HAND:
                    at_hand.clear()
                lines = at_hand[window, site] = frozenset(furniture[site])  # a side input is fixed per window
            return lines

        return super().process(article, furniture=lookup)


class StripBoilerplate(beam.PTransform):
    """Articles -> articles with ``text`` cleaned; outputs ``.articles`` and ``.rejects``.

    With ``min_site_stories`` > 0, lines learned as furniture of the article's site (see
    ``LearnSiteFurniture``) are removed too, with the reason ``site_furniture``. ``learn_from``:
    the articles to learn from, when the same articles are at hand earlier than the input (before
    a reshuffle), so that cleaning need not wait for a pass over its own input. ``furniture_windowing``:
    in a streaming job, the articles' windows with accumulating panes (``fixed_windows(...,
    accumulating=True)``), so that a late pane's furniture counts the window's earlier stories too
    (on most runners each firing of a side input replaces the last); the lines are then read
    again in each bundle."""

    def __init__(self, min_site_stories: int = 3, max_furniture_words: int = 40, learn_from=None,
                 furniture_windowing: Optional[beam.WindowInto] = None):
        super().__init__()
        self.min_site_stories = min_site_stories
        self.max_furniture_words = max_furniture_words
        self.learn_from = learn_from
        self.furniture_windowing = furniture_windowing

    def expand(self, articles):
        if self.min_site_stories <= 0:
            return apply_stage(articles, "boilerplate", clean_article)
        learn_from = articles if self.learn_from is None else self.learn_from
        streaming = self.furniture_windowing is not None
        if streaming:
            learn_from = learn_from | "AccumulatingPanes" >> self.furniture_windowing
        furniture = learn_from | "LearnSiteFurniture" >> LearnSiteFurniture(self.min_site_stories,
                                                                             self.max_furniture_words)
        outputs = articles | beam.ParDo(CleanWithSiteFurnitureFn(streaming),
                                        furniture=beam.pvalue.AsMultiMap(furniture)).with_outputs(REJECTS, main="articles")
        return StageOutputs(outputs.articles, outputs[REJECTS])
