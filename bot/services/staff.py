"""Roles, refusals and the audit log: who may do what, and a record of every attempt."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.editing import EditError
from bot.storage import staff as staff_store
from bot.storage.database import Database
from bot.storage.staff import MAINTAINER, ORGANIZER, ROLES, LastMaintainerError
from bot.storage.tables import AuditRow

# Commands only staff may use, and the role each needs.
STAFF_COMMANDS: dict[str, tuple[str, ...]] = {
    "setdate": (MAINTAINER,),
    "addpolicy": (MAINTAINER,),
    "history": (MAINTAINER,),
    "revert": (MAINTAINER,),
    "audit": (MAINTAINER,),
    "stale": (MAINTAINER,),
    "reports": (MAINTAINER,),
    "grant": (MAINTAINER,),
    "revoke": (MAINTAINER,),
    "broadcast": (MAINTAINER, ORGANIZER),
    "broadcasts": (MAINTAINER, ORGANIZER),
}


class StaffService:
    def __init__(self, database: Database) -> None:
        self._database = database

    def bootstrap(self, admin_ids: Iterable[int]) -> None:
        """Maintainers listed in JURISBOT_ADMINS are maintainers from the first start on."""
        with self._database.session() as session:
            for user_id in admin_ids:
                if staff_store.role_of(session, user_id) != MAINTAINER:
                    staff_store.grant(session, user_id=user_id, role=MAINTAINER, by=None)
                    staff_store.audit(
                        session,
                        actor_id=user_id,
                        action="grant",
                        outcome="ok",
                        target=str(user_id),
                        detail="maintainer (JURISBOT_ADMINS)",
                    )
            session.commit()

    def role_of(self, user_id: int) -> str | None:
        with self._database.session() as session:
            return staff_store.role_of(session, user_id)

    def may_use(self, user_id: int, command: str) -> bool:
        allowed = STAFF_COMMANDS.get(command)
        return allowed is None or self.role_of(user_id) in allowed

    def staff(self) -> dict[int, str]:
        with self._database.session() as session:
            return {row.user_id: row.role for row in staff_store.staff(session)}

    def refuse(self, user_id: int, command: str) -> None:
        self.record(user_id, command, "refused", detail="not staff")

    def record(
        self,
        user_id: int,
        action: str,
        outcome: str,
        *,
        target: str | None = None,
        detail: str | None = None,
    ) -> None:
        with self._database.session() as session:
            staff_store.audit(
                session,
                actor_id=user_id,
                action=action,
                outcome=outcome,
                target=target,
                detail=detail,
            )
            session.commit()

    def grant(self, actor_id: int, text: str) -> tuple[int, str]:
        parts = text.split()
        if len(parts) != 2 or not parts[0].isdigit():
            self.record(actor_id, "grant", "invalid", detail="usage")
            raise EditError("usage_grant")
        user_id, role = int(parts[0]), parts[1].lower()
        if role not in ROLES:
            self.record(actor_id, "grant", "invalid", target=str(user_id), detail="role")
            raise EditError("bad_role", {"value": role[:20]})
        with self._database.session() as session:
            try:
                staff_store.grant(session, user_id=user_id, role=role, by=actor_id)
            except LastMaintainerError:
                session.rollback()
                self.record(
                    actor_id, "grant", "invalid", target=str(user_id), detail="last maintainer"
                )
                raise EditError("last_maintainer") from None
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="grant",
                outcome="ok",
                target=str(user_id),
                detail=role,
            )
            session.commit()
        return user_id, role

    def revoke(self, actor_id: int, text: str) -> tuple[int, str]:
        parts = text.split()
        if len(parts) != 1 or not parts[0].isdigit():
            self.record(actor_id, "revoke", "invalid", detail="usage")
            raise EditError("usage_revoke")
        user_id = int(parts[0])
        with self._database.session() as session:
            try:
                role = staff_store.revoke(session, user_id=user_id)
            except LastMaintainerError:
                session.rollback()
                self.record(
                    actor_id, "revoke", "invalid", target=str(user_id), detail="last maintainer"
                )
                raise EditError("last_maintainer") from None
            if role is None:
                raise EditError("not_staff", {"user": user_id})
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="revoke",
                outcome="ok",
                target=str(user_id),
                detail=role,
            )
            session.commit()
        return user_id, role

    def audit_log(self, limit: int = 20) -> list[AuditRow]:
        with self._database.session() as session:
            return staff_store.recent_audit(session, limit=limit)
