; Inno Setup script for Rapport on Windows. Built by packaging\windows\build.ps1, which
; passes the version from pyproject.toml: iscc /DAppVersion=0.1.0 packaging\windows\rapport.iss
; Input: the PyInstaller folder dist\rapport\ (both rapport.exe and rapport-cli.exe).
; Output: dist\Rapport-<version>-setup.exe

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z rapport.iss (build.ps1 does)
#endif

#define AppName "Rapport"
#define AppExe "rapport.exe"
#define Root "..\.."

[Setup]
; Fixed forever: Windows recognises upgrades and the uninstaller by this id.
AppId={{01A5BB7E-6C70-422A-9A60-53D2EBF827F9}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Rapport contributors
AppPublisherURL=https://rapportapp.org
VersionInfoVersion={#AppVersion}
; Per-user install by default (no administrator rights needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir={#Root}\dist
OutputBaseFilename=Rapport-{#AppVersion}-setup
SetupIconFile={#Root}\packaging\icons\rapport.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Close a running Rapport before replacing its files.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "startatlogin"; Description: "Start Rapport when I sign in"; GroupDescription: "Starting:"; Flags: unchecked

[Files]
Source: "{#Root}\dist\rapport\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "org.rapportapp.Rapport"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Start at login for this user only; the uninstaller removes the value.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Tasks: startatlogin; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what it installed: the notebook in %LOCALAPPDATA%\Rapport
; (platformdirs' user data dir) is the user's and stays.
