"""``transforms.regex_compile``: spaCy's long tokenizer regexes compiled quicker, to the same patterns."""
import os
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transforms.regex_compile as regex_compile
from transforms.regex_compile import (LONG_CLASS_CHARS, LONG_PATTERN_CHARS, charsets_compiled_once, literal_unicode_escapes,
                                      parse_classes_once)

ROOT = Path(__file__).resolve().parent.parent
COMPILER = getattr(re, "_compiler", None) or sys.modules["sre_compile"]  # its compile() skips re's cache
PARSER = getattr(COMPILER, "_parser", None) or sys.modules["sre_parse"]


def french_token_match():
    from spacy.lang.fr.tokenizer_exceptions import TOKEN_MATCH

    return TOKEN_MATCH.__self__


def compiled(tree, flags=0):
    """What ``re`` makes of a parsed pattern: its code, flags and groups."""
    return COMPILER._code(tree, flags), tree.state.flags, tree.state.groups, dict(tree.state.groupdict)


def test_charsets_compiled_once_compile_the_same_patterns(monkeypatch):
    parsed = []  # the length of each text re's parser reads
    monkeypatch.setattr(PARSER, "parse", lambda text, *args, original=PARSER.parse: parsed.append(len(text))
                        or original(text, *args))
    french = french_token_match()  # long: each class parsed once, escapes rewritten
    patterns = [(french.pattern, french.flags), ("(?i)[a-zà-ÿ]+-[A-ZÀ-Þ]+|[^\\W\\d_]{2}", 0),
                ("[ǅǈ]+|(?i:[ßẞ])|[^aeiou]", re.ASCII | re.IGNORECASE), (b"(?i)[a-z]+", 0)]
    expected = [COMPILER.compile(pattern, flags) for pattern, flags in patterns]
    assert max(parsed) == len(french.pattern)
    original = COMPILER._optimize_charset, PARSER.parse
    parsed.clear()
    with charsets_compiled_once():
        assert COMPILER._optimize_charset is not original[0] and PARSER.parse is not original[1]
        memoized = [COMPILER.compile(pattern, flags) for pattern, flags in patterns]
        again = [COMPILER.compile(pattern, flags) for pattern, flags in patterns]  # from the memos
    assert (COMPILER._optimize_charset, PARSER.parse) == original
    assert memoized == expected and again == expected  # Pattern equality compares the pattern, flags and code
    assert again[0].pattern == french.pattern
    # the speed-up holds: the three letter classes parsed once, the rest read with them left out
    assert max(parsed) < len(french.pattern) // 20 and len(parsed) == 3 + 2 + 2 * (len(patterns) - 1)
    assert bool(again[0].match("saut-de-ski")) and not again[0].match("chat")


def test_french_token_match_parsed_with_its_classes_once_compiles_to_the_same_code():
    from spacy.lang.fr import tokenizer_exceptions

    pattern = "(?iu)" + "|".join(f"(?:{m})" for m in tokenizer_exceptions._regular_exp)  # as spaCy builds it
    assert tokenizer_exceptions.TOKEN_MATCH.__self__.pattern in (pattern, literal_unicode_escapes(pattern))
    class_memo = {}
    with charsets_compiled_once():  # the charset memo only, for a pattern parsed directly: quicker
        expected = compiled(PARSER.parse(pattern))
        assert compiled(parse_classes_once(pattern, PARSER.parse, PARSER, class_memo)) == expected
    assert len(class_memo) == 3 and all(len(text) >= LONG_CLASS_CHARS for text in class_memo)


def test_literal_escapes_only_for_non_ascii_characters():
    assert literal_unicode_escapes("[\\u00e0-\\u00FF]+\\u002e\\U0001F600") == "[à-ÿ]+\\u002e\\U0001F600"
    for unchanged in ("\\\\u00e9 \\u00e9", "\\u00e \\u00e9", "sans échappement", "(?P<caf\\u00e9>x)\\u00e9"):
        assert literal_unicode_escapes(unchanged) == unchanged


def _code_or_error(parse, pattern):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # re's warning on "[[" (a possible nested set)
        try:
            return compiled(parse(pattern))
        except re.error as error:
            return f"error: {error}"  # its message holds its position


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "\\u00e9", "\\u00E0-\\u00FF", "\\u0041", "\\u002e", "\\U0001F600", "\\\\",
                                 "\\\\u00e9", "[", "]", "^", "-", "\\d", "(?i)", "|", "+", "\\u4e2d", "\\ud83d", "\\u12",
                                 "(?P<caf\\u00e9>", "(?P<g>", ")"]),
                max_size=12))
