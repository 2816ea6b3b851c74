# Build Rapport for Windows in one command, from anywhere:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs: Python 3.11+ on PATH (py launcher or python) and Inno Setup 6 (iscc.exe).
# Output: dist\rapport\ (the bundle) and dist\Rapport-<version>-setup.exe (the installer).
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

if (-not (Test-Path ".venv")) { python -m venv .venv }
$Python = Join-Path $Root ".venv\Scripts\python.exe"
& $Python -m pip install --quiet --upgrade pip
& $Python -m pip install --quiet -e ".[package]"
if ($LASTEXITCODE) { throw "pip install failed" }

$Version = & $Python -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
& $Python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\rapport.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
& dist\rapport\rapport-cli.exe --version
if ($LASTEXITCODE) { throw "the bundled rapport-cli does not start" }

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" packaging\windows\rapport.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }

$Size = (Get-ChildItem dist\rapport -Recurse | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("Bundle dist\rapport: {0:N0} MB; installer dist\Rapport-$Version-setup.exe" -f $Size)
