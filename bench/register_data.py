"""A generated register in the default column layout, for the import benchmark: plausible names in
Latin and Ukrainian, cases shared by co-defendants, a few hundred officials, courts and sites."""
from __future__ import annotations

import csv
import random
from pathlib import Path

GIVEN = [("Serhii", "Сергій"), ("Oleksandr", "Олександр"), ("Andrii", "Андрій"), ("Mykola", "Микола"),
         ("Olena", "Олена"), ("Iryna", "Ірина"), ("Server", "Сервер"), ("Emir", "Емір"), ("Nariman", "Наріман"),
         ("Dmytro", "Дмитро"), ("Viktoriia", "Вікторія"), ("Yurii", "Юрій"), ("Taras", "Тарас"), ("Lilia", "Лілія")]
FAMILY = [("Shevchenko", "Шевченко"), ("Kovalenko", "Коваленко"), ("Bondarenko", "Бондаренко"),
          ("Mustafayev", "Мустафаєв"), ("Asanov", "Асанов"), ("Tkachenko", "Ткаченко"), ("Kravets", "Кравець"),
          ("Ibrahimov", "Ібрагімов"), ("Melnyk", "Мельник"), ("Oliinyk", "Олійник"), ("Lysenko", "Лисенко"),
          ("Umerov", "Умеров"), ("Dzhelialov", "Джелялов"), ("Kuzmenko", "Кузьменко"), ("Savchenko", "Савченко")]
STATUSES = ["detained", "convicted", "released", "exchanged", "disappeared"]
REGIONS = ["crimea", "donetsk", "luhansk", "other_occupied", "russia"]
ARTICLES = ["205.5(2)", "205.5(1)", "278", "275", "276", "282.2(1)", "222(1)", "281(1)"]
COLUMNS = ["id", "name", "name_uk", "birth_date", "gender", "status", "region", "detained_on", "case_number",
           "case_name", "articles", "court", "judges", "prosecutors", "investigators", "detention_site", "sources",
           "source_reliability"]


def _person(rnd: random.Random, i: int) -> tuple[str, str]:
    (g, g_uk), (f, f_uk) = rnd.choice(GIVEN), rnd.choice(FAMILY)
    return f"{g} {f} {i}", f"{g_uk} {f_uk} {i}"


def _officials(rnd: random.Random, n: int, kind: str) -> list[str]:
    return [f"{kind} {rnd.choice(FAMILY)[0]} {rnd.choice(GIVEN)[0]} {i}" for i in range(n)]


def generate_register(path: Path, rows: int, seed: int = 2014) -> Path:
    rnd = random.Random(seed)
    judges, prosecutors = _officials(rnd, 400, "Judge"), _officials(rnd, 300, "Prosecutor")
    investigators = _officials(rnd, 500, "Investigator")
    courts = [f"District Court No. {i}" for i in range(60)]
    sites = [f"SIZO-{i}" for i in range(80)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i in range(rows):
            case = i // 3  # co-defendants: three to a case
            name, name_uk = _person(rnd, i)
            writer.writerow([
                f"B-{i}", name, name_uk, f"{rnd.randint(1, 28)}.{rnd.randint(1, 12)}.{rnd.randint(1950, 2000)}",
                rnd.choice(["male", "female"]), rnd.choice(STATUSES), rnd.choice(REGIONS),
                f"{rnd.randint(2014, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                f"1-{case}/2020", f"Case {case}", ";".join(rnd.sample(ARTICLES, 2)), courts[case % len(courts)],
                judges[case % len(judges)], prosecutors[case % len(prosecutors)],
                investigators[case % len(investigators)], rnd.choice(sites),
                f"https://ngo.example/cases/{case}", rnd.choice("ABC")])
    return path
