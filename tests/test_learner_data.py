"""Settings, deleting one's data, certificates, places: checked in the database itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from bot.storage.models import (
    Certificate,
    Family,
    FamilyMember,
    Learner,
    LearnerRole,
    LearningEvent,
    LessonProgressRow,
    ReviewItem,
)
from dialogs.messages import Choices, Image, Text
from dialogs.state import StateName
from tests.helpers import Learner as Person
from tests.helpers import onboard

HOCVUSO = str(Path(sys.executable).parent / "hocvuso")


async def _rows(app: App, table: type) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def _learner(app: App, name: str) -> Learner | None:
    async with app.sessions() as session:
        return (await session.execute(select(Learner).where(Learner.chat_id == name))).scalar_one_or_none()


async def finish_lesson(person: Person, wrong_first: bool = False) -> None:
    await person.read_lesson()
    await person.finish_quiz(wrong={0} if wrong_first else ())


async def test_settings_change_any_onboarding_answer(app: App) -> None:
    lan = Person(app)
    await onboard(lan)
    await lan.say("/caidat")
    await lan.pick("Cách xưng hô")
    await lan.pick("Cô")
    await lan.pick("Tên gọi")
    await lan.say("Mai")
    await lan.pick("Giờ nhắc")
    await lan.pick("Không cần nhắc")
    learner = await _learner(app, "lan")
    assert learner is not None and (learner.address, learner.name, learner.reminder_time) == ("cô", "Mai", "")
    assert (await lan.state()).name is StateName.SETTINGS
    await lan.say("/menu")
    assert "Cô Mai" in lan.text()


async def test_deleting_data_removes_everything_personal(app: App) -> None:
    lan = Person(app)
    await onboard(lan)
    await lan.pick("Học tiếp")
    await finish_lesson(lan, wrong_first=True)
    assert await _rows(app, ReviewItem) == 1 and await _rows(app, LessonProgressRow) == 1
    await lan.say("/xoadulieu")
    await lan.pick("Xóa hết")
    assert "Đã xóa xong" in lan.text() and "tên gọi" in lan.text()
    assert await _learner(app, "lan") is None
    assert await _rows(app, ReviewItem) == 0 and await _rows(app, LessonProgressRow) == 0
    async with app.sessions() as session:
        left = (await session.execute(select(LearningEvent.learner_id, LearningEvent.verb))).all()
    assert left == [(None, "completed")]  # an anonymous count, nothing that points to her
    await lan.say("xin chào")
    assert "Xin chào! Đây là Học Vụ Số" in lan.text()


async def test_a_module_certificate_is_issued_once_and_verifies(app: App) -> None:
    lan = Person(app)
    await onboard(lan)
    module = app.library.modules[0]
    images: list[Image] = []
    for _lesson in module.lessons:
        await lan.say("hoc tiep")
        await finish_lesson(lan)
        images += [m for m in lan.seen if isinstance(m, Image) and not m.key.startswith("content:")]
    assert len(images) == 1 and images[0].key.startswith("certificate:")
    code = images[0].key.split(":", 1)[1]
    png = await app.certificate_png(code)
    assert png is not None and png.startswith(b"\x89PNG")
    # Doing the module's first lesson again never issues a second certificate.
    await lan.say("/menu")
    await lan.pick("Chủ đề")
    first = app.library.lessons[module.lessons[0]]
    topic = app.library.topic(first.topic)
    assert topic is not None
    await lan.pick(topic.title)
    await lan.pick("✓ " + first.title)
    await finish_lesson(lan)
    assert await _rows(app, Certificate) == 1
    verified = await app.tutor.verify(code.lower())
    assert verified is not None and verified.name == "Lan" and verified.module_title == module.title
    await lan.say(f"/xacminh {code}")
    assert "hợp lệ" in lan.text()


async def test_review_brings_back_wrong_answers_when_due(app: App) -> None:
    lan = Person(app)
    await onboard(lan)
    await lan.pick("Học tiếp")
    await finish_lesson(lan, wrong_first=True)
    await lan.say("/ontap")
    assert "chưa có câu nào cần ôn" in lan.text()
    app.clock.advance(days=1)  # type: ignore[attr-defined]
    await lan.say("/ontap")
    assert (await lan.state()).name is StateName.REVIEW
    await lan.answer(correct=True)
    async with app.sessions() as session:
        due = await session.scalar(select(ReviewItem.due))
    assert due is not None and due > app.clock.now()


def test_places_load_replaces_the_list_and_search_finds_new_names(tmp_path: Path) -> None:
    csv = tmp_path / "places.csv"
    csv.write_text("province,kind,name\nThái Nguyên,xã,Phú Đình\nThái Nguyên,phường,Túc Duyên\n", encoding="utf-8")
    env = {"DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": "", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([HOCVUSO, "places", "load", str(csv)], env=env, capture_output=True, text=True, check=True)
    assert "Loaded 2 places" in done.stdout
    chat = subprocess.run(
        [HOCVUSO, "chat", "--user", "an"],
        input="/start\n1\n7\n7\n4\nphu dinh\n",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "nhắc học" in chat.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nX\n", encoding="utf-8")
    refused = subprocess.run([HOCVUSO, "places", "load", str(bad)], env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "province" in refused.stderr and "Traceback" not in refused.stderr


async def test_announcements_can_be_turned_off_and_on_in_settings(app: App) -> None:
    lan = Person(app)
    await onboard(lan)
    await lan.say("/caidat")
    await lan.pick("Nhận thông báo")
    assert "Đã tắt" in lan.text() and "đang tắt" in lan.text()
    learner = await _learner(app, "lan")
    assert learner is not None and learner.announcements is False
    await lan.pick("Nhận thông báo")
    learner = await _learner(app, "lan")
    assert learner is not None and learner.announcements is True


async def test_the_scheduler_runs_reminders_broadcasts_and_weekly_summaries(app: App) -> None:
    from bot.scheduling import build_scheduler

    jobs = build_scheduler(app, app.settings).scheduler
    weekly = jobs.get_job("weekly-summaries")
    daily = {"help-offers", "family-news"}  # issue 15: offers of help, each family's news
    assert {job.id for job in jobs.get_jobs()} == {"reminders", "broadcasts", "weekly-summaries", *daily}
    assert weekly is not None and "day_of_week='mon'" in str(weekly.trigger) and "hour='8'" in str(weekly.trigger)


# --- the right of access: /dulieucuatoi and `hocvuso learner export` ----------------------------

RAW_FIELDS = ("address", "age_group", "reminder_time", "consent", "announcements", "None", "True", "False", "{", "[")


async def _family_of(app: App, member: Person, ambassador_name: str) -> None:
    """The member joins a family led by someone else; that someone is an ambassador."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        leader = Learner(
            channel="zalo", chat_id="z9", user_id="z9", name=ambassador_name, created_at=now, last_seen_at=now
        )
        session.add(leader)
        await session.flush()
        family = Family(ambassador_id=leader.id, name="Nhà bà Sáu", created_at=now)
        session.add(family)
        await session.flush()
        mine = (await session.execute(select(Learner).where(Learner.chat_id == member.name))).scalar_one()
        session.add(FamilyMember(family_id=family.id, learner_id=mine.id, joined_at=now))
        session.add(LearnerRole(learner_id=mine.id, role="ambassador", granted_at=now, granted_by="cli"))


