"""The data files' cache (workshop.datafiles): the same tables as tomllib, or tomllib itself."""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.datafiles import CACHE_VARIABLE, cache_folder, read_toml

KEYS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)
SCALARS = st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1),
                    st.floats(allow_nan=False), st.text(max_size=20))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)
TABLES = st.dictionaries(KEYS, VALUES, max_size=6)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    return folder


def cached_files(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.marshal"))


@settings(max_examples=60, deadline=None)
@given(TABLES)
def test_a_table_read_through_the_cache_is_the_table_tomllib_reads(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("round")
    os.environ[CACHE_VARIABLE] = str(folder / "cache")
    try:
        path = folder / "texts.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        expected = tomllib.loads(path.read_text("utf-8"))
        assert read_toml(path) == expected  # parsed, then kept
        assert read_toml(path) == expected  # read back from the cache
    finally:
        del os.environ[CACHE_VARIABLE]


def test_the_second_read_comes_from_the_cache(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "texts.toml"
    path.write_text('title = "Objectifs"\n', encoding="utf-8")
    assert read_toml(path) == {"title": "Objectifs"}
    [kept] = cached_files(cache)
    # a cache file that says something else, for the same file as it is: it is what is read
    import marshal

    stamp, _ = marshal.loads(kept.read_bytes())
    kept.write_bytes(marshal.dumps((stamp, {"title": "from the cache"})))
    assert read_toml(path) == {"title": "from the cache"}


def test_a_changed_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "texts.toml"
    path.write_text('title = "Objectifs"\n', encoding="utf-8")
    read_toml(path)
    path.write_text('title = "Objectives, reworded"\n', encoding="utf-8")
    assert read_toml(path) == {"title": "Objectives, reworded"}


def test_a_damaged_cache_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "texts.toml"
    path.write_text('title = "Objectifs"\n', encoding="utf-8")
    read_toml(path)
    [kept] = cached_files(cache)
    kept.write_bytes(kept.read_bytes()[:7])  # a power cut in the middle of writing it
    assert read_toml(path) == {"title": "Objectifs"}


def test_a_cache_folder_that_cannot_be_written_is_no_problem(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocker / "cache"))
    path = tmp_path / "texts.toml"
    path.write_text('title = "Objectifs"\n', encoding="utf-8")
    assert read_toml(path) == read_toml(path) == {"title": "Objectifs"}


def test_dates_are_read_but_not_kept(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "texts.toml"
    path.write_text("since = 2026-11-25\n", encoding="utf-8")
    assert read_toml(path) == read_toml(path) == {"since": date(2026, 11, 25)}
    assert cached_files(cache) == []


def test_an_empty_variable_turns_the_cache_off(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "")
    assert cache_folder() is None
    path = tmp_path / "texts.toml"
    path.write_text('title = "Objectifs"\n', encoding="utf-8")
    assert read_toml(path) == {"title": "Objectifs"}


def test_a_broken_file_says_what_tomllib_says(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "texts.toml"
    path.write_text('title = "Objectifs\n', encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        read_toml(path)
    assert cached_files(cache) == []
