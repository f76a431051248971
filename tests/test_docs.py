"""The docs keep up with the commands: every command has help with an example and a place in
the README, and the README starts a newcomer with the Makefile's two commands."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.io import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Every command plankg has had when this test was written; a new one joins by itself below.
KNOWN = {
    "build",
    "validate",
    "diff",
    "views",
    "rank",
    "agency",
    "clusters",
    "centrality",
    "query",
    "serve",
    "push",
}


def commands(group: click.Group, path: tuple[str, ...] = ()) -> dict[str, click.Command]:
    """Every visible command under group, by its words after `plankg` ("rank", "a b")."""
    ctx = click.Context(group, info_name="plankg")
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        words = (*path, name)
        found[" ".join(words)] = command
        if isinstance(command, click.Group):
            found |= commands(command, words)
    return found


COMMANDS = commands(main)


def test_the_walk_finds_the_commands_of_every_module() -> None:
    # rank and friends, query, serve, push and views are registered from their own modules
    assert set(COMMANDS) >= KNOWN, sorted(KNOWN - set(COMMANDS))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_with_an_example(name: str) -> None:
    command = COMMANDS[name]
    assert (command.help or "").strip(), f"plankg {name} has no help text"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`plankg {name} --help` shows no example"
    assert f"plankg {name}" in result.output, "the example should show the command itself"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"plankg {re.escape(name)}(?![\w-])", README), (
        f"README.md never shows `plankg {name}`"
    )


def test_readme_starts_with_the_two_commands() -> None:
    first_block = re.search(r"```\w*\n(.*?)```", README, re.DOTALL)
    assert first_block is not None, "README.md has no code block"
    lines = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert [line for line in lines if line] == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_readme_shows_the_screenshot_and_links_the_vocabulary() -> None:
    for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / link).is_file(), link
    assert "](docs/agency-network.png)" in README
    assert "](ontology/plan.ttl)" in README
    assert "classDiagram" in README


def test_readme_points_to_the_notebooks() -> None:
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"notebooks/{notebook.name}" in README, notebook.name
