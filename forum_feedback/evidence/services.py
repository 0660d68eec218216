"""Evidence packs: build one from themes, write it, pick quotes, move it on, freeze it when ready.

A draft's figures and quotes are live. Marking it ready freezes them (the items behind the
figures, the themes' names and the quotes' words), so a later rebuild or merge can't change a
paper a board has already read. Withdrawal is the exception: a withdrawn family's quote leaves
every pack at once, its item leaves the figures of every pack not yet shared, and a pack already
shared is marked for the rep's attention, because the partner's copy can't be recalled.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum_feedback.audit.services import record_action
from forum_feedback.auth.models import User
from forum_feedback.enums import PACK_SHARED, AuditAction, PackStatus, Rag, Rung, ThemeStatus
from forum_feedback.evidence import figures as figures_module
from forum_feedback.evidence import queries
from forum_feedback.evidence.draft import ThemeWords, draft_summary
from forum_feedback.evidence.figures import Disclosed, Period
from forum_feedback.evidence.models import EvidencePack, PackEvent, PackItem, PackQuote, PackTheme
from forum_feedback.quoting import Audience, Quote, quotable
from forum_feedback.themes.models import Theme

MAX_QUOTES = 5
MAX_THEMES = 6
PACK_AUDIENCES = (Audience.PARTNERS, Audience.PUBLIC)


class PackError(ValueError):
    """A change to a pack that cannot be made, with a message for the person who tried."""


@dataclass(frozen=True)
class Scope:
    """What a pack is built from."""

    theme_ids: tuple[int, ...]
    period: Period
    audience: str = Audience.PARTNERS
    service: str = ""
    local_area: str = ""
    age_band: str = ""
    channel: str = ""


def _audit(session: Session, actor_id: int | None, action: AuditAction, pack_id: int, detail: str, now: dt.datetime):
    record_action(
        session, actor_id=actor_id, action=action, target_type="evidence pack", target_id=pack_id, detail=detail, at=now
    )


def get_pack(session: Session, pack_id: int) -> EvidencePack:
    """The pack, or PackError."""
    pack = session.get(EvidencePack, pack_id)
    if pack is None:
        raise PackError("That evidence pack no longer exists.")
    return pack


def _draft(session: Session, pack_id: int) -> EvidencePack:
    pack = get_pack(session, pack_id)
    if pack.status != PackStatus.DRAFT:
        raise PackError("This pack is no longer a draft: its figures and quotes are frozen.")
    return pack


def _check_scope(session: Session, scope: Scope) -> list[Theme]:
    if not scope.theme_ids:
        raise PackError("Choose at least one theme.")
    if len(scope.theme_ids) > MAX_THEMES:
        raise PackError(f"Choose {MAX_THEMES} themes or fewer.")
    if scope.period.end < scope.period.start:
        raise PackError("The end of the period must be on or after its start.")
    if scope.audience not in PACK_AUDIENCES:
        raise PackError("Choose who the pack is for.")
    themes = list(session.scalars(select(Theme).where(Theme.id.in_(scope.theme_ids))))
    if len(themes) != len(set(scope.theme_ids)) or any(t.status != ThemeStatus.ACTIVE for t in themes):
        raise PackError("A theme you chose no longer exists. It may have been merged or retired.")
    order = {tid: index for index, tid in enumerate(scope.theme_ids)}
    return sorted(themes, key=lambda theme: order[theme.id])


def create_pack(
    session: Session,
    *,
    title: str,
    scope: Scope,
    partners: Sequence[str],
    labels: Mapping[str, Mapping[str, str]],
    actor_id: int | None,
    now: dt.datetime,
) -> EvidencePack:
    """A new draft pack, its "what families told us" pre-filled with a plain-English draft to edit."""
    themes = _check_scope(session, scope)
    pack = EvidencePack(
        title=title.strip()[:200] or " and ".join(t.display_label for t in themes)[:200],
        audience=scope.audience,
        period_start=scope.period.start,
        period_end=scope.period.end,
        service=scope.service,
        local_area=scope.local_area,
        age_band=scope.age_band,
        channel=scope.channel,
        partners_json=json.dumps(list(partners)),
        status=PackStatus.DRAFT,
        created_by=actor_id,
        created_at=now,
        updated_at=now,
        themes=[PackTheme(theme_id=theme.id, position=index) for index, theme in enumerate(themes)],
    )
    pack.events.append(PackEvent(status=PackStatus.DRAFT, at=now, actor_id=actor_id))
    session.add(pack)
    session.flush()
    figures = disclosed_figures(session, pack, labels=labels)
    words = [ThemeWords(t.display_label, tuple(t.terms), t.description or t.auto_description) for t in themes]
    pack.summary = draft_summary(words, figures, scope.period)
    _audit(session, actor_id, AuditAction.PACK_CREATED, pack.id, f"{len(themes)} theme(s)", now)
    session.commit()
    return pack


def update_pack(
    session: Session,
    *,
    pack_id: int,
    title: str,
    summary: str,
    asks: str,
    partners: Sequence[str],
    actor_id: int | None,
    now: dt.datetime,
) -> EvidencePack:
    """Save the words of a draft: title, what families told us, the families' ask, who it goes to."""
    pack = _draft(session, pack_id)
    if not title.strip():
        raise PackError("Enter a title for the pack.")
    pack.title, pack.summary, pack.asks = title.strip()[:200], summary, asks
    pack.partners_json, pack.updated_at = json.dumps(list(partners)), now
    _audit(session, actor_id, AuditAction.PACK_EDITED, pack.id, "words", now)
    session.commit()
    return pack


