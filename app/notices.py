"""Who made the software inside Rapport, and under which licences: read from the installed
distributions' metadata (the bundle carries their dist-info), never typed in by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

PROJECT = "rapport"
LICENCE_FILE = re.compile(r"(?i)^(licen[cs]e|copying|notice)")
CLASSIFIER_PREFIX = "License :: "
# Native libraries compiled into a wheel, which the wheel's metadata does not name.
EMBEDDED = {
    "sqlcipher3": "includes SQLCipher by Zetetic LLC (BSD-3-Clause)",
    "pyside6-essentials": "includes the Qt libraries by The Qt Company (LGPL-3.0-only)",
}


@dataclass(frozen=True)
class Notice:
    name: str
    version: str
    licence: str  # an SPDX expression where the project gives one
    note: str = ""
    texts: tuple[str, ...] = ()  # the full licence files shipped in its dist-info


def key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str | None:
    """The distribution a runtime requirement names; None for an optional extra's."""
    if re.search(r"""extra\s*==""", requirement):
        return None
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    return match.group(0) if match else None


def runtime_distributions(root: str = PROJECT) -> list[metadata.Distribution]:
    """`root` and everything it needs at run time that is installed here (a requirement
    for another platform, like pywin32-ctypes on Linux, is simply absent)."""
    found: dict[str, metadata.Distribution] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        if key(name) in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key(name)] = dist
        waiting.extend(n for r in dist.requires or [] if (n := requirement_name(r)))
    return sorted(found.values(), key=lambda d: key(d.metadata["Name"]))


def licence_of(meta) -> str:
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    classifiers = [c.removeprefix(CLASSIFIER_PREFIX).split(" :: ")[-1]
                   for c in meta.get_all("Classifier") or [] if c.startswith(CLASSIFIER_PREFIX)]
    if classifiers:
        return " / ".join(classifiers)
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 80:
        return declared
    return "see its licence text"


def licence_texts(dist: metadata.Distribution) -> tuple[str, ...]:
    texts = []
    for file in dist.files or []:
        if file.parts and file.parts[0].endswith(".dist-info") and LICENCE_FILE.match(file.name):
            try:
                texts.append(file.locate().read_text(encoding="utf-8", errors="replace"))
            except OSError:  # listed in RECORD but not shipped
                continue
    return tuple(texts)


def bundled_notices() -> list[Notice]:
    """The libraries Rapport runs on, Rapport itself excluded."""
    return [Notice(d.metadata["Name"], d.version, licence_of(d.metadata),
                   EMBEDDED.get(key(d.metadata["Name"]), ""), licence_texts(d))
            for d in runtime_distributions() if key(d.metadata["Name"]) != PROJECT]
