"""Entity resolution on real lists: precision and recall of the proposals at the default threshold against
a hand-checked label set, the time to compute every candidate, and the time the review queue and the
sanctions matches page take to open.

    python -m bench.resolution_bench            # bench server: the four shared files and the demo, fresh

The labels (bench/data/resolution_labels.csv) are pairs of people on the shared lists in ../shared/data
(the EU's Russia and global human-rights annexes, OpenSanctions' export of Ukraine's War & Sanctions
portal): the 9 people on two of the lists, and 40 namesakes that are not the same person (the same surname
and first name, or surname and patronymic, with another patronymic, first name or birth date; twins among
them). Each was checked by hand against the names in both scripts and the birth dates the lists give.
Every cross-list proposal that is not a labelled pair counts against precision, and is printed.
"""
from __future__ import annotations

import csv
import statistics
import time
from pathlib import Path

from bench.server import bench_client, bench_graph
from graph.demo.generator import load_demo
from graph.resolution.judgements import THRESHOLD, compute_candidates, open_candidates
from graph.store.settings import PROJECT_ROOT
from importers import parse_file, write_parsed

SHARED = PROJECT_ROOT.parent / "shared" / "data"
FILES = ("eu_oj_32024R1485_russia_human_rights.csv", "eu_oj_32020R1998_global_human_rights.csv",
         "opensanctions_ua_war_sanctions_targets.simple.csv", "yente_fixture_zala_entities.ftm.json")
LABELS = Path(__file__).with_name("data") / "resolution_labels.csv"


def _timed(work):
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def _median_ms(client, url: str, repeat: int = 5) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        status = client.get(url).status_code
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), status


def main() -> None:
    graph = bench_graph()
    try:
        for name in FILES:
            parsed = parse_file(SHARED / name)
            write_parsed(graph, parsed, PROJECT_ROOT / ".neo4j-bench" / "evidence")
        load_demo(graph)
        people = graph.query_one("MATCH (p:Person) RETURN count(p) AS n")["n"]
        orgs = graph.query_one("MATCH (o:Organization) RETURN count(o) AS n")["n"]
        found, seconds = _timed(lambda: compute_candidates(graph))
        print(f"candidates: {found} pairs over {people:,} persons and {orgs:,} organisations "
              f"(four shared files + demo), computed in {seconds:.1f} s")

        labels = list(csv.DictReader(LABELS.open(encoding="utf-8")))
        positives = {frozenset((r["a_uid"], r["b_uid"])) for r in labels if r["same"] == "yes"}
        negatives = {frozenset((r["a_uid"], r["b_uid"])) for r in labels if r["same"] == "no"}
        dataset = {}
        for name in FILES[:3]:
            for n in parse_file(SHARED / name).nodes:
                if n.label == "Person":
                    dataset[n.uid] = name
        proposed = [c for c in open_candidates(graph, label="Person", min_score=THRESHOLD["Person"], limit=100000)
                    if c.a in dataset and c.b in dataset]
        cross = [c for c in proposed if dataset[c.a] != dataset[c.b]]
        pairs = {frozenset((c.a, c.b)) for c in cross}
        tp = len(pairs & positives)
        fp = sorted(pairs - positives, key=sorted)
        labelled_negatives_proposed = [c for c in proposed if frozenset((c.a, c.b)) in negatives]
        precision = tp / len(pairs) if pairs else 1.0
        recall = tp / len(positives) if positives else 1.0
        print(f"persons across lists, threshold {THRESHOLD['Person']}: {len(pairs)} proposed, {tp} of "
              f"{len(positives)} labelled same proposed; precision {precision:.2f}, recall {recall:.2f}")
        print(f"labelled namesakes (another patronymic, first name or birth date) proposed: "
              f"{len(labelled_negatives_proposed)} of {len(negatives)}")
        within = [c for c in proposed if dataset[c.a] == dataset[c.b]]
        print(f"proposals within one list (duplicates a list has of itself): {len(within)}")
        for pair in fp:
            print("  not a labelled pair:", " ~ ".join(sorted(pair)))

        editor = bench_client(graph, "editor")
        ms, status = _median_ms(editor, "/review")
        print(f"/review (20 strongest open pairs, side by side): median {ms:.0f} ms, HTTP {status}")
        ms, status = _median_ms(editor, "/sanctions/matches")
        print(f"/sanctions/matches (from the stored candidates): median {ms:.0f} ms, HTTP {status}")
    finally:
        graph.close()


if __name__ == "__main__":
    main()
