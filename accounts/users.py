"""Accounts: passwords hashed with argon2 (argon2-cffi), a TOTP second factor (pyotp) that editors and
admins must use, and logins slowed then locked after repeated failures, per account and per address."""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from accounts.db import ACCOUNTS, ADDRESSES, OPTIONS, engine_for
from graph.access.viewer import ROLES, TRUSTED_ROLES
from graph.store.language import gettext as _

HASHER = PasswordHasher()
# A hash of no password, checked when the account does not exist: an unknown name costs the same time
# as a wrong password, so timing does not tell which accounts exist.
_DUMMY = HASHER.hash(secrets.token_urlsafe(16))

ACCOUNT_LIMIT = 5          # failures in a row before an account is locked
ADDRESS_LIMIT = 20         # failures from one address before it is locked
LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 10
ISSUER = "Evidence Graph"


class AccountError(ValueError):
    """A request about an account that cannot be done, said so a person can act on it."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    disabled: bool
    has_totp: bool
    must_change_password: bool
    session_epoch: int
    created_at: datetime | None
    last_login: datetime | None

    @property
    def needs_totp(self) -> bool:
        return self.role in TRUSTED_ROLES

    def as_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "disabled": self.disabled, "totp": self.has_totp,
                "created_at": self.created_at, "last_login": self.last_login}


def _account(row) -> Account:
    return Account(row.id, row.name, row.role, bool(row.disabled), bool(row.totp_secret),
                   bool(row.must_change_password), row.session_epoch or 0, row.created_at, row.last_login)


def new_password() -> str:
    return secrets.token_urlsafe(12)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(_("a password needs at least %(n)s characters", n=MIN_PASSWORD))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(_("unknown role %(role)s: one of %(roles)s", role=repr(role), roles=", ".join(ROLES)))


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120 or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError(_("an account name is 1 to 120 printable characters without spaces"))
    return name


class Accounts:
    def __init__(self, settings):
        self.settings = settings
        self.engine = engine_for(settings)

    # -- reading ---------------------------------------------------------------------------------------
    def get(self, name: str) -> Account | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(ACCOUNTS).where(ACCOUNTS.c.name == name)).first()
        return _account(row) if row else None

    def by_id(self, account_id: int) -> Account | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(ACCOUNTS).where(ACCOUNTS.c.id == account_id)).first()
        return _account(row) if row else None

    def all(self) -> list[Account]:
        with self.engine.connect() as conn:
            return [_account(r) for r in conn.execute(select(ACCOUNTS).order_by(ACCOUNTS.c.name))]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(ACCOUNTS)).scalar_one()

    # -- changing --------------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str | None = None, *, must_change: bool = False) -> tuple[Account, str]:
        name = _clean_name(name)
        _check_role(role)
        password = password or new_password()
        check_password_rules(password)
        if self.get(name):
            raise AccountError(_("an account named %(name)s exists already", name=repr(name)))
        with self.engine.begin() as conn:
            conn.execute(ACCOUNTS.insert().values(
                name=name, role=role, password_hash=HASHER.hash(password), disabled=False, failures=0,
                locked_until=0.0, must_change_password=must_change, created_at=datetime.now(timezone.utc),
                session_epoch=0, totp_last_step=0))
        return self.get(name), password

    def _update(self, name: str, **values) -> Account:
        with self.engine.begin() as conn:
            done = conn.execute(ACCOUNTS.update().where(ACCOUNTS.c.name == name).values(**values)).rowcount
        if not done:
            raise AccountError(_("no account named %(name)s", name=repr(name)))
        return self.get(name)

    def _bump(self, name: str) -> int:
        account = self.get(name)
        if account is None:
            raise AccountError(_("no account named %(name)s", name=repr(name)))
        return account.session_epoch + 1

    def set_role(self, name: str, role: str) -> Account:
        _check_role(role)
        return self._update(name, role=role, session_epoch=self._bump(name))

    def set_disabled(self, name: str, disabled: bool) -> Account:
        return self._update(name, disabled=disabled, session_epoch=self._bump(name))

    def reset_password(self, name: str, password: str | None = None) -> str:
        password = password or new_password()
        check_password_rules(password)
        self._update(name, password_hash=HASHER.hash(password), failures=0, locked_until=0.0,
                     must_change_password=True, session_epoch=self._bump(name))
        return password

    def change_password(self, name: str, password: str) -> None:
        check_password_rules(password)
        self._update(name, password_hash=HASHER.hash(password), must_change_password=False)

    def end_sessions(self, name: str) -> None:
        """Every session of the account stops working (a copied session cookie too)."""
        self._update(name, session_epoch=self._bump(name))

    def reset_totp(self, name: str) -> Account:
        return self._update(name, totp_secret=None, totp_last_step=0, session_epoch=self._bump(name))

    # -- logging in ------------------------------------------------------------------------------------
    def locked_for(self, name: str | None, address: str | None) -> float:
        """Seconds until a login for this account from this address is allowed again (0: now)."""
        now = time.time()
        with self.engine.connect() as conn:
            acc = conn.execute(select(ACCOUNTS.c.locked_until).where(ACCOUNTS.c.name == (name or ""))).first()
            adr = conn.execute(select(ADDRESSES.c.locked_until).where(ADDRESSES.c.address == (address or ""))).first()
        return max(0.0, (acc.locked_until if acc else 0) - now, (adr.locked_until if adr else 0) - now)

    def failures_of(self, name: str | None, address: str | None) -> int:
        with self.engine.connect() as conn:
            acc = conn.execute(select(ACCOUNTS.c.failures).where(ACCOUNTS.c.name == (name or ""))).first()
            adr = conn.execute(select(ADDRESSES.c.failures).where(ADDRESSES.c.address == (address or ""))).first()
        return max(acc.failures if acc else 0, adr.failures if adr else 0)

    def check_password(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password (disabled or not: the caller says which), else None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(ACCOUNTS).where(ACCOUNTS.c.name == name)).first()
        try:
            HASHER.verify(row.password_hash if row else _DUMMY, password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if HASHER.check_needs_rehash(row.password_hash):
            self._update(name, password_hash=HASHER.hash(password))
        return _account(row)

    def failed(self, name: str | None, address: str | None) -> None:
        now = time.time()
        with self.engine.begin() as conn:
            row = conn.execute(select(ACCOUNTS.c.failures).where(ACCOUNTS.c.name == (name or ""))).first()
            if row is not None:
                n = row.failures + 1
                conn.execute(ACCOUNTS.update().where(ACCOUNTS.c.name == name).values(
                    failures=n, locked_until=now + LOCK_SECONDS if n >= ACCOUNT_LIMIT else 0.0))
            if address:
                row = conn.execute(select(ADDRESSES).where(ADDRESSES.c.address == address)).first()
                n = (row.failures if row and now - row.last_failure < LOCK_SECONDS else 0) + 1
                values = dict(failures=n, last_failure=now,
                              locked_until=now + LOCK_SECONDS if n >= ADDRESS_LIMIT else 0.0)
                if row is None:
                    conn.execute(ADDRESSES.insert().values(address=address, **values))
                else:
                    conn.execute(ADDRESSES.update().where(ADDRESSES.c.address == address).values(**values))

    def succeeded(self, name: str, address: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(ACCOUNTS.update().where(ACCOUNTS.c.name == name).values(
                failures=0, locked_until=0.0, last_login=datetime.now(timezone.utc)))
            if address:
                conn.execute(ADDRESSES.delete().where(ADDRESSES.c.address == address))

    # -- second factor ---------------------------------------------------------------------------------
    def enrol_totp(self, name: str, secret: str, code: str) -> bool:
        """Keep ``secret`` as the account's second factor once ``code`` proves the app holds it."""
        step = _step_of(secret, code, 0)
        if step is None:
            return False
        self._update(name, totp_secret=secret, totp_last_step=step)
        return True

    def check_totp(self, name: str, code: str) -> bool:
        """True once per code: a code already used (or an older one) is refused, so a code seen over a
        shoulder or in a log cannot be replayed."""
        with self.engine.begin() as conn:
            row = conn.execute(select(ACCOUNTS.c.totp_secret, ACCOUNTS.c.totp_last_step)
                               .where(ACCOUNTS.c.name == name)).first()
            if row is None or not row.totp_secret:
                return False
            step = _step_of(row.totp_secret, code, row.totp_last_step or 0)
            if step is None:
                return False
            conn.execute(ACCOUNTS.update().where(ACCOUNTS.c.name == name).values(totp_last_step=step))
        return True

    # -- options an admin sets -------------------------------------------------------------------------
    def option(self, key: str, default: str | None = None) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(OPTIONS.c.value).where(OPTIONS.c.key == key)).first()
        return row.value if row else default

    def set_option(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            if conn.execute(select(OPTIONS.c.key).where(OPTIONS.c.key == key)).first():
                conn.execute(OPTIONS.update().where(OPTIONS.c.key == key).values(value=value))
            else:
                conn.execute(OPTIONS.insert().values(key=key, value=value))

    @property
    def public_read(self) -> bool:
        return self.option("public_read", "no") == "yes"


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)


def _step_of(secret: str, code: str, after: int) -> int | None:
    """The time step ``code`` belongs to (now, or one step either side for clock drift), if after ``after``."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in (now, now - 1, now + 1):
        if step > after and secrets.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None
