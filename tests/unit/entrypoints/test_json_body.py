"""Decoding a JSON body: what is JSON comes back as values; what is not names its fault."""

from __future__ import annotations

import pytest

from entrypoints.http.json_body import MAX_JSON_DEPTH, MalformedJson, decode_json_body


def _nested(depth: int, inner: bytes = b"1") -> bytes:
    return b'{"a": ' * depth + inner + b"}" * depth


def test_json_values_come_back_as_python_values() -> None:
    assert decode_json_body(b'{"title": "caf\xc3\xa9", "n": [1, {"x": null}]}') == {
        "title": "café",
        "n": [1, {"x": None}],
    }


def test_nesting_up_to_the_limit_is_decoded_and_beyond_it_is_refused() -> None:
    assert decode_json_body(_nested(MAX_JSON_DEPTH)) is not None
    assert decode_json_body(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH) is not None
    with pytest.raises(MalformedJson, match=f"deeper than {MAX_JSON_DEPTH} levels"):
        decode_json_body(_nested(MAX_JSON_DEPTH + 1))
    with pytest.raises(MalformedJson, match="deeper than"):
        decode_json_body(b"[" * 100_000 + b"]" * 100_000)


def test_many_brackets_inside_strings_are_not_nesting() -> None:
    assert decode_json_body(b'{"title": "' + b"[{" * 500 + b'"}') == {"title": "[{" * 500}


def test_invalid_utf8_is_named_at_its_offset_in_the_body() -> None:
    with pytest.raises(MalformedJson, match="not valid UTF-8: invalid start byte at byte 12"):
        decode_json_body(b'{"email": "a\xffb@example.org"}')


@pytest.mark.parametrize("escape", [b"\\ud800", b"\\udfff", b"\\ud800\\ud800"])
def test_a_lone_surrogate_is_named_as_such(escape: bytes) -> None:
    with pytest.raises(MalformedJson, match="lone UTF-16 surrogate") as refused:
        decode_json_body(b'{"email": "' + escape + b'"}')
    assert "truncated" not in str(refused.value.detail)


def test_a_surrogate_pair_is_one_character() -> None:
    assert decode_json_body(b'"\\ud83d\\ude00"') == "\U0001f600"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b'{"email": "ann@example.org", "pass', "Unterminated string starting at: line 1"),
        (b'{"a": 1,}', "line 1 column 9"),
        (b"", "Expecting value"),
        (b"nul", "Expecting value"),
    ],
)
def test_malformed_json_says_where(raw: bytes, words: str) -> None:
    with pytest.raises(MalformedJson, match=words) as refused:
        decode_json_body(raw)
    assert refused.value.status_code == 400
