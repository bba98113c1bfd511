"""Compiling regexes in a fraction of the time ``re`` takes: spaCy's huge tokenizer regexes
(``charsets_compiled_once``), and every pattern a local run compiles, compiled by ``make install``
(``use_prebuilt_patterns``).

spaCy's French tokenizer exceptions are one case-insensitive regex of 1.45 MB: about 480 copies of
the same three Unicode letter classes, written with 209,000 ``\\uXXXX`` escapes. ``re`` reads and
folds each copy anew, in Python, every time a process imports ``spacy.lang.fr`` (on the local
runner, on the fork server's path before the first worker starts). While the context is open,
``re`` does the same work once per distinct class and gives the same compiled pattern (``re.Pattern``
equality compares the pattern, the flags and the code; tested). Only Python's private parser and
compiler functions are wrapped (3.10-3.13); on a Python without them, nothing changes.

Even so, a local run's processes spent ~0.4 CPU s each compiling the patterns of Beam, spaCy, the
model's tokenizer, this project's modules and its boilerplate lexicon, a quarter of the fork
server's path before the first worker starts. ``make install`` records the code ``re`` makes of each
(``python -m pipelines.prebuild``), and a process that calls ``use_prebuilt_patterns`` first hands
that code to ``re``'s engine instead of compiling the pattern again: the same ``re.Pattern``.
"""
from __future__ import annotations

import array
import contextlib
import hashlib
import logging
import marshal
import os
import re
import sys
import threading
import uuid
from typing import Any, Callable, Iterator, Optional

try:
    import _sre  # re's engine, which takes the compiled code (CPython)
except ImportError:  # another Python: patterns compile as usual
    _sre = None

LOG = logging.getLogger(__name__)

# Patterns from this length on are read with their escapes rewritten and each distinct long
# character class parsed once (``charsets_compiled_once``).
LONG_PATTERN_CHARS = 100_000
# Character classes from this length on are parsed once per pattern text (``parse_classes_once``).
LONG_CLASS_CHARS = 64
_FOUR_HEX_DIGITS = re.compile("[0-9a-fA-F]{4}")
# An escape outside a class (``\\[`` is no class), or a whole class: ``]`` first in it is a member.
ESCAPE_OR_CLASS_RE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]", re.DOTALL)
# Stand-ins for the long classes while the rest of a pattern is parsed: private-use code points
# from U+100000, used only where the pattern holds none of them (nor a ``\\U0010`` escape).
_FIRST_STAND_IN = 0x100000
_LAST_STAND_IN = 0x10FFFF
# The Pythons whose parse trees ``_put_classes_back`` knows (their opcodes; tested on each).
_PUT_BACK_PYTHONS = ((3, 10), (3, 13))
_LOCK = threading.Lock()
_COMPILER = getattr(re, "_compiler", None) or sys.modules.get("sre_compile")  # 3.11+ / 3.10
_COMPILE = getattr(_COMPILER, "compile", None)  # re's own, whatever is installed in its place later
# Where ``make install`` writes the patterns' code (``write_prebuilt_patterns``), one file per Python
# build and engine: another Python never reads it.
PREBUILT_DIRECTORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prebuilt", "regex")
PREBUILT_FORMAT = 2
# The array type of the engine's code words (``_sre.CODESIZE`` bytes each).
_CODE_TYPE = next((code for code in "BHILQ" if _sre and array.array(code).itemsize == _sre.CODESIZE), None)
_INSTALL_LOCK = threading.Lock()
_RECORDING_LOCK = threading.Lock()
# A prebuilt file: this mark, a digest of the rest, then the table (marshal). The engine only
# checks that code is well formed, not that it is this pattern's: a damaged byte could make
# another pattern, so a file whose digest does not match is not read.
_FILE_MARK = b"re-prebuilt\n"
_DIGEST_BYTES = 32


