"""The Linux bundle and .deb, end to end, as a user gets them: `make package-smoke`.

Builds dist/rapport/ with PyInstaller (or reuses it when its sources did not change) and the
.deb, then drives the frozen app under Xvfb with real key presses (xdotool): the first-run
page creates an encrypted notebook. Installing the .deb changes the system, so that part
runs only as root with RAPPORT_PACKAGE_INSTALL=1 (or in CI).

Needs: Xvfb, xdotool, dbus, gnome-keyring, desktop-file-validate, appstreamcli, dpkg-deb
(`make package-deps` installs them on Debian).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.package]

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "a long smoke-test passphrase"
APP_ID = "org.rapportapp.Rapport"
TOOLS = ("Xvfb", "xdotool", "dpkg-deb", "readelf", "desktop-file-validate", "appstreamcli",
         "dbus-daemon", "gnome-keyring-daemon")


def load_build_script():
    spec = importlib.util.spec_from_file_location("rapport_build_linux",
                                                  ROOT / "packaging" / "build_linux.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_build_script()


@pytest.fixture(scope="module")
def built():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"needs {', '.join(missing)}: run 'make package-deps'")
    started = time.perf_counter()
    build.build_bundle(reuse=True)
    deb = build.build_deb(build.version(), fast=True)
    print(f"\nbundle and .deb ready in {time.perf_counter() - started:.0f} s")
    return build.BUNDLE, deb


@pytest.fixture
def display():
    with build.virtual_display() as env:
        yield env


def user_env(tmp_path: Path, display: dict[str, str], **extra: str) -> dict[str, str]:
    return build.isolated_env(tmp_path / "home", {**display, **extra})


def xdotool(env, *args: str, timeout: float = 30) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=True).stdout.strip()


def find_window(env, name: str, timeout: float, app: subprocess.Popen | None = None) -> str:
    """The id of a visible window titled `name`, polled rather than `search --sync`: xdotool
    exits 1 on an X error, e.g. when a window it lists is destroyed before it reads the
    title, which happens while the app starts."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], env=env,
                               capture_output=True, text=True, timeout=30)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.split()[0]
        last = found.stderr.strip()
        if app is not None and app.poll() is not None:
            raise AssertionError(f"the app exited ({app.returncode}) before showing {name!r}:\n"
                                 f"{app.communicate()[0]}")
        time.sleep(0.3)
    raise AssertionError(f"no window {name!r} after {timeout:.0f} s (xdotool said: {last!r})")


