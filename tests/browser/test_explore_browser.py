"""The researcher's walk in Chromium: search → an official's page → the network → expand a node → a path.
The ``page`` fixture fails the test if anything is requested from outside 127.0.0.1."""
from graph.store.records import make_uid
from tests.conftest import screenshot

BUSY_JUDGE = make_uid("demo", "official", 0)

NODE_COUNT = "() => window.evgraphNetwork.nodes.length"
# The on-screen position of a node, from vis-network's own coordinates.
NODE_POSITION = """(id) => {
  const net = window.evgraphNetwork.network, box = document.getElementById('net').getBoundingClientRect();
  const p = net.canvasToDOM(net.getPosition(id));
  return [box.left + p.x, box.top + p.y];
}"""
PICK = """(kind) => window.evgraphNetwork.nodes.get().filter(n => n.kind === kind).map(n => n.id)"""


def test_search_official_network_expand_path(demo_graph, page):
    judge = demo_graph.query_one("MATCH (p:Official {uid: $uid}) RETURN p.name AS name, p.name_ru AS ru",
                                 {"uid": BUSY_JUDGE})
    page.goto(page.base_url + "/explore")
    page.fill("form.searchform input[name=q]", judge["ru"].split()[-1])
    page.press("form.searchform input[name=q]", "Enter")
    page.wait_for_selector("#kind-official")
    screenshot(page, "explore-search")

    page.click(f"#kind-official a[href='/entity/{BUSY_JUDGE}']")
    page.wait_for_selector("#positions")
    assert judge["name"] in page.inner_text("h1")
    assert page.locator("#cases tbody tr").count() > 5 and page.locator("a.fn").count() > 5
    assert page.locator(".footnotes li .grade").count() >= 1
    screenshot(page, "explore-official")

    page.click("#show-network")
    page.wait_for_selector("#net[data-settled='1']", timeout=30000)
    before = page.evaluate(NODE_COUNT)
    assert before > 10 and page.evaluate(PICK, "more"), "the busy judge's hub should show '+ K more'"
    screenshot(page, "explore-network")

    case = page.evaluate(PICK, "case")[0]
    x, y = page.evaluate(NODE_POSITION, case)
    page.mouse.click(x, y)
    page.wait_for_function(f"() => window.evgraphNetwork.nodes.length > {before}", timeout=15000)
    page.wait_for_selector("#net[data-settled='1']", timeout=30000)
    screenshot(page, "explore-network-expanded")

    more = page.evaluate(PICK, "more")[0]
    before = page.evaluate(NODE_COUNT)
    x, y = page.evaluate(NODE_POSITION, more)
    page.mouse.click(x, y)
    page.wait_for_function(f"() => window.evgraphNetwork.nodes.length > {before}", timeout=15000)
    page.wait_for_selector("#net[data-settled='1']", timeout=30000)

    x, y = page.evaluate(NODE_POSITION, case)
    page.mouse.dblclick(x, y)
    page.wait_for_url(f"**/entity/{case}", timeout=15000)
    victim = page.locator("#people tbody tr a").first.inner_text()
    victim_uid = page.locator("#people tbody tr a").first.get_attribute("href").rsplit("/", 1)[-1]

    page.goto(f"{page.base_url}/entity/{BUSY_JUDGE}")
    page.click("text=Connect to…")
    page.fill("form.pathform input[name=b]", victim)
    page.click("form.pathform button")
    page.wait_for_selector("#statements, .candidates")
    if page.locator(".candidates").count():      # the demo has namesakes: choose the one meant, as a person does
        screenshot(page, "explore-path-candidates")
        page.click(f".candidates a[href*='b={victim_uid}']")
        page.wait_for_selector("#statements")
    assert page.locator("ol.path li").count() >= 1
    page.wait_for_selector("#net[data-settled='1']", timeout=30000)
    screenshot(page, "explore-path")
