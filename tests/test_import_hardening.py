"""No malformed file crashes an import or leaves half of itself: each gets a message naming the file (and
the line or row) and exit 1, the database stays exactly as it was, a second import at once is told to wait,
and texts that are not text never reach a document."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from cli import main
from graph.store.db import count_nodes

HEADER = "id,name,sources\n"


@pytest.fixture(autouse=True)
def evidence(tmp_path, monkeypatch):
    monkeypatch.setenv("EVGRAPH_EVIDENCE_DIR", str(tmp_path / "evidence"))


def _zip(entries: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _damaged_deflate() -> bytes:
    raw = bytearray(_zip({"xl/workbook.xml": b"x" * 10000}, zipfile.ZIP_DEFLATED))
    raw[60:80] = b"\xff" * 20
    return bytes(raw)


def _line(entity) -> bytes:
    return (json.dumps(entity) + "\n").encode()


GOOD = {"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}}
CRASHERS = {
    # name: (file name, bytes, words the message must hold)
    "properties-string": ("a.ftm.json", _line({**GOOD, "properties": "string"}), ["line 1", "'properties'"]),
    "schema-number": ("a.ftm.json", _line({**GOOD, "schema": 7}), ["line 1", "must be texts"]),
    "values-objects": ("a.ftm.json", _line({**GOOD, "properties": {"name": [{"x": 1}]}}), ["line 1", "texts"]),
    "brackets-100000": ("a.ftm.json", b"[" * 100_000 + b"\n", ["a.ftm.json"]),
    "objects-deep": ("a.ftm.json", _line(GOOD) + b'{"id": "x", "schema": "Person", "properties": ' * 3000 + b"\n",
                     ["line 2", "nested too deeply"]),
    "bad-utf8-line-2": ("a.ftm.json", _line(GOOD) + b'{"id": "\xff\xfe", "schema": "Person"}\n',
                        ["line 2", "not UTF-8"]),
    "huge-ftm-name": ("a.ftm.json", _line({**GOOD, "properties": {"name": ["N" * 5_000_000]}}),
                      ["line 1", "5,000,000 characters"]),
    "huge-ftm-id": ("a.ftm.json", _line({**GOOD, "id": "i" * 100_000}), ["line 1", "100,000 characters"]),
    "huge-register-name": ("r.csv", (HEADER + "r1," + "N" * 1_000_000 + ",https://example.org/a\n").encode(),
                           ["row 2", "1,000,000 characters"]),
    "corrupt-xlsx": ("r.xlsx", b"PK\x03\x04" + b"\x00" * 50 + b"garbage" * 100, ["r.xlsx", "Excel workbook"]),
    "xlsx-bad-xml": ("r.xlsx", _zip({"[Content_Types].xml": b"<bad", "xl/workbook.xml": b"<<<"}),
                     ["r.xlsx", "Excel workbook"]),
    "xlsx-bad-deflate": ("r.xlsx", _damaged_deflate(), ["r.xlsx", "Excel workbook"]),
    "utf16-odd-bytes": ("r.csv", "id,name,sources\nr1,Ivan,https://x.org\n".encode("utf-16") + b"\x00",
                        ["r.csv", "UTF-16"]),
}


@pytest.mark.parametrize("key", sorted(CRASHERS))
def test_a_malformed_file_gets_a_message_and_writes_nothing(graph, runner, tmp_path, key):
    name, data, words = CRASHERS[key]
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    for word in words:
        assert word in result.output, result.output[:500]
    assert count_nodes(graph) == 0
    assert len(result.output) < 5_000                  # a 5 MB name is not printed back


def test_a_1_mb_name_leaves_the_database_exactly_as_before(graph, runner, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "r1,Ivan Petrov,https://example.org/a\n")
    assert runner.invoke(main, ["import", str(first)]).exit_code == 0
    state = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n.uid AS uid, properties(n) AS p, count(r) AS r ORDER BY uid"
    before = graph.query(state)
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "r2,Oleh Bondar,https://example.org/b\nr3," + "Н" * 1_000_000 + ",https://example.org/c\n")
    result = runner.invoke(main, ["import", str(big)])
    assert result.exit_code == 1 and "row 3" in result.output and "1,000,000 characters" in result.output
    assert graph.query(state) == before
    assert runner.invoke(main, ["import", str(big)]).exit_code == 1      # and again, the same way
    assert graph.query(state) == before


def test_a_long_sources_cell_is_a_title_not_a_file(graph, runner, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "r1,Ivan Petrov," + "s" * 300 + "\n")
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert graph.query_one("MATCH (s:Source) RETURN size(s.name) AS n")["n"] == 300


def test_a_register_cannot_name_files_outside_its_folder(graph, runner, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF private")
    folder = tmp_path / "register"
    folder.mkdir()
    path = folder / "r.csv"
    path.write_text(HEADER + "r1,Ivan Petrov,../secret.pdf\n")
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 1 and "not found beside the register" in result.output
    assert count_nodes(graph) == 0


def test_a_second_import_at_once_is_told_to_wait(graph, runner, tmp_path):
    from importers import import_lock

    path = tmp_path / "r.csv"
    path.write_text(HEADER + "r1,Ivan Petrov,https://example.org/a\n")
    with import_lock(graph, "big-register.xlsx"):
        result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 1 and "Another import (big-register.xlsx" in result.output
    assert count_nodes(graph) == 0
    assert runner.invoke(main, ["import", str(path)]).exit_code == 0


def test_control_characters_are_stripped_and_every_dossier_format_renders(graph, runner, tmp_path, client):
    path = tmp_path / "r.csv"
    path.write_text("id,name,judges,case_number,sources\n"
                    "r1,Ivan\x00 Pet\x0brov,Judge\x07 Nul\x00l,1-1/2020,https://example.org/a\x0c\n")
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    names = [r["n"] for r in graph.query("MATCH (p:Person) RETURN p.name AS n ORDER BY n")]
    assert names == ["Ivan Petrov", "Judge Null"]
    judge = graph.query_one("MATCH (p:Official) RETURN p.uid AS uid")["uid"]
    graph.execute("MATCH (p:Official {uid: $uid}) SET p.name_en = 'Judge \\u0000\\u000b Null'", {"uid": judge})
    for fmt in ("docx", "pdf", "html", "json"):
        page = client.get(f"/officials/{judge}/dossier.{fmt}", query_string={"prepared_by": "NGO\x00\x0b x"})
        assert page.status_code == 200, fmt


@pytest.mark.parametrize("path", [
    "/?x=%ED%A0%80", "/index.json?x=%ED%A0%80", "/search?q=%ED%A0%80", "/search?q=%00%0b",
    "/search.csv?q=%ff%fe", "/paths?a=%ED%A0%80&b=%00", "/console?q=%ED%A0%80", "/network/%ED%A0%80",
    "/entity/%00", "/sanctions/gap?region=%ED%A0%80", "/sanctions/gap?min_violations=1e999",
    "/analytics?top=%ED%A0%80", "/officials/%00/dossier.docx?prepared_by=%00%0b",
])
def test_odd_query_strings_never_500(demo_graph, client, path):
    assert client.get(path).status_code < 500, path


def test_a_lone_surrogate_over_real_http_never_500(demo_graph, live_server):
    import socket
    from urllib.parse import urlparse

    where = urlparse(live_server)
    for target in ("/?q=%ED%A0%80", "/index.json?q=\udc80".encode("utf-8", "surrogateescape").decode("latin-1"),
                   "/search?q=%C0%80"):
        with socket.create_connection((where.hostname, where.port), timeout=10) as s:
            s.sendall(f"GET {target} HTTP/1.0\r\nHost: x\r\n\r\n".encode("latin-1"))
            status = s.recv(200).split(b" ")[1]
        assert int(status) < 500, target