def screenshot(env, name: str) -> None:
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", f"/tmp/{name}.png"], env=env,
                       capture_output=True, timeout=30)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_frozen_cli_reports_the_version(built):
    bundle, _deb = built
    out = subprocess.run([str(bundle / "rapport-cli"), "--version"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert out.strip() == f"rapport {build.version()}"


def test_the_frozen_cli_reads_a_big_vcard_file_with_two_processes(built, tmp_path):
    """Files of 8 MB or more are read in two parts at once; the bundle's executable runs
    the second reader itself (packaging/entry_cli.py), never the CLI a second time."""
    bundle, _deb = built
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nN:{n};Person;;;\r\n"
                    f"TEL;TYPE=cell:+44 7700 {n:06d}\r\nNOTE:{'x' * 200}\r\nEND:VCARD\r\n"
                    for n in range(32_000))
    vcf = tmp_path / "big.vcf"
    vcf.write_text(cards, encoding="utf-8", newline="")
    assert vcf.stat().st_size > 8 * 2**20
    env = {**build.isolated_env(tmp_path / "home", {}), "RAPPORT_PASSPHRASE": PASSPHRASE}
    cli = str(bundle / "rapport-cli")
    subprocess.run([cli, "init"], check=True, capture_output=True, timeout=60, env=env)
    done = subprocess.run([cli, "import", str(vcf)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert "32,000" in done.stdout, done.stdout
    assert "second vCard reader" not in done.stderr  # it worked: nothing was read again here


def test_the_frozen_gui_executable_answers_as_the_second_vcard_reader(built, tmp_path):
    """In the app, the second reader is `rapport` itself (sys.executable): with the argument
    it must read the part it is sent and answer on stdout, without a display or a window."""
    bundle, _deb = built
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEND:VCARD\r\n" * 3
    job = pickle.dumps(("contacts.vcf", None, 50, 5, data))  # the second and third cards
    env = build.isolated_env(tmp_path / "home", {})
    env.pop("DISPLAY", None)
    out = subprocess.run([str(bundle / "rapport"), "--read-vcard-part"], input=job,
                         capture_output=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    kind, part = pickle.loads(out.stdout)
    assert kind == "read"
    assert [(r.line, r.display_name or r.name()) for r in part.records] == \
        [(5, "Ana Lima"), (9, "Ana Lima")]


def test_first_run_in_the_frozen_app_creates_an_encrypted_notebook(built, display, tmp_path):
    bundle, _deb = built
    env = user_env(tmp_path, display)
    notebook = Path(env["RAPPORT_DATA_DIR"]) / "notebook.rapport"
    app = subprocess.Popen([str(bundle / "rapport")], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    try:
        window = find_window(env, "Rapport", 60, app)
        xdotool(env, "windowfocus", "--sync", window)
        time.sleep(1)  # the welcome page settles (keyring probe, focus)
        screenshot(env, "rapport-bundle-welcome")
        # The location is prefilled and the passphrase field has the focus; then repeat it.
        xdotool(env, "type", "--delay", "20", PASSPHRASE)
        xdotool(env, "key", "Tab")
        xdotool(env, "type", "--delay", "20", PASSPHRASE)
        xdotool(env, "key", "Return")
        wait_for(lambda: notebook.exists() and notebook.stat().st_size > 0, 60, "the notebook")
        # The notebook is open when Ctrl+N (enabled only then) brings up "New person".
        def new_person_dialog() -> bool:
            if subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "New person"],
                              env=env, capture_output=True, timeout=10).returncode == 0:
                return True
            xdotool(env, "windowfocus", "--sync", window)
            xdotool(env, "key", "ctrl+n")
            time.sleep(1)
            return False
        wait_for(new_person_dialog, 60, "the workspace (Ctrl+N opens New person)")
        dialog = find_window(env, "New person", 30, app)
        xdotool(env, "windowfocus", "--sync", dialog)
        xdotool(env, "key", "Escape")
        wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                         "New person"], env=env, capture_output=True,
                                        timeout=10).returncode != 0, 30, "New person to close")
        screenshot(env, "rapport-bundle-workspace")
        xdotool(env, "windowfocus", "--sync", window)  # no window manager gives it back
        xdotool(env, "key", "alt+h", "a")  # Help > &About Rapport
        about = find_window(env, "About Rapport", 30, app)
        time.sleep(0.5)
        screenshot(env, "rapport-bundle-about")
        xdotool(env, "windowfocus", "--sync", about)
        xdotool(env, "key", "Escape")
        time.sleep(0.5)
        xdotool(env, "windowfocus", "--sync", window)
        xdotool(env, "key", "ctrl+q")
        output = app.communicate(timeout=60)[0]
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, output
    assert notebook.read_bytes()[:16] != b"SQLite format 3\x00"
    assert oct(notebook.stat().st_mode & 0o777) == "0o600"
    listed = subprocess.run([str(bundle / "rapport-cli"), "list"], capture_output=True,
                            text=True, timeout=60, env={**env, "RAPPORT_PASSPHRASE": PASSPHRASE})
    assert listed.returncode == 0, listed.stderr  # opens with the passphrase typed in the GUI


def test_frozen_app_finds_the_secret_service_keyring(built, tmp_path):
    """keyring discovers its backends through entry points: the bundle must carry them."""
    bundle, _deb = built
    env = build.isolated_env(tmp_path / "home", {})
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, text=True, env=env)
    try:
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                       input="smoke-test-login", capture_output=True, text=True, env=env,
                       timeout=30, check=True)
        cli = str(bundle / "rapport-cli")
        init = subprocess.run([cli, "init", "--remember"], capture_output=True, text=True,
                              timeout=60, env={**env, "RAPPORT_PASSPHRASE": PASSPHRASE})
        assert init.returncode == 0, init.stderr
        assert "remembered in SecretService" in init.stdout
        unlocked = subprocess.run([cli, "list"], capture_output=True, text=True, timeout=60,
                                  env=env, stdin=subprocess.DEVNULL)  # no passphrase given
        assert unlocked.returncode == 0, unlocked.stderr
    finally:
        bus.terminate()
        bus.wait(timeout=10)


