"""`evgraph import`, `evgraph source add`, `evgraph export`: data in and out."""
from __future__ import annotations

from pathlib import Path

import click

from graph.evidence.store import file_source, store_file, url_source
from graph.store.schema import SCHEMA
from graph.store.settings import load_settings
from graph.store.writer import write_records
from importers.detect import FORMATS
from importers.errors import ImportFailed, report, write_rejects
from importers.rows import Parsed

from .common import audit, audit_disclosures, cli_viewer, open_graph, require_role


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Do not detect the format: use this one.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A YAML mapping for a register with other columns (see importers/mappings/).")
@click.option("--dry-run", is_flag=True, help="Validate and report counts; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows; put the others in FILE.rejects.csv.")
@click.option("--encoding", help="Text encoding of a CSV that is not UTF-8 (e.g. cp1251).")
@click.option("--bulk", is_flag=True, help="First load into an EMPTY database with neo4j-admin's import (many times "
              "faster; the server restarts once). The graph is the one the normal import writes.")
def import_cmd(files: tuple[Path, ...], fmt: str | None, mapping: Path | None, dry_run: bool, skip_invalid: bool,
               encoding: str | None, bulk: bool) -> None:
    """Import registers (CSV/XLSX), FollowTheMoney JSON lines or OpenSanctions targets.simple.csv, one after
    another (with --bulk: all at once, into an empty database)."""
    if not dry_run:
        require_role("editor", "evgraph import")
    if bulk and not dry_run:
        _bulk([_parsed(f, fmt, mapping, encoding, skip_invalid) for f in files])
        return
    for file in files:
        _import_one(file, fmt, mapping, dry_run, skip_invalid, encoding)


def _parsed(file: Path, fmt, mapping, encoding, skip_invalid: bool) -> Parsed:
    """A file read and validated, or the reason nothing is imported."""
    from importers import parse_file

    try:
        parsed = parse_file(file, fmt, mapping, encoding)
    except ImportFailed as err:
        raise click.ClickException(f"nothing imported.\n{err}")
    if parsed.problems and not skip_invalid:
        raise click.ClickException(f"nothing imported: {len(parsed.rejects)} of {parsed.rows} rows are invalid in "
                                   f"{file.name} (fix them, or pass --skip-invalid to import the rest)\n"
                                   f"{report(parsed.problems)}")
    if parsed.problems:
        click.echo(report(parsed.problems, limit=20), err=True)
    click.echo(_summary(parsed))
    return parsed


def _bulk(parsed: list[Parsed]) -> None:
    import time

    from graph.interchange.bulk import BulkRefused, bulk_files

    start = time.perf_counter()
    with open_graph() as graph:
        try:
            done = bulk_files(graph, parsed, load_settings().evidence_dir, echo=lambda m: click.echo(m, err=True))
        except BulkRefused as err:
            raise click.ClickException(str(err))
    took = time.perf_counter() - start
    for p, result, batch_uid in done:
        write_rejects(p.file, p.rejects)
        audit("import", uids=[batch_uid], new=result.as_dict(),
              detail={"file": p.file.name, "format": p.format, "rows": p.rows, "rejected": len(p.rejects),
                      "sha256": _sha256(p.file), "bulk": True})
        click.echo(f"written: {result.nodes} nodes, {result.relationships} relationships from {p.file.name} "
                   f"(import batch {batch_uid})")
    elements = sum(r.nodes + r.relationships for _p, r, _b in done)
    click.echo(f"bulk load: {elements:,} nodes and relationships in {took:.1f} s ({elements / max(took, 1e-9):,.0f}/s), "
               "schema and fulltext indexes in place")


def _import_one(file: Path, fmt: str | None, mapping: Path | None, dry_run: bool, skip_invalid: bool,
                encoding: str | None) -> None:
    parsed = _parsed(file, fmt, mapping, encoding, skip_invalid)
    if dry_run:
        click.echo("dry run: nothing written")
        return
    if not parsed.nodes and not parsed.rels:
        # no ImportBatch for an import that brought nothing: the graph stays exactly as it was
        rejects = write_rejects(parsed.file, parsed.rejects)
        raise click.ClickException("nothing imported: no valid row" + (
            f"; rejected rows with their reasons: {rejects}" if rejects else ""))
    _write(parsed)


def _sha256(path: Path) -> str | None:
    from graph.evidence.store import file_sha256

    return file_sha256(path) if path.is_file() else None


def _summary(parsed: Parsed) -> str:
    what = parsed.format + (f", mapping {parsed.mapping}" if parsed.mapping else "")
    text = (f"{parsed.file.name} ({what}): {parsed.rows} rows, {len(parsed.rejects)} rejected, "
            f"{len(parsed.nodes)} node records, {len(parsed.rels)} relationship records")
    for why, n in sorted(parsed.skipped.items()):
        text += f"\n  skipped {n} {why}"
    return text


