; Inno Setup 6 script for InfraDesk on Windows.
; Build the app first (on Windows):  bash packaging/build.sh   (or the pyinstaller command in
; packaging/README.md), then:        iscc packaging\windows\infradesk.iss
; The installer is written to packaging\dist\installer\InfraDesk-<version>-setup.exe.

#define AppName "InfraDesk"
#define AppVersion "0.1.0"          ; keep in step with infradesk/__init__.py
#define AppPublisher "InfraDesk developers"
#define AppExe "InfraDesk.exe"
#define DistDir "..\dist\InfraDesk"

[Setup]
; AppId identifies the program for upgrades and uninstall; never change it.
AppId={{6B0D3C2E-5F7A-4E0B-9C1D-7A2E4F1B8D30}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=GPL-3.0-or-later
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; per-user install by default (no administrator rights); the user may choose all users
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir=..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\infradesk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "association"; Description: "Open .infradesk workspace files with {#AppName}"; GroupDescription: "File types:"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .infradesk -> InfraDesk.Workspace, opened as: InfraDesk.exe "<file>"
; (packaging/launcher.py turns a lone workspace path into "open <file>")
Root: HKA; Subkey: "Software\Classes\.infradesk"; ValueType: string; ValueName: ""; ValueData: "InfraDesk.Workspace"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.infradesk"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-infradesk-workspace"; Tasks: association
Root: HKA; Subkey: "Software\Classes\InfraDesk.Workspace"; ValueType: string; ValueName: ""; ValueData: "InfraDesk Workspace"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\InfraDesk.Workspace\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\InfraDesk.Workspace\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: association
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".infradesk"; ValueData: ""; Tasks: association

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
