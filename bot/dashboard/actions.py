"""The pages that act: home (where a viewer lands), broadcasts (compose, count, create,
cancel) and exports. Every action writes its audit row through bot/roles.audit, in the
request's transaction."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from bot.dashboard import broadcasting, exports, pages
from bot.dashboard.render import Page
from bot.dashboard.visit import Refused, Visit
from bot.roles import Scope, audit
from bot.storage.repo import load_places
from dialogs.flows.broadcasts import TEXT_MAX


def see_other(location: str) -> web.Response:
    """A redirect returned, not raised: raising would roll back the request's transaction."""
    return web.Response(status=303, headers={"Location": location})


async def home(visit: Visit) -> web.StreamResponse | Page:
    """Admins land on the overview; an ambassador who is not an admin, on their families."""
    if visit.viewer.admin:
        return await pages.overview(visit)
    return see_other("/dashboard/gia-dinh")


def _scope(visit: Visit) -> Scope:
    if visit.viewer.scope is None:
        raise Refused(403, "Trang này chỉ dành cho cán bộ quản trị ạ.")
    return visit.viewer.scope


def _fields(form: Mapping[str, object]) -> dict[str, str]:
    """The text fields of a query or a form (an uploaded file is not one)."""
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def _compose(visit: Visit, draft: broadcasting.Draft, errors: list[str], status: int = 200) -> Page:
    scope = _scope(visit)
    draft = broadcasting.for_scope(draft, scope)
    found, pages_total = await broadcasting.sent(visit, scope, visit.page_number())
    library = visit.services.library
    return Page(
        "broadcasts.html",
        {
            "draft": draft,
            "errors": errors,
            "count": await broadcasting.recipients(visit, draft, scope),
            "kinds": [
                (k, label) for k, label in broadcasting.KINDS if scope.province or k in broadcasting.COMMUNE_KINDS
            ],
            "province": scope.province,
            "place_label": visit.place_label(None if scope.province else scope.place),
            "communes": await _communes(visit) if scope.province else [],
            "lessons": [(lid, library.lessons[lid].title) for lid in library.lesson_order() if lid in library.lessons],
            "sent": found,
            "page": visit.page_number(),
            "pages": pages_total,
            "created": visit.request.query.get("tao", ""),
            "text_max": TEXT_MAX,
        },
        status,
    )


async def _communes(visit: Visit) -> list[tuple[str, str]]:
    """(label, key) of every commune and ward, for the province's audience picker."""
    found = (visit.places.get(row.key) for row in await load_places(visit.session))
    return sorted((place.label, place.key) for place in found if place is not None)


async def broadcasts(visit: Visit) -> Page:
    return await _compose(visit, broadcasting.Draft.read(_fields(visit.request.query)), [])


async def count(visit: Visit) -> web.StreamResponse:
    """The recipient count for the form as it stands (the page's script asks as it changes)."""
    scope = _scope(visit)
    draft = broadcasting.for_scope(broadcasting.Draft.read(_fields(visit.request.query)), scope)
    found = await broadcasting.recipients(visit, draft, scope)
    return web.json_response({"count": found})


async def create(visit: Visit) -> web.StreamResponse | Page:
    scope = _scope(visit)
    form = _fields(await visit.request.post())
    draft = broadcasting.for_scope(broadcasting.Draft.read(form), scope)
    if form.get("do") == "count":  # "Đếm lại người nhận" without the page's script
        return await _compose(visit, draft, [])
    errors = broadcasting.problems(visit, draft, scope)
    if not errors and not await broadcasting.recipients(visit, draft, scope):
        errors.append("Không có ai nhận thông báo này. Anh/chị chọn lại người nhận nhé.")
    if errors:
        return await _compose(visit, draft, errors, 400)
    created = await broadcasting.create(visit, draft, scope)
    return see_other(f"/dashboard/thong-bao?tao={created}")


async def cancel(visit: Visit) -> web.StreamResponse:
    raw = visit.request.match_info.get("id", "")
    if not raw.isdigit() or len(raw) > 18:
        raise Refused(404, "Không có thông báo này ạ.")
    await broadcasting.cancel(visit, int(raw), _scope(visit))
    return see_other("/dashboard/thong-bao")


async def export_list(visit: Visit) -> Page:
    place = visit.place()
    files = [(name, title) for name, (title, _) in exports.EXPORTS.items()]
    return Page("exports.html", {"files": files, "place_label": visit.place_label(place)})


async def export(visit: Visit) -> web.StreamResponse:
    name = visit.request.match_info.get("name", "")
    if name not in exports.EXPORTS:
        raise Refused(404, "Không có tệp này ạ.")
    rows = await exports.EXPORTS[name][1](visit)
    place = visit.place()
    audit(visit.session, visit.viewer.actor, "dashboard.export", name, visit.now, {"place": place or "province"})
    response = web.Response(body=exports.as_csv(rows), content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="hocvuso-{name}.csv"'
    return response
