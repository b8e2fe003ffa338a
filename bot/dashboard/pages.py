"""The reading pages: overview, communes, content, ambassadors and families, audit log.

Each reads through the queries of this package within the viewer's scope (Visit.place)
and returns a Page for the templates; nothing here writes.
"""

from __future__ import annotations

from sqlalchemy import String, cast, func, literal, select

from bot.dashboard import people, queries, reads
from bot.dashboard.charts import TargetBar, target_chart, week_chart
from bot.dashboard.render import Page
from bot.dashboard.visit import Refused, Visit
from bot.families import StatsReport, families_of, needs_visit, place_name
from bot.roles import AMBASSADOR, has_role
from bot.storage.models import AuditEntry, Learner

FIGURES = (
    ("learners", "Người học"),
    ("active_7d", "Có học trong 7 ngày qua"),
    ("lessons_completed", "Bài học đã xong"),
    ("certificates", "Giấy chứng nhận đã cấp"),
    ("guided", "Người được hướng dẫn tận nơi"),
    ("families", "Gia đình số"),
)
COLUMNS = (
    ("name", "Xã, phường"),
    ("learners", "Người học"),
    ("active_7d", "Học trong 7 ngày"),
    ("lessons_completed", "Bài đã xong"),
    ("certified_learners", "Người có chứng nhận"),
    ("guided", "Hướng dẫn tận nơi"),
    ("ambassadors", "Đại sứ số"),
    ("adults", "Người lớn"),
    ("progress", "So với mục tiêu"),
)
AUDIT_PAGE = 50
# The audit log's action ids in plain words; an id not listed is shown as it is.
ACTIONS = {
    "role.grant": "Cấp quyền",
    "role.revoke": "Thu hồi quyền",
    "role.scope": "Đổi nơi quản lý",
    "broadcast.create": "Tạo thông báo",
    "broadcast.cancel": "Hủy thông báo",
    "broadcast.queue": "Bắt đầu gửi thông báo",
    "dashboard.link": "Nhận đường dẫn vào trang quản lý",
    "dashboard.login": "Vào trang quản lý",
    "dashboard.logout": "Thoát trang quản lý",
    "dashboard.export": "Tải số liệu",
    "ambassador.code": "Tạo mã Đại sứ số",
    "ambassador.claim": "Nhận vai trò Đại sứ số bằng mã",
    "family.create": "Tạo gia đình số",
    "family.invite": "Tạo mã mời",
    "family.revoke": "Hủy mã mời",
    "family.join": "Vào gia đình số",
    "family.leave": "Rời gia đình số",
    "family.push": "Gửi bài cho người thân",
    "family.nudge": "Nhắc người thân học",
    "guided.record": "Ghi người được hướng dẫn tận nơi",
}


def _target_bars(visit: Visit, report: StatsReport) -> list[TargetBar]:
    share = visit.services.config.target_share
    return [
        TargetBar(row.name, row.get("certified_learners"), queries.target_of(row, share).needed)
        for row in report.rows
        if visit.places.get(row.place) is not None
    ]


async def overview(visit: Visit) -> Page:
    place, services = visit.place(), visit.services
    report, counted = await reads.stats(visit, place)
    weeks, _ = await reads.weekly(visit, place)
    labels = [f"{w.start:%d/%m}" for w in weeks]
    return Page(
        "overview.html",
        {
            "counted": counted,
            "place": place,
            "place_label": visit.place_label(place),
            "figures": [(key, label, report.totals.get(key)) for key, label in FIGURES],
            "weeks": weeks,
            "active_chart": week_chart("Số người có học mỗi tuần", labels, [w.active for w in weeks]),
            "done_chart": week_chart("Số bài học xong mỗi tuần", labels, [w.completed for w in weeks]),
            "target_chart": target_chart("Người có chứng nhận so với mục tiêu", _target_bars(visit, report)),
            "target_share": services.config.target_share,
            "has_population": report.totals.adults is not None,
        },
    )


