"""pycodestyle, a real style checker, for claims about indentation and layout.

Style findings back claims about coding standards; they are not security
findings (``security=False``) and never count for the verdict's ``missed``.
"""
from __future__ import annotations

import importlib.metadata

from ..model import AnalyzerRun, Finding
from .base import AnalysisResult, failed

STYLE_CWE = 1076  # Insufficient Adherence to Expected Conventions (pillar 710)


class StyleAnalyzer:
    name = "pycodestyle"

    def version(self) -> str | None:
        try:
            return importlib.metadata.version("pycodestyle")
        except importlib.metadata.PackageNotFoundError:
            return None

    def fingerprint(self) -> str:
        return f"pycodestyle-{self.version()}"

    def analyze(self, paths: list[str], timeout: float) -> AnalysisResult:
        try:
            import pycodestyle
        except ImportError:
            return failed(self.name, None, "pycodestyle is not installed", "unavailable")
        from ..cwe import load_catalog
        pillar = load_catalog().pillar(STYLE_CWE)
        result = AnalysisResult(AnalyzerRun(self.name, self.version(), "ok"))

        class Collect(pycodestyle.BaseReport):
            def error(self, line_number, offset, text, check):  # noqa: D401 - pycodestyle's API
                code = text[:4]
                if self._ignore_code(code) or code in self.counters and code in self.expected:
                    return None
                findings = result.findings.setdefault(self.filename, [])
                findings.append(Finding(
                    id=f"pycodestyle:{code}:{line_number}", analyzer="pycodestyle", rule=code,
                    line_start=line_number, line_end=line_number, severity="low", confidence="high",
                    cwe=STYLE_CWE, pillar=pillar, message=text[5:].strip(), security=False))
                return super().error(line_number, offset, text, check)

        guide = pycodestyle.StyleGuide(quiet=True, reporter=Collect)
        for path in paths:
            result.findings.setdefault(path, [])
            try:
                guide.check_files([path])
            except Exception as exc:  # a crash in the checker must not pass as "clean"
                result.failed_paths[path] = f"{type(exc).__name__}: {exc}"[:300]
        return result
