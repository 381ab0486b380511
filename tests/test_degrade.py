import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.degrade import (
    VIETNAMESE_DIACRITIC_LETTERS,
    break_points,
    degrade,
    degrade_with_line_map,
    find_symbols,
    glyph_fate,
    main,
)

# Invented sentences in the style of a district report (not corpus text).
SAMPLE = """\
Số: 57/BC-UBND

Hòa Bình, ngày 14 tháng 9 năm 2022

BÁO CÁO
Kết quả thực hiện Chỉ thị số 12-CT/TU ngày 03/5/2019 của Ban Thường vụ Tỉnh ủy

Thực hiện Công văn số 1381/UBND-KSTT ngày 08/8/2022 của Ủy ban nhân dân tỉnh về việc báo cáo kết quả.
Căn cứ Nghị định số 48/2013/NĐ-CP ngày 14/5/2013 của Chính phủ và Nghị quyết số 16-NQ/HU của Huyện ủy;
Quyết định số 2231/QĐ-UBND ngày 21/10/2021 của Chủ tịch UBND huyện ban hành Quy chế làm việc<sup>2</sup>.
Đã tổ chức 23 cuộc kiểm tra, có 412 lượt cán bộ, công chức tham dự; tỷ lệ đạt 95,6%.
"""

NO_OTHER_DAMAGE = {"drop_diacritic_letters": 0.0, "drop_other_letters": 0.0}


def digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def strip_tags(s: str) -> str:
    return re.sub(r"</?sup>", "", s)


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def test_same_seed_gives_same_damage():
    assert degrade(SAMPLE, seed=7) == degrade(SAMPLE, seed=7)
    assert degrade_with_line_map(SAMPLE, seed=7) == degrade_with_line_map(SAMPLE, seed=7)


def test_different_seeds_break_different_glyphs():
    outputs = {degrade(SAMPLE, seed=s) for s in range(5)}
    assert len(outputs) == 5


def test_digits_are_preserved_with_defaults():
    for seed in range(20):
        assert digits(degrade(SAMPLE, seed=seed)) == digits(SAMPLE)


def test_drop_digits_loses_digits_but_never_adds_any():
    out = degrade(SAMPLE, seed=3, drop_digits=0.5)
    assert len(digits(out)) < len(digits(SAMPLE))
    assert is_subsequence(digits(out), digits(SAMPLE))


def test_damage_is_on_letters_not_noise():
    out = degrade(SAMPLE, seed=1, break_symbols=0.0)
    assert len(out) <= len(SAMPLE)
    # nothing but letters changes: every other character survives in order
    kept = [ch for ch in SAMPLE if not ch.isalpha()]
    assert is_subsequence("".join(kept), out)
    assert set(out) <= set(SAMPLE) | {" "}


@pytest.mark.parametrize("seed", range(10))
def test_a_broken_glyph_vanishes_everywhere_and_an_intact_one_nowhere(seed):
    out = degrade(SAMPLE, seed=seed, drop_other_letters=0.3, break_symbols=0.0)
    before, after = Counter(strip_tags(SAMPLE)), Counter(strip_tags(out))
    for ch in set(SAMPLE):
        if not ch.isalpha():
            continue
        fate = glyph_fate(ch, seed=seed, drop_diacritic_letters=0.6, drop_other_letters=0.3)
        assert after[ch] == (0 if fate is not None else before[ch]), ch


def test_some_diacritic_glyphs_are_broken_and_plain_ones_mostly_kept():
    broken = {ch for ch in VIETNAMESE_DIACRITIC_LETTERS if glyph_fate(ch, seed=0) is not None}
    assert 0.4 < len(broken) / len(VIETNAMESE_DIACRITIC_LETTERS) < 0.8
    plain = "abcdefghiklmnopqrstuvxyABCDEFGHIKLMNOPQRSTUVXY"
    assert sum(glyph_fate(ch, seed=0) is not None for ch in plain) <= 6


def test_the_vietnamese_letter_inventory():
    assert len(VIETNAMESE_DIACRITIC_LETTERS) == 134  # 67 letters in each case
    assert {"ị", "ế", "ủ", "đ", "Đ", "Ữ", "ẹ", "ỳ"} <= VIETNAMESE_DIACRITIC_LETTERS
    assert not {"a", "e", "o", "y", "A", "ñ", "ç"} & VIETNAMESE_DIACRITIC_LETTERS


def test_heavier_damage_breaks_a_superset_of_glyphs():
    def broken(seed: int, p: float) -> set[str]:
        return {
            c
            for c in VIETNAMESE_DIACRITIC_LETTERS
            if glyph_fate(c, seed=seed, drop_diacritic_letters=p) is not None
        }

    for seed in range(5):
        assert broken(seed, 0.3) <= broken(seed, 0.8)
        assert len(broken(seed, 0.3)) < len(broken(seed, 0.8))


def test_decomposed_text_loses_the_same_glyphs_as_precomposed():
    nfd = unicodedata.normalize("NFD", SAMPLE)
    for seed in range(5):
        out = degrade(nfd, seed=seed, drop_other_letters=0.2, break_symbols=0.0)
        assert unicodedata.normalize("NFC", out) == degrade(
            SAMPLE, seed=seed, drop_other_letters=0.2, break_symbols=0.0
        )


