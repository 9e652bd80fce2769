"""`evgraph dossier` (one official, or a batch as ZIP) and `evgraph sanctions` (gap, match, confirm, reject)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dossiers.selection import BUILTIN, SelectionError, batch_title, selection_uids
from graph.evidence import grades
from graph.store.language import DEFAULT, LANGUAGES, using

from .common import FORMATS, actor_name, audit, cli_viewer, emit, open_graph, parse_params, require_role

RELIABILITY = click.Choice(grades.RELIABILITY, case_sensitive=False)
DOSSIER_FORMATS = click.Choice(["html", "pdf", "docx", "json"])


def _threshold(min_reliability: str | None, min_credibility: int | None, verified_only: bool = False):
    from graph.evidence.grades import EvidenceThreshold

    return EvidenceThreshold(min_reliability.upper() if min_reliability else None, min_credibility, verified_only)


@click.command("dossier")
@click.argument("uid", required=False)
@click.option("--format", "fmt", type=DOSSIER_FORMATS, default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write ('-': stdout).")
@click.option("--min-reliability", type=RELIABILITY, help="Leave out claims resting only on sources below this.")
@click.option("--min-credibility", type=click.IntRange(1, 6), help="Leave out claims resting only on sources below this.")
@click.option("--verified-only", is_flag=True, help="Only statements an editor marked verified.")
@click.option("--prepared-by", default="Evidence Graph", show_default=True, help="Who prepared the dossier.")
@click.option("--lang", type=click.Choice(sorted(LANGUAGES)), default=DEFAULT, show_default=True,
              help="The language of the dossier (independent of anyone's interface).")
@click.option("--batch", "batch", is_flag=False, flag_value=BUILTIN, default=None, metavar="[QUERY_NAME]",
              help="A ZIP of dossiers for the `uid` column of a saved query (queries/NAME.cypher, with --param), "
                   f"or without a name the built-in selection '{BUILTIN}': officials with at least "
                   "--min-violations evidenced violations not listed by --not-listed-by (or by no one).")
@click.option("--query-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A read-only .cypher file returning a `uid` column (with --batch).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A $parameter of the saved query or --query-file.")
@click.option("--min-violations", default=3, show_default=True, help="Built-in batch selection: at least N.")
@click.option("--not-listed-by", "authority", help="Built-in batch selection: not designated by this authority "
                                                   "(default: by none of them).")
def dossier(uid, fmt, output, min_reliability, min_credibility, verified_only, prepared_by, lang, batch, query_file,
            params, min_violations, authority) -> None:
    """The dossier of the official UID as html, pdf, docx or json (or, with --batch, a ZIP of many)."""
    with using(lang):
        _dossier(uid, fmt, output, min_reliability, min_credibility, verified_only, prepared_by, batch, query_file,
                 params, min_violations, authority)


def _dossier(uid, fmt, output, min_reliability, min_credibility, verified_only, prepared_by, batch, query_file, params,
             min_violations, authority) -> None:
    threshold = _threshold(min_reliability, min_credibility, verified_only)
    if batch or query_file:
        return _batch(fmt, output, threshold, prepared_by, batch, query_file, parse_params(params), min_violations,
                      authority)
    if not uid:
        raise click.UsageError("Give the UID of an official, or --batch.")
    from dossiers import file_name, render
    from graph.dossier.assemble import NotAnOfficial, get_dossier

    with open_graph() as graph:
        try:
            content = get_dossier(graph, uid, threshold=threshold, prepared_by=prepared_by)
        except NotAnOfficial:
            raise click.ClickException(f"No official has uid {uid!r} (find one with `evgraph cypher`).")
    data = render(content, fmt)
    audit("dossier", uids=[uid], detail={"format": fmt, "to": str(output or "")})
    if output and str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    path = output or Path(file_name(content, fmt))
    path.write_bytes(data)
    c = content.header.counts
    click.echo(f"{path}: {c.cases} cases, {c.violations} violations, {c.sources} sources"
               + (f", {c.omitted} statements left out by the threshold" if c.omitted else ""), err=True)


def _batch(fmt, output, threshold, prepared_by, selection, query_file, params, min_violations, authority) -> None:
    from tqdm import tqdm

    from dossiers.batch import write_batch

    path = output or Path("dossiers.zip")
    with open_graph() as graph:
        try:
            uids = selection_uids(graph, cli_viewer(), selection,
                                  cypher=query_file.read_text() if query_file else None,
                                  label=query_file.name if query_file else None, params=params,
                                  min_violations=min_violations, authority=authority, threshold=threshold)
        except SelectionError as err:
            raise click.ClickException(str(err))
        title = batch_title(selection, query_file.name if query_file else None, min_violations, authority)
        with tqdm(total=len(uids), desc="dossiers", disable=None) as bar:
            result = write_batch(graph, uids, path, fmt, threshold=threshold, prepared_by=prepared_by, title=title,
                                 progress=bar.update)
    click.echo(f"{path}: {result.written} dossiers and an index"
               + (f"; {len(result.skipped)} uids are not officials" if result.skipped else ""), err=True)


@click.group("sanctions")
def sanctions_group() -> None:
    """The sanctions gap, and matching officials to imported sanctions lists."""


@sanctions_group.command("gap")
@click.option("--region")
@click.option("--role", help="Organisation kind of a post held: court, prosecutor, fsb, penitentiary, ...")
@click.option("--not-listed-by", "authority")
@click.option("--min-reliability", type=RELIABILITY)
@click.option("--min-credibility", type=click.IntRange(1, 6))
@click.option("--min-violations", default=0, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def gap(region, role, authority, min_reliability, min_credibility, min_violations, fmt) -> None:
    """Officials ranked by evidenced violations, listed or not by EU, US, UK, CA, UA, AU, CH."""
    from graph.sanctions.gap import GapFilters, get_gap
    from graph.store.schema import SCHEMA

    try:
        filters = GapFilters(region, role, authority, _threshold(min_reliability, min_credibility), min_violations)
    except ValueError as err:
        raise click.BadParameter(str(err))
    with open_graph() as graph:
        rows = get_gap(graph, filters)
    columns = ["rank", "name", "evidenced_violations", "cases", *SCHEMA.sanctioning_authorities, "uid"]
    mark = (lambda v: "yes" if v else "-") if fmt == "table" else (lambda v: v)
    emit(columns, [[d[c] if c not in SCHEMA.sanctioning_authorities else mark(d[c]) for c in columns]
                   for d in (r.as_dict() for r in rows)], fmt)


@sanctions_group.command("match")
@click.option("--authority", help="Only designations by this authority (EU, US, UK, ...).")
@click.option("--threshold", default=0.7, show_default=True, help="Lowest score proposed (0-1).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def match(authority, threshold, fmt) -> None:
    """Propose links between officials and listed persons, each with a score and its reasons."""
    from graph.sanctions.matching import propose_matches

    with open_graph() as graph:
        candidates = propose_matches(graph, authority=authority, threshold=threshold)
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in candidates], ensure_ascii=False, indent=1))
        return
    emit(["score", "official", "listed", "authorities", "official_uid", "listed_uid", "reasons"],
         [[c.score, c.official_names[0], c.listed_names[0], " ".join(s.authority for s in c.sanctions),
           c.official_uid, c.listed_uid, "; ".join(c.reasons)] for c in candidates], fmt)


@sanctions_group.command("confirm")
@click.argument("official_uid")
@click.argument("listed_uid")
@click.option("--by", help="Who confirms (kept on the link; default: the acting account).")
def confirm(official_uid, listed_uid, by) -> None:
    """Confirm that OFFICIAL_UID is the listed LISTED_UID: link each designation (SUBJECT_OF)."""
    from graph.sanctions.matching import MatchError, confirm_match

    require_role("editor", "evgraph sanctions confirm")
    by = by or actor_name()
    with open_graph() as graph:
        try:
            n = confirm_match(graph, official_uid, listed_uid, by)
        except MatchError as err:
            raise click.ClickException(str(err))
    audit("match", uids=[official_uid, listed_uid], new={"decision": "same person", "designations": n},
          reason=f"confirmed by {by}")
    click.echo(f"linked {n} designation(s)")


@sanctions_group.command("reject")
@click.argument("official_uid")
@click.argument("listed_uid")
@click.option("--by", help="Who rejects (kept on the record; default: the acting account).")
def reject(official_uid, listed_uid, by) -> None:
    """Record that OFFICIAL_UID is not the listed LISTED_UID; the pair is never proposed again."""
    from graph.sanctions.matching import MatchError, reject_match

    require_role("editor", "evgraph sanctions reject")
    by = by or actor_name()
    with open_graph() as graph:
        try:
            reject_match(graph, official_uid, listed_uid, by)
        except MatchError as err:
            raise click.ClickException(str(err))
    audit("match", uids=[official_uid, listed_uid], new={"decision": "not the same person"}, reason=f"rejected by {by}")
    click.echo("rejected; will not be proposed again")


COMMANDS = [dossier, sanctions_group]