async def communes(visit: Visit) -> Page:
    place, share = visit.place(), visit.services.config.target_share
    report, counted = await reads.stats(visit, place)
    sort = visit.request.query.get("sort", "learners")
    sort = sort if sort in queries.SORTABLE else "learners"
    descending = visit.request.query.get("order", "desc" if sort != "name" else "asc") != "asc"
    rows = queries.sort_rows(report.rows, sort, descending, share)
    return Page(
        "communes.html",
        {
            "counted": counted,
            "rows": [(row, queries.target_of(row, share)) for row in rows],
            "totals": (report.totals, queries.target_of(report.totals, share)),
            "columns": COLUMNS,
            "sort": sort,
            "descending": descending,
            "chart": target_chart("Người có chứng nhận so với mục tiêu", _target_bars(visit, report)),
            "target_share": share,
            "place_label": visit.place_label(place),
        },
    )


async def content(visit: Visit) -> Page:
    place = visit.place()
    funnels, counted = await reads.funnels(visit, place)
    asked, _ = await reads.questions(visit, place)
    hardest = sorted((q for q in asked if q.answers), key=lambda q: (-q.wrong_share, -q.answers))[:30]
    scams, _ = await reads.scams(visit, place)
    flagged = [w.counts["scam"] + w.counts["suspicious"] for w in scams.weeks]
    return Page(
        "content.html",
        {
            "counted": counted,
            "place_label": visit.place_label(place),
            "funnels": funnels,
            "questions": hardest,
            "unanswered": (await reads.unanswered(visit, place))[0],
            "scams": scams,
            "signal_names": visit.services.signal_names,
            "scam_chart": week_chart(
                "Tin nhắn bị đánh giá lừa đảo hoặc đáng ngờ mỗi tuần",
                [f"{w.start:%d/%m}" for w in scams.weeks],
                flagged,
            ),
        },
    )


async def ambassadors(visit: Visit) -> Page:
    place = visit.place()
    found = await people.ambassadors(visit.session, visit.now, place, visit.page_number())
    values = {"found": found, "place_of": lambda key: place_name(visit.places, key)}
    return Page("ambassadors.html", {**values, "place_label": visit.place_label(place)})


async def ambassador(visit: Visit) -> Page:
    """One ambassador's families, for an admin whose scope covers the ambassador's commune."""
    scope, raw = visit.viewer.scope, visit.request.match_info.get("id", "")
    person = await visit.session.get(Learner, int(raw)) if raw.isdigit() and len(raw) < 19 else None
    if person is None or scope is None or not await has_role(visit.session, person.id, AMBASSADOR):
        raise Refused(404, "Không tìm thấy Đại sứ số này ạ.")
    if not scope.allows(person.place):
        raise Refused(403, "Đại sứ số này thuộc xã, phường khác ạ.")
    return await _families_page(visit, person)


async def own_families(visit: Visit) -> Page:
    """An ambassador's own families, read-only."""
    person = await visit.session.get(Learner, visit.viewer.learner_id)
    if person is None or not visit.viewer.ambassador:
        raise Refused(403, "Trang này dành cho Đại sứ số ạ.")
    return await _families_page(visit, person)


async def _families_page(visit: Visit, person: Learner) -> Page:
    found = await families_of(visit.session, person.id, visit.now, visit.services.config.timezone)
    titles = {lid: lesson.title for lid, lesson in visit.services.library.lessons.items()}
    return Page(
        "families.html",
        {"person": person, "families": found, "needs_visit": needs_visit, "titles": titles},
    )


async def audit_log(visit: Visit) -> Page:
    """Newest first, 50 a page; a commune admin sees what the people of their commune did."""
    place, page = visit.place(), visit.page_number()
    query = select(AuditEntry)
    if place is not None:
        actors = select(literal("learner:") + cast(Learner.id, String)).where(Learner.place == place)
        query = query.where(AuditEntry.actor.in_(actors))
    total = int(await visit.session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    newest = query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE).offset((page - 1) * AUDIT_PAGE)
    entries = list((await visit.session.execute(newest)).scalars())
    names = await _actor_names(visit, [e.actor for e in entries])
    values = {"entries": entries, "names": names, "actions": ACTIONS, "page": page}
    return Page(
        "audit.html", {**values, "pages": max(1, -(-total // AUDIT_PAGE)), "place_label": visit.place_label(place)}
    )


async def _actor_names(visit: Visit, actors: list[str]) -> dict[str, str]:
    ids = {int(a.removeprefix("learner:")) for a in actors if a.startswith("learner:") and a[8:].isdigit()}
    if not ids:
        return {}
    rows = (await visit.session.execute(select(Learner.id, Learner.name).where(Learner.id.in_(ids)))).all()
    return {f"learner:{i}": name or f"Người dùng #{i}" for i, name in rows}
