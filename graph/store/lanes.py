"""Which write groups may run side by side: two lanes of groups that share no node, so two transactions
never wait for each other's locks and the server keeps both cores busy (graph/store/writer.py)."""
from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from graph.store.schema import SCHEMA

Key = tuple
MOST_SPLITS = 200     # splits tried by rel_lanes: leave out nothing, one group, or two groups


def side_by_side(pool: ThreadPoolExecutor, write: Callable[[list], None], lane_a: list, lane_b: list,
                 rest: list) -> None:
    """Write both lanes at once, then the rest; one lane alone is written with the rest."""
    if lane_a and lane_b:
        for done in [pool.submit(write, lane) for lane in (lane_a, lane_b)]:
            done.result()
    else:
        rest = lane_a + lane_b + rest
    write(rest)


def node_lanes(groups: dict[Key, list[dict]]) -> tuple[list[Key], list[Key]]:
    """Node groups in two lanes of about equal rows, all groups of one base label in the same lane
    (ImportBatch nodes, which others link to, in neither: they are written first or alone)."""
    by_base: dict[str, list[Key]] = defaultdict(list)
    for key in groups:
        by_base[SCHEMA.base_label(key[0])].append(key)
    if "ImportBatch" in by_base:
        return [], list(groups)
    lanes: tuple[list, list] = ([], [])
    sizes = [0, 0]
    for _base, keys in sorted(by_base.items(), key=lambda kv: -sum(len(groups[k]) for k in kv[1])):
        i = 0 if sizes[0] <= sizes[1] else 1
        lanes[i].extend(keys)
        sizes[i] += sum(len(groups[k]) for k in keys)
    return lanes[0], lanes[1]


def rel_lanes(groups: dict[Key, list[dict]]) -> tuple[list[Key], list[Key], list[Key]]:
    """Two lists of relationship groups whose nodes are disjoint (written side by side), and the
    groups left to write after them: the split, among those that leave out at most two groups, that
    takes the least time if time goes with the number of rows."""
    keys = list(groups)
    size = {k: len(groups[k]) for k in keys}
    overlaps = _overlaps(groups)
    best, best_cost = ([], [], keys), sum(size.values())
    for left_out in _splits(keys):
        lanes = _balance(_components([k for k in keys if k not in left_out], overlaps), size)
        cost = max(_rows(lane, size) for lane in lanes) + _rows(left_out, size)
        if lanes[0] and lanes[1] and cost < best_cost:
            best, best_cost = (lanes[0], lanes[1], list(left_out)), cost
    return best


def _overlaps(groups: dict[Key, list[dict]]) -> set[tuple[Key, Key]]:
    """Pairs of groups that touch a node in common (by uid alone: a uid shared by nodes of two labels
    only makes two groups look related)."""
    nodes = {k: {r["start"] for r in rows} | {r["end"] for r in rows} for k, rows in groups.items()}
    return {(a, b) for a in nodes for b in nodes if a != b and not nodes[a].isdisjoint(nodes[b])}


def _splits(keys: list[Key]) -> list[tuple[Key, ...]]:
    """The groups to leave out of the lanes, in the order tried."""
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]]
    return ([()] + [(k,) for k in keys] + pairs)[:MOST_SPLITS]


def _components(keys: list[Key], overlaps: set[tuple[Key, Key]]) -> list[list[Key]]:
    """Groups joined, transitively, by the nodes they share."""
    components: list[list[Key]] = []
    for key in keys:
        joined = [c for c in components if any((key, other) in overlaps for other in c)]
        merged = [key] + [k for c in joined for k in c]
        components = [c for c in components if c not in joined] + [merged]
    return components


def _balance(components: list[list[Key]], size: dict[Key, int]) -> tuple[list[Key], list[Key]]:
    """Components into two lanes, heaviest first into the lighter lane."""
    lanes: tuple[list, list] = ([], [])
    for component in sorted(components, key=lambda c: -_rows(c, size)):
        min(lanes, key=lambda lane: _rows(lane, size)).extend(component)
    return lanes


def _rows(keys, size: dict[Key, int]) -> int:
    return sum(size[k] for k in keys)
