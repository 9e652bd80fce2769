"""`evgraph users`, `evgraph audit`, `evgraph keys`: accounts, the audit log and the data key."""
from __future__ import annotations

import click

from accounts import audit as audit_log
from accounts.users import AccountError, Accounts
from graph.access.viewer import ROLES
from graph.store.settings import load_settings

from .common import FORMATS, audit, emit, open_graph, require_role

ROLE = click.Choice(ROLES)


def _accounts() -> Accounts:
    return Accounts(load_settings())


def _do(action):
    try:
        return action()
    except AccountError as err:
        raise click.ClickException(f"{err}.")


@click.group("users")
def users_group() -> None:
    """Accounts of the web app and the command line (admins only)."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=ROLE, required=True)
@click.option("--password", help="Else a random one is made and printed once.")
def users_add(name: str, role: str, password: str | None) -> None:
    """Add an account; editors and admins set up their second factor at their first login."""
    require_role("admin", "evgraph users add")
    account, password = _do(lambda: _accounts().add(name, role, password, must_change=True))
    audit("account", new={"account": account.name, "role": role}, detail={"account": account.name})
    click.echo(f"account {account.name} ({role}) added; one-time password: {password}")


@users_group.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def users_list(fmt: str) -> None:
    require_role("admin", "evgraph users list")
    columns = ["name", "role", "disabled", "totp", "created_at", "last_login"]
    emit(columns, [[a.as_dict()[c] for c in columns] for a in _accounts().all()], fmt)


@users_group.command("role")
@click.argument("name")
@click.argument("role", type=ROLE)
def users_role(name: str, role: str) -> None:
    """Give NAME another role (their sessions end)."""
    require_role("admin", "evgraph users role")
    before = _accounts().get(name)
    _do(lambda: _accounts().set_role(name, role))
    audit("account", old={"role": before.role if before else None}, new={"role": role}, detail={"account": name})
    click.echo(f"{name} is now {role}")


@users_group.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable it again instead.")
def users_disable(name: str, enable: bool) -> None:
    """Stop NAME from logging in (their sessions end at once)."""
    require_role("admin", "evgraph users disable")
    _do(lambda: _accounts().set_disabled(name, not enable))
    audit("account", new={"disabled": not enable}, detail={"account": name})
    click.echo(f"{name} {'enabled' if enable else 'disabled'}")


@users_group.command("reset-password")
@click.argument("name")
def users_reset_password(name: str) -> None:
    """A new one-time password for NAME, printed once; they choose their own at the next login."""
    require_role("admin", "evgraph users reset-password")
    password = _do(lambda: _accounts().reset_password(name))
    audit("account", new={"password": "reset"}, detail={"account": name})
    click.echo(f"one-time password for {name}: {password}")


@users_group.command("totp-reset")
@click.argument("name")
def users_totp_reset(name: str) -> None:
    """Forget NAME's second factor (a lost phone): they set up a new one at the next login."""
    require_role("admin", "evgraph users totp-reset")
    _do(lambda: _accounts().reset_totp(name))
    audit("account", new={"totp": "reset"}, detail={"account": name})
    click.echo(f"second factor of {name} reset")


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log (admins only)."""


@audit_group.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 when an entry was changed, removed or inserted."""
    require_role("admin", "evgraph audit verify")
    verdict = audit_log.verify(load_settings())
    if not verdict.ok:
        raise click.ClickException(f"the audit log is broken: {verdict.problem} ({verdict.entries} entries "
                                   "verified before it)")
    click.echo(f"audit log verified: {verdict.entries} entries, the chain holds")


@audit_group.command("list")
@click.option("--actor")
@click.option("--action", type=click.Choice(audit_log.ACTIONS))
@click.option("--uid", help="Entries about this record.")
@click.option("--limit", default=50, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def audit_list(actor, action, uid, limit, fmt) -> None:
    require_role("admin", "evgraph audit list")
    rows = audit_log.entries(load_settings(), actor=actor, action=action, uid=uid, limit=limit)
    columns = ["seq", "at", "actor", "action", "uids", "reason", "new", "detail"]
    emit(columns, [[r[c] for c in columns] for r in rows], fmt)


@click.group("keys")
def keys_group() -> None:
    """The data key that seals protected identities (admins only). Back it up apart from the graph."""


@keys_group.command("status")
def keys_status() -> None:
    """Where the key ring is, whether it opens this graph's seals, how much is sealed."""
    from graph.store.sealing import key_file, load_keys

    require_role("admin", "evgraph keys status")
    settings = load_settings()
    with open_graph() as graph:
        state = load_keys(graph)
        counts = graph.query_one("MATCH (n) WHERE n.sealed IS NOT NULL RETURN count(n) AS n")["n"]
        legacy = graph.query_one(
            "MATCH (p:Person) WHERE p.protected = true AND p.sealed IS NULL RETURN count(p) AS n")["n"] + \
            graph.query_one("MATCH (s:Source) WHERE s.confidential = true AND s.sealed IS NULL RETURN count(s) AS n")["n"]
    where = "EVGRAPH_DATA_KEY" if settings.data_key else str(key_file(settings))
    if state.ring is None:
        raise click.ClickException(state.problem)
    click.echo(f"key ring: {where}; active key {state.ring.active}, {len(state.ring.keys)} key(s); "
               f"{counts} sealed records; {legacy} protected records not sealed yet"
               + (" (run `evgraph keys seal`)" if legacy else ""))


@keys_group.command("seal")
def keys_seal() -> None:
    """Seal what was written before sealing existed: protected people and confidential sources in clear
    text, and their names in other records' text. Safe to run again."""
    from graph.store.seal_existing import seal_existing

    require_role("admin", "evgraph keys seal")
    with open_graph() as graph:
        done = seal_existing(graph)
    audit("keys", new=done, reason="sealed existing protected records")
    click.echo(f"sealed {done['nodes']} protected records; protected names replaced in {done['scrubbed']} "
               "other records. Neo4j's transaction logs keep old values until they rotate: see README, "
               "'Protected identities'.")


@keys_group.command("rotate")
@click.option("--retire", is_flag=True, help="Afterwards keep only the new key (old backups of the ring then "
                                             "cannot open new seals, nor the new ring old backups).")
def keys_rotate(retire: bool) -> None:
    """Make a new data key and re-seal everything with it (names, sources, quotes, files)."""
    from graph.store.seal_existing import rotate

    require_role("admin", "evgraph keys rotate")
    settings = load_settings()
    with open_graph() as graph:
        ring, done = rotate(graph, settings, retire=retire)
    audit("keys", new={"active": ring.active, **done}, reason="rotated the data key")
    click.echo(f"active key now {ring.active}: {done['records']} records and {done['files']} files re-sealed")
    if settings.data_key:
        click.echo("EVGRAPH_DATA_KEY holds the ring: replace its value with this one (then back it up):")
        click.echo(ring.to_text())


COMMANDS = [users_group, audit_group, keys_group]
