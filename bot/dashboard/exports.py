"""CSV files of the dashboard's tables, within the viewer's scope.

Each holds what its page shows and nothing more personal: counts, lesson and question
texts, and the names of the ambassadors the viewer may already see. The questions learners
typed stay on the page (only their counts by topic are exported). A UTF-8 byte-order mark
lets a spreadsheet open Vietnamese letters correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable

from bot.dashboard import broadcasting, people, queries, reads, tallies
from bot.dashboard.visit import Visit
from bot.families import COUNTS, place_name

Rows = list[list[object]]


async def _communes(visit: Visit) -> Rows:
    place, share = visit.place(), visit.services.config.target_share
    report, _ = await reads.stats(visit, place)
    rows: Rows = [["Xã, phường", "Mã", *COUNTS, "Người lớn", "Cần có chứng nhận theo mục tiêu"]]
    for row in report.rows:
        needed = queries.target_of(row, share).needed
        rows.append([row.name, row.place, *(row.get(n) for n in COUNTS), row.adults or "", needed or ""])
    return rows


async def _lessons(visit: Visit) -> Rows:
    found, _ = await reads.funnels(visit, visit.place())
    head: list[object] = ["Mã bài", "Bài học", "Bắt đầu", "Làm xong bài kiểm tra", "Đạt"]
    return [head, *([f.lesson_id, f.title, f.started, f.finished, f.passed] for f in found)]


async def _questions(visit: Visit) -> Rows:
    found, _ = await reads.questions(visit, visit.place())
    rows: Rows = [["Mã câu hỏi", "Bài học", "Câu hỏi", "Số lần trả lời", "Số lần sai", "Đáp án sai chọn nhiều nhất"]]
    for q in sorted(found, key=lambda q: q.question_id):
        rows.append([q.question_id, q.lesson_title, q.prompt, q.answers, q.wrong, q.top_wrong])
    return rows


async def _unanswered(visit: Visit) -> Rows:
    found, _ = await reads.unanswered(visit, visit.place())
    head: list[object] = ["Chủ đề", f"Câu hỏi chưa trả lời được ({tallies.UNANSWERED_DAYS} ngày qua)"]
    return [head, *([topic, n] for topic, n in found.by_topic)]


async def _scams(visit: Visit) -> Rows:
    found, _ = await reads.scams(visit, visit.place())
    head: list[object] = ["Tuần bắt đầu", "Lừa đảo", "Đáng ngờ", "Không thấy dấu hiệu"]
    return [head, *([f"{w.start:%Y-%m-%d}", *(w.counts[v] for v in tallies.VERDICTS)] for w in found.weeks)]


async def _broadcasts(visit: Visit) -> Rows:
    scope = visit.viewer.scope
    rows: Rows = [
        ["Số", "Nội dung", "Người nhận", "Trạng thái", "Gửi lúc (UTC)", "Dự kiến", "Đã gửi", "Bị chặn", "Lỗi"]
    ]
    page, pages = 1, 1
    while scope is not None and page <= pages:
        found, pages = await broadcasting.sent(visit, scope, page)
        for item in found:
            b, c = item.broadcast, item.counts
            delivered = [c.get("sent", 0), c.get("unreachable", 0), c.get("failed", 0)]
            rows.append([b.id, b.text, item.audience, item.status, b.send_at.isoformat(), b.recipients, *delivered])
        page += 1
    return rows


async def _ambassadors(visit: Visit) -> Rows:
    place = visit.place()
    rows: Rows = [
        ["Đại sứ số", "Xã, phường", "Gia đình", "Thành viên", "Học trong 7 ngày", "Cần ghé thăm", "Hướng dẫn"]
    ]
    page, pages = 1, 1
    while page <= pages:
        found = await people.ambassadors(visit.session, visit.now, place, page)
        for r in found.rows:
            rows.append([r.name, place_name(visit.places, r.place), r.families, r.members, r.active, r.stuck, r.guided])
        page, pages = page + 1, found.pages
    return rows


Export = Callable[[Visit], Awaitable[Rows]]
# File name -> (what the exports page calls it, how it is read).
EXPORTS: dict[str, tuple[str, Export]] = {
    "xa-phuong": ("Số liệu từng xã, phường", _communes),
    "bai-hoc": ("Từng bài học: bắt đầu, làm xong, đạt", _lessons),
    "cau-hoi": ("Từng câu hỏi: số lần trả lời sai", _questions),
    "cau-hoi-chua-tra-loi": ("Câu hỏi chưa trả lời được, theo chủ đề", _unanswered),
    "kiem-tra-lua-dao": ("Kết quả kiểm tra tin lừa đảo, theo tuần", _scams),
    "thong-bao": ("Các thông báo đã gửi", _broadcasts),
    "dai-su": ("Đại sứ số và gia đình", _ambassadors),
}


def as_csv(rows: Rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
