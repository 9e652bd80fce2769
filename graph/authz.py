"""Who is asking. Every read that can reach protected people or confidential sources takes a Viewer,
so the rule is enforced in one place when accounts arrive."""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("viewer", "researcher", "editor", "admin")
TRUSTED_ROLES = frozenset({"editor", "admin"})


@dataclass(frozen=True)
class Viewer:
    role: str = "researcher"
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


TRUSTED = Viewer("admin", "system")
