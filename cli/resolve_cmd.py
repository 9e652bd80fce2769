"""`evgraph resolve`: which records are one person, organisation or court (graph/resolution), for the shell."""
from __future__ import annotations

import click

from .common import FORMATS, audit, emit, open_graph, actor_name, require_role


@click.group("resolve")
def resolve() -> None:
    """Candidates for "same entity", judgements on them, and undo.

    \b
    evgraph resolve candidates --format json     every open pair {"a", "b", "score", ...}, computed first if needed
    evgraph resolve compute                      compute every candidate again
    evgraph resolve judge A B positive|negative|unsure --reason "..."
    evgraph resolve undo A B
    evgraph resolve history UID
    """


@resolve.command("candidates")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--label", type=click.Choice(["Person", "Organization"]))
@click.option("--min-score", type=float, default=0.0, show_default=True)
@click.option("--limit", type=int, default=100000, show_default=True)
def candidates(fmt: str, label: str | None, min_score: float, limit: int) -> None:
    """Every open candidate pair, strongest first (computed first when the data changed since)."""
    from graph.resolution.judgements import candidates_stale, open_candidates

    require_role("editor", "evgraph resolve candidates")
    with open_graph() as graph:
        if candidates_stale(graph):
            _compute(graph)
        found = open_candidates(graph, label=label, min_score=min_score, limit=limit)
    if fmt == "json":
        import json
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=1))
        return
    emit(["a", "b", "label", "score", "reasons"],
         [[c.a, c.b, c.label, c.score, "; ".join(c.reasons)] for c in found], fmt)


def _compute(graph) -> int:
    """Compute the candidates, saying on stderr how many pairs were compared so far."""
    from graph.resolution.judgements import compute_candidates

    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if done[0] % 2000 == 0:
            click.echo(f"\rcomparing pairs: {done[0]:,}", nl=False, err=True)

    found = compute_candidates(graph, tick)
    click.echo(f"\rcompared {done[0]:,} pairs", err=True)
    return found


@resolve.command("compute")
def compute() -> None:
    """Compare every pair the name keys bring together and store the candidates."""
    require_role("editor", "evgraph resolve compute")
    with open_graph() as graph:
        found = _compute(graph)
    click.echo(f"{found} candidate pairs stored")


@resolve.command("judge")
@click.argument("a")
@click.argument("b")
@click.argument("judgement", type=click.Choice(["positive", "negative", "unsure"]))
@click.option("--reason", default="", help="Why (kept with the judgement).")
def judge_cmd(a: str, b: str, judgement: str, reason: str) -> None:
    """Say whether A and B are one entity; a new judgement retires the pair's previous one."""
    from graph.resolution.judgements import JudgementError, judge

    require_role("editor", "evgraph resolve judge")
    with open_graph() as graph:
        try:
            done = judge(graph, a, b, judgement, actor_name(), reason)
        except JudgementError as exc:
            raise click.ClickException(str(exc))
    audit("match", uids=[a, b], reason=reason or None, detail={"judgement": judgement, "pair": done["pair"]})
    click.echo(f"{judgement}: {done['a']} ~ {done['b']}" + (f" (was {done['previous']})" if done["previous"] else ""))


@resolve.command("undo")
@click.argument("a")
@click.argument("b")
def undo_cmd(a: str, b: str) -> None:
    """Retire the pair's judgement: a cluster splits again, the pair is open again."""
    from graph.resolution.judgements import JudgementError, undo

    require_role("editor", "evgraph resolve undo")
    with open_graph() as graph:
        try:
            done = undo(graph, a, b, actor_name())
        except JudgementError as exc:
            raise click.ClickException(str(exc))
    audit("match", uids=[a, b], detail={"undo": done["undone"], "pair": done["pair"]})
    click.echo(f"undone ({done['undone']}): {done['a']} ~ {done['b']}")


@resolve.command("history")
@click.argument("uid")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def history_cmd(uid: str, fmt: str) -> None:
    """Every judgement about UID, retired ones too."""
    from graph.resolution.judgements import judgements_of

    require_role("editor", "evgraph resolve history")
    with open_graph() as graph:
        rows = judgements_of(graph, uid)
    emit(["at", "user", "judgement", "a", "b", "reason", "retired_at"],
         [[r.get("at"), r.get("user"), r.get("judgement"), r.get("a"), r.get("b"), r.get("reason"),
           r.get("retired_at")] for r in rows], fmt)


COMMANDS = [resolve]
