"""One version, from pyproject.toml, everywhere; the licence notices About shows."""

from __future__ import annotations

import email.message
import sys
import tomllib
from pathlib import Path

import pytest

from app import __version__, bundle, cli
from app.notices import bundled_notices, licence_of, requirement_name, runtime_distributions

ROOT = Path(__file__).resolve().parents[2]


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_package_version_is_the_one_in_pyproject():
    assert __version__ == pyproject_version()


def test_cli_version_prints_it(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"rapport {pyproject_version()}"


def test_notices_cover_every_library_rapport_runs_on_and_not_rapport():
    notices = {n.name.lower(): n for n in bundled_notices()}
    assert "rapport" not in notices
    for name in ("sqlcipher3", "sqlalchemy", "alembic", "keyring", "platformdirs",
                 "phonenumbers", "python-dateutil", "rapidfuzz", "charset-normalizer", "pyside6"):
        assert name in notices, name
    assert notices["sqlalchemy"].licence == "MIT"
    assert notices["phonenumbers"].licence == "Apache-2.0"
    assert notices["pyside6"].licence.startswith("LGPL-3.0")
    assert "BSD License" in notices["python-dateutil"].licence
    assert "SQLCipher" in notices["sqlcipher3"].note
    assert any("Permission is hereby granted" in t for t in notices["keyring"].texts)


def test_keyring_backends_dependencies_are_found():
    """secretstorage and jeepney are keyring's Linux backend: the bundle needs their metadata."""
    names = {d.metadata["Name"].lower() for d in runtime_distributions()}
    if sys.platform.startswith("linux"):
        assert {"secretstorage", "jeepney"} <= names


def metadata(**fields) -> email.message.Message:
    message = email.message.Message()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            message[name.replace("_", "-")] = item
    return message


def test_licence_prefers_the_spdx_expression_then_classifiers_then_a_short_licence_field():
    assert licence_of(metadata(License_Expression="MIT", License="whatever")) == "MIT"
    assert licence_of(metadata(Classifier=["License :: OSI Approved :: BSD License",
                                           "Programming Language :: Python"],
                               License="Dual License")) == "BSD License"
    assert licence_of(metadata(License="zlib")) == "zlib"
    assert licence_of(metadata(License="Copyright 2020\nPermission is...")) == \
        "see its licence text"


def test_optional_extras_are_not_runtime_requirements():
    assert requirement_name("keyring>=25") == "keyring"
    assert requirement_name('pywin32-ctypes>=0.2; sys_platform == "win32"') == "pywin32-ctypes"
    assert requirement_name('pytest>=8; extra == "test"') is None


def test_shipped_files_resolve_beside_the_code_and_under_a_frozen_bundle(monkeypatch, tmp_path):
    assert (bundle.migrations_dir() / "env.py").is_file()
    assert (bundle.migrations_dir() / "versions").is_dir()
    assert bundle.resource("icons", "rapport.svg").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert bundle.migrations_dir() == tmp_path / "app" / "store" / "migrations"
    assert bundle.resource("icons", "rapport.svg") == tmp_path / "resources" / "icons" / "rapport.svg"
