"""The player's files: platform folders, overrides, and writes that never leave half a file."""

from __future__ import annotations

import os

import pytest

from game import storage


def test_folders_follow_the_override_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("SECURITY_DILEMMA_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("SECURITY_DILEMMA_DATA_DIR", str(tmp_path / "d"))
    assert storage.config_dir() == tmp_path / "c"
    assert storage.data_dir() == tmp_path / "d"


def test_linux_folders_follow_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("SECURITY_DILEMMA_CONFIG_DIR")
    monkeypatch.delenv("SECURITY_DILEMMA_DATA_DIR")
    monkeypatch.setattr(storage.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xd"))
    assert storage.config_dir() == tmp_path / "xc" / "security-dilemma"
    assert storage.data_dir() == tmp_path / "xd" / "security-dilemma"


def test_an_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "deep" / "file.json"
    storage.write_atomically(target, "first")
    storage.write_atomically(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert os.listdir(target.parent) == ["file.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    storage.write_atomically(target, "old")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", broken_replace)
    with pytest.raises(OSError):
        storage.write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["file.json"]