def rate_pack(
    session: Session,
    *,
    pack_id: int,
    rag: str | None,
    reason: str,
    rung: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> EvidencePack:
    """The forum's own RAG rating with its reason, and the co-production rung reached so far (any status)."""
    pack = get_pack(session, pack_id)
    if rag is not None and rag not in list(Rag):
        raise PackError("Choose red, amber or green.")
    if rung is not None and rung not in list(Rung):
        raise PackError("Choose a rung of the ladder.")
    pack.rag, pack.rag_reason, pack.rung, pack.updated_at = rag, reason, rung, now
    _audit(session, actor_id, AuditAction.PACK_EDITED, pack.id, f"rating {rag or 'none'}, rung {rung or 'none'}", now)
    session.commit()
    return pack


def choose_quotes(
    session: Session, *, pack_id: int, feedback_ids: Sequence[int], actor_id: int | None, now: dt.datetime
) -> EvidencePack:
    """Set the pack's quotes. Each must be one the pack's audience may see quoted (the quoting rule)."""
    pack = _draft(session, pack_id)
    wanted = list(dict.fromkeys(feedback_ids))
    if len(wanted) > MAX_QUOTES:
        raise PackError(f"Choose {MAX_QUOTES} quotes or fewer: a board paper works best with three to five.")
    allowed = queries.candidate_ids(session, pack=pack, feedback_ids=wanted)
    if any(fid not in allowed for fid in wanted):
        raise PackError("One of those comments can't be quoted in this pack. Choose from the list shown.")
    pack.quotes = [PackQuote(feedback_id=fid, position=index) for index, fid in enumerate(wanted)]
    pack.updated_at = now
    _audit(session, actor_id, AuditAction.PACK_QUOTES_CHOSEN, pack.id, f"{len(wanted)} quote(s)", now)
    session.commit()
    return pack


# --- status ---------------------------------------------------------------------------------------


def allowed_moves(pack: EvidencePack) -> list[PackStatus]:
    """Where a pack can go from here: the next step, and back to draft from ready (nothing shared yet)."""
    status = PackStatus(pack.status)
    moves = [status.next] if status.next else []
    if status == PackStatus.READY:
        moves.append(PackStatus.DRAFT)
    return moves


def move_pack(session: Session, *, pack_id: int, to: str, actor_id: int | None, now: dt.datetime) -> EvidencePack:
    """Move a pack one step on (or a ready pack back to draft), dated, with who moved it, audit-logged."""
    pack = get_pack(session, pack_id)
    if to not in allowed_moves(pack):
        raise PackError("The pack can't move to that status from where it is now. The page may be out of date.")
    if to == PackStatus.READY:
        _freeze(session, pack)
        pack.frozen_at = now
    elif to == PackStatus.DRAFT:
        _unfreeze(session, pack)
        pack.frozen_at = None
    if to == PackStatus.SHARED and pack.shared_at is None:
        pack.shared_at = now
    previous = pack.status
    pack.status, pack.updated_at = to, now
    pack.events.append(PackEvent(status=to, at=now, actor_id=actor_id))
    _audit(session, actor_id, AuditAction.PACK_STATUS_CHANGED, pack.id, f"{previous} → {to}", now)
    session.commit()
    return pack


def _freeze(session: Session, pack: EvidencePack) -> None:
    if not pack.theme_ids:
        raise PackError("A pack needs at least one theme before it is ready.")
    items = queries.live_items(session, pack=pack, theme_ids=pack.theme_ids)
    pack.tally_json = _tally(pack, items).to_json()
    for item in items:
        session.add(
            PackItem(
                pack_id=pack.id,
                feedback_id=item.feedback_id,
                theme_id=item.theme_id,
                in_period=item.in_period,
                received_at=item.received_at,
                local_area=item.local_area,
                age_band=item.age_band,
                channel=item.channel,
                services_json=json.dumps(list(item.services)),
                family=item.family,
            )
        )
    names = dict(session.execute(select(Theme.id, Theme.label).where(Theme.id.in_(pack.theme_ids))).all())
    autos = dict(session.execute(select(Theme.id, Theme.auto_label).where(Theme.id.in_(pack.theme_ids))).all())
    for link in pack.themes:
        link.label = names.get(link.theme_id) or autos.get(link.theme_id)
    words = quotable(session, [q.feedback_id for q in pack.quotes], audience=Audience(pack.audience))
    pack.quotes = [q for q in pack.quotes if q.feedback_id in words]
    for quote in pack.quotes:
        quote.text = words[quote.feedback_id].text


def _tally(pack: EvidencePack, items: list[figures_module.Item]) -> figures_module.Tally:
    return figures_module.tally(items, period=queries.period_of(pack), theme_ids=pack.theme_ids)


def fill_missing_tallies(session: Session) -> int:
    """Count frozen packs that have no kept tally yet (frozen before migration 0015); returns how many."""
    packs = session.scalars(
        select(EvidencePack).where(EvidencePack.status != PackStatus.DRAFT, EvidencePack.tally_json.is_(None))
    ).all()
    for pack in packs:
        pack.tally_json = _tally(pack, queries.frozen_items(session, pack_id=pack.id)).to_json()
    session.commit()
    return len(packs)


def _unfreeze(session: Session, pack: EvidencePack) -> None:
    session.execute(delete(PackItem).where(PackItem.pack_id == pack.id))
    pack.tally_json = None
    for link in pack.themes:
        link.label = None
    for quote in pack.quotes:
        quote.text = None


def record_response(
    session: Session,
    *,
    pack_id: int,
    response: str,
    partner_rag: str | None,
    partner_rag_reason: str,
    actor_id: int | None,
    now: dt.datetime,
) -> EvidencePack:
    """The partner's response and their own RAG rating (by a rep or a board member); a shared pack
    moves on to "response received"."""
    pack = get_pack(session, pack_id)
    if pack.status not in PACK_SHARED:
        raise PackError("A response can be recorded once the pack has been shared.")
    if partner_rag is not None and partner_rag not in list(Rag):
        raise PackError("Choose red, amber or green.")
    if not response.strip():
        raise PackError("Enter the partner's response.")
    pack.response, pack.partner_rag, pack.partner_rag_reason, pack.updated_at = (
        response,
        partner_rag,
        partner_rag_reason,
        now,
    )
    if pack.status == PackStatus.SHARED:
        pack.status = PackStatus.RESPONSE_RECEIVED
        pack.events.append(PackEvent(status=PackStatus.RESPONSE_RECEIVED, at=now, actor_id=actor_id))
    _audit(
        session, actor_id, AuditAction.PACK_RESPONSE_RECORDED, pack.id, f"partner rating {partner_rag or 'none'}", now
    )
    session.commit()
    return pack


def clear_attention(session: Session, *, pack_id: int, actor_id: int | None, now: dt.datetime) -> EvidencePack:
    """The rep has dealt with a withdrawal from a shared pack (told the partner)."""
    pack = get_pack(session, pack_id)
    pack.needs_attention, pack.attention_note, pack.updated_at = False, "", now
    _audit(session, actor_id, AuditAction.PACK_ATTENTION_CLEARED, pack.id, "", now)
    session.commit()
    return pack


ATTENTION_NOTE = (
    "A family withdrew feedback that is in this pack after it was shared. It has gone from this page and "
    "from every new export, but the copy the partner already has still holds it: ask them to delete or "
    "replace that copy."
)


def forget_feedback(session: Session, *, feedback_id: int, now: dt.datetime) -> list[int]:
    """Withdrawal's part in packs (in the caller's transaction, no commit): the quote leaves every pack,
    the item leaves the figures of packs not yet shared, and shared packs are marked for attention.
    Returns the ids of the packs marked."""
    quoted = set(session.scalars(select(PackQuote.pack_id).where(PackQuote.feedback_id == feedback_id)))
    counted = set(session.scalars(select(PackItem.pack_id).where(PackItem.feedback_id == feedback_id)))
    session.execute(delete(PackQuote).where(PackQuote.feedback_id == feedback_id))
    shared = set(
        session.scalars(
            select(EvidencePack.id).where(EvidencePack.id.in_(quoted | counted), EvidencePack.status.in_(PACK_SHARED))
        )
    )
    session.execute(delete(PackItem).where(PackItem.feedback_id == feedback_id, PackItem.pack_id.not_in(shared)))
    for pack in session.scalars(select(EvidencePack).where(EvidencePack.id.in_(counted - shared))):
        pack.tally_json = _tally(pack, queries.frozen_items(session, pack_id=pack.id)).to_json()  # one fewer
    for pack in session.scalars(select(EvidencePack).where(EvidencePack.id.in_(shared))):
        pack.needs_attention, pack.attention_note, pack.updated_at = True, ATTENTION_NOTE, now
    return sorted(shared)


# --- reading a pack -------------------------------------------------------------------------------


def pack_items(session: Session, pack: EvidencePack) -> list[figures_module.Item]:
    """The items behind the pack's figures: frozen ones once ready, the live themes while a draft."""
    if pack.frozen:
        return queries.frozen_items(session, pack_id=pack.id)
    return queries.live_items(session, pack=pack, theme_ids=pack.theme_ids)


def theme_labels(session: Session, pack: EvidencePack) -> dict[int, str]:
    """Each theme's name as the pack shows it: frozen once ready, the current name while a draft."""
    if pack.frozen:
        return {link.theme_id: link.label or f"Theme {link.theme_id}" for link in pack.themes}
    themes = session.scalars(select(Theme).where(Theme.id.in_(pack.theme_ids)))
    return {theme.id: theme.display_label for theme in themes}


def pack_figures(
    session: Session, pack: EvidencePack, *, labels: Mapping[str, Mapping[str, str]]
) -> figures_module.Figures:
    """The pack's raw counts: for the workspace only (everything else shows ``disclosed_figures``)."""
    order = {key: list(labels.get(key, {})) for key in ("local_area", "age_band")}
    if pack.frozen and pack.tally_json:  # counted when frozen: a view reads one row, not every item
        return figures_module.arrange(figures_module.Tally.from_json(pack.tally_json), answer_order=order)
    return figures_module.compute(
        pack_items(session, pack), period=queries.period_of(pack), theme_ids=pack.theme_ids, answer_order=order
    )


def disclosed_figures(session: Session, pack: EvidencePack, *, labels: Mapping[str, Mapping[str, str]]) -> Disclosed:
    """The pack's numbers as they may leave the workspace (small numbers suppressed)."""
    raw = pack_figures(session, pack, labels=labels)
    return figures_module.disclose(raw, theme_labels=theme_labels(session, pack), labels=labels)


def pack_quotes(session: Session, pack: EvidencePack, *, audience: Audience | None = None) -> list[Quote]:
    """The chosen quotes, through the quoting rule every time: frozen words once ready, but never a
    quote the rule no longer allows (withdrawn, hidden, a safeguarding concern opened since).
    ``audience``: another audience than the pack's own (the public page of its outcome)."""
    ids = [quote.feedback_id for quote in pack.quotes]
    allowed = quotable(session, ids, audience=audience or Audience(pack.audience))
    shown = []
    for quote in pack.quotes:
        live = allowed.get(quote.feedback_id)
        if live is None:
            continue
        shown.append(
            live if quote.text is None else Quote(live.feedback_id, quote.text, True, live.received_at, live.consent)
        )
    return shown


@dataclass(frozen=True)
class StatusStep:
    status: PackStatus
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class PackView:
    """Everything a pack shows, the same for its page and every export."""

    pack: EvidencePack
    figures: Disclosed
    quotes: list[Quote]
    partners: list[str]
    scope: list[tuple[str, str]]  # ("Service area", "Transport"), for the filters the pack uses
    history: list[StatusStep]

    @property
    def status(self) -> PackStatus:
        return PackStatus(self.pack.status)

    @property
    def period(self) -> Period:
        return queries.period_of(self.pack)


def pack_view(
    session: Session, *, pack_id: int, labels: Mapping[str, Mapping[str, str]], partner_names: Mapping[str, str]
) -> PackView:
    """A pack with its disclosed figures, its quotes (through the quoting rule) and its history."""
    pack = get_pack(session, pack_id)
    emails = dict(
        session.execute(select(User.id, User.email).where(User.id.in_({e.actor_id for e in pack.events}))).all()
    )
    history = [
        StatusStep(PackStatus(event.status), event.at, emails.get(event.actor_id, "the command line"))
        for event in pack.events
    ]
    scope = [
        (heading, labels.get(key, {}).get(value, value))
        for heading, key, value in (
            ("Service area", "service", pack.service),
            ("Local area", "local_area", pack.local_area),
            ("Age", "age_band", pack.age_band),
            ("How it came in", "channel", pack.channel),
        )
        if value
    ]
    return PackView(
        pack=pack,
        figures=disclosed_figures(session, pack, labels=labels),
        quotes=pack_quotes(session, pack),
        partners=[partner_names.get(slug, slug) for slug in pack.partners],
        scope=scope,
        history=history,
    )


def list_packs(session: Session, *, statuses: Sequence[str] | None = None) -> list[EvidencePack]:
    """Packs, newest first (only those in ``statuses`` when given)."""
    query = select(EvidencePack).order_by(EvidencePack.updated_at.desc(), EvidencePack.id.desc())
    if statuses is not None:
        query = query.where(EvidencePack.status.in_(list(statuses)))
    return list(session.scalars(query))
