"""`plankg views`: rebuild the browser views of a built graph (DIR/site/)."""

from __future__ import annotations

from pathlib import Path

import click


def build_inputs(graph: Path, output: Path) -> dict[str, str | bytes]:
    """report.md and figures/*.png of the build, from DIR or else from beside the graph."""
    found: dict[str, str | bytes] = {}
    for directory in dict.fromkeys([output, graph.parent]):
        report = directory / "report.md"
        if "report.md" not in found and report.is_file():
            found["report.md"] = report.read_text(encoding="utf-8")
        figures = sorted((directory / "figures").glob("*.png"))
        if figures and not any(k.startswith("figures/") for k in found):
            found |= {f"figures/{p.name}": p.read_bytes() for p in figures}
    return found


def echo_written(written: list[Path], output: Path) -> None:
    """One line per file written, the site's pages counted in one line."""
    site = output / "site"
    pages = [p for p in written if p.is_relative_to(site)]
    for path in written:
        if path not in pages:
            click.echo(f"wrote {path}")
    if pages:  # the HTML pages: vis-network.min.js beside them is not one
        click.echo(f"wrote {sum(p.suffix == '.html' for p in pages)} pages into {site}")


def echo_site(written: list[Path], output: Path) -> None:
    """The last line of a build: where to open the site, if it was written."""
    index = output / "site" / "index.html"
    if index in written:
        click.echo(f"open {index}")


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    help="Directory to write site/ into (default: the graph's directory).",
)
def views(graph: Path, output: Path | None) -> None:
    """Rebuild the browser views of GRAPH into DIR/site/: index.html (links to every view, the
    agency ranking, the figures and report.md), overview, agency network, responsibilities, map,
    sectors, and one page per agency. Every page works offline; `plankg build` writes the same.

    \b
    Example:
        plankg views out/graph.ttl -o out
        xdg-open out/site/index.html
    """
    from .io import load_graph, write_outputs
    from .views.site import site_files

    output = output or graph.parent
    files = site_files(load_graph(graph), build_inputs(graph, output))
    written = write_outputs(output, files)
    echo_written(written, output)
    echo_site(written, output)


COMMANDS = (views,)
