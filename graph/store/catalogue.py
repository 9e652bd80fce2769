"""The message catalogue kept in step with the code: extraction (pybabel's, from the templates and the
Python code, plus the words of schema.yaml), the update of each language's .po file, and the check that
nothing is missing or untranslated (tests/test_i18n.py, ``make i18n``).

    python -m graph.store.catalogue update      # extract and merge into every .po (translations kept)
    python -m graph.store.catalogue merge F.po  # the same, with the translations of F.po put in
    python -m graph.store.catalogue missing     # what is not translated yet, as .po text to fill in
"""
from __future__ import annotations

import fcntl
import sys
from io import BytesIO
from pathlib import Path
from typing import Iterator

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from graph.store.language import LANGUAGES, SOURCE, TRANSLATIONS, catalogue_path
from graph.store.settings import PROJECT_ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "N_": None}
# Where messages are: the Python code of every package and the templates (Jinja, as Flask-Babel reads them).
PYTHON_DIRS = ("graph", "webapp", "dossiers", "importers", "cli", "accounts")
TEMPLATE_DIRS = ("webapp/templates", "dossiers/templates")
JINJA = "jinja2.ext:babel_extract"
SCHEMA_FILE = "store/schema.yaml"


def extract_schema(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """The words a person reads from schema.yaml: vocabulary values, property labels, relationship words,
    the parts people play in cases, what post holders are called, the help texts of the forms' fields."""
    raw = yaml.safe_load(fileobj.read())
    out: list[str] = []
    for values in raw["vocabularies"].values():
        if isinstance(values, dict):
            out += [str(w) for w in values.values()]
        else:
            out += [str(v).replace("_", " ") for v in values]
    out += [str(w) for w in (raw.get("property_labels") or {}).values()]
    out += [str(w) for w in (raw.get("org_kind_roles") or {}).values()]
    for kind in ("nodes", "relationships"):
        for name, spec in raw[kind].items():
            out.append(name.lower().replace("_", " ") if kind == "relationships" else name)
            spec = spec or {}
            if spec.get("part"):
                out.append(str(spec["part"]))
            for prop, prop_spec in (spec.get("properties") or {}).items():
                out.append(str(prop).replace("_", " "))
                if not spec.get("internal") and (prop_spec or {}).get("description"):
                    out.append(str(prop_spec["description"]))     # a form's help text (graph/curation/fields.py)
    seen = set()
    for message in out:
        if message and message not in seen:
            seen.add(message)
            yield 1, "_", message, []


def extract() -> Catalog:
    """Every message of the project, as a catalogue template (msgid -> where it is used)."""
    catalogue = Catalog(project="Evidence Graph", locale=None)
    for folder in PYTHON_DIRS:
        method_map = [("**/tests/**", "ignore"), ("**.py", "python")]
        if folder == "graph":
            method_map.insert(0, (SCHEMA_FILE, "graph.store.catalogue:extract_schema"))
        _add(catalogue, folder, method_map, {"**.py": {}})
    for folder in TEMPLATE_DIRS:
        _add(catalogue, folder, [("**.html", JINJA), ("**.txt", JINJA)],
             {"**.html": {"extensions": "jinja2.ext.do", "newstyle_gettext": "true"}})
    # saved queries' words, by the console's own reader (named, not imported: the store is the lowest layer)
    _add(catalogue, "queries", [("**.cypher", "graph.console.saved:extract_messages")], {})
    return catalogue


def _add(catalogue: Catalog, folder: str, method_map, options_map) -> None:
    root = PROJECT_ROOT / folder
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalogue.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)


def read(lang: str) -> Catalog:
    path = catalogue_path(lang)
    if not path.exists():
        return Catalog(locale=lang)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def update(template: Catalog | None = None, fragments: tuple[Path, ...] = ()) -> dict[str, int]:
    """Each language's .po brought in step with the code: new messages added (empty), gone ones dropped,
    translations kept, or replaced by those of ``fragments`` (.po files). Returns {lang: still untranslated}."""
    template = template or extract()
    fragments = tuple(_read_path(Path(f), lang) for f in fragments for lang in LANGUAGES if lang != SOURCE)
    left = {}
    lock = (TRANSLATIONS / ".lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)    # two people updating at once do not lose each other's words
    for lang in LANGUAGES:
        if lang == SOURCE:
            continue
        catalogue = read(lang)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        for extra in fragments:       # translations written elsewhere: the newest word wins
            for m in extra:
                if m.id and _translated(m) and not m.fuzzy and m.id in catalogue:
                    catalogue[m.id].string = m.string
        catalogue.fuzzy = False
        catalogue.project, catalogue.version = "Evidence Graph", "1"
        catalogue.copyright_holder = catalogue.last_translator = catalogue.language_team = "Evidence Graph"
        catalogue.header_comment = "# Evidence Graph: the Ukrainian interface and dossiers (make i18n keeps it in step)."
        path = catalogue_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = BytesIO()
        write_po(buffer, catalogue, width=110, sort_output=True, omit_header=False, include_lineno=False)
        path.write_bytes(buffer.getvalue())
        left[lang] = len(untranslated(catalogue))
    lock.close()
    return left


def _read_path(path: Path, lang: str) -> Catalog:
    """A fragment of translations (pairs, no header needed): read with the language's plural forms."""
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _translated(message) -> bool:
    """Whether a message has a translation (a plural one: in some form; its string is a tuple of them)."""
    return any(message.string) if isinstance(message.string, (tuple, list)) else bool(message.string)


def untranslated(catalogue: Catalog) -> list:
    return [m for m in catalogue if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]


def missing(lang: str, template: Catalog | None = None) -> tuple[list[str], list[str]]:
    """(messages of the code not in the catalogue, messages in it without a translation)."""
    template = template or extract()
    catalogue = read(lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    absent = [m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id
              and (m.id if isinstance(m.id, str) else m.id[0]) not in ids]
    return absent, [m.id if isinstance(m.id, str) else m.id[0] for m in untranslated(catalogue)]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command in ("update", "merge"):
        for lang, left in update(fragments=tuple(argv[1:])).items():
            print(f"{catalogue_path(lang).relative_to(PROJECT_ROOT)}: {left} messages without a translation")
        return 0
    if command == "missing":
        for lang in LANGUAGES:
            if lang != SOURCE:
                catalogue = read(lang)
                out = Catalog(locale=lang)
                for m in untranslated(catalogue):
                    out.add(m.id, m.string, m.locations)
                buffer = BytesIO()
                write_po(buffer, out, width=110, omit_header=True, include_lineno=False)
                sys.stdout.write(buffer.getvalue().decode())
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
