"""Who is asking. Every read that can reach protected people or confidential sources takes a Viewer,
with no default: a missing viewer is a bug that fails loudly, never a silent administrator. What a viewer
may see is decided in graph/access/masking.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("viewer", "researcher", "editor", "admin")
TRUSTED_ROLES = frozenset({"editor", "admin"})


class Journal:
    """Whom a trusted viewer was shown: the uids of the protected people and confidential sources whose
    seals were opened for them (the web app and the CLI write it to the audit log)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def saw(self, uid: str) -> None:
        self.seen.add(uid)


@dataclass(frozen=True)
class Viewer:
    role: str
    name: str = "local user"
    # The data key ring (graph/store/sealing.py), handed only to roles that may see protected identities:
    # without it nothing sealed can be opened, whatever a caller asks for.
    keys: Any = field(default=None, compare=False, repr=False)
    journal: Journal | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; one of {', '.join(ROLES)}")

    @property
    def sees_protected(self) -> bool:
        """May see protected people (witnesses, relatives) by name."""
        return self.role in TRUSTED_ROLES

    @property
    def sees_confidential(self) -> bool:
        """May see confidential sources' titles and files."""
        return self.role in TRUSTED_ROLES

    @property
    def may_edit(self) -> bool:
        """May change data (confirm or reject a sanctions match, ...)."""
        return self.role in TRUSTED_ROLES


def viewer_for(graph, role: str, name: str, journal: Journal | None = None) -> Viewer:
    """The viewer of an account: trusted roles get the graph's key ring (when it can be read), so the
    application can open seals for them; every other role gets none."""
    from graph.store.sealing import load_keys

    keys = load_keys(graph).ring if role in TRUSTED_ROLES else None
    return Viewer(role, name, keys, journal)


OPERATOR = Viewer("admin", "local operator")
"""Whoever runs ``evgraph`` on the machine that holds the data, for reads that need no seal opened (the
evidence check); ``viewer_for`` gives the operator the key ring."""
