"""networkx analytics: central officials and co-case clusters, on a hand-made graph and on the demo."""
import csv
import io

import pytest

from graph.explore.analytics import clear_cache, get_analytics

SMALL = """
CREATE (j:Person:Official {uid: 'j', name: 'Judge J'}), (p:Person:Official {uid: 'p', name: 'Prosecutor P'}),
       (i:Person:Official {uid: 'i', name: 'Investigator I'}), (k:Person:Official {uid: 'k', name: 'Judge K'}),
       (q:Person:Official {uid: 'q', name: 'Prosecutor Q'}), (x:Person:Official {uid: 'x', name: 'Loner X'}),
       (c1:Case {uid: 'c1', name: 'c1'}), (c2:Case {uid: 'c2', name: 'c2'}), (c3:Case {uid: 'c3', name: 'c3'}),
       (j)-[:JUDGE_IN]->(c1), (p)-[:PROSECUTOR_IN]->(c1), (j)-[:JUDGE_IN]->(c2), (p)-[:PROSECUTOR_IN]->(c2),
       (i)-[:INVESTIGATOR_IN]->(c2), (i)-[:INVESTIGATOR_IN]->(c3), (k)-[:JUDGE_IN]->(c3), (q)-[:PROSECUTOR_IN]->(c3)
"""


@pytest.fixture(autouse=True)
def fresh():
    clear_cache()
    yield
    clear_cache()


def test_broker_is_most_central_and_clusters_follow_cases(graph):
    graph.execute(SMALL)
    data = get_analytics(graph, top=10, min_cluster=2)
    assert data.central[0].uid == "i"               # the investigator links the two groups
    by_uid = {c.uid: c for c in data.central}
    assert by_uid["i"].degree == 4 and by_uid["i"].cases == 2 and by_uid["x"].degree == 0
    groups = [{uid for uid, _ in c.officials} for c in data.clusters]
    assert {"j", "p"} <= next(g for g in groups if "j" in g) and {"k", "q"} <= next(g for g in groups if "k" in g)
    assert all("x" not in g for g in groups)


def test_analytics_pages_and_exports(demo_graph, client):
    html = client.get("/analytics").get_data(as_text=True)
    assert "The most central officials" in html and "Cluster 1" in html and 'href="/analytics"' in html
    data = client.get("/analytics.json").get_json()
    assert len(data["central"]) == 25 and data["clusters"] and data["central"][0]["betweenness"] > 0
    rows = list(csv.reader(io.StringIO(client.get("/analytics/central.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["uid", "name", "post", "betweenness", "degree", "cases", "victims", "sanctions"]
    assert len(rows) == 26
    clusters = client.get("/analytics/clusters?format=csv").get_data(as_text=True).lstrip("\ufeff")
    assert clusters.startswith("cluster,size,uid,name")
    assert client.get("/analytics/clusters.json").get_json()[0]["cluster"] == 1
    assert client.get("/analytics/nothing.csv").status_code == 404


def test_results_are_stored_dated_and_recomputed_when_the_data_changes(graph, client):
    from graph.explore import analytics
    from graph.store.writer import record_batch

    graph.execute(SMALL)
    first = get_analytics(graph, top=10, min_cluster=2)
    stored = graph.query_one("MATCH (a:AnalyticsResult) RETURN a.computed_at AS at, a.seconds AS s")
    assert stored["at"] is not None and first.computed_at is not None and not first.stale
    again = get_analytics(graph, top=3, min_cluster=2)          # from the stored results: not computed again
    assert graph.query_one("MATCH (a:AnalyticsResult) RETURN a.computed_at AS at")["at"] == stored["at"]
    assert [c.uid for c in again.central] == [c.uid for c in first.central][:3]
    # an import changes the data: computed again, with the new official
    graph.execute("CREATE (:Person:Official {uid: 'n', name: 'New Judge N'})-[:JUDGE_IN]->(:Case {uid: 'c9', name: 'c9'})"
                  "<-[:PROSECUTOR_IN]-(:Person:Official {uid: 'm', name: 'New Prosecutor M'})")
    record_batch(graph, "batch-new", {"name": "import of new.csv", "finished_at": analytics.datetime.now(analytics.timezone.utc)})
    fresh = get_analytics(graph, top=10, min_cluster=2)
    assert "n" in {c.uid for c in fresh.central}
    assert graph.query_one("MATCH (a:AnalyticsResult) RETURN a.computed_at AS at")["at"] > stored["at"]
    page = client.get("/analytics").get_data(as_text=True)
    assert "Computed" in page and "ago" in page
    data = client.get("/analytics.json").get_json()
    assert data["computed_at"] and data["stale"] is False and data["running"] is False


def test_the_sample_is_sized_for_the_network():
    from graph.explore.analytics import BETWEENNESS_SAMPLE, MIN_SAMPLE, sample_size

    assert sample_size(100, 500) is None                              # small: exact
    assert sample_size(5_000, 20_000) == BETWEENNESS_SAMPLE
    assert MIN_SAMPLE <= sample_size(50_000, 600_000) < BETWEENNESS_SAMPLE


def test_the_page_answers_at_once_while_computing_in_the_background(graph, client, monkeypatch):
    from graph.explore import analytics

    graph.execute(SMALL)
    monkeypatch.setattr(analytics, "BACKGROUND", True)
    started = []
    monkeypatch.setattr(analytics, "recompute_in_background", lambda g: started.append(g) or True)
    monkeypatch.setitem(analytics.JOB, "running", True)
    page = client.get("/analytics").get_data(as_text=True)
    assert started and 'http-equiv="refresh"' in page and "Recomputing in the background" in page
