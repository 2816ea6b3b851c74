#!/usr/bin/env bash
# Build Rapport.app for macOS in one command: packaging/macos/build.sh
# Needs Python 3.11+ (python3). Output: dist/Rapport.app and dist/Rapport-<version>.dmg.
# Signing and notarisation (optional; see packaging/README.md) happen when
# CODESIGN_IDENTITY (and, for notarytool, NOTARY_PROFILE) are set.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -d .venv ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[package]"
VERSION=$(.venv/bin/python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")

.venv/bin/python -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/rapport.spec
dist/Rapport.app/Contents/MacOS/rapport-cli --version

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp \
        --entitlements packaging/macos/entitlements.plist \
        --sign "$CODESIGN_IDENTITY" dist/Rapport.app
    codesign --verify --deep --strict --verbose=2 dist/Rapport.app
fi

rm -f "dist/Rapport-$VERSION.dmg"
hdiutil create -volname Rapport -srcfolder dist/Rapport.app -ov -format UDZO "dist/Rapport-$VERSION.dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ] && [ -n "${NOTARY_PROFILE:-}" ]; then
    codesign --sign "$CODESIGN_IDENTITY" --timestamp "dist/Rapport-$VERSION.dmg"
    xcrun notarytool submit "dist/Rapport-$VERSION.dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "dist/Rapport-$VERSION.dmg"
fi
echo "Rapport.app: $(du -sh dist/Rapport.app | cut -f1); dist/Rapport-$VERSION.dmg"