async def test_a_learner_sees_what_is_kept_about_them_in_plain_words(app: App) -> None:
    lan = Person(app)
    await onboard(lan, name="Diệp Xuyến")
    module = app.library.modules[0]
    for _lesson in module.lessons:
        await lan.say("hoc tiep")
        await finish_lesson(lan, wrong_first=True)
    await lan.say("hoc tiep")  # the next module's first lesson, started
    await _family_of(app, lan, "Hùng")
    before = await lan.state()
    await lan.say("/dulieucuatoi")
    texts = [m.text for m in lan.seen if isinstance(m, Text)]
    shown = "\n".join(texts)
    first = app.library.lessons[module.lessons[0]].title
    for expected in (
        "Diệp Xuyến",
        "bác",
        "60 trở lên",
        "Tân Cương",
        "19:00",
        "đang bật",
        f"{first}: xong ngày 02/03/2026",
        "đang học, từ ngày 02/03/2026",
        "câu đang chờ ôn lại",
        f"{module.title} — mã HV",
        "Nhóm “Nhà bà Sáu”, Đại sứ số: Hùng — bác là thành viên",
        "Vai trò: Đại sứ số",
        "không bao giờ lưu số căn cước, mật khẩu, mã OTP",
        app.settings.data_controller,
        "/xoadulieu",
    ):
        assert expected in shown, expected
    assert not any(raw in shown for raw in RAW_FIELDS)
    assert 3 <= len(texts) <= 5 and all(len(text) <= 1200 for text in texts)
    # The screen the learner was on comes back, unchanged; the words work as well as the command.
    assert (await lan.state()).screen == before.screen and isinstance(lan.seen[-1], Choices)
    await lan.say("du lieu cua toi")
    assert "Diệp Xuyến" in lan.text()


async def test_someone_who_declined_is_told_only_the_chat_is_kept(app: App) -> None:
    an = Person(app, "an")
    await an.say("/start")
    await an.pick("Không đồng ý")
    await an.say("/dulieucuatoi")
    shown = an.text()
    assert "chưa đồng ý cho lưu" in shown and "/xoadulieu" in shown and "Việc học" not in shown


def test_support_staff_export_the_same_data_as_json_or_words(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": "", "PATH": "/usr/bin:/bin"}
    chat = "/start\n1\n1\nXuyen\n3\ntan cuong\n1\n/hoc\n"
    subprocess.run([HOCVUSO, "chat", "--user", "an"], input=chat, env=env, capture_output=True, text=True, check=True)
    export = [HOCVUSO, "learner", "export", "console:an"]
    found = subprocess.run([*export, "--json"], env=env, capture_output=True, text=True, check=True)
    [data] = json.loads(found.stdout)
    assert data["key"] == "console:an" and data["name"] == "Xuyen" and data["age_group"] == "60+"
    assert data["reminder_time"] == "07:00" and data["consent"] is True and "Tân Cương" in data["place"]
    assert [lesson["completed"] for lesson in data["lessons"]] == [False] and data["lessons"][0]["started_on"]
    words = subprocess.run(export, env=env, capture_output=True, text=True, check=True).stdout
    assert "Tên gọi: Xuyen" in words and "đang học" in words and "/xoadulieu" in words
    missing = subprocess.run([*export[:3], "console:nobody"], env=env, capture_output=True, text=True)
    assert missing.returncode == 1 and "nothing is kept" in missing.stderr and "Traceback" not in missing.stderr
