"""The dashboard's routes on the application's aiohttp server, under /dashboard.

Every page but the sign-in ones passes `guard`: the session cookie is looked up, the viewer's
roles and scope are read from the database, a form's CSRF token is checked, and only then
does the page run, inside one transaction. A refusal answers with a short Vietnamese page
and rolls back whatever the request began, so a refused request changes nothing.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard import actions, auth, pages
from bot.dashboard.render import HERE, Page, environment, html, secure
from bot.dashboard.visit import Refused, Services, Visit
from bot.roles import audit

log = logging.getLogger(__name__)

Handler = Callable[[Visit], Awaitable[web.StreamResponse | Page]]
Route = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATIC = {"style.css": "text/css", "app.js": "text/javascript"}
SIGNED_OUT = (
    "Anh/chị chưa đăng nhập, hoặc phiên làm việc đã hết. "
    "Gõ /dashboard trong khung chat với Học Vụ Số để nhận đường dẫn mới."
)
ADMIN_ONLY = "Trang này chỉ dành cho cán bộ quản trị ạ."
BAD_FORM = "Biểu mẫu đã cũ. Anh/chị tải lại trang rồi làm lại nhé."
BROKEN = "Có lỗi khi mở trang này. Anh/chị thử lại sau ít phút nhé."
LINK_USED = (
    "Đường dẫn này đã dùng rồi hoặc đã quá 10 phút. Gõ /dashboard trong khung chat với Học Vụ Số để nhận đường dẫn mới."
)


def is_https(request: web.Request) -> bool:
    """HTTPS as the browser sees it: directly, or through the reverse proxy on this machine
    (docs/deploy.md), which says so in X-Forwarded-Proto. Other peers cannot claim it."""
    if request.secure:
        return True
    try:
        local = ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        local = False
    return local and request.headers.get("X-Forwarded-Proto", "").strip().lower() == "https"


class Site:
    """Built by the application with its services; nothing here is module state."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.templates = environment(services.config.timezone)
        self.snapshots = services.snapshots()
        self.files = {name: (HERE / "static" / name).read_bytes() for name in STATIC}

    def routes(self) -> list[web.RouteDef]:
        def anyone(handler: Handler) -> Route:
            return self.guard(handler, admin=False)

        admin = self.guard
        return [
            web.get("/dashboard", anyone(actions.home)),
            web.get("/dashboard/", anyone(actions.home)),
            web.get("/dashboard/login/{token}", self.login_page),
            web.post("/dashboard/login", self.login),
            web.post("/dashboard/logout", anyone(self.logout)),
            web.get("/dashboard/xa", admin(pages.communes)),
            web.get("/dashboard/noi-dung", admin(pages.content)),
            web.get("/dashboard/thong-bao", admin(actions.broadcasts)),
            web.get("/dashboard/thong-bao/dem", admin(actions.count)),
            web.post("/dashboard/thong-bao", admin(actions.create)),
            web.post("/dashboard/thong-bao/{id}/huy", admin(actions.cancel)),
            web.get("/dashboard/dai-su", admin(pages.ambassadors)),
            web.get("/dashboard/dai-su/{id}", admin(pages.ambassador)),
            web.get("/dashboard/gia-dinh", anyone(pages.own_families)),
            web.get("/dashboard/xuat", admin(actions.export_list)),
            web.get("/dashboard/xuat/{name}.csv", admin(actions.export)),
            web.get("/dashboard/nhat-ky", admin(pages.audit_log)),
            web.get("/dashboard/static/{name}", self.static),
        ]

    # --- every signed-in request --------------------------------------------------------------

    def guard(self, handler: Handler, admin: bool = True) -> Route:
        async def handle(request: web.Request) -> web.StreamResponse:
            form = await request.post() if request.method == "POST" else None
            now = self.services.clock.now()
            session = self.services.sessions()
            try:
                async with session.begin():
                    visit = await self._visit(request, session, now, admin)
                    if form is not None and not auth.csrf_ok(visit.viewer, str(form.get("csrf", ""))):
                        raise Refused(403, BAD_FORM)
                    answer = await handler(visit)
                    return secure(answer if isinstance(answer, web.StreamResponse) else self.page(visit, answer))
            except Refused as refused:
                return self.refusal(request, refused)
            except web.HTTPException:
                raise
            except Exception:
                # An officer gets a plain sentence; the log gets the trace (SQL values stay hidden).
                log.exception("dashboard page failed: %s", request.path)
                return self.refusal(request, Refused(500, BROKEN))
            finally:
                await session.close()

        return handle

    async def _visit(self, request: web.Request, session: AsyncSession, now: datetime, admin: bool) -> Visit:
        viewer = await auth.viewer(session, request.cookies.get(auth.COOKIE, ""), now)
        if viewer is None:
            raise Refused(401, SIGNED_OUT)
        if admin and not viewer.admin:
            raise Refused(403, ADMIN_ONLY)
        return Visit(request, viewer, session, now, self.services, self.snapshots)

    def page(self, visit: Visit | None, page: Page) -> web.Response:
        common: dict[str, object] = {
            "viewer": visit.viewer if visit else None,
            "path": visit.request.path if visit else "",
        }
        if visit is not None and visit.viewer.scope is not None:
            common["scope_label"] = visit.place_label(None if visit.viewer.scope.province else visit.viewer.scope.place)
        return html(self.templates, page, common)

    def refusal(self, request: web.Request, refused: Refused) -> web.StreamResponse:
        response = html(
            self.templates,
            Page("message.html", {"message": refused.message}, refused.status),
            {"viewer": None, "path": ""},
        )
        if refused.status == 401 and request.cookies.get(auth.COOKIE):
            response.del_cookie(auth.COOKIE, path=auth.PATH)
        return secure(response)

    # --- signing in and out ----------------------------------------------------------------------

    async def login_page(self, request: web.Request) -> web.StreamResponse:
        """Reading the link only shows a button: a chat app fetching a preview of the link
        must not use it up. The page's script presses the button in a real browser."""
        token = request.match_info.get("token", "")[:100]
        async with self.services.sessions() as session:
            usable = await auth.link_usable(session, token, self.services.clock.now())
        if not usable:
            return self.refusal(request, Refused(403, LINK_USED))
        return secure(html(self.templates, Page("login.html", {"token": token}), {"viewer": None, "path": ""}))

    async def login(self, request: web.Request) -> web.StreamResponse:
        token = str((await request.post()).get("token", ""))[:100]
        now = self.services.clock.now()
        async with self.services.sessions.begin() as session:
            learner_id = await auth.redeem(session, token, now)
            if learner_id is None or not await auth.may_sign_in(session, learner_id):
                return self.refusal(request, Refused(403, LINK_USED))
            raw = await auth.open_session(session, learner_id, now, self.services.config.session_lifetime)
            audit(session, f"learner:{learner_id}", "dashboard.login", "dashboard", now)
        # Redirecting takes the token out of the address bar and the browser's history.
        response = actions.see_other("/dashboard/")
        lifetime = int(self.services.config.session_lifetime.total_seconds())
        response.set_cookie(
            auth.COOKIE,
            raw,
            max_age=lifetime,
            path=auth.PATH,
            httponly=True,
            samesite="Strict",
            secure=is_https(request),
        )
        return secure(response)

    async def logout(self, visit: Visit) -> web.StreamResponse:
        await auth.close_session(visit.session, visit.request.cookies.get(auth.COOKIE, ""))
        audit(visit.session, visit.viewer.actor, "dashboard.logout", "dashboard", visit.now)
        response = self.page(None, Page("message.html", {"message": "Đã thoát khỏi trang quản lý. Hẹn gặp lại!"}))
        response.del_cookie(auth.COOKIE, path=auth.PATH)
        return response

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name", "")
        if name not in self.files:
            raise web.HTTPNotFound()
        response = web.Response(body=self.files[name], content_type=STATIC[name], charset="utf-8")
        response.headers["Cache-Control"] = "max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
