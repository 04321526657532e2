"""installer/elkaar.spec, executed with stand-ins for PyInstaller's build classes (no
bundle is built here; CI builds and smoke-tests the real one in .ci/run): it bundles
resources/, db/ and every desktop module, and filters the Qt parts the app does not use."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "elkaar.spec"


class _Recorder:
    calls: dict[str, list] = {}

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        _Recorder.calls.setdefault(type(self).__name__, []).append(self)


class Analysis(_Recorder):
    def __init__(self, scripts, **kwargs):
        super().__init__(scripts, **kwargs)
        self.scripts = [("elkaar_main", scripts[0], "PYSOURCE")]
        self.pure = []
        self.datas = list(kwargs["datas"]) and [
            (str(Path(dest) / Path(src).name), src, "DATA") for src, dest in kwargs["datas"]
        ]
        # a few collected Qt files in the Linux and Windows layouts
        self.binaries = [(dest, "/nonexistent/" + dest, "BINARY") for dest in SAMPLE_BINARIES]
        self.datas += [(dest, "/nonexistent/" + dest, "DATA") for dest in SAMPLE_DATAS]


class PYZ(_Recorder):
    pass


class EXE(_Recorder):
    pass


class COLLECT(_Recorder):
    pass


KEPT = [
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "pypdfium2_raw/libpdfium.so",  # report preview and printing
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "pypdfium2_raw/pdfium.dll",
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
    "PySide6/plugins/imageformats/qjpeg.dll",
]
DROPPED = [
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6PdfWidgets.so.6",
    "PySide6/Qt6Pdf.dll",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
    "PySide6/Qt/lib/libQt6WebEngineCore.so.6",
    "PySide6/Qt/lib/libQt6Designer.so.6",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt6Quick.dll",
    "PySide6/Qt6Multimedia.dll",
    "PySide6/plugins/platforms/qdirect2d.dll",
    "libcups.so.2",
    "PySide6/opengl32sw.dll",
]
SAMPLE_BINARIES = KEPT + DROPPED
SAMPLE_DATAS = [
    "PySide6/Qt/translations/qtbase_nl.qm",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/translations/qtwebengine_nl.qm",
    "PySide6/translations/qt_nl.qm",
    "PySide6/translations/qt_fr.qm",
    "PySide6/Qt/qml/QtQuick/qmldir",
    "PySide6/QtCore.pyi",
]


def _collect_submodules(package: str) -> list[str]:
    mod = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(mod.__path__, package + "."):
        names.append(info.name)
    return names


@pytest.fixture(scope="module")
def spec():
    """Run the spec with fake PyInstaller globals; returns its namespace."""
    fake_pkg = types.ModuleType("PyInstaller")
    fake_utils = types.ModuleType("PyInstaller.utils")
    fake_hooks = types.ModuleType("PyInstaller.utils.hooks")
    fake_hooks.collect_submodules = _collect_submodules
    fake_pkg.utils = fake_utils
    fake_utils.hooks = fake_hooks
    saved = {
        k: sys.modules.get(k)
        for k in ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks")
    }
    sys.modules.update(
        {
            "PyInstaller": fake_pkg,
            "PyInstaller.utils": fake_utils,
            "PyInstaller.utils.hooks": fake_hooks,
        }
    )
    saved_path = list(sys.path)
    _Recorder.calls = {}
    namespace = {
        "__name__": "__main__",
        "SPECPATH": str(SPEC.parent),
        "Analysis": Analysis,
        "PYZ": PYZ,
        "EXE": EXE,
        "COLLECT": COLLECT,
    }
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.path[:] = saved_path
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value
    namespace["_calls"] = _Recorder.calls
    return namespace


def test_spec_is_one_folder_with_entry_script_and_strip(spec):
    calls = spec["_calls"]
    (analysis,) = calls["Analysis"]
    assert Path(analysis.args[0][0]) == ROOT / "installer" / "elkaar_main.py"
    assert "desktop.cli" in (ROOT / "installer" / "elkaar_main.py").read_text()
    (collect,) = calls["COLLECT"]
    assert collect.kwargs["name"] == "elkaar"
    exe = calls["EXE"][0]
    assert exe.kwargs["name"] == "elkaar"
    assert exe.kwargs["exclude_binaries"] is True  # onedir, not onefile
    if sys.platform != "win32":
        assert exe.kwargs["strip"] is True and collect.kwargs["strip"] is True
    assert (ROOT / "resources" / "icons" / "elkaar.ico").is_file()


def test_spec_bundles_every_resource_and_migration(spec):
    (analysis,) = spec["_calls"]["Analysis"]
    dests = {(Path(dest), Path(src)) for src, dest in analysis.kwargs["datas"]}
    for folder in ("resources", "db"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert (path.parent.relative_to(ROOT), path) in dests, path
    dest_dirs = {str(dest).replace("\\", "/") for dest, _ in dests}
    assert {"db", "db/versions", "resources/fonts", "resources/icons"} <= dest_dirs


def test_spec_collects_dynamically_discovered_feature_modules(spec):
    (analysis,) = spec["_calls"]["Analysis"]
    hidden = set(analysis.kwargs["hiddenimports"])
    src = ROOT / "src"
    for path in (src / "desktop").rglob("*.py"):
        name = ".".join(path.relative_to(src).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        assert name in hidden, name
    # imports of the migration scripts (loaded from disk, invisible to the analysis)
    assert {"alembic.op", "sqlalchemy"} <= hidden
    assert "sqlalchemy.dialects.sqlite.pysqlcipher" in hidden
    assert "__future__" not in hidden


def test_spec_excludes_unused_qt_modules_and_tkinter(spec):
    (analysis,) = spec["_calls"]["Analysis"]
    excludes = set(analysis.kwargs["excludes"])
    assert {"tkinter", "PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick"} <= excludes
    assert {"PySide6.QtMultimedia", "PySide6.QtDesigner", "PySide6.QtNetwork"} <= excludes
    assert {"PySide6.QtPdf", "PySide6.QtPdfWidgets"} <= excludes  # pypdfium2 renders PDFs
    for needed in (
        "PySide6.QtSvg",
        "PySide6.QtPrintSupport",
    ):
        assert needed not in excludes


def test_spec_filters_qt_libraries_plugins_and_translations(spec):
    (analysis,) = spec["_calls"]["Analysis"]
    binaries = {dest for dest, _, _ in analysis.binaries}
    for dest in KEPT:
        assert dest in binaries, f"{dest} should stay"
    for dest in DROPPED:
        assert dest not in binaries, f"{dest} should be filtered out"
    datas = {dest for dest, _, _ in analysis.datas}
    assert "PySide6/Qt/translations/qtbase_nl.qm" in datas
    assert "PySide6/translations/qt_nl.qm" in datas
    for dest in SAMPLE_DATAS:
        if not re.search(r"_nl\.qm$", dest):
            assert dest not in datas, dest
    # the app's own data is never filtered
    assert any(dest.replace("\\", "/").startswith("db/versions/") for dest in datas)


def test_nsis_script_is_per_user_with_version_icon_and_data_kept():
    nsi = (ROOT / "installer" / "elkaar.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in nsi
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\Elkaar"' in nsi
    assert "VIProductVersion" in nsi and "MUI_ICON" in nsi
    assert "$SMPROGRAMS" in nsi
    # data is removed only inside the branch for the ticked box
    body = nsi.split('Section "Uninstall"', 1)[1]
    before, _, after = body.partition("${If} $RemoveData == ${BST_CHECKED}")
    assert "${DATADIR}" not in before and "${DATADIR}" in after
    assert 'RMDir /r "$INSTDIR"' not in nsi