@contextlib.contextmanager
def charsets_compiled_once() -> Iterator[None]:
    """While it is open, Python's ``re`` folds each distinct character class once (a memo of its
    private ``_optimize_charset``), and reads patterns of ``LONG_PATTERN_CHARS`` or more with each
    distinct long class parsed once (``parse_classes_once``) and their non-ASCII ``\\uXXXX``
    escapes written as the characters (``literal_unicode_escapes``).

    Measured on spaCy's French token-match regex, in one process: importing ``spacy.lang.fr``
    took 3.1 CPU s, 2.3 of them folding the copies of its classes; with the memo the regex
    compiles in 0.97 s, 0.46 with the escapes rewritten too, 0.07 with each class parsed once as
    well. The compiled patterns are identical, their ``pattern`` included."""
    # One patch at a time, always undone; the originals are read under the lock, so a thread
    # waiting on it never takes another thread's wrappers for them.
    with _LOCK:
        compiler = getattr(re, "_compiler", None) or sys.modules.get("sre_compile")  # 3.11+ / 3.10
        parser = getattr(compiler, "_parser", None) or sys.modules.get("sre_parse")
        original = getattr(compiler, "_optimize_charset", None)
        original_parse = getattr(parser, "parse", None)
        if original is None or original_parse is None:
            yield
            return
        memo: dict[tuple, tuple[list, bool]] = {}
        class_memo: dict[str, Optional[list]] = {}

        def optimize_charset(*args, **kwargs):
            if kwargs or len(args) != 4:  # not the call of Python 3.10-3.13's compiler: no memo
                return original(*args, **kwargs)
            charset, iscased, fixup, fixes = args
            try:
                key = (tuple(charset), iscased, fixup, id(fixes))
                if key not in memo:
                    memo[key] = original(*args)
            except TypeError:  # an unhashable item: compile it as usual
                return original(*args)
            optimized, hascased = memo[key]
            return list(optimized), hascased

        def parse(pattern, *args, **kwargs):
            if isinstance(pattern, str) and len(pattern) >= LONG_PATTERN_CHARS:
                return parse_classes_once(pattern, original_parse, parser, class_memo, *args, **kwargs)
            return original_parse(pattern, *args, **kwargs)

        compiler._optimize_charset, parser.parse = optimize_charset, parse
        try:
            yield
        finally:
            compiler._optimize_charset, parser.parse = original, original_parse


def parse_classes_once(pattern: str, parse: Callable, parser: Any, class_memo: dict[str, Optional[list]],
                       *args, **kwargs):
    """What ``parse(pattern, ...)`` returns (``re``'s private parser, ``parser`` its module), with
    each distinct character class of ``LONG_CLASS_CHARS`` or more parsed once (``class_memo``, by
    its text, across calls) and the escapes rewritten (``literal_unicode_escapes``).

    Each such class is swapped for a stand-in character, the rest is parsed, and the class's items
    are put back where the stand-in is: in place of its literal, or among the items of a set the
    parser made of a branch of single characters and classes (as it would have with the class
    itself). Two classes with the same items share a stand-in, as the parser's hoisting of common
    prefixes compares items. The pattern is parsed as before where the result could differ
    (``_put_classes_back``), where it fails (the error is ``re``'s own, at its position in the
    pattern), with ``re.DEBUG``, on a Python whose parse trees are not known here, or where it may
    hold a comment (``#``). Negated and one-member classes are left in the text (the parser
    treats them otherwise)."""
    flags = args[0] if args else kwargs.get("flags", 0)
    known_python = _PUT_BACK_PYTHONS[0] <= sys.version_info[:2] <= _PUT_BACK_PYTHONS[1]
    if (not known_python or "#" in pattern or "\\U0010" in pattern or not hasattr(parser, "_uniq")
            or (isinstance(flags, int) and flags & re.DEBUG)):
        return _parsed_rewritten(pattern, parse, *args, **kwargs)
    try:
        tree = _parsed_with_stand_ins(pattern, parse, parser, class_memo, *args, **kwargs)
    except re.error:
        return parse(pattern, *args, **kwargs)  # raises re's own error
    return _parsed_rewritten(pattern, parse, *args, **kwargs) if tree is None else tree


