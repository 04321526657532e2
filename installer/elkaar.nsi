; Elkaar installer for Windows (NSIS 3): per-user install, no administrator rights needed.
;
;   makensis /DVERSION=0.1.0 /DSRCDIR=..\dist\elkaar /DOUTFILE=..\dist\Elkaar-0.1.0-setup.exe installer\elkaar.nsi
;
; Paths given with /D are relative to this file's folder. SRCDIR is the PyInstaller
; one-folder bundle (elkaar.exe, elkaar-cli.exe, _internal\). The program goes to
; %LOCALAPPDATA%\Programs\Elkaar; the user's data lives elsewhere (%LOCALAPPDATA%\Elkaar\Elkaar,
; see desktop.paths.user_data_dir), so installing, updating and reinstalling never touch
; it. The uninstaller removes the data only when the user ticks the box for it.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef NOCOMPRESS
  ; quick compile check (Linux CI with the stand-in payload)
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef SRCDIR
  !define SRCDIR "..\dist\elkaar"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\Elkaar-${VERSION}-setup.exe"
!endif
!ifndef VIVERSION
  ; VIProductVersion needs four numbers: pass /DVIVERSION=0.1.0.0 for other versions
  !define VIVERSION "${VERSION}.0"
!endif

!if /FileExists "${SRCDIR}\elkaar-portable"
  !error "SRCDIR bevat het portable-merkbestand elkaar-portable; dat hoort niet in de installer."
!endif

!define APPNAME "Elkaar"
!define PUBLISHER "Elkaar"
!define EXE "elkaar.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Elkaar"
!define DATADIR "$LOCALAPPDATA\Elkaar\Elkaar"
!define ICON "..\resources\icons\elkaar.ico"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Elkaar"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

; ------------------------------------------------------------------ version resource
VIProductVersion "${VIVERSION}"
VIFileVersion "${VIVERSION}"
VIAddVersionKey /LANG=1043 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1043 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1043 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1043 "FileDescription" "Installatieprogramma van ${APPNAME}"
VIAddVersionKey /LANG=1043 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1043 "LegalCopyright" "EUPL-1.2"

; ------------------------------------------------------------------ pages
!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Dit installeert ${APPNAME} ${VERSION} voor uw eigen gebruikersaccount. U hebt geen beheerdersrechten nodig.$\r$\n$\r$\nUw gegevens staan los van het programma en blijven bij een update altijd bewaard."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "${APPNAME} nu starten"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Dutch"

; ------------------------------------------------------------------ install
Section "Elkaar" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; an update replaces the program files only (old libraries must not linger)
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 \
    SW_SHOWNORMAL "" "Sociale kaart, mantelzorg en beleid"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

; ------------------------------------------------------------------ uninstall
Var RemoveData
Var RemoveDataBox

Function un.onInit
  StrCpy $RemoveData ${BST_UNCHECKED}
FunctionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "Uw gegevens" "Het programma wordt verwijderd. Wat doen we met uw gegevens?"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 52u "Uw databases, back-ups, logbestanden en instellingen staan in$\r$\n${DATADIR}$\r$\n$\r$\nDie blijven bewaard, zodat u ze na een nieuwe installatie weer kunt gebruiken. Databases die u zelf op een andere plek hebt opgeslagen, worden nooit verwijderd."
  Pop $0
  ${NSD_CreateCheckbox} 0 60u 100% 12u "&Ook mijn gegevens in deze map verwijderen (kan niet ongedaan worden gemaakt)"
  Pop $RemoveDataBox
  ${NSD_SetState} $RemoveDataBox $RemoveData
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $RemoveDataBox $RemoveData
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  ; only what the installer put there: never RMDir /r on a folder the user chose
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\elkaar.exe"
  Delete "$INSTDIR\elkaar-cli.exe"
  Delete "$INSTDIR\elkaar"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"

  ${If} $RemoveData == ${BST_CHECKED}
    RMDir /r "${DATADIR}"
    RMDir "$LOCALAPPDATA\Elkaar"
    ; Qt settings (QSettings: organisation Elkaar, application Elkaar)
    DeleteRegKey HKCU "Software\Elkaar\Elkaar"
    DeleteRegKey /ifempty HKCU "Software\Elkaar"
  ${EndIf}
SectionEnd
