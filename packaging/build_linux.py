"""Build Rapport for Linux: the PyInstaller bundle (dist/rapport/) and a .deb from it
(dist/rapport_<version>_<arch>.deb), then print the bundle's size and cold-start times.

    make package                     # or: .venv/bin/python packaging/build_linux.py
    .venv/bin/python packaging/build_linux.py --reuse   # skip PyInstaller if sources unchanged

Run it with the project's venv Python (it installs PyInstaller there first). It needs
dpkg-deb, readelf and dpkg (for the Depends line), and Xvfb to time the window.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUNDLE = DIST / "rapport"
WORK = ROOT / "build"
STAMP = BUNDLE / ".sources-sha256"
APP_ID = "org.rapportapp.Rapport"
INSTALL_DIR = "/opt/rapport"
# What the bundle's inputs are: when none of them changed, --reuse keeps the bundle.
SOURCES = ("app", "ui", "resources", "packaging/rapport.spec", "packaging/entry_gui.py",
           "packaging/entry_cli.py", "pyproject.toml")
# Depends that no NEEDED entry reveals: OpenGL/EGL, which Qt loads with dlopen() and
# PyInstaller never bundles (they must match the system's drivers), and libxcb-cursor0,
# which Qt 6.5+ requires of the system on X11 (the bundle's copy may be left out by a
# future PyInstaller, as it is on some distributions).
ALWAYS_DEPENDS = ["libc6", "libxcb-cursor0", "libfontconfig1", "libegl1", "libgl1"]


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], check=True, **kwargs)


def sources_digest() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def bundle_is_fresh() -> bool:
    return STAMP.exists() and STAMP.read_text() == sources_digest() and \
        (BUNDLE / "rapport").exists() and (BUNDLE / "rapport-cli").exists()


def build_bundle(reuse: bool) -> None:
    if reuse and bundle_is_fresh():
        print(f"Reusing {BUNDLE} (sources unchanged).")
        return
    run(sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[package]")
    digest = sources_digest()
    run(sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", WORK / "pyinstaller", PACKAGING / "rapport.spec",
        cwd=ROOT)
    STAMP.write_text(digest)


# --- the .deb -------------------------------------------------------------------------------


def architecture() -> str:
    return run("dpkg", "--print-architecture", capture_output=True, text=True).stdout.strip()


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_libraries(files: list[Path]) -> set[str]:
    needed = set()
    for file in files:
        out = subprocess.run(["readelf", "-d", str(file)], capture_output=True, text=True).stdout
        needed.update(line.split("[", 1)[1].split("]", 1)[0]
                      for line in out.splitlines() if "(NEEDED)" in line)
    return needed


def system_library_paths() -> dict[str, str]:
    out = run("ldconfig", "-p", capture_output=True, text=True).stdout
    paths = {}
    for line in out.splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        name = name.split(" (")[0]
        if "x86-64" in line or "x86_64" not in line:  # prefer the native architecture
            paths.setdefault(name, path)
    return paths


def package_of(path: str) -> str | None:
    for candidate in (path, os.path.realpath(path)):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def depends(bundle: Path) -> tuple[list[str], list[str]]:
    """The Debian packages providing the libraries the bundle links to but does not carry,
    and the libraries no installed package provides (optional Qt plugins' extras)."""
    files = elf_files(bundle)
    carried = {f.name for f in bundle.rglob("*.so*")}
    system = system_library_paths()
    packages, unresolved = set(ALWAYS_DEPENDS), []
    for library in sorted(needed_libraries(files) - carried):
        package = package_of(system[library]) if library in system else None
        if package:
            packages.add(package)
        else:
            unresolved.append(library)
    return sorted(packages), unresolved


def last_commit_date(fmt: str) -> str:
    return subprocess.run(["git", "log", "-1", f"--format={fmt}"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()


def changelog_date() -> str:
    return last_commit_date("%aD") or time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())


def fill_metainfo(text: str, release_version: str) -> str:
    date = last_commit_date("%cs") or time.strftime("%Y-%m-%d")
    return text.replace("@VERSION@", release_version).replace("@DATE@", date)


def control(release_version: str, arch: str, depends_on: list[str], size_kb: int) -> str:
    return f"""Package: rapport
Version: {release_version}
Section: misc
Priority: optional
Architecture: {arch}
Installed-Size: {size_kb}
Depends: {", ".join(depends_on)}
Maintainer: Rapport contributors <maintainers@rapportapp.org>
Homepage: https://rapportapp.org
Description: encrypted notebook for the people in your working life
 Rapport keeps what you learn about the people you work with and reminds you
 to keep in touch. It works offline; everything stays in one encrypted file.
 .
 This package installs a self-contained build in {INSTALL_DIR}, with the
 rapport (desktop) and rapport-cli (command line) commands.
"""


MAINTAINER_SCRIPT = """#!/bin/sh
# Refresh the menu and the icon theme; both tools are optional on a minimal system.
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""


def build_deb(release_version: str, fast: bool = False) -> Path:
    """The .deb; `fast` compresses with gzip -1 instead of xz (seconds, not minutes: the
    smoke test's choice; the contents are the same)."""
    arch = architecture()
    stage = WORK / "deb" / f"rapport_{release_version}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / INSTALL_DIR.lstrip("/")
    shutil.copytree(BUNDLE, opt, symlinks=True, ignore=shutil.ignore_patterns(STAMP.name))
    usr = stage / "usr"
    (usr / "bin").mkdir(parents=True)
    for name in ("rapport", "rapport-cli"):
        (usr / "bin" / name).symlink_to(f"{INSTALL_DIR}/{name}")
    share = usr / "share"
    install(PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications")
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    metainfo.parent.mkdir(parents=True)
    metainfo.write_text(fill_metainfo(
        (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").read_text(), release_version))
    shutil.copytree(PACKAGING / "icons" / "hicolor", share / "icons" / "hicolor")
    doc = share / "doc" / "rapport"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        f"Rapport\nCopyright (C) {last_commit_date('%cs')[:4] or time.strftime('%Y')} "
        "Rapport contributors\n"
        "License: GPL-3.0-or-later. See /usr/share/common-licenses/GPL-3.\n"
        "The bundled libraries' licences are listed in Help > About and shipped in\n"
        f"{INSTALL_DIR}/_internal/*.dist-info.\n")
    changelog = (f"rapport ({release_version}) stable; urgency=medium\n\n"
                 f"  * Release {release_version}.\n\n"
                 f" -- Rapport contributors <maintainers@rapportapp.org>  {changelog_date()}\n")
    (doc / "changelog.gz").write_bytes(gzip.compress(changelog.encode(), mtime=0))
    depends_on, unresolved = depends(BUNDLE)
    if unresolved:
        print("Libraries no installed package provides (optional plugins): "
              + ", ".join(unresolved))
    size_kb = int(size_mb(stage) * 1e6) // 1024
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(release_version, arch, depends_on, size_kb))
    for script in ("postinst", "postrm"):
        (debian / script).write_text(MAINTAINER_SCRIPT)
        (debian / script).chmod(0o755)
    for path in [stage, *stage.rglob("*")]:  # packaged modes do not depend on the umask
        if not path.is_symlink():
            executable = path.is_dir() or (os.access(path, os.X_OK) and ".so" not in path.name)
            path.chmod(0o755 if executable else 0o644)
    deb = DIST / f"rapport_{release_version}_{arch}.deb"
    compression = ("-Zgzip", "-z1") if fast else ("-Zxz", "-z6")
    run("dpkg-deb", "--build", "--root-owner-group", *compression, stage, deb,
        stdout=subprocess.DEVNULL)
    return deb


def install(source: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, folder / source.name)


# --- measuring ------------------------------------------------------------------------------


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


@contextmanager
def virtual_display():
    """A private Xvfb display for the GUI (DISPLAY in the yielded environment)."""
    if not shutil.which("Xvfb"):
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=[write], stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    try:
        yield {"DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait()


def isolated_env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    """A fresh user: nothing read from or written to the real home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "QT_", "XDG_"))}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "run"), RAPPORT_DATA_DIR=str(home / "notebooks"))
    (home / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(extra)
    return env


def timed(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
        times.append(time.perf_counter() - start)
    return times


def measure_start(bundle: Path, runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="rapport-start-") as home, virtual_display() as disp:
        env = isolated_env(Path(home), {**disp, "RAPPORT_QUIT_WHEN_SHOWN": "1"})
        return {"rapport-cli --version": timed([str(bundle / "rapport-cli"), "--version"], env,
                                               runs),
                "rapport (first window)": timed([str(bundle / "rapport")], env, runs)}


def report(deb: Path | None, runs: int) -> None:
    print(f"\nBundle   {BUNDLE}: {size_mb(BUNDLE):.0f} MB")
    if deb:
        print(f".deb     {deb}: {size_mb(deb):.0f} MB")
    for what, times in measure_start(BUNDLE, runs).items():
        print(f"Start    {what}: first {times[0]:.2f} s, median of {runs} "
              f"{statistics.median(times):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true",
                        help="keep dist/rapport if its sources did not change")
    parser.add_argument("--no-deb", action="store_true", help="build the bundle only")
    parser.add_argument("--runs", type=int, default=5, help="start-up timings to take")
    args = parser.parse_args()
    started = time.perf_counter()
    build_bundle(args.reuse)
    deb = None if args.no_deb else build_deb(version())
    print(f"Built in {time.perf_counter() - started:.0f} s.")
    report(deb, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
