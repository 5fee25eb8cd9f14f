"""Hostile and broken input: nothing crashes, nothing unsafe is published.

Property-based tests throw random bytes and mutated records at the validator: every
outcome must be either a valid compendium or a list of positioned problems, never a
traceback. Known injection payloads must all be refused with a clear message.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compendium.check import build_compendium
from compendium.problems import CompendiumError
from compendium.text_rules import unsafe_link
from conftest import TODAY, copy_project
from test_broken_records import FOLDER, GOOD

RECORD = f"{FOLDER}/sample-case.yml"


@pytest.fixture(scope="module")
def fuzz_project():
    folder = Path(tempfile.mkdtemp())
    yield copy_project(folder / "project")
    shutil.rmtree(folder)


def outcome(project: Path, content: bytes) -> list[str]:
    """Validate a project whose sample record holds `content`: [] or the problems."""
    (project / RECORD).write_bytes(content)
    try:
        build_compendium(project, today=TODAY)
        return []
    except CompendiumError as error:
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.path.startswith("data/")
            assert "Traceback" not in problem.message
        return [str(p) for p in error.problems]


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
YAML_NOISE = st.sampled_from(
    list(":-[]{}\"'\t\n\r &*!|>#%@`,?\\\x00\x85\u2028\ufeff’é0")
    + [
        "\n  ",
        ": ",
        "- ",
        "---\n",
        "...\n",
        "!!python/object:os.system ",
        "&a ",
        "*a",
        "<<: *a",
        "2026-02-30",
        "~",
    ]
)


@FUZZ
@given(content=st.binary(max_size=2_000))
@example(content=b"\x00\x01\x02")  # control characters: PyYAML's reader raised its own error type
@example(content=b"[" * 5_000)  # deep nesting: PyYAML's composer recursed out of the stack
def test_random_bytes_never_crash_the_validator(fuzz_project, content):
    outcome(fuzz_project, content)


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(GOOD)), st.integers(0, 3), YAML_NOISE), min_size=1, max_size=6
    )
)
def test_mutated_records_never_crash_the_validator(fuzz_project, edits):
    text = GOOD
    for position, removed, inserted in edits:
        position = min(position, len(text))
        text = text[:position] + inserted + text[position + removed :]
    outcome(fuzz_project, text.encode("utf-8", "surrogatepass"))


# ----------------------------------------------------------------------------------------
# Real-world mistakes from Word and from habit


@pytest.mark.parametrize(
    ("name", "record", "expected"),
    [
        (
            "smart quotes around a value are named, not published as part of the title",
            GOOD.replace("title: Sample case", "title: “Sample case”"),
            [
                f"{RECORD}:5:8: title: “curly quotes” are part of the text in YAML, not quotes; write "
                'straight double quotes "like this" (your editor may have replaced them) or none at all'
            ],
        ),
        ("smart quotes inside a value are text", GOOD.replace("Sample case", "The “sample” case"), []),
        ("Windows line endings are accepted", GOOD.replace("\n", "\r\n"), []),
        (
            "mixed line endings are accepted",
            GOOD.replace("title: Sample case\n", "title: Sample case\r\n"),
            [],
        ),
        (
            "Markdown table pasted into a one-line value",
            GOOD.replace("summary: A short summary.", "summary: | Course | Weeks | |---|---|"),
            [
                f"{RECORD}:6:12: (file): YAML syntax: expected a comment or a line break, but found 'C'; "
                "text cannot follow `|` or `>` on the same line; start the text on the next line, "
                "indented, or put the whole value in double quotes"
            ],
        ),
        (
            "very long title",
            GOOD.replace("title: Sample case", "title: " + "Long " * 60),
            [f"{RECORD}:5:8: title: is too long (299 characters); keep it under 200"],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "",
)
def test_real_world_mistakes(fuzz_project, name, record, expected):
    assert outcome(fuzz_project, record.encode("utf-8")) == expected


def test_alias_bomb_is_refused_at_the_first_anchor(fuzz_project):
    bomb = (
        GOOD
        + "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} "
            f"[*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9)
        )
    )
    assert outcome(fuzz_project, bomb.encode()) == [
        f"{RECORD}:12:4: a: anchors and aliases (`&name`, `*name`) are not allowed; write the value out"
    ]


# ----------------------------------------------------------------------------------------
# Injection: every payload class is refused, wherever in a record it hides

HTML_REFUSED = "is not allowed; use Markdown (**bold**, lists, [links](https://...)) instead"
LINK_REFUSED = "links must start with https:// (or http://, mailto:); script and data links are refused"

PAYLOADS = [
    ("script tag", "<script>alert(1)</script>", HTML_REFUSED),
    ("event-handler attribute", '<img src=x onerror="alert(1)">', HTML_REFUSED),
    ("SVG with script", "<svg><script>alert(1)</script></svg>", HTML_REFUSED),
    ("iframe", '<iframe src="https://evil.example"></iframe>', HTML_REFUSED),
    ("HTML comment hiding markup", "<!-- <script>alert(1)</script> -->", HTML_REFUSED),
    ("anchor tag with javascript", '<a href="javascript:alert(1)">x</a>', HTML_REFUSED),
    ("autolink with javascript", "<javascript:alert(1)>", HTML_REFUSED),
    ("javascript link", "[x](javascript:alert(1))", LINK_REFUSED),
    ("mixed-case javascript link", "[x](JaVaScRiPt:alert(1))", LINK_REFUSED),
    ("entity-encoded javascript link", "[x](jav&#x61;script:alert(1))", LINK_REFUSED),
    ("decimal-entity javascript link", "[x](&#106;avascript:alert(1))", LINK_REFUSED),
    ("javascript link in angle brackets", "[x](<javascript:alert(1)>)", LINK_REFUSED),
    ("reference-style javascript link", "[x][1]\n\n[1]: javascript:alert(1)", LINK_REFUSED),
    ("vbscript link", "[x](vbscript:msgbox(1))", LINK_REFUSED),
    ("data URL link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", LINK_REFUSED),
    ("data URL image", "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", LINK_REFUSED),
]


@pytest.mark.parametrize(("name", "payload", "refusal"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
@pytest.mark.parametrize("field", ["body", "summary", "title"])
def test_injection_payload_is_refused_in_any_text_field(fuzz_project, name, payload, refusal, field):
    import json

    record = GOOD.replace("title: Sample case\n", "").replace("summary: A short summary.\n", "")
    values = {"title": "Sample case", "summary": "A short summary.", "body": "Fine."}
    values[field] = payload
    record += "".join(f"{key}: {json.dumps(value)}\n" for key, value in values.items())
    problems = outcome(fuzz_project, record.encode())
    assert problems and all("sample-case.yml:" in p and f": {field}: " in p for p in problems), problems
    # A title is one line: a payload that needs two is refused for that first.
    one_line = field == "title" and "\n" in payload
    assert any(refusal in p or (one_line and "on one line" in p) for p in problems), problems


def test_safe_links_and_comparisons_are_accepted(fuzz_project):
    body = (
        "See [the WCO](https://www.wcoomd.org), <https://www.rocb-ap.org/>, "
        "[mail](mailto:rocb@rocbap.org), a relative [page](../x.md); 5 < 10 and 10 > 5."
    )
    assert outcome(fuzz_project, (GOOD + f'body: "{body}"\n').encode()) == []


@pytest.mark.parametrize(
    "target",
    [
        "javascript:x",
        " javascript:x",
        "java\nscript:x",
        "JAVASCRIPT:x",
        "jav&#x61;script:x",
        "data:x",
        "file:///etc/passwd",
        "vbscript:x",
    ],
)
def test_unsafe_link_sees_through_disguises(target):
    assert unsafe_link(target)


@pytest.mark.parametrize(
    "target",
    ["https://www.wcoomd.org", "http://x.org", "mailto:a@b.org", "../chapters/x.md", "#anchor", "page.md"],
)
def test_unsafe_link_lets_ordinary_links_through(target):
    assert not unsafe_link(target)


def test_absolute_image_path_is_refused(fuzz_project):
    record = GOOD + "images:\n  - path: /etc/hosts\n    alt: A figure\n"
    assert outcome(fuzz_project, record.encode()) == [
        f"{RECORD}:13:11: images[0].path: the image path must lead to a file under data/: "
        "write it from the project folder, e.g. data/images/figure.png, without `./` or `..`"
    ]


def test_nesting_deeper_than_records_need_is_refused(fuzz_project):
    record = GOOD + "body: " + "[" * 14 + "x" + "]" * 14 + "\n"
    assert outcome(fuzz_project, record.encode()) == [
        f"{RECORD}:12:19: body[0][0][0][0][0][0][0][0][0][0][0][0]: "
        "the data is nested more than 12 levels deep; records are much flatter"
    ]


def test_pathologically_deep_nesting_is_refused_without_a_crash(fuzz_project):
    assert outcome(fuzz_project, b"[" * 5_000) == [
        f"{RECORD}:1:1: (file): the data is nested far too deeply; records are at most 12 levels deep"
    ]