def test_the_deb_has_its_desktop_integration_and_dependencies(built, tmp_path):
    _bundle, deb = built
    info = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version", "Depends"],
                          capture_output=True, text=True, check=True).stdout
    assert "Package: rapport" in info and f"Version: {build.version()}" in info
    assert "libxcb-cursor0" in info and "libc6" in info
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True,
                              text=True, check=True).stdout
    for entry in ("./opt/rapport/rapport", "./opt/rapport/rapport-cli",
                  "./usr/bin/rapport -> /opt/rapport/rapport",
                  "./usr/bin/rapport-cli -> /opt/rapport/rapport-cli",
                  f"./usr/share/applications/{APP_ID}.desktop",
                  f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
                  f"./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
                  *(f"./usr/share/icons/hicolor/{n}x{n}/apps/{APP_ID}.png"
                    for n in (16, 32, 48, 64, 128, 256, 512))):
        assert entry in contents, entry
    assert all(" root/root " in line for line in contents.splitlines())
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(tmp_path / "x")], check=True)
    share = tmp_path / "x" / "usr" / "share"
    subprocess.run(["desktop-file-validate", str(share / "applications" / f"{APP_ID}.desktop")],
                   check=True)
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert f'<release version="{build.version()}"' in metainfo.read_text()
    subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)], check=True,
                   capture_output=True)


def may_install() -> bool:
    return os.geteuid() == 0 and (os.environ.get("RAPPORT_PACKAGE_INSTALL") == "1"
                                  or os.environ.get("CI") == "true")


def desktop_exec(path: Path) -> list[str]:
    line = next(line for line in path.read_text().splitlines() if line.startswith("Exec="))
    return [part for part in shlex.split(line.removeprefix("Exec=")) if not part.startswith("%")]


@pytest.mark.skipif(not may_install(), reason="installs a system package: run as root with "
                    "RAPPORT_PACKAGE_INSTALL=1")
def test_the_deb_installs_starts_from_the_menu_and_uninstalls_leaving_the_notebook(
        built, display, tmp_path):
    _bundle, deb = built
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "rapport"],
                            capture_output=True, text=True).stdout
    if "installed" in status.split():
        pytest.fail("a rapport package is already installed here; remove it first")
    env = user_env(tmp_path, display)
    del env["RAPPORT_DATA_DIR"]  # the real default: $XDG_DATA_HOME/Rapport
    notebook = Path(env["XDG_DATA_HOME"]) / "Rapport" / "notebook.rapport"
    subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True)
    try:
        out = subprocess.run(["/usr/bin/rapport-cli", "--version"], capture_output=True,
                             text=True, check=True).stdout
        assert out.strip() == f"rapport {build.version()}"
        launcher = Path("/usr/share/applications") / f"{APP_ID}.desktop"
        command = desktop_exec(launcher)
        assert shutil.which(command[0]) == "/usr/bin/rapport"
        started = subprocess.run(command, env={**env, "RAPPORT_QUIT_WHEN_SHOWN": "1"},
                                 capture_output=True, text=True, timeout=120)
        assert started.returncode == 0, started.stderr
        subprocess.run(["/usr/bin/rapport-cli", "init"], check=True, capture_output=True,
                       env={**env, "RAPPORT_PASSPHRASE": PASSPHRASE})
        before = hashlib.sha256(notebook.read_bytes()).hexdigest()
    finally:
        subprocess.run(["dpkg", "-r", "rapport"], check=True, capture_output=True)
    assert not Path("/opt/rapport").exists()
    assert not Path("/usr/bin/rapport").exists() and not Path("/usr/bin/rapport-cli").exists()
    assert not (Path("/usr/share/applications") / f"{APP_ID}.desktop").exists()
    assert hashlib.sha256(notebook.read_bytes()).hexdigest() == before
    subprocess.run(["dpkg", "--purge", "rapport"], check=True, capture_output=True)
    assert notebook.exists()
