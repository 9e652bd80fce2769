"""Protected identities sealed at rest: what may not be seen is not in the graph to leak.

A protected person's names, birth date, identifiers and notes, and a confidential source's title, address,
hash and file, are written to Neo4j only as AES-GCM ciphertext (``sealed``, bound to the node's uid). The
graph holds a stable pseudonym in ``name`` ("Protected person P-3F7AQ2"), keyed hashes (HMAC-SHA256) in
``name_keys`` so that roles allowed to search for a protected name still find it, and a keyed hash of the
uid the node would have had (a uid made from a name would confirm a guessed name). Which kinds are sealed,
and what stays clear, is declared in schema.yaml (``sealing``).

Whatever a Cypher query does with those values (the console, a saved query, an export, a backup, ``grep``
over the store files), it has pseudonyms and ciphertext only. The application opens a seal for the roles
that may see it (graph/access/masking.py), and nowhere else.

The key ring: an active AES key, older keys kept to read what they sealed until ``evgraph keys rotate``
has re-sealed everything, and an index key for the keyed hashes (never rotated: uids and search keys are
made with it). It is ``EVGRAPH_DATA_KEY`` or the 0600 file ``data.key`` in the private folder, made on first
use. The graph's ``Vault`` node records the keys' fingerprints, so a missing or wrong key is noticed: then
reads show pseudonyms and nothing is written that would need a seal (``KeyUnavailable``).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from threading import Lock

from graph.store.names import name_keys
from graph.store.private import read_or_make, write_private
from graph.store.schema import SCHEMA

PREFIX = "sealed:v1:"
VAULT_UID = "vault"
VAULT_LABEL = "Vault"
KEY_FILE = "data.key"
_CODE_LETTERS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"   # Crockford's base 32: no I, L, O, U


class KeyUnavailable(RuntimeError):
    """The data key is missing or is not the one that sealed the graph's protected identities."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def _fingerprint(key: bytes) -> str:
    return "k-" + hashlib.sha256(b"evidence-graph key id\x00" + key).hexdigest()[:12]


