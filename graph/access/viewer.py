"""Who is asking. Every read that can reach protected people or confidential sources takes a Viewer,
with no default: a missing viewer is a bug that fails loudly, never a silent administrator. What a viewer
may see is decided in graph/access/masking.py."""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("viewer", "researcher", "editor", "admin")
TRUSTED_ROLES = frozenset({"editor", "admin"})


@dataclass(frozen=True)
class Viewer:
    role: str
    name: str = "local user"

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


OPERATOR = Viewer("admin", "local operator")
"""Whoever runs ``evgraph`` on the machine that holds the data (until accounts reach the command line)."""