def test_literal_escapes_give_the_same_regex_or_leave_it(pieces):
    pattern = "".join(pieces)
    rewritten = literal_unicode_escapes(pattern)
    expected = _code_or_error(PARSER.parse, pattern)
    if isinstance(expected, str):  # an error: the rewritten pattern fails too (at a position of its own)
        assert isinstance(_code_or_error(PARSER.parse, rewritten), str)
    else:
        assert _code_or_error(PARSER.parse, rewritten) == expected
    assert "\\\\" not in pattern or rewritten == pattern  # after an escaped backslash, no \\u is an escape


ESCAPED_LETTERS = "".join(f"\\u{code:04x}" for code in range(0xE0, 0xF0))
LONG_CLASSES = [
    f"[{ESCAPED_LETTERS}a-z]",
    f"[à{ESCAPED_LETTERS[6:]}a-z]",  # the same items as the first, written otherwise
    f"[a-z{ESCAPED_LETTERS}]",  # the same members, another order
    f"[^{ESCAPED_LETTERS}a-z]",  # negated: left in the text
    f"[]{ESCAPED_LETTERS}\\]\\\\[-]",  # "]" first, escaped "]" and "\\", a "[" inside
    f"[\\w\\d{ESCAPED_LETTERS}]",
    f"[{'é' * LONG_CLASS_CHARS}]",  # one member: the parser makes it a literal
    f"[{'a-z' * 22}]",  # the items of a short class: "[a-z]"
    f"[{'ab' * 40}]",  # the items of "[ab]", and of a branch "a|b" the parser makes a set
    "[" + "\\d" * 40 + "]",  # the items of the escape "\\d"
]
PIECES = ["a", "é", "\\u00e9", "[ab]", "[x]", "[^y]", "[a-z]", "\\d", "(?:a|b)", "[ba]", "|", "(?:", "(", ")", "(?P<g>", "(?P=g)", "(?=", "(?!", "(?<=",
          "(?<!", "(?(1)", "(?i)", "(?i:", "+", "*", "?", "+?", "{2,3}", "^", "$", "\\[", "\\]", "\\\\", "[", "]", "#",
          "\\U00100000", "\\U0010ffff", "\U00100000", "\\b", "."] + (["(?>", "*+"] if sys.version_info >= (3, 11) else [])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES + LONG_CLASSES * 3), max_size=14))
def test_classes_parsed_once_give_the_same_regex(pieces):
    """Branches of classes and characters (merged into one set by the parser), common prefixes,
    repeats, groups, look-arounds and conditionals: the same code as ``re``'s own parse, or the same error."""
    pattern = "".join(pieces)
    class_memo = {}
    mine = _code_or_error(lambda text: parse_classes_once(text, PARSER.parse, PARSER, class_memo), pattern)
    assert mine == _code_or_error(PARSER.parse, pattern)
    again = _code_or_error(lambda text: parse_classes_once(text, PARSER.parse, PARSER, class_memo), pattern)
    assert again == mine  # from the class memo


def test_classes_parsed_once_where_a_branch_becomes_one_set():
    first, same_items, other_order, negated = LONG_CLASSES[:4]
    for pattern in (f"(?:{first}|x|{same_items}|{other_order})+", f"{first}a|{same_items}b", f"(?:{negated}|x)",
                    f"(?<={first}){first}{{2}}|y"):
        class_memo = {}
        assert compiled(parse_classes_once(pattern, PARSER.parse, PARSER, class_memo)) == compiled(PARSER.parse(pattern))
        assert negated not in class_memo or class_memo[negated] is None


@pytest.mark.parametrize("pattern", [
    "(?:[a-z]x|" + "[" + "a-z" * 22 + "]y)",  # re hoists the items both alternatives start with
    "(?:[a-z]|" + "[" + "a-z" * 22 + "])",  # re: "[a-z](?:|)", not one set
    "(?:\\dx|[" + "\\d" * 40 + "]y)",
    "(?:[ab]x|[" + "ab" * 40 + "]y)",
    "(?:(?:a|b)x|[" + "ab" * 40 + "]y)",
    "(?:" + "[" + "a-z" * 22 + "]x|" + "[" + "a-z" * 22 + "]y)",  # both long: one stand-in, hoisted as re does
])
def test_classes_whose_items_another_item_shares_give_the_same_regex(pattern):
    """The parser hoists an item every alternative starts with, comparing items: a long class and a
    short class, an escape or a merged set with the same items are one prefix to it."""
    assert compiled(parse_classes_once(pattern, PARSER.parse, PARSER, {})) == compiled(PARSER.parse(pattern))


@pytest.mark.parametrize("pattern", ["(a)(?(\\u0661)b|c)", "(a)(?(\\u00a01)b|c)",  # a group name is read as written
                                     "[" + "a-z" * 22 + "](x", "(?P<1>x)[z-a" + "b" * 70 + "]"])