def _encode(value):
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if hasattr(value, "to_native"):            # neo4j.time values read back from the graph
        return _encode(value.to_native())
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        (tag, text), = value.items()
        if tag == "$date":
            return date.fromisoformat(text)
        if tag == "$datetime":
            return datetime.fromisoformat(text)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class KeyRing:
    active: str
    keys: dict[str, bytes]
    index: bytes

    # -- making and reading the ring ------------------------------------------------------------------
    @classmethod
    def new(cls) -> "KeyRing":
        key = os.urandom(32)
        return cls(_fingerprint(key), {_fingerprint(key): key}, os.urandom(32))

    @classmethod
    def from_text(cls, text: str) -> "KeyRing":
        """The ring from its JSON (data.key, EVGRAPH_DATA_KEY); a clear error when it is not one."""
        try:
            raw = json.loads(text)
            keys = {kid: _unb64(k) for kid, k in raw["keys"].items()}
            ring = cls(raw["active"], keys, _unb64(raw["index"]))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise KeyUnavailable(f"the data key is not a key ring written by `evgraph keys` ({err})") from None
        if ring.active not in keys or any(len(k) != 32 for k in keys.values()) or len(ring.index) != 32 \
                or any(_fingerprint(k) != kid for kid, k in keys.items()):
            raise KeyUnavailable("the data key ring is damaged: a key does not match its fingerprint")
        return ring

    def to_text(self) -> str:
        return json.dumps({"active": self.active, "keys": {kid: _b64(k) for kid, k in self.keys.items()},
                           "index": _b64(self.index)}, indent=1) + "\n"

    @property
    def index_id(self) -> str:
        return _fingerprint(self.index)

    def rotated(self) -> "KeyRing":
        """A ring with a new active key; the old ones stay, to read what they sealed."""
        key = os.urandom(32)
        return KeyRing(_fingerprint(key), {**self.keys, _fingerprint(key): key}, self.index)

    def only_active(self) -> "KeyRing":
        return KeyRing(self.active, {self.active: self.keys[self.active]}, self.index)

    # -- sealing ---------------------------------------------------------------------------------------
    def seal(self, uid: str, values: dict) -> str:
        """``values`` encrypted with the active key, bound to ``uid`` (a seal moved to another node does not open)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        plain = json.dumps(_encode(values), ensure_ascii=False, sort_keys=True).encode("utf-8")
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plain, uid.encode("utf-8"))
        return f"{PREFIX}{self.active}:{_b64(nonce + sealed)}"

    def open(self, uid: str, blob: str) -> dict:
        """The values of a seal; KeyUnavailable when no key of this ring made it, or it was tampered with."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            kid, payload = blob[len(PREFIX):].split(":", 1)
            raw = _unb64(payload)
            plain = AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], uid.encode("utf-8"))
        except (KeyError, ValueError, InvalidTag):
            raise KeyUnavailable(f"the seal of {uid} cannot be opened with this data key") from None
        return _decode(json.loads(plain))

    def key_of(self, blob: str) -> str:
        return blob[len(PREFIX):].split(":", 1)[0]

    # -- keyed hashes -----------------------------------------------------------------------------------
    def _mac(self, purpose: str, text: str) -> str:
        return hmac.new(self.index, f"{purpose}\x00{text}".encode("utf-8"), hashlib.sha256).hexdigest()

    def blind(self, name_key: str) -> str:
        """A name key as a keyed hash: the same key always gives the same token, nobody without the key can
        tell which name it is (the search for a protected name asks for these)."""
        return "h" + self._mac("name", name_key)[:24]

    def blind_uid(self, uid: str) -> str:
        return "s" + self._mac("uid", uid)[:19]

    def code(self, uid: str) -> str:
        digest = int(self._mac("code", uid)[:10], 16)
        return "".join(_CODE_LETTERS[(digest >> (5 * i)) & 31] for i in range(6))

    def pseudonym(self, label: str, uid: str) -> str:
        return SCHEMA.sealing[label].pseudonym + self.code(uid)

    # -- file contents (confidential evidence files) ---------------------------------------------------
    def seal_bytes(self, name: str, data: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        kid = self.active.encode("ascii")
        return b"EVG1" + bytes([len(kid)]) + kid + nonce + AESGCM(self.keys[self.active]).encrypt(
            nonce, data, name.encode("utf-8"))

    def open_bytes(self, name: str, blob: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            n = blob[4]
            kid, rest = blob[5:5 + n].decode("ascii"), blob[5 + n:]
            return AESGCM(self.keys[kid]).decrypt(rest[:12], rest[12:], name.encode("utf-8"))
        except (KeyError, ValueError, IndexError, InvalidTag):
            raise KeyUnavailable(f"the sealed file {name} cannot be opened with this data key") from None

    def file_name(self, sha256: str) -> str:
        """Where a sealed file is kept: a keyed hash of its SHA-256, so the store's file names do not confirm
        that a known document is in it."""
        return "sealed/" + self._mac("file", sha256)[:40]


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


_PSEUDONYM = re.compile(
    "^(?:" + "|".join(re.escape(r.pseudonym) for r in SCHEMA.sealing.values()) + ")[0-9A-Z]{6}$")


def is_pseudonym(name) -> bool:
    """True for a name the writer gave a sealed node ("Protected person P-3F7AQ2")."""
    return isinstance(name, str) and bool(_PSEUDONYM.match(name))


# -- the ring a graph is sealed with --------------------------------------------------------------------
VAULT = "MATCH (v:Vault {uid: $uid}) RETURN v.key_ids AS key_ids, v.index_id AS index_id"
RECORD_VAULT = ("MERGE (v:Vault {uid: $uid}) ON CREATE SET v.created_at = datetime() "
                "SET v.name = 'data keys', v.key_ids = $key_ids, v.index_id = $index_id, v.updated_at = datetime()")


@dataclass
class KeyState:
    """The ring of one Graph (None when it cannot be used) and, then, why."""
    ring: KeyRing | None
    problem: str | None = None
    recorded: bool = False            # the Vault names this ring's keys
    lock: Lock = field(default_factory=Lock, repr=False)

    def require(self) -> KeyRing:
        if self.ring is None:
            raise KeyUnavailable(self.problem or "no data key")
        return self.ring


def key_file(settings) -> Path:
    return Path(settings.private_dir) / KEY_FILE


def _ring_text(settings, may_make: bool) -> str | None:
    if settings.data_key:
        return settings.data_key
    path = key_file(settings)
    if path.exists() or may_make:
        return read_or_make(path, lambda: KeyRing.new().to_text())
    return None


def load_keys(graph) -> KeyState:
    """Read the ring and check it against the graph's Vault (once per Graph; ``forget_keys`` to re-read)."""
    if graph.key_state is not None:
        return graph.key_state
    settings = graph.settings
    rows = graph.query(VAULT, {"uid": VAULT_UID})
    vault = rows[0] if rows else None
    hint = (f"put the key ring that sealed it in EVGRAPH_DATA_KEY or {key_file(settings)} "
            "(see README: the data key)")
    try:
        text = _ring_text(settings, may_make=vault is None)
        if text is None:
            state = KeyState(None, "The data key is missing: protected identities in this graph cannot be read, "
                                   f"and nothing that needs sealing is written. To fix: {hint}.")
        else:
            ring = KeyRing.from_text(text)
            if vault and (vault["index_id"] != ring.index_id or not set(vault["key_ids"] or ()) & set(ring.keys)):
                state = KeyState(None, "The data key is not the one that sealed this graph: protected identities "
                                       f"cannot be read, and nothing that needs sealing is written. To fix: {hint}.")
            else:
                state = KeyState(ring, recorded=bool(vault))
    except KeyUnavailable as err:
        state = KeyState(None, f"The data key cannot be read: {err}. To fix: {hint}.")
    graph.key_state = state
    return state


def forget_keys(graph) -> None:
    graph.key_state = None


def sealing_ring(graph) -> KeyRing:
    """The ring to seal with, recorded in the graph's Vault before its first seal; KeyUnavailable otherwise."""
    state = load_keys(graph)
    ring = state.require()
    if not state.recorded:
        with state.lock:
            if not state.recorded:
                graph.execute(RECORD_VAULT, {"uid": VAULT_UID, "key_ids": sorted(ring.keys),
                                             "index_id": ring.index_id})
                state.recorded = True
    return ring


def save_ring(settings, ring: KeyRing) -> Path | None:
    """Write the ring to data.key (None when it comes from EVGRAPH_DATA_KEY: the operator replaces it)."""
    if settings.data_key:
        return None
    return write_private(key_file(settings), ring.to_text())


# -- protected names in free text -----------------------------------------------------------------------
_WORD = re.compile(r"\w+", re.UNICODE)
NAME_FIELDS = ("name", "name_uk", "name_ru", "name_en", "aliases")


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


class NameScrubber:
    """Finds the names of protected people in any text and puts their pseudonym in their place: a name typed
    into a violation's description or a quote must not be stored in clear text beside the pseudonym.

    A name counts when all its words follow each other (any case, any spacing, ё as е). One-word names are
    skipped unless long: a witness called "Ivan" must not blank out every Ivan in the graph."""

    CLEAN_KEPT = 200_000       # short texts known to name nobody (a role, a status, a court): at most this many
    SHORT = 120

    def __init__(self, people: list[tuple[list[str], str]] = ()):
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.clean: set[str] = set()
        for names, pseudonym in people:
            self.add(names, pseudonym)

    def add(self, names, pseudonym: str) -> None:
        for name in names:
            if not isinstance(name, str):
                continue
            words = tuple(_fold(w) for w in _WORD.findall(name))
            if len(words) >= 2 or (words and len(words[0]) >= 8):
                self.clean.clear()          # a text that named nobody may name this one
                entries = self.by_first.setdefault(words[0], [])
                if (words, pseudonym) not in entries:
                    entries.append((words, pseudonym))
                    entries.sort(key=lambda e: -len(e[0]))

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def scrub(self, text: str) -> str:
        if not self.by_first or not isinstance(text, str) or text in self.clean:
            return text
        # most texts name nobody protected: one pass over their words, folded as _fold does (ё and Ё as е and
        # Е before casefold is the same fold, without a Python call per word), shows it
        if self.by_first.keys().isdisjoint(map(str.casefold, _WORD.findall(text.replace("ё", "е").replace("Ё", "Е")))):
            if len(text) <= self.SHORT and len(self.clean) < self.CLEAN_KEPT:
                self.clean.add(text)
            return text
        spans = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]
        out, last, i = [], 0, 0
        while i < len(spans):
            for words, pseudonym in self.by_first.get(spans[i][2], ()):
                n = len(words)
                if tuple(s[2] for s in spans[i:i + n]) == words:
                    out += [text[last:spans[i][0]], pseudonym]
                    last, i = spans[i + n - 1][1], i + n
                    break
            else:
                i += 1
        return "".join(out) + text[last:] if out else text


# -- what the writer seals ---------------------------------------------------------------------------------
NOT_TEXT = frozenset({"uid", "name_keys", "source_uids", "sealed", "identifiers", "matched_to", "sha256",
                      "archived_copy", "created_at", "updated_at"})
SECRET_PEOPLE = """
MATCH (p:Person) WHERE p.protected = true
RETURN p.uid AS uid, p.sealed AS sealed, p.name AS name,
       [x IN [p.name, p.name_uk, p.name_ru, p.name_en] + coalesce(p.aliases, []) WHERE x IS NOT NULL] AS names
"""
# {label} is Person or Source (SCHEMA.sealing's keys), never input
EXISTING = "MATCH (n:{label}) WHERE n.uid IN $uids AND n.sealed IS NOT NULL RETURN n.uid AS uid, n.sealed AS sealed"
PRESENT = "MATCH (n:{label}) WHERE n.uid IN $uids RETURN n.uid AS uid"
CONFIDENTIAL = "MATCH (s:Source) WHERE s.uid IN $uids AND s.confidential = true RETURN s.uid AS uid"


_HEX = frozenset("0123456789abcdef")


def is_blind_key(word: str) -> bool:
    """A name key that is already a keyed hash (read back from an export): not hashed twice."""
    return len(word) == 25 and word[0] == "h" and set(word[1:]) <= _HEX


def is_blind_uid(uid: str) -> bool:
    """A uid the writer made for a sealed record ("s" and 19 hex digits; ``make_uid`` gives 20 hex digits)."""
    return len(uid) == 20 and uid[0] == "s" and set(uid[1:]) <= _HEX


def _wants_seal(label: str, props: dict) -> bool:
    rule = SCHEMA.sealing.get(label)
    return bool(rule and props.get(rule.when) is True)


def scrubber_of(graph, ring: KeyRing | None) -> NameScrubber:
    """The names of every protected person in the graph (their seals opened), each with its pseudonym."""
    scrubber = NameScrubber()
    for row in graph.query(SECRET_PEOPLE):
        if is_sealed(row["sealed"]):
            if ring is None:
                raise KeyUnavailable("protected identities are sealed and the data key is not available")
            values = ring.open(row["uid"], row["sealed"])
            names = [values.get(f) for f in NAME_FIELDS[:-1]] + list(values.get("aliases") or [])
            scrubber.add(names, row["name"])
        else:   # not sealed yet (written before sealing, see `evgraph keys seal`): its names still count
            # the pseudonym `keys seal` will give it, so the text and the record agree afterwards
            uid = row["uid"] if is_blind_uid(row["uid"]) else ring.blind_uid(row["uid"])
            scrubber.add(row["names"], ring.pseudonym("Person", uid) if ring else row["name"])
    return scrubber


def seal_groups(graph, node_groups: dict[tuple, list[dict]], rel_groups: dict[tuple, list[dict]], *,
                keep_sealed: bool = True) -> None:
    """Seal, in place, the rows the writer is about to write: protected people and confidential sources
    become pseudonyms and ciphertext under keyed uids; relationships and ``source_uids`` follow the new
    uids; protected names in any other text become pseudonyms, the clear text sealed on that record.
    A record written again keeps what its seal held and the new record does not name (an import naming
    fewer fields), unless ``keep_sealed`` is False (an edit, which names every field it keeps).

    A graph that has never held a protected identity needs no key; one that has refuses to write without
    the right one (KeyUnavailable), rather than store a name it could not recognise."""
    to_seal = [(label, row) for (label, _), rows in node_groups.items() for row in rows
               if _wants_seal(SCHEMA.base_label(label), row["props"])]
    vault = _vault_exists(graph)
    if not to_seal and not vault:
        return          # nothing protected anywhere: nothing to seal, no name to look for
    state = load_keys(graph)
    if vault and not state.recorded:        # another process sealed since this one read the ring: check again
        forget_keys(graph)
    ring = sealing_ring(graph)
    scrubber = scrubber_of(graph, ring)
    remap: dict[str, str] = {}
    for label, row in to_seal:
        base = SCHEMA.base_label(label)
        new = row["uid"] if is_blind_uid(row["uid"]) else ring.blind_uid(row["uid"])
        remap[row["uid"]] = new
        row["uid"] = new
        if base == "Person":
            names = [row["props"].get(f) for f in NAME_FIELDS[:-1]] + list(row["props"].get("aliases") or [])
            scrubber.add(names, ring.pseudonym(base, new))
    _remap_outside(graph, ring, rel_groups, remap)
    old_seals = _existing_seals(graph, ring, to_seal) if keep_sealed else {}
    for label, row in to_seal:
        base = SCHEMA.base_label(label)
        rule = SCHEMA.sealing[base]
        props = row["props"]
        # a pseudonym read back from an export is not a name: the sealed name stays
        secret = {**old_seals.get(row["uid"], {}),
                  **{k: v for k, v in props.items()
                     if k not in rule.clear and k not in ("name_keys", "sealed") and not is_pseudonym(v)}}
        clear = {k: v for k, v in props.items() if k in rule.clear}
        if "source_uids" in secret:
            secret["source_uids"] = [remap.get(u, u) for u in secret["source_uids"]]
        clear.update(name=ring.pseudonym(base, row["uid"]), sealed=ring.seal(row["uid"], secret))
        if base == "Source" and "name_keys" not in props and isinstance(props.get("name"), str):
            props["name_keys"] = name_keys(props["name"])   # so trusted roles still find it by its title
        if "name_keys" in props:
            # word by word, as the search asks for them (graph/explore/search.py)
            clear["name_keys"] = sorted({w if is_blind_key(w) else ring.blind(w)
                                         for k in props["name_keys"] for w in k.split()})
        row["props"] = clear
    sealed_uids = {row["uid"] for _, row in to_seal}
    for (label, _), rows in node_groups.items():
        # a namesake's own name is not a leak: the names of people are left as they are
        own = PERSON_NAMES if SCHEMA.base_label(label) == "Person" else frozenset()
        for row in rows:
            if row["uid"] not in sealed_uids:
                _scrub_row(ring, scrubber, row, remap, own)
    confidential = _confidential_sources(graph, node_groups, rel_groups)
    for (rel_type, _, _), rows in rel_groups.items():
        for row in rows:
            row["start"], row["end"] = remap.get(row["start"], row["start"]), remap.get(row["end"], row["end"])
            if rel_type == "EVIDENCED_BY" and row["end"] in confidential:
                secret = {k: v for k, v in row["props"].items() if k in ("quote", "pages")}
                if secret:
                    row["props"] = {**{k: v for k, v in row["props"].items() if k not in secret},
                                    "sealed": ring.seal(row["uid"], secret)}
                    continue
            _scrub_row(ring, scrubber, row, remap)


def _vault_exists(graph) -> bool:
    return bool(graph.query(VAULT, {"uid": VAULT_UID}))


PERSON_NAMES = frozenset(NAME_FIELDS)


def scrubbed(ring: KeyRing, scrubber: NameScrubber, uid: str, props: dict, keep=frozenset()) -> dict | None:
    """The properties of one record that spell a protected name, with the pseudonym in its place, its seal
    holding the text as it was (with what an earlier seal held) and its name keys made again; None when
    nothing spells one."""
    changed, out = {}, {}
    for key, value in props.items():
        if key in NOT_TEXT or key in keep:
            continue
        if isinstance(value, str):
            new = scrubber.scrub(value)
        elif isinstance(value, list) and any(isinstance(v, str) for v in value):
            new = [scrubber.scrub(v) if isinstance(v, str) else v for v in value]
        else:
            continue
        if new != value:
            changed[key], out[key] = value, new
    if not changed:
        return None
    before = ring.open(uid, props["sealed"]) if is_sealed(props.get("sealed")) else {}
    out["sealed"] = ring.seal(uid, {**changed, **before})       # the oldest clear text wins
    if "name_keys" in props:     # keys made from the clear name would spell it again
        names = {**props, **out}
        out["name_keys"] = name_keys(*[names.get(f) for f in NAME_FIELDS[:-1]], *(names.get("aliases") or []))
    return out


def _scrub_row(ring: KeyRing, scrubber: NameScrubber, row: dict, remap: dict, keep=frozenset()) -> None:
    props = row["props"]
    if "source_uids" in props and remap:
        props["source_uids"] = [remap.get(u, u) for u in props["source_uids"]]
    if scrubber:
        props.update(scrubbed(ring, scrubber, row["uid"], props, keep) or {})


def _remap_outside(graph, ring: KeyRing, rel_groups: dict, remap: dict) -> None:
    """Endpoints and cited sources written by an earlier import: the keyed uid when that is what the graph holds."""
    wanted: dict[str, set[str]] = {"Person": set(), "Source": set()}
    for (_, a, b), rows in rel_groups.items():
        for row in rows:
            for label, uid in ((a, row["start"]), (b, row["end"])):
                if label in wanted and uid not in remap and not is_blind_uid(uid):
                    wanted[label].add(uid)
            wanted["Source"].update(u for u in row["props"].get("source_uids") or () if u not in remap)
    for label, uids in wanted.items():
        if uids:
            blind = {ring.blind_uid(u): u for u in uids}
            for r in graph.query(PRESENT.format(label=label), {"uids": list(blind)}):
                remap[blind[r["uid"]]] = r["uid"]


def _existing_seals(graph, ring: KeyRing, to_seal) -> dict[str, dict]:
    """What is already sealed on the nodes being written again: a record naming fewer fields keeps the rest."""
    out = {}
    for label in {SCHEMA.base_label(lbl) for lbl, _ in to_seal}:
        uids = [row["uid"] for lbl, row in to_seal if SCHEMA.base_label(lbl) == label]
        for r in graph.query(EXISTING.format(label=label), {"uids": uids}):
            out[r["uid"]] = ring.open(r["uid"], r["sealed"])
    return out


def _confidential_sources(graph, node_groups: dict, rel_groups: dict) -> set[str]:
    inside = {row["uid"] for (label, _), rows in node_groups.items() if SCHEMA.base_label(label) == "Source"
              for row in rows if row["props"].get("confidential") is True}
    ends = {row["end"] for (t, _, _), rows in rel_groups.items() if t == "EVIDENCED_BY" for row in rows} - inside
    found = {r["uid"] for r in graph.query(CONFIDENTIAL, {"uids": list(ends)})} if ends else set()
    return inside | found
