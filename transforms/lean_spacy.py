"""Two shortcuts through work a loaded spaCy pipeline does for every word its tokenizer has not
cached; the tokens and entities stay the same (tested against the pipeline as spaCy loads it).

- **The tokenizer's exception pattern is tried only where it can match.** French's ``token_match``
  is one regex of 1.45 MB (hyphenated and elided words), tried two to four times on each chunk of
  text the cache does not hold, at ~4.6 us a try. Every one of its alternatives needs a hyphen or
  an apostrophe: on a chunk with neither the pattern cannot match, so it is not tried
  (``token_match_prefilter``, which reads the characters off the pattern's parse tree). A cache
  miss took ~24 us, ~12 us with it.
- **New words get only the lexical attributes the components read.** spaCy computes 23 of them
  (flags such as ``like_url``, ``is_stop``, in Python) for each word it meets for the first time;
  the entity recognizer and sentence splitter hash four (their configs say which), and the
  recognizer tests one flag. ``lean_lexeme_attributes`` keeps those (and the cheap LOWER and
  LANG): ~9.5 us -> ~5 us per new word.

A worker's first texts are full of words it has not met (23,000 in its first 490 articles), and
the cache (``transforms.entities.TOKENIZER_CACHE_WORDS``) leaves a few percent of a text's words
uncached for good; the two took 0.3 CPU s off the first 490 articles' tokenizing and 0.2 s off
the next 490's, of ~0.6 and ~0.5.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Optional

from transforms.literals import sre_parse  # re's own parser, as its compiler uses it
from transforms.regex_compile import charsets_compiled_once

try:
    from _sre import unicode_iscased  # re's own test of which characters ignore-case folds
except ImportError:  # another Python: no prefilter
    unicode_iscased = None

# A character class larger than this is no use as a prefilter (a letter class, a range).
MAX_REQUIRED_CHARACTERS = 64
# The components whose reading of a token is known: the lexical attributes their model's
# embedding layers hash (listed in their config), and these, read in their code (spaCy 3.x:
# no entity starts on a space token, ner.pyx; the parser's state skips spaces, _state.pxd; the
# sentencizer tests is_punct). Any other component keeps every attribute.
_READ_IN_CODE = {"ner": {"IS_SPACE"}, "beam_ner": {"IS_SPACE"}, "parser": {"IS_SPACE"}, "beam_parser": {"IS_SPACE"},
                 "senter": set(), "tok2vec": set(), "sentencizer": {"IS_PUNCT"}}
# Kept whatever the components read: cheap, and what a reader of a token expects most (the
# vocabulary's language is its LANG getter's).
_ALWAYS_KEPT = {"LANG", "LOWER"}


def required_characters(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """A few characters at least one of which is in any text ``pattern`` matches, or None when the
    pattern has no such set (an alternative that needs none of them, a class of letters...). Only
    characters ignore-case leaves as they are count, so the set holds whatever the flags."""
    if unicode_iscased is None:
        return None
    with charsets_compiled_once():  # spaCy's patterns hold long classes: parsed once each
        tree = sre_parse.parse(pattern, flags)
    if tree.state.flags & re.LOCALE:
        return None
    return _required_in_sequence(tree)


def _required_in_sequence(items: Iterable[tuple[Any, Any]]) -> Optional[frozenset[str]]:
    best: Optional[frozenset[str]] = None
    for op, argument in items:
        found = _required_in_item(str(op), argument)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _required_in_item(op: str, argument: Any) -> Optional[frozenset[str]]:
    if op == "LITERAL":
        return _uncased({chr(argument)})
    if op == "IN":
        return _uncased(_class_members(argument))
    if op == "SUBPATTERN":
        return _required_in_sequence(argument[-1])
    if op == "ATOMIC_GROUP":
        return _required_in_sequence(argument)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        least, _, body = argument
        return _required_in_sequence(body) if least >= 1 else None
    if op == "BRANCH":
        union: set[str] = set()
        for alternative in argument[1]:
            found = _required_in_sequence(alternative)
            if found is None:
                return None
            union |= found
        return frozenset(union) if len(union) <= MAX_REQUIRED_CHARACTERS else None
    return None  # anchors, lookarounds, back-references, any character: nothing required


def _class_members(items: list[tuple[Any, Any]]) -> Optional[set[str]]:
    members: set[str] = set()
    for op, argument in items:
        if str(op) == "LITERAL":
            members.add(chr(argument))
        elif str(op) == "RANGE" and argument[1] - argument[0] < MAX_REQUIRED_CHARACTERS:
            members.update(map(chr, range(argument[0], argument[1] + 1)))
        else:  # a negated class, a category (\w, \d), a long range
            return None
    return members


def _uncased(characters: Optional[set[str]]) -> Optional[frozenset[str]]:
    if not characters or len(characters) > MAX_REQUIRED_CHARACTERS:
        return None
    if any(unicode_iscased(ord(character)) for character in characters):
        return None
    return frozenset(characters)


class PrefilteredMatch:
    """A compiled pattern's ``match`` behind a test for ``required`` characters: None, without
    trying the pattern, for a text that has none of them. Saved and pickled as the pattern is:
    spaCy writes a tokenizer's ``token_match.__self__.pattern``."""

    def __init__(self, pattern: re.Pattern, required: frozenset[str]):
        self.__self__ = pattern
        self.required = required
        self._match = pattern.match
        self._holds_one = re.compile("[" + "".join(map(re.escape, sorted(required))) + "]").search

    def __call__(self, text: str):
        return self._match(text) if self._holds_one(text) else None

    def __reduce__(self):
        return PrefilteredMatch, (self.__self__, self.required)