def _parsed_rewritten(pattern: str, parse: Callable, *args, **kwargs):
    """``parse`` of ``pattern`` with its escapes rewritten; where that fails, of ``pattern`` itself
    (``re``'s own error, at its position in the pattern as given)."""
    try:
        return parse(literal_unicode_escapes(pattern), *args, **kwargs)
    except re.error:
        return parse(pattern, *args, **kwargs)


def _parsed_with_stand_ins(pattern: str, parse: Callable, parser: Any, class_memo: dict[str, Optional[list]],
                           *args, **kwargs):
    """``parse_classes_once``'s tree, or None where it could differ from ``parse``'s own: the parser
    would have hoisted a class's items shared with a short class, an escape or a set it merged."""
    stand_ins: dict[tuple, int] = {}  # a class's items -> the code point standing in for it
    pieces, end = [], 0
    for found in ESCAPE_OR_CLASS_RE.finditer(pattern):
        text = found.group()
        if text[0] != "[" or len(text) < LONG_CLASS_CHARS:
            continue
        if text not in class_memo:
            class_memo[text] = _items_of_class(parse(literal_unicode_escapes(text)), parser)
        items = class_memo[text]
        if items is None:
            continue
        code = stand_ins.setdefault(tuple(items), _FIRST_STAND_IN + len(stand_ins))
        if code > _LAST_STAND_IN:
            return None
        pieces += [pattern[end:found.start()], chr(code)]
        end = found.end()
    if not stand_ins or any(chr(code) in pattern for code in stand_ins.values()):
        return None
    pieces.append(pattern[end:])
    tree = parse(literal_unicode_escapes("".join(pieces)), *args, **kwargs)
    return tree if _put_classes_back(tree, {code: list(items) for items, code in stand_ins.items()}, parser) else None


def _items_of_class(tree, parser) -> Optional[list]:
    """The items of a parsed class that is a set and not negated, else None."""
    if len(tree.data) != 1:
        return None
    op, items = tree.data[0]
    return items if op is parser.IN and items and items[0][0] is not parser.NEGATE else None


