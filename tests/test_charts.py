"""The home page's figures as inline SVG charts: drawn on the server, nothing loaded from outside."""
from graph.explore.figures import get_figures
from webapp.charts import bar_chart, column_chart


def test_chart_geometry():
    rows = [{"key": 2014, "n": 10, "held": 4}, {"key": 2015, "n": 40, "held": 40}, {"key": 2016, "n": 0, "held": 0}]
    chart = column_chart(rows, width=400, height=200, part_key="held")
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.label == "2015" and tallest.part == tallest.height
    assert chart.bars[0].part < chart.bars[0].height and chart.bars[2].height == 0
    assert all(0 <= b.y <= 200 and b.x + b.width <= 400 for b in chart.bars)
    assert chart.ticks[0][1] == 0 and chart.ticks[-1][1] >= 40
    bars = bar_chart([{"key": "other_occupied", "n": 5}, {"key": "crimea", "n": 10}], width=500, label_width=150)
    assert bars.bars[0].label == "Other occupied" and bars.bars[1].width > bars.bars[0].width
    assert bar_chart([]).bars == ()


def test_home_shows_four_charts(demo_graph, client):
    figures = get_figures(demo_graph)
    assert figures.by_year and figures.by_article and sum(r["n"] for r in figures.by_year) == figures.detainees
    assert any(r["key"] == "205.5" and r["title"] for r in figures.by_article)
    html = client.get("/").get_data(as_text=True)
    assert html.count('class="chart-svg"') == 4 and "charts.css" in html
    assert "by article of the Russian Criminal Code" in html and "205.5 · terrorist organisation" in html
    data = client.get("/index.json").get_json()
    assert data["by_year"][0]["key"] == figures.by_year[0]["key"] and data["by_article"]
