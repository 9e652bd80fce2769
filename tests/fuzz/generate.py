"""Generate malformed files from valid seeds: bytes flipped, truncated, control characters and invalid
UTF-8 inserted, cells made huge, JSON nested deep or given wrong types, workbooks damaged. Deterministic
for a seed, so a failure can be reproduced."""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from graph.store.settings import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared" / "data"
FORMATS = ("register", "xlsx", "ftm", "os-simple")
REGISTER = [
    ["id", "name", "name_uk", "birth_date", "status", "region", "detained_on", "case_number", "articles", "court",
     "judges", "detention_site", "sources", "source_reliability"],
    ["R-1", "Server Mustafayev", "Сервер Мустафаєв", "5.3.1986", "convicted", "crimea", "2018-05-21", "1-12/2019",
     "205.5(2);278", "Southern District Military Court", "Рустам Фалалеев;Roman Saranov", "SIZO-1 Simferopol",
     "https://crimeahrg.org/en/a", "B"],
    ["R-2", "Emir-Usein Kuku", "", "1976", "convicted", "crimea", "11.2.2016", "1-1/2017", "205.5(1)",
     "Southern District Military Court", "Roman Saranov", "", "Report 2019", "C"],
]
EVIL = [b"\x00", b"\x0b", b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\x80", b"\r", b"\"", b";", b",", b"\n", b"{", b"[",
        b"\x1b[31m", "<img src=x onerror=alert(1)>".encode(), "=HYPERLINK(\"x\")".encode(), b"\xe2\x80\xae"]


def _csv(rows: list[list], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    for row in rows:   # a workbook cannot hold control characters at all
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _ftm_lines(n: int = 12) -> list[str]:
    path = SHARED / "yente_fixture_zala_entities.ftm.json"
    if path.exists():
        return path.read_text(encoding="utf-8").splitlines()[:n]
    return [json.dumps({"id": f"p{i}", "schema": "Person", "properties": {"name": [f"Person {i}"]}}) for i in range(n)]


def _os_simple(n: int = 12) -> bytes:
    path = SHARED / "opensanctions_ua_war_sanctions_targets.simple.csv"
    if path.exists():
        return "\n".join(path.read_text(encoding="utf-8").splitlines()[:n]).encode() + b"\n"
    return b'"id","schema","name","aliases","birth_date","countries","addresses","identifiers","sanctions",' \
           b'"phones","emails","program_ids","dataset","first_seen","last_seen","last_change"\n'


# -- mutations of bytes ----------------------------------------------------------------------------------
def _flip(rng: random.Random, data: bytes) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def _insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice(EVIL) * rng.randint(1, 40) + data[at:]


def _huge(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice([b"N", "Ж".encode(), b"("]) * rng.choice([10_000, 200_000, 1_100_000]) + data[at:]


BYTE_MUTATIONS = (_flip, _truncate, _insert, _huge)


# -- mutations of structure ----------------------------------------------------------------------------------
def _register_rows(rng: random.Random) -> list[list]:
    rows = [list(r) for r in REGISTER]
    kind = rng.randrange(7)
    if kind == 0:                                   # a duplicated or empty header
        rows[0][rng.randrange(len(rows[0]))] = rng.choice(["name", "", "id"])
    elif kind == 1:                                 # rows longer or shorter than the header
        rows[1] = rows[1] + ["extra"] * rng.randint(1, 5) if rng.random() < 0.5 else rows[1][: rng.randint(0, 5)]
    elif kind == 2:                                 # dates, statuses and grades nobody writes
        rows[1][rng.choice([3, 4, 5, 6, 13])] = rng.choice(["31/31/2018", "N/D", "yesterday", "∞", "2018-02-30", "Z"])
    elif kind == 3:                                 # no sources, or sources that look like files
        rows[2][12] = rng.choice(["", "../../etc/passwd", "missing.pdf", "a/" * 200, "s" * 5000])
    elif kind == 4:                                 # a header only
        rows = rows[:1]
    elif kind == 5:                                 # hundreds of names in one cell
        rows[1][10] = ";".join(f"Judge {i}" for i in range(rng.randint(100, 3000)))
    else:                                           # every cell a control character
        rows[1] = ["\x00\x0b" + c for c in rows[1]]
    return rows


def _entity(rng: random.Random) -> object:
    good = {"id": f"e{rng.randrange(10**6)}", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}}
    return rng.choice([
        {**good, "properties": rng.choice(["x", 7, None, [], [["a"]], {"name": "notalist"}, {"name": [{"a": 1}]},
                                           {"name": [True]}, {"birthDate": ["31.31.2020"]}, {"nosuch": ["x"]}])},
        {**good, "schema": rng.choice([7, None, "", "Nope", ["Person"], "Sanction", "Ownership", "Family"])},
        {**good, "id": rng.choice([7, None, "", "i" * 100_000, ["x"]])},
        {**good, "datasets": rng.choice(["x", [7], [None], {"a": 1}])},
        {**good, "schema": "Ownership", "properties": {"owner": ["nobody"], "asset": ["nothing"]}},
        [1, 2, 3], "text", 12, None, {"id": "x"},
    ])


def _ftm(rng: random.Random) -> bytes:
    lines = _ftm_lines()
    kind = rng.randrange(4)
    if kind == 0:
        lines.insert(rng.randrange(len(lines) + 1), json.dumps(_entity(rng)))
    elif kind == 1:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(["[", "{"]) * rng.choice([50, 2_000, 100_000]))
    elif kind == 2:
        lines = [json.dumps(_entity(rng)) for _ in range(rng.randint(1, 6))]
    else:
        lines[rng.randrange(len(lines))] = lines[0][: rng.randrange(1, len(lines[0]))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def generate(fmt: str, rng: random.Random) -> tuple[str, bytes]:
    """One malformed file of ``fmt``: its name and bytes."""
    if fmt == "register":
        data = _csv(_register_rows(rng), rng.choice([",", ";", "\t", "|"]))
        data = rng.choice(BYTE_MUTATIONS)(rng, data) if rng.random() < 0.5 else data
        return "register.csv", data
    if fmt == "xlsx":
        data = _xlsx(_register_rows(rng)) if rng.random() < 0.5 else _xlsx(REGISTER)
        return "register.xlsx", rng.choice((_flip, _truncate, _insert))(rng, data) if rng.random() < 0.7 else data
    if fmt == "ftm":
        data = _ftm(rng)
        return "entities.ftm.json", rng.choice(BYTE_MUTATIONS)(rng, data) if rng.random() < 0.4 else data
    data = _os_simple()
    return "targets.simple.csv", rng.choice(BYTE_MUTATIONS)(rng, data)


def write_files(folder: Path, per_format: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out = []
    for fmt in FORMATS:
        for i in range(per_format):
            name, data = generate(fmt, rng)
            path = folder / f"{fmt}-{i:04d}" / name
            path.parent.mkdir(parents=True)
            path.write_bytes(data)
            out.append(path)
    return out