def test_errors_are_re_s_own(pattern):
    pattern += "q" * LONG_PATTERN_CHARS  # long: read with the classes once and the escapes rewritten
    with pytest.raises(re.error) as expected:
        COMPILER.compile(pattern, 0)
    with charsets_compiled_once(), pytest.raises(re.error) as raised:
        COMPILER.compile(pattern, 0)
    assert str(raised.value) == str(expected.value) and raised.value.pattern == pattern


def test_debug_output_is_re_s_own(capsys):
    pattern = "[" + "a-z" * 22 + "]+" + "q" * LONG_PATTERN_CHARS
    COMPILER.compile(pattern, re.DEBUG)
    expected = capsys.readouterr().out
    with charsets_compiled_once():
        COMPILER.compile(pattern, re.DEBUG)
    assert capsys.readouterr().out == expected and "RANGE" in expected


def test_without_the_private_functions_nothing_changes(monkeypatch):
    monkeypatch.delattr(COMPILER, "_optimize_charset")  # as on a Python whose compiler has none
    original_parse = PARSER.parse
    with charsets_compiled_once():
        assert PARSER.parse is original_parse
        assert COMPILER.compile("abc", 0) == re.compile("abc")  # a literal: compiled without the function


def test_stand_ins_are_never_a_pattern_s_own_characters():
    pattern = f"{LONG_CLASSES[0]}\U00100000"  # the first stand-in, in the pattern itself
    assert compiled(parse_classes_once(pattern, PARSER.parse, PARSER, {})) == compiled(PARSER.parse(pattern))
    assert regex_compile._FIRST_STAND_IN == 0x100000


# ------------------------------------------------------------------ patterns compiled by make install

VARIED_PATTERNS = [
    (r"(?P<day>\d{1,2})\s(?P<month>janv|févr)\.?\s(\d{4})", 0), (r"(?i)\bselon\b", 0), ("^Par [A-ZÀ-Þ]\\w+$", re.M),
    (r"(?<![\w'’-])(?:M\.|Mme)\s(?=[A-Z])", re.IGNORECASE | re.UNICODE), (rb"[\x00-\x08]", 0), ("a|b", re.ASCII),
    ("[^\\W\\d_]{2,}(?:-[^\\W\\d_]+)*", 0), ("(?x) a  b  # comment\n c", 0),
]


def _recorded(patterns):
    return regex_compile.record_compiled_patterns(lambda: [re.compile(pattern, flags) for pattern, flags in patterns])


def test_prebuilt_patterns_are_the_patterns_re_compiles(monkeypatch):
    table = _recorded(VARIED_PATTERNS)
    assert len(table) == len(VARIED_PATTERNS)
    expected = [COMPILER.compile(pattern, flags) for pattern, flags in VARIED_PATTERNS]
    compiled_as_before = []
    monkeypatch.setattr(COMPILER, "compile", regex_compile.prebuilt_compile(
        table, lambda pattern, flags=0: compiled_as_before.append(pattern) or expected[0]))
    re.purge()
    prebuilt = [re.compile(pattern, flags) for pattern, flags in VARIED_PATTERNS]
    assert prebuilt == expected and not compiled_as_before  # the pattern, flags and code, none compiled
    assert [p.groupindex for p in prebuilt] == [p.groupindex for p in expected]
    assert prebuilt[0].match("12 févr. 2024").group("month") == "févr"
    assert re.compile("(?i)\\bpour\\b") and compiled_as_before == ["(?i)\\bpour\\b"]  # not held: compiled
    re.purge()


def test_a_pattern_s_key_is_its_type_text_and_flags():
    key = regex_compile.pattern_key
    assert key("a|b", 0) == key("a|b", 0) != key("a|b", re.I) != key(b"a|b", re.I) != key("b|a", re.I)


def test_code_the_engine_refuses_is_compiled_as_before(monkeypatch):
    table = _recorded([("(a)(b)", 0)])
    [(key, (flags, code, groups, groupindex, indexgroup))] = table.items()
    table[key] = (flags, code[:-4] + b"\xff\xff\xff\x7f", groups, groupindex, indexgroup)  # damaged
    monkeypatch.setattr(COMPILER, "compile", regex_compile.prebuilt_compile(table, COMPILER.compile))
    re.purge()
    assert re.compile("(a)(b)").match("ab").groups() == ("a", "b")
    re.purge()


def test_recorded_code_must_rebuild_the_pattern_with_its_group_names():
    [(_, code_of_b)] = _recorded([("(?P<b>x)", 0)]).items()
    rebuilt = regex_compile._from_code("(?P<a>x)", code_of_b)
    assert rebuilt == re.compile("(?P<a>x)")  # Pattern equality does not compare the groups' names
    assert not regex_compile._same_pattern(rebuilt, re.compile("(?P<a>x)"))


