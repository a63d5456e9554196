"""Every option is declared once; the command line, config files, Python keywords,
``leadprep init`` and the ledger's fingerprint are derived from the declaration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

import leadprep
from leadprep import _speech
from leadprep.cli._parser import build_parser, parse
from leadprep.settings import (
    CHUNK_ROWS,
    COLUMNS,
    HEADER_ROW,
    REGISTRY,
    Option,
    Settings,
    declare,
    options_of,
)
from leadprep.settings._convert import Whole

PACKAGE = Path(leadprep.__file__).parent


@pytest.fixture
def shoe_size() -> Iterator[Option[int | None]]:
    """A throwaway option, declared as any other: one declaration, nothing else."""
    option = declare(
        Option[int | None](
            "shoe_size",
            "a throwaway option (tests only)",
            Whole(),
            None,
            ("validate", "prepare", "upload"),
            changes_upload=True,
            init=True,
        )
    )
    yield option
    REGISTRY.remove(option)  # type: ignore[arg-type]  # the registry holds every T
    _speech.KEYWORDS.pop(option.flag)


def test_a_new_declaration_is_a_flag_a_config_key_and_a_python_keyword(
    shoe_size: Option[int | None], tmp_path: Path
) -> None:
    help_text = run_cli("validate", "--help").stdout
    assert "--shoe-size" in help_text
    assert "a throwaway option (tests only)" in help_text

    config = tmp_path / "job.toml"
    config.write_text("shoe-size = 42\n")
    command, typed = parse(["validate", str(SAMPLES / "leads_clean.csv")])
    from leadprep.settings import ConfigFile

    assert Settings.gather(command, typed, ConfigFile.load(config))[shoe_size] == 42
    by_flag = run_cli("validate", SAMPLES / "leads_clean.csv", "--shoe-size", "41", "-q")
    assert by_flag.returncode == 0, by_flag.stderr
    by_config = run_cli("validate", SAMPLES / "leads_clean.csv", "--config", config, "-q")
    assert by_config.returncode == 0, by_config.stderr

    assert Settings.from_keywords("validate", {"shoe_size": 40})[shoe_size] == 40
    assert leadprep.validate(SAMPLES / "leads_clean.csv", shoe_size=39).exit_code == 0
    refused = run_cli("validate", SAMPLES / "leads_clean.csv", "--shoe-size", "0")
    assert refused.returncode == 2
    assert "--shoe-size 0: 0 is not positive" in refused.stderr


def test_a_declared_option_changes_the_fingerprint_only_when_it_changes_the_upload(
    shoe_size: Option[int | None],
) -> None:
    plain = Settings("upload")
    assert plain.with_values({shoe_size: 9}).fingerprint() != plain.fingerprint()
    assert plain.with_values({shoe_size: 9}).fingerprint() == (
        plain.with_values({shoe_size: 9}).fingerprint()
    )
    concurrency = next(o for o in options_of("upload") if o.name == "concurrency")
    assert not concurrency.changes_upload  # how fast, not what: the same run resumes
    assert plain.with_values({concurrency: 7}).fingerprint() == plain.fingerprint()
    assert plain.with_values({CHUNK_ROWS: 7}).fingerprint() != plain.fingerprint()


def test_a_file_option_is_fingerprinted_by_its_content(tmp_path: Path) -> None:
    from leadprep.settings import PROMPT

    prompt = tmp_path / "prompt.txt"
    prompt.write_text("Hello {{name}}")
    before = Settings("upload", {PROMPT: prompt}).fingerprint()
    prompt.write_text("Hello {{first_name}}")
    assert Settings("upload", {PROMPT: prompt}).fingerprint() != before


def test_init_writes_what_it_was_given_by_the_declarations(
    shoe_size: Option[int | None],
) -> None:
    from leadprep.suggest import suggest_config

    given = Settings.from_keywords("validate", {"shoe_size": 44, "header_row": 1})
    config = suggest_config(SAMPLES / "leads_clean.csv", given).to_toml()
    assert "shoe-size = 44" in config
    assert "header-row = 1" in config


def test_an_undeclared_name_is_refused_everywhere(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'shoe_size'"):
        leadprep.validate(SAMPLES / "leads_clean.csv", shoe_size=1)
    config = tmp_path / "job.toml"
    config.write_text("shoe-size = 42\n")
    result = run_cli("validate", SAMPLES / "leads_clean.csv", "--config", config)
    assert result.returncode == 2
    assert "sets 'shoe-size', which `leadprep validate` does not take" in result.stderr
    config.write_text("[uplaod]\ncampaign = 'x'\n")
    typo = run_cli("validate", SAMPLES / "leads_clean.csv", "--config", config)
    assert typo.returncode == 2
    assert "[uplaod]" in typo.stderr


def test_values_read_alike_from_the_flag_the_config_and_python(tmp_path: Path) -> None:
    command, typed = parse(["validate", "f.csv", "--columns", "A, B", "--header-row", "3"])
    from_flags = Settings.gather(command, typed, environ={})
    from_python = Settings.from_keywords("validate", {"columns": ["A", "B"], "header_row": 3})
    assert from_flags[COLUMNS] == from_python[COLUMNS]
    assert from_flags[HEADER_ROW] == from_python[HEADER_ROW] == 3
    assert from_flags[COLUMNS] == ("A", "B")


def test_every_option_is_in_help_under_its_command() -> None:
    parser = build_parser()
    assert parser.prog == "leadprep"
    for option in REGISTRY:
        for command in option.commands:
            text = run_cli(*command.split(), "--help").stdout
            shown = option.flag if not option.positional else option.convert.metavar
            assert shown in text, f"{option.name} is missing from 'leadprep {command} --help'"


def test_names_are_unique_within_each_command() -> None:
    for command in {c for o in REGISTRY for c in o.commands}:
        names = [o.name for o in options_of(command)]
        flags = [o.flag for o in options_of(command) if o.flag]
        assert len(names) == len(set(names)), command
        assert len(flags) == len(set(flags)), command


def test_no_option_travels_as_loose_keywords_and_no_argparse_private_is_used() -> None:
    offences = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\*\*options\b", r"make_options\(", r"\._actions\b", r"argparse\._"):
            offences += [f"{path.name}: {pattern}" for _ in re.finditer(pattern, text)]
    assert not offences
