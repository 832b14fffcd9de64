"""The house rules issue 14 set for the code base, checked on the source so a change cannot slip past them:
small modules, a build package of short functions with few parameters, one process without forks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
MODULES = sorted(KG.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(KG)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_the_build_package_has_short_functions_with_few_parameters() -> None:
    too_big = []
    for path in sorted((KG / "building").glob("*.py")):
        for function in _functions(path):
            lines = (function.end_lineno or function.lineno) - function.lineno + 1
            arguments = function.args
            count = len(arguments.posonlyargs) + len(arguments.args) + len(arguments.kwonlyargs)
            if lines > 60 or count > 8:
                too_big.append(f"{path.name}:{function.name} ({lines} lines, {count} parameters)")
    assert too_big == []


def test_the_build_shows_its_stages_in_under_80_lines() -> None:
    assert len((KG / "building" / "__init__.py").read_text(encoding="utf-8").splitlines()) < 80


def test_no_fork_no_exit_and_no_forced_start_method() -> None:
    forbidden = re.compile(r"os\.fork\(|os\._exit\(|set_start_method\(|get_context\(\s*[\"']fork[\"']")
    found = [
        f"{path.relative_to(KG)}:{number}"
        for path in MODULES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert found == []
