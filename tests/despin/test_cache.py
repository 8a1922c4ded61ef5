"""The compiled model cache (``normtool.data.cache``): used when fresh, rebuilt
when stale or damaged, never an error, never a different model."""
from __future__ import annotations

import os
from typing import NamedTuple

import pytest

from normtool.data import cache
from normtool.despin import context, model

DATA = ("match_words.tsv", "match_numbers.txt")
CODE = ("normtool.data.cache",)


class Small(NamedTuple):
    words: dict
    count: int
    pair: tuple
    seen: frozenset


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMTOOL_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Builder:
    """Builds a ``Small`` and counts the builds (a build = the cache missed)."""

    def __init__(self):
        self.calls = 0

    def __call__(self) -> Small:
        self.calls += 1
        return Small({"a": 1, "b c": 2.5}, 7, (("x", 0.25),), frozenset({"y", "z"}))


def load(build, extra=()):
    return cache.load(Small, "small", DATA, build, CODE, extra)


def files(folder):
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def test_written_on_first_load_and_used_on_the_second(folder):
    build = Builder()
    first = load(build)
    assert build.calls == 1 and len(files(folder)) == 1
    assert files(folder)[0].startswith("small-") and files(folder)[0].endswith(".marshal")
    second = load(build)
    assert build.calls == 1                 # read back, not built
    assert second == first and type(second) is Small


def test_a_changed_key_rebuilds_and_replaces_the_old_file(folder):
    build = Builder()
    load(build, extra=(1.0,))
    old = files(folder)
    load(build, extra=(2.0,))               # e.g. another sense_penalty, or changed data
    assert build.calls == 2
    assert len(files(folder)) == 1 and files(folder) != old
    load(build, extra=(2.0,))
    assert build.calls == 2


def test_a_changed_data_file_digest_rebuilds(folder, monkeypatch):
    build = Builder()
    load(build)
    real = cache._key
    monkeypatch.setattr(cache, "_key", lambda *a: real(*a)[::-1])   # as if a data file changed
    load(build)
    assert build.calls == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_file_falls_back_and_is_replaced(folder, damage):
    build = Builder()
    first = load(build)
    [name] = files(folder)
    path = folder / name
    data = path.read_bytes()
    if damage == "truncate":
        data = data[:len(data) // 2]
    elif damage == "flip":                  # one byte of a stored string changed
        i = data.rindex(b"b c") + 1
        data = data[:i] + b"X" + data[i + 1:]
    elif damage == "garbage":
        data = os.urandom(len(data))
    else:
        data = b""
    path.write_bytes(data)
    assert load(build) == first and build.calls == 2
    assert load(build) == first and build.calls == 2   # the rewritten file is good again


def test_a_wrong_shape_falls_back(folder):
    build = Builder()
    load(build)
    [name] = files(folder)
    key = cache._key("small", DATA, CODE, ())
    for n, fields in enumerate([("just", "strings"), ({"a": 1}, "not an int", (), frozenset()),
                                ["a", "list"], 3], 2):
        cache._write(str(folder / name), key, fields)
        assert load(build) == Builder()() and build.calls == n


def test_an_unwritable_folder_falls_back(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NORMTOOL_CACHE_DIR", str(blocker / "cache"))
    build = Builder()
    assert load(build) == load(build) == Builder()()
    assert build.calls == 2 and blocker.read_text() == "not a folder"


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMTOOL_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    build = Builder()
    load(build)
    load(build)
    assert build.calls == 2 and cache.cache_dir() is None
    assert list(tmp_path.rglob("*")) == []


def test_the_folder_follows_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("NORMTOOL_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == str(tmp_path / "xdg" / "normtool")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.cache_dir() == str(tmp_path / ".cache" / "normtool")
    monkeypatch.setenv("NORMTOOL_CACHE_DIR", str(tmp_path / "own"))
    assert cache.cache_dir() == str(tmp_path / "own")


def test_files_follow_the_umask(folder):
    old = os.umask(0o027)
    try:
        load(Builder())
    finally:
        os.umask(old)
    [name] = files(folder)
    assert (folder / name).stat().st_mode & 0o777 == 0o640


def test_the_shipped_models_load_back_equal(folder, monkeypatch):
    """The real models: parsed and written once, then read back equal without parsing."""
    parsed = context.load_model.__wrapped__()
    stats = model.load_stats.__wrapped__()
    assert len(files(folder)) == 2

    def no_parse():
        raise AssertionError("parsed although the cache was fresh")
    monkeypatch.setattr(context, "parse_model", no_parse)
    monkeypatch.setattr(model, "parse_stats", no_parse)
    again = context.load_model.__wrapped__()
    assert again == parsed and list(again.bi.items())[:50] == list(parsed.bi.items())[:50]
    assert again.cache == {} and again.cache is not parsed.cache
    assert model.load_stats.__wrapped__() == stats
