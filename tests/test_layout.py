"""The package's layout keeps its promises: stages own their private modules,
DialNexa's contract is written once, and the README names every package."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import leadprep

PACKAGE = Path(leadprep.__file__).parent
README = PACKAGE.parent / "README.md"


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


def imported(name: str, path: Path) -> list[str]:
    """Absolute names of the modules ``path`` (module ``name``) imports from."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.append(target)
            found.extend(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
    return [t for t in found if t.startswith("leadprep")]


def owner(target: str) -> str | None:
    """``leadprep.check._rules`` → ``leadprep.check``: the package a private module belongs to."""
    parts = target.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not part.startswith("__") and i >= 2:
            return ".".join(parts[:i])
    return None


def test_no_module_imports_another_packages_private_module() -> None:
    offences = []
    for name, path in modules():
        for target in imported(name, path):
            home = owner(target)
            if home is not None and not (name == home or name.startswith(home + ".")):
                offences.append(f"{name} imports {target}")
    assert not offences, "\n".join(offences)


def test_no_top_level_module_only_dodges_a_public_name() -> None:
    private = {p.stem for p in PACKAGE.glob("_*.py")}
    clashes = {f"_{n}" for n in leadprep.__all__} & private
    assert not clashes


def test_the_public_api_is_functions_and_classes_from_their_stages() -> None:
    assert [f.__module__ for f in (leadprep.validate, leadprep.upload, leadprep.prepare)] == [
        "leadprep.pipeline",
        "leadprep.delivery._upload",
        "leadprep.delivery._prepare",
    ]
    assert issubclass(leadprep.FileRejected, leadprep.LeadprepError)
    assert issubclass(leadprep.AuthenticationError, leadprep.ApiError)


#: Other 15s in the package, none of them DialNexa's limit.
NOT_THE_CONTRACT = {
    ("sandbox/_server.py", "self._ready.wait(15)"),  # start-up timeout, seconds
    ("cli/_demo.py", "= 15, 0.15, 0.15"),  # the demo's injected latency, ms
    ("delivery/_ledger.py", "r[15]"),  # a column of a SELECT
    ("read/_cells.py", "EXCEL_DIGITS = 15"),  # Excel's precision, not DialNexa's
    ("check/rules/recovered.py", "E164_DIGITS = 15"),  # the E.164 standard's, not DialNexa's
}


def code_tokens(path: Path) -> list[tuple[int, str, str]]:
    """(line, token, line text) of numbers and non-docstring strings in ``path``."""
    text = path.read_text(encoding="utf-8")
    out = []
    previous = tokenize.NEWLINE
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        docstring = tok.type == tokenize.STRING and previous in (
            tokenize.NEWLINE,
            tokenize.NL,
            tokenize.INDENT,
            tokenize.DEDENT,
        )
        if tok.type == tokenize.NUMBER or (tok.type == tokenize.STRING and not docstring):
            out.append((tok.start[0], tok.string, tok.line))
        if tok.type not in (tokenize.COMMENT, tokenize.NL):
            previous = tok.type
    return out


def test_dialnexas_limits_and_defaults_are_written_only_in_the_contract_module() -> None:
    offences = []
    for _, path in modules():
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "dialnexa.py":
            continue
        for line, token, text in code_tokens(path):
            value = token.replace("_", "")
            spelled = (
                value in ("10000000", "10485760")
                or (value == "1024" and re.search(r"10\s*\*\s*1024", text))
                or re.fullmatch(r"[\"']\+91[\"']", token)
                or "10 MB" in token
                or (value == "15" and not any(r == rel and s in text for r, s in NOT_THE_CONTRACT))
            )
            if spelled:
                offences.append(f"{rel}:{line}: {text.strip()}")
    assert not offences, "\n".join(offences)


def test_the_readme_layout_names_every_package_and_top_level_module() -> None:
    layout = README.read_text(encoding="utf-8").split("## Layout", 1)[1].split("\n## ", 1)[0]
    entries = sorted(
        p.name + ("/" if p.is_dir() else "")
        for p in PACKAGE.iterdir()
        if not p.name.startswith(("_", ".")) and (p.is_dir() or p.suffix == ".py")
    )
    missing = [e for e in entries if f"leadprep/{e}" not in layout]
    assert not missing, f"README's Layout does not list {missing}"


def test_the_architecture_map_names_every_package_and_top_level_module() -> None:
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    entries = sorted(
        p.name + ("/" if p.is_dir() else "")
        for p in PACKAGE.iterdir()
        if not p.name.startswith((".", "__")) and (p.is_dir() or p.suffix == ".py")
        if p.name not in ("_version.py", "_lazy.py", "_types.py", "_strings.py", "_resources.py")
        if p.name not in ("_speech.py", "_cache.py", "_progress.py")
    )
    missing = [e for e in entries if e not in text]
    assert not missing, f"ARCHITECTURE.md does not name {missing}"
