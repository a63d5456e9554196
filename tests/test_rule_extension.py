"""Rule ``phone_extension_dropped`` (leadprep/check/rules/extension.py)."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rulecheck import codes, findings

SIP = {"sip": True, "network_groups": []}


@pytest.mark.parametrize(
    ("cell", "extension"),
    [
        ("646-408-0497 x752", "752"),
        ("(646) 408-0497 x 752", "752"),
        ("646-408-0497 ext. 12", "12"),
        ("646-408-0497 ext 12", "12"),
        ("646-408-0497 extension 7", "7"),
        ("+1 646 408 0497;ext=5", "5"),
        ("646-408-0497 #123", "123"),
        ("+91 98115 32964 x12", "12"),
    ],
)
def test_an_extension_is_removed_named_and_the_number_kept(cell: str, extension: str) -> None:
    found = findings([cell], default_region="US", telephony_config=SIP)[2]
    assert [c for c, _ in found] == ["phone_extension_dropped"]
    assert f"extension {extension} removed" in found[0][1]


def test_words_with_an_x_are_no_extension() -> None:
    assert codes(["Mr Xavier", "call x123"]) == {
        2: "invalid_phone_number",
        3: "invalid_phone_number",
    }


@given(
    digits=st.from_regex(r"[2-9][0-9]{2}[2-9][0-9]{6}", fullmatch=True),
    marker=st.sampled_from([" x", " ext. ", " ext ", ";ext=", " #", " extension "]),
    extension=st.integers(1, 9_999_999),
)
def test_the_number_kept_is_the_one_phonenumbers_reads_with_the_extension(
    digits: str, marker: str, extension: int
) -> None:
    """Removing the extension never changes the number: phonenumbers' E.164 of the whole
    cell (which it reads with the extension) is the E.164 leadprep keeps."""
    import re

    from leadprep.check.rules.extension import EXTENSION

    cell = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}{marker}{extension}"
    match = re.match(EXTENSION, cell)
    assert match is not None
    kept = phonenumbers.parse(match.group("number"), "US")
    whole = phonenumbers.parse(cell, "US")
    assert kept.national_number == whole.national_number
    assert whole.extension == str(extension)


@given(st.lists(st.text(alphabet="0189 xXeEtnsio.:;=,#()-\t\u00a0", max_size=24), max_size=30))
@example(["646-408-0497 x7", "(646) 408 0497, ext. 12 #", "6464080497;ext=5", "1.23E+09"])
def test_the_cells_skipped_for_their_ending_are_none_the_extension_pattern_takes(
    cells: list[str],
) -> None:
    """The cheap look at how a cell ends passes every cell the whole pattern matches
    (both asked of pyarrow, as the rule asks them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from leadprep.check.rules.extension import _ENDING, EXTENSION

    texts = pa.array(cells, pa.string())
    ends = pc.match_substring_regex(texts, _ENDING).to_pylist()
    taken = pc.extract_regex(texts, EXTENSION).is_valid().to_pylist()
    assert [cell for cell, t, e in zip(cells, taken, ends, strict=True) if t and not e] == []