def test_markup_tags_are_not_glyphs():
    out = degrade(SAMPLE, seed=0, drop_diacritic_letters=1.0, drop_other_letters=1.0)
    assert "<sup>2</sup>" in out
    assert not any(ch.isalpha() for ch in strip_tags(out))


def test_finds_symbols_but_not_dates_or_counts():
    found = [SAMPLE[a:b] for a, b in find_symbols(SAMPLE)]
    assert found == ["57/BC-UBND", "12-CT/TU", "1381/UBND-KSTT", "48/2013/NĐ-CP", "16-NQ/HU", "2231/QĐ-UBND"]
    assert find_symbols("ngày 15/6/2023, đạt 82/89 người, TCVN ISO 9001:2015") == []


def test_symbols_wrap_only_after_a_hyphen_or_slash_before_a_letter():
    assert break_points("48/2013/NĐ-CP") == [8, 11]
    assert break_points("1381/UBND-KSTT") == [5, 10]
    assert break_points("553/UBND") == [4]


def test_line_breaks_are_introduced_only_inside_symbols():
    for seed in range(10):
        out = degrade(SAMPLE, seed=seed, break_symbols=1.0, **NO_OTHER_DAMAGE)
        assert out.count("\n") > SAMPLE.count("\n")
        assert re.sub(r"(?<=[-/])\n\n?(?=\w)", "", out) == SAMPLE
        # each symbol is broken exactly once, by one or two line ends
        added = out.count("\n") - SAMPLE.count("\n")
        assert len(find_symbols(SAMPLE)) <= added <= 2 * len(find_symbols(SAMPLE))
    out = degrade(SAMPLE, seed=0, break_symbols=1.0, **NO_OTHER_DAMAGE)
    assert "1381/UBND-\n" in out or "1381/\n" in out
    assert "48/2013/\n" in out or "48/2013/NĐ-\n" in out
    assert "48/\n" not in out


def test_line_count_is_kept_without_symbol_breaks():
    out = degrade(SAMPLE, seed=2, drop_other_letters=0.5, break_symbols=0.0, cut_symbols=0.5, drop_digits=0.5)
    assert out.count("\n") == SAMPLE.count("\n")


def test_line_map_points_each_damaged_line_to_its_clean_line():
    clean_lines = SAMPLE.split("\n")
    for seed in range(5):
        res = degrade_with_line_map(SAMPLE, seed=seed, break_symbols=0.7, **NO_OTHER_DAMAGE)
        lines = res.text.split("\n")
        assert len(res.line_map) == len(lines)
        assert res.line_map == sorted(res.line_map)
        for line, orig in zip(lines, res.line_map, strict=True):
            assert line in clean_lines[orig - 1]


def test_cut_blanks_the_tail_of_a_symbol_and_keeps_its_digits():
    out = degrade("theo 48/2013/NĐ-CP ngày", seed=0, cut_symbols=1.0, **NO_OTHER_DAMAGE)
    assert out == "theo 48/2013/NĐ-   ngày"
    assert degrade("Nghị quyết 728/NQ-UBTVQH15", cut_symbols=1.0, **NO_OTHER_DAMAGE).endswith("UBTVQH15")
    assert degrade("Công văn 553/UBND", cut_symbols=1.0, **NO_OTHER_DAMAGE).endswith("553/UBND")


def test_the_domain_examples_look_right():
    # find a seed whose font lost ị, ế and ủ (leaving spaces) but no plain letter
    text = "Nghị quyết số 16-NQ/HU của Chính phủ"
    for seed in range(5000):
        fates = {ch: glyph_fate(ch, seed=seed) for ch in set(text) if ch.isalpha()}
        wanted = {ch: " " if ch in "ịếủ" else None for ch in fates}
        if fates == wanted:
            break
    else:
        pytest.fail("no seed gives the DOMAIN.md example")
    assert degrade(text, seed=seed, break_symbols=0.0) == "Ngh  quy t số 16-NQ/HU c a Chính ph "


def test_bad_probabilities_are_refused():
    with pytest.raises(ValueError, match="break_symbols"):
        degrade(SAMPLE, break_symbols=1.5)


def test_command_line(tmp_path, capsys):
    src, dst = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    assert main([str(src), str(dst), "--seed", "1"]) == 0
    assert dst.read_text(encoding="utf-8") == degrade(SAMPLE, seed=1)
    assert main([str(src), "-", "--seed", "2", "--break-symbols", "0"]) == 0
    assert capsys.readouterr().out == degrade(SAMPLE, seed=2, break_symbols=0.0)


probability = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
symbolish = st.text(alphabet="0123456789/- .\nABCĐKNQTUHVibạịếủđ<>", max_size=200)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=300), symbolish),
    seed=st.integers(),
    p=st.tuples(probability, probability, probability, probability, probability),
)
def test_degrade_never_raises_and_never_adds_digits(text, seed, p):
    res = degrade_with_line_map(
        text,
        seed=seed,
        drop_diacritic_letters=p[0],
        drop_other_letters=p[1],
        break_symbols=p[2],
        cut_symbols=p[3],
        drop_digits=p[4],
    )
    assert is_subsequence(digits(res.text), digits(text))
    assert len(res.line_map) == res.text.count("\n") + 1
    if p[4] == 0.0:
        assert digits(res.text) == digits(text)