def _write(parsed: Parsed) -> None:
    from tqdm import tqdm

    from importers import WriteStopped, write_parsed

    records = max(1, len(parsed.nodes) + len(parsed.rels))
    with open_graph() as graph:
        # the writer reports records; people think in rows of their file
        with tqdm(total=parsed.rows, desc="importing", unit=" rows", disable=None,
                  bar_format="{l_bar}{bar}| {n:.0f}/{total} rows [{elapsed}<{remaining}, {rate_fmt}]") as bar:
            try:
                result, batch_uid = write_parsed(graph, parsed, load_settings().evidence_dir,
                                                 progress=lambda n: bar.update(n * parsed.rows / records))
            except WriteStopped as err:
                raise click.ClickException(str(err))
            bar.update(parsed.rows - bar.n)  # records merged in the writer never report: finish the bar
    rejects = write_rejects(parsed.file, parsed.rejects)
    audit("import", uids=[batch_uid], new=result.as_dict(),
          detail={"file": parsed.file.name, "format": parsed.format, "rows": parsed.rows,
                  "rejected": len(parsed.rejects), "sha256": _sha256(parsed.file)})
    click.echo(f"written: {result.nodes} nodes, {result.relationships} relationships (import batch {batch_uid})")
    linked, ambiguous = parsed.reused.get("linked", 0), parsed.reused.get("ambiguous", 0)
    if linked or ambiguous:
        click.echo(f"linked to records already in the graph: {linked} (courts, sites, officials named the same)"
                   + (f"; {ambiguous} names several records have were made new" if ambiguous else ""))
    click.echo("near matches (other spellings, other scripts) go to the review queue: /review, "
               "or `evgraph resolve candidates`")
    if rejects:
        click.echo(f"rejected rows with their reasons: {rejects}")


@click.group("source")
def source_group() -> None:
    """Sources as evidence: files (hashed, stored) and URLs."""


@source_group.command("add")
@click.argument("target")
@click.option("--title", required=True, help="What the source is, e.g. 'Verdict of the Southern District Military Court'.")
@click.option("--kind", type=click.Choice(SCHEMA.vocabularies["source_kind"]), default="other", show_default=True)
@click.option("--reliability", type=click.Choice(list("ABCDEF")), help="A (completely reliable) ... F (cannot be judged).")
@click.option("--credibility", type=click.Choice(list("123456")), help="1 (confirmed) ... 6 (cannot be judged).")
@click.option("--published-on", type=click.DateTime(["%Y-%m-%d"]), help="yyyy-mm-dd")
@click.option("--confidential", is_flag=True, help="Only trusted roles may see it.")
def source_add(target: str, title: str, kind: str, reliability: str | None, credibility: str | None,
               published_on, confidential: bool) -> None:
    """Record a Source: a FILE (SHA-256, size, media type, copy in the evidence store) or a URL."""
    from datetime import date

    require_role("editor", "evgraph source add")
    props = {"kind": kind, "reliability": reliability, "credibility": credibility, "confidential": confidential or None,
             "published_on": published_on.date() if published_on else None, "captured_on": date.today()}
    if target.startswith(("http://", "https://")):
        record = url_source(target, title, **props)
    else:
        path = Path(target)
        if not path.is_file():
            raise click.ClickException(f"{target}: no such file (give a file path or an http(s):// URL)")
        with open_graph() as graph:
            from graph.store.sealing import sealing_ring

            ring = sealing_ring(graph) if confidential else None   # a confidential file is sealed in the store
            record = file_source(store_file(path, load_settings().evidence_dir, ring), title, **props)
    with open_graph() as graph:
        write_records(graph, [record])
    audit("edit", uids=[record.uid], new={"source": "added", "confidential": confidential})
    click.echo(f"source {record.uid}: {title}" + (f"  sha256 {record.props['sha256']}" if "sha256" in record.props else ""))



@click.group("export")
def export_group() -> None:
    """Everything out again: FtM JSON lines, GraphML, CSV."""


INCLUDE_PROTECTED = click.option(
    "--include-protected", is_flag=True,
    help="Admins only, and logged: open the seals, so protected people and confidential sources are written "
         "in clear text. Without it every export has pseudonyms only, whoever runs it.")


def _export(kind: str, target: Path, include_protected: bool, write) -> object:
    if include_protected:
        require_role("admin", "an export with --include-protected")
    with open_graph() as graph:
        # without the flag the viewer holds no key ring: nothing sealed can be opened, whatever the role
        viewer = cli_viewer(graph) if include_protected else cli_viewer()
        result = write(graph, viewer)
    audit("export", detail={"format": kind, "to": str(target), "include_protected": include_protected})
    audit_disclosures(viewer, f"export {kind}")
    return result


@export_group.command("ftm")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@INCLUDE_PROTECTED
def export_ftm_cmd(out: Path, include_protected: bool) -> None:
    """Every node and relationship as FollowTheMoney entities (JSON lines) to OUT."""
    from graph.interchange.export import export_ftm

    count = _export("ftm", out, include_protected, lambda graph, viewer: export_ftm(graph, out, viewer))
    click.echo(f"{count} FtM entities written to {out}")


@export_group.command("graphml")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@INCLUDE_PROTECTED
def export_graphml_cmd(out: Path, include_protected: bool) -> None:
    """The whole graph as GraphML (Gephi, yEd) to OUT."""
    from graph.interchange.export import export_graphml

    nodes, edges = _export("graphml", out, include_protected,
                           lambda graph, viewer: export_graphml(graph, out, viewer))
    click.echo(f"{nodes} nodes, {edges} edges written to {out}")


@export_group.command("csv")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@INCLUDE_PROTECTED
def export_csv_cmd(folder: Path, include_protected: bool) -> None:
    """A CSV per label and per relationship type into FOLDER."""
    from graph.interchange.export import export_csv

    files = _export("csv", folder, include_protected, lambda graph, viewer: export_csv(graph, folder, viewer))
    click.echo(f"{len(files)} CSV files ({sum(files.values())} rows) written to {folder}")


COMMANDS = [import_cmd, source_group, export_group]