def test_each_thread_records_its_own_patterns():
    patterns = [(f"(?P<tag{n}>x{n})(y{'z' * (n % 7)})", 0) for n in range(400)]

    def compile_in_threads():
        threads = [threading.Thread(target=lambda part=part: [re.compile(p, f) for p, f in part])
                   for part in (patterns[k::4] for k in range(4))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    table = regex_compile.record_compiled_patterns(compile_in_threads)
    assert COMPILER._sre is regex_compile._sre and len(table) == len(patterns)
    for pattern, flags in patterns:
        assert regex_compile._same_pattern(regex_compile._from_code(pattern, table[regex_compile.pattern_key(pattern, flags)]),
                                           COMPILER.compile(pattern, flags))
    re.purge()


def test_recording_sees_past_installed_prebuilt_patterns(monkeypatch):
    table = _recorded(VARIED_PATTERNS[:2])
    monkeypatch.setattr(COMPILER, "compile", regex_compile.prebuilt_compile(table, COMPILER.compile))
    assert _recorded(VARIED_PATTERNS[:2]) == table
    assert COMPILER.compile.prebuilt_patterns is table  # put back
    re.purge()


def test_prebuilt_patterns_file_written_read_and_kept_apart_per_python(tmp_path, monkeypatch, caplog):
    table = _recorded(VARIED_PATTERNS)
    path = regex_compile.write_prebuilt_patterns(table, str(tmp_path))
    assert path == regex_compile.prebuilt_patterns_path(str(tmp_path)) and os.listdir(tmp_path) == [os.path.basename(path)]
    assert regex_compile.read_prebuilt_patterns(path) == table
    assert regex_compile.read_prebuilt_patterns(str(tmp_path / "none.marshal")) == {}
    data = open(path, "rb").read()
    with open(path, "r+b") as file:  # one byte of one pattern's code: that code would still be well formed
        file.seek(len(data) - 1000)
        file.write(bytes([data[-1000] ^ 1]))
    assert regex_compile.read_prebuilt_patterns(path) == {} and "damaged" in caplog.text
    with open(path, "r+b") as file:
        file.truncate(100)
    assert regex_compile.read_prebuilt_patterns(path) == {}
    monkeypatch.setattr(sys, "hexversion", sys.hexversion + 1)  # another Python build reads another file
    assert regex_compile.prebuilt_patterns_path(str(tmp_path)) != path


def _compiled_in_a_new_process(code: str, hash_seed: str) -> str:
    environment = dict(os.environ, PYTHONHASHSEED=hash_seed)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                          check=True).stdout


def test_make_install_s_patterns_cover_the_project_s_modules_and_lexicons(tmp_path):
    """``python -m pipelines.prebuild`` in one process; in another, with other str hashes (patterns
    built from sets must come out the same), importing the stages and loading every language's
    lexicons compiles no regex: each is a prebuilt one."""
    subprocess.run([sys.executable, "-m", "pipelines.prebuild", str(tmp_path)], cwd=ROOT, check=True,
                   env=dict(os.environ, PYTHONHASHSEED="1"), capture_output=True)
    [path] = tmp_path.iterdir()
    for hash_seed in ("2", "3"):  # a set of two words of one length orders alike under one seed in two
        held, missed = _patterns_held_and_missed(path, hash_seed)
        assert held > 300 and missed == "[]"


def _patterns_held_and_missed(path, hash_seed: str) -> tuple[int, str]:
    out = _compiled_in_a_new_process(f"""
import re
compiled = []
as_before = re._compiler.compile
re._compiler.compile = lambda pattern, flags=0: compiled.append(pattern) or as_before(pattern, flags)
from transforms.regex_compile import use_prebuilt_patterns
held = use_prebuilt_patterns({str(path)!r})
assert use_prebuilt_patterns({str(path)!r}) == held  # once per process
import apache_beam, spacy
compiled.clear()
import transforms.boilerplate, transforms.quotes, transforms.language, transforms.entities, transforms.gazetteer
from transforms.entities import DEFAULT_MODELS
transforms.boilerplate.load_lexicon()
for language in DEFAULT_MODELS:
    transforms.quotes.load_cue_lexicon(language), transforms.gazetteer.load_places(language)
print(held, [pattern[:60] for pattern in compiled])
""", hash_seed)
    held, missed = out.split(" ", 1)
    return int(held), missed.strip()


def test_the_prebuild_runs_without_seeds(tmp_path, monkeypatch):
    """An install without seeds/ still prebuilds what it can (imports, graph, models): make install
    must not fail on it."""
    import pipelines.prebuild as prebuild

    monkeypatch.setattr(prebuild, "SEEDS_DIR", tmp_path)
    assert len(regex_compile.record_compiled_patterns(prebuild.compile_like_a_run)) > 0
    re.purge()