def token_match_prefilter(token_match: Callable[[str], Any]) -> Optional[PrefilteredMatch]:
    """``token_match`` (a compiled pattern's ``match``) as a ``PrefilteredMatch`` on the characters
    it requires (``required_characters``); None when it requires no such characters, or is not a
    pattern's ``match``."""
    pattern = getattr(token_match, "__self__", None)
    if not isinstance(pattern, re.Pattern) or token_match != pattern.match:
        return None
    required = required_characters(pattern.pattern, pattern.flags)
    return None if required is None else PrefilteredMatch(pattern, required)


def attributes_read(nlp) -> Optional[set[str]]:
    """The names of the lexical attributes ``nlp``'s components read, from their configs; None when
    a component is not one whose reading is known (``_READ_IN_CODE``)."""
    names: set[str] = set()
    for name in nlp.pipe_names:
        factory = nlp.get_pipe_meta(name).factory
        if factory not in _READ_IN_CODE:
            return None
        names |= _READ_IN_CODE[factory]
        config = nlp.get_pipe_config(name)
        if "model" in config:
            embedded = _embedded_attributes(config["model"])
            if embedded is None:
                return None
            names |= embedded
    return names


def _embedded_attributes(config: Any) -> Optional[set[str]]:
    """The attributes the embedding layers in a model config hash; None for static vectors (keyed
    on an attribute of their own) or an architecture not spaCy's."""
    names: set[str] = set()
    for node in _config_nodes(config):
        architecture = node["@architectures"]
        if not architecture.startswith("spacy."):
            return None
        if node.get("include_static_vectors") or architecture.startswith("spacy.StaticVectors"):
            return None
        if architecture.startswith("spacy.MultiHashEmbed"):
            names.update(map(str, node["attrs"]))
        elif architecture.startswith("spacy.CharacterEmbed"):
            names.add(str(node.get("feature", "LOWER")))
        elif architecture.startswith("spacy.HashEmbedCNN"):  # hashes these, named in its code only
            names.update(("NORM", "PREFIX", "SUFFIX", "SHAPE"))
    return names


def _config_nodes(config: Any) -> Iterable[dict]:
    if isinstance(config, dict):
        if "@architectures" in config:
            yield config
        for value in config.values():
            yield from _config_nodes(value)


def lean_lexeme_attributes(nlp) -> bool:
    """Makes ``nlp``'s vocabulary compute, for each new word, only the lexical attributes its
    components read (``attributes_read``); True when it dropped any."""
    from spacy.attrs import IDS  # noqa: PLC0415 - spaCy is loaded by then

    names = attributes_read(nlp)
    if names is None:
        return False
    wanted = {IDS[name] for name in names | _ALWAYS_KEPT if name in IDS}
    getters = nlp.vocab.lex_attr_getters
    kept = {attribute: getter for attribute, getter in getters.items() if attribute in wanted}
    if len(kept) == len(getters):
        return False
    nlp.vocab.lex_attr_getters = kept
    return True


def make_lean(nlp) -> None:
    """Both shortcuts (module doc) on a pipeline that annotates entities and nothing else: the
    words it meets from then on lack the flags no component reads (``like_num``, ``is_stop``...:
    False), for good, so nothing else may read them, nor a component added later."""
    prefiltered = token_match_prefilter(nlp.tokenizer.token_match)  # None for a tokenizer without one
    if prefiltered is not None:
        nlp.tokenizer.token_match = prefiltered
    lean_lexeme_attributes(nlp)
