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