def _put_classes_back(tree, classes: dict[int, list], parser) -> bool:
    """Replaces, in a parsed pattern, each stand-in character with its class (``parse_classes_once``);
    False where the result could differ from the parser's own (it would have hoisted the class's
    items out of a branch: a branch whose alternatives now all start alike, or a set merged from
    alternatives that added nothing to their classes' items)."""
    repeats = {getattr(parser, name, None) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")} - {None}
    atomic = getattr(parser, "ATOMIC_GROUP", None)
    branches = []
    pending = [tree]
    while pending:
        data = pending.pop().data
        for index, (op, value) in enumerate(data):
            if op is parser.LITERAL and value in classes:
                data[index] = (parser.IN, list(classes[value]))
            elif op is parser.IN and any(kind is parser.LITERAL and item in classes for kind, item in value):
                # A class never holds a stand-in: this set is a branch the parser merged.
                merged, of_classes = [], set()
                for kind, item in value:
                    if kind is parser.LITERAL and item in classes:
                        merged += classes[item]
                        of_classes.update(classes[item])
                    else:
                        merged.append((kind, item))
                if all(item in of_classes for item in merged):
                    return False
                data[index] = (parser.IN, parser._uniq(merged))
            elif op is parser.SUBPATTERN:
                pending.append(value[-1])
            elif op is parser.BRANCH:
                pending += value[1]
                branches.append(value[1])
            elif op in repeats:
                pending.append(value[2])
            elif op is atomic:  # None before 3.11: no op is None
                pending.append(value)
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                pending.append(value[1])
            elif op is parser.GROUPREF_EXISTS:
                pending += [branch for branch in value[1:] if branch is not None]
    for alternatives in branches:  # checked once every stand-in is back
        firsts = [alternative.data[0] if len(alternative.data) else None for alternative in alternatives]
        if None not in firsts and all(first == firsts[0] for first in firsts[1:]):
            return False
    return True


def literal_unicode_escapes(pattern: str) -> str:
    """``pattern`` with each ``\\uXXXX`` escape of a non-ASCII character written as the character:
    the same regex, as no such character is special to ``re``. Unchanged when the pattern holds an
    escaped backslash (a ``\\u`` after it is no escape), a ``\\u`` without four hex digits, a
    named group or a conditional (``re`` reads no escapes in a group's name)."""
    if "\\\\" in pattern or "\\u" not in pattern or "(?P" in pattern or "(?(" in pattern:
        return pattern
    first, *rest = pattern.split("\\u")
    parts = [first]
    for part in rest:
        if not _FOUR_HEX_DIGITS.match(part):
            return pattern
        code = int(part[:4], 16)
        parts.append(chr(code) + part[4:] if code >= 0x80 else "\\u" + part)
    return "".join(parts)


# ------------------------------------------------------------------ patterns compiled by make install

# A compiled pattern as ``re``'s compiler hands it to the engine, less the pattern itself: its flags
# (with the inline ones), its code (as bytes), group count, names by group and groups by name.
PatternCode = tuple[int, bytes, int, dict, tuple]


def pattern_key(pattern, flags: int) -> tuple[bool, bytes, int]:
    """A pattern's key among the prebuilt ones: its type, a digest of its text, its flags."""
    data = pattern.encode("utf-8", "surrogatepass") if isinstance(pattern, str) else bytes(pattern)
    return isinstance(pattern, str), hashlib.blake2b(data, digest_size=16).digest(), int(flags)


def prebuilt_patterns_path(directory: str = PREBUILT_DIRECTORY) -> str:
    """The file of this Python's prebuilt patterns in ``directory``."""
    engine = f"{_sre.MAGIC}-{_sre.CODESIZE}" if _sre else "none"
    return os.path.join(directory, f"patterns-{PREBUILT_FORMAT}-{sys.implementation.cache_tag}-"
                                   f"{sys.hexversion:x}-{engine}.marshal")


def prebuilt_patterns_supported() -> bool:
    """Whether this Python's ``re`` compiles through the private functions this module knows."""
    return _sre is not None and _CODE_TYPE is not None and _COMPILE is not None and hasattr(_COMPILER, "_sre")


class _RecordingEngine(threading.local):
    """Stands in for ``_sre`` in ``re``'s compiler while patterns are recorded: keeps the code of
    the pattern this thread is compiling (``recording``), if any."""

    made: Optional[list] = None

    def __getattr__(self, name: str) -> Any:
        return getattr(_sre, name)

    def compile(self, pattern, flags, code, groups, groupindex, indexgroup):
        if self.made is not None:
            self.made.append((int(flags), array.array(_CODE_TYPE, code).tobytes(), int(groups),
                              {str(name): int(group) for name, group in dict(groupindex).items()},
                              tuple(indexgroup)))
        return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def record_compiled_patterns(work: Callable[[], Any]) -> dict[tuple, PatternCode]:
    """The code ``re`` compiles for each pattern (str or bytes, without ``re.DEBUG``) while ``work``
    runs, by ``pattern_key``; ``re``'s cache is emptied first, so that each pattern ``work`` uses is
    compiled. Each thread's patterns are its own; only code that rebuilds the very pattern ``re``
    made (its pattern, flags, code, groups and their names) is kept. One recording at a time."""
    if not prebuilt_patterns_supported():
        work()
        return {}
    table: dict[tuple, PatternCode] = {}
    engine = _RecordingEngine()

    def recording(pattern, flags=0):
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG or engine.made is not None:
            return _COMPILE(pattern, flags)
        engine.made = []
        try:
            compiled = _COMPILE(pattern, flags)
            made = engine.made
        finally:
            engine.made = None
        if len(made) == 1 and _same_pattern(_from_code(pattern, made[0]), compiled):
            table[pattern_key(pattern, flags)] = made[0]
        return compiled

    with _RECORDING_LOCK:
        installed, _COMPILER.compile, _COMPILER._sre = _COMPILER.compile, recording, engine
        re.purge()
        try:
            work()
        finally:
            _COMPILER.compile, _COMPILER._sre = installed, _sre
    return table


def _same_pattern(one, other) -> bool:
    """Pattern equality compares the pattern, the flags and the code; not the groups' names."""
    return one == other and one.groups == other.groups and one.groupindex == other.groupindex


def _from_code(pattern, code: PatternCode):
    flags, words, groups, groupindex, indexgroup = code
    return _sre.compile(pattern, flags, array.array(_CODE_TYPE, words).tolist(), groups, dict(groupindex),
                        tuple(indexgroup))


def write_prebuilt_patterns(table: dict[tuple, PatternCode], directory: str = PREBUILT_DIRECTORY) -> str:
    """Writes ``table`` (``record_compiled_patterns``) as this Python's prebuilt patterns, with a
    digest of it: a new file renamed over the last one, so a reader holds either. Its path."""
    os.makedirs(directory, exist_ok=True)
    path = prebuilt_patterns_path(directory)
    part = f"{path}.{uuid.uuid4().hex[:16]}.part"
    payload = marshal.dumps(table)
    try:
        with open(part, "wb") as file:
            file.write(_FILE_MARK + hashlib.blake2b(payload, digest_size=_DIGEST_BYTES).digest() + payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, path)
    finally:
        if os.path.exists(part):
            os.remove(part)
    return path


def read_prebuilt_patterns(path: str) -> dict[tuple, PatternCode]:
    """The table at ``path``; empty when there is none, or it is damaged or cannot be read (logged)."""
    try:
        with open(path, "rb") as file:
            data = file.read()
        head = len(_FILE_MARK) + _DIGEST_BYTES
        payload = memoryview(data)[head:]  # ~2 MB, hashed and read in place (no copies on the start's path)
        if not data.startswith(_FILE_MARK):
            raise ValueError("not a file of prebuilt patterns")
        if hashlib.blake2b(payload, digest_size=_DIGEST_BYTES).digest() != data[len(_FILE_MARK):head]:
            raise ValueError("its digest does not match: damaged")
        table = marshal.loads(payload)
        if not isinstance(table, dict):
            raise ValueError(f"a {type(table).__name__}, not a table")
        return table
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001 - a damaged file: patterns compile as usual
        LOG.warning("prebuilt patterns in %s not read (%s): compiling them (`make install` writes them again)",
                    path, exc)
        return {}


def prebuilt_compile(table: dict[tuple, PatternCode], compile_as_before: Callable) -> Callable:
    """``re``'s compiler function, taking the code of the patterns in ``table`` instead of compiling
    them; ``compile_as_before`` for the others, and for any whose code the engine refuses."""

    def compile_prebuilt(pattern, flags=0):
        if isinstance(pattern, (str, bytes)) and not flags & re.DEBUG:
            code = table.get(pattern_key(pattern, flags))
            if code is not None:
                try:
                    return _from_code(pattern, code)
                except (RuntimeError, TypeError, ValueError):  # refused: compiled as before
                    pass
        return compile_as_before(pattern, flags)

    compile_prebuilt.prebuilt_patterns = table
    return compile_prebuilt


def use_prebuilt_patterns(path: Optional[str] = None) -> int:
    """From now on, ``re`` in this process takes the code of the patterns in ``path`` (this Python's
    prebuilt patterns by default) instead of compiling them: the same ``re.Pattern`` in microseconds.
    Patterns it does not hold (edited since ``make install``, made from data) compile as before.
    Once per process; the number of patterns held (0 without the file: nothing changes)."""
    with _INSTALL_LOCK:
        if not prebuilt_patterns_supported():
            return 0
        installed = getattr(_COMPILER.compile, "prebuilt_patterns", None)
        if installed is not None:
            return len(installed)
        table = read_prebuilt_patterns(path or prebuilt_patterns_path())
        if table:
            _COMPILER.compile = prebuilt_compile(table, _COMPILER.compile)
        return len(table)
