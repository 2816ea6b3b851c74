"""app/ is the Qt-free core: importable, and usable, with PySide6 unavailable."""

import subprocess
import sys
import textwrap


def test_app_imports_and_runs_without_pyside6(tmp_path):
    script = textwrap.dedent(f"""
        import importlib.abc, sys, pkgutil, importlib

        class BlockQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked in this test")

        sys.meta_path.insert(0, BlockQt())
        import app
        for module in pkgutil.walk_packages(app.__path__, "app."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
        from app.notebook import Notebook
        with Notebook.create({str(tmp_path / 'x.rapport')!r}, "no qt here please") as nb:
            nb.people.list()
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
