"""`hocvuso content check`: a copy of a tiny fixture library, broken one thing at a time."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.check import check_library, format_report
from content.ids import RELEASED_FILE, freeze
from content.loader import DATA_DIR, load_library

FIXTURE = Path(__file__).parent / "fixtures" / "content"
ROOT = Path(__file__).parent.parent
VNEID = "lessons/vneid/vneid-mau-tai-ung-dung.yaml"
SMS = "lessons/luadao/luadao-mau-tin-nhan.yaml"
CALL = "lessons/luadao/luadao-mau-cuoc-goi.yaml"
REPORT_KEYS = {"ok", "errors", "ids_compared", "totals", "topics", "modules", "soft_issues"}
TOTALS_KEYS = {"topics", "modules", "lessons", "questions", "scam_questions", "soft_issues"}
COUNT_KEYS = {"id", "title", "lessons", "questions", "scam_questions"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "data"))


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(data: Path) -> list[str]:
    report = check_library(data)
    assert report["ok"] == (not report["errors"])
    return list(report["errors"])


def only_error(data: Path) -> str:
    found = errors(data)
    assert len(found) == 1, found
    return found[0]


def test_fixture_library_is_clean() -> None:
    report = check_library(FIXTURE)
    assert report["ok"] is True
    assert report["errors"] == []
    assert report["soft_issues"] == []
    assert report["ids_compared"] is False
    assert report["totals"] == {
        "topics": 2,
        "modules": 2,
        "lessons": 3,
        "questions": 9,
        "scam_questions": 3,
        "soft_issues": 0,
    }


def test_counts_per_topic_and_module() -> None:
    report = check_library(FIXTURE)
    assert report["topics"][1] == {
        "id": "luadao",
        "title": "Phòng tránh lừa đảo",
        "lessons": 2,
        "questions": 6,
        "scam_questions": 2,
    }
    assert [(m["id"], m["lessons"]) for m in report["modules"]] == [("co-ban", 2), ("luadao", 2)]


def test_report_keys_are_stable_and_json_ready() -> None:
    report = json.loads(json.dumps(check_library(FIXTURE), ensure_ascii=False))
    assert set(report) == REPORT_KEYS
    assert set(report["totals"]) == TOTALS_KEYS
    assert all(set(row) == COUNT_KEYS for row in report["topics"] + report["modules"])


def test_a_broken_library_keeps_every_key(data: Path) -> None:
    (data / SMS).write_text("id: [", encoding="utf-8")
    report = check_library(data)
    assert set(report) == REPORT_KEYS
    assert set(report["totals"]) == TOTALS_KEYS
    assert report["ok"] is False
    assert report["topics"] == []


def test_broken_yaml_names_the_file_and_line(data: Path) -> None:
    edit(data, SMS, 'title: "Tin nhắn ngân hàng giả"', "title: Tin nhắn: ngân hàng giả")
    error = only_error(data)
    # libyaml and pure-Python PyYAML word the end differently ("here" / "in this context").
    assert error.startswith(f"{SMS}: line 4, column 16: not valid YAML: mapping values are not allowed")


def test_missing_field_names_file_and_field(data: Path) -> None:
    edit(data, SMS, "minutes: 3\n", "")
    assert only_error(data) == f"{SMS}: minutes: Field required"


def test_misspelt_field_names_file_and_field(data: Path) -> None:
    edit(data, SMS, "    simple: >-\n      Không đưa", "    simpel: >-\n      Không đưa")
    assert only_error(data).startswith(f"{SMS}: cards.0.simpel: Extra inputs are not permitted")


def test_two_correct_answers_are_refused(data: Path) -> None:
    edit(
        data,
        CALL,
        '      - text: "Chuyển ngay cho xong"\n',
        '      - text: "Chuyển ngay cho xong"\n        correct: true\n',
    )
    error = only_error(data)
    assert error.startswith(f"{CALL}: quiz.1:")
    assert "exactly one option must be correct, found 2" in error


def test_no_correct_answer_is_refused(data: Path) -> None:
    edit(data, CALL, '      - text: "Tắt máy, hỏi công an xã"\n        correct: true\n', '      - text: "Tắt máy"\n')
    assert "exactly one option must be correct, found 0" in only_error(data)


def test_a_non_official_url_is_refused(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", "Đừng bấm link đó, như https://vietcom-bank.com/login.")
    assert only_error(data) == (
        f"{SMS}: cards.1.text: address vietcom-bank.com is not an official domain listed in allowed_domains.txt"
    )


def test_an_invented_gov_vn_host_is_refused(data: Path) -> None:
    edit(data, VNEID, "kết thúc bằng .gov.vn.", "kết thúc bằng .gov.vn, như abc.gov.vn.")
    assert "address abc.gov.vn is not an official domain" in only_error(data)


def test_a_link_to_the_bare_suffix_is_refused(data: Path) -> None:
    edit(data, VNEID, "kết thúc bằng .gov.vn.", "kết thúc bằng .gov.vn, xem https://gov.vn.")
    assert "address gov.vn is not an official domain" in only_error(data)


def test_official_subdomains_and_defanged_scam_addresses_pass(data: Path) -> None:
    edit(
        data,
        SMS,
        "Đừng bấm link đó.",
        "Trang giả như bhxh[.]co hay dichvucongs[.]com.vn; trang thật là www.dichvucong.gov.vn.",
    )
    assert errors(data) == []


def test_text_without_diacritics_is_refused(data: Path) -> None:
    edit(data, SMS, "Tự mở ứng dụng ngân hàng để xem.", "Tu mo ung dung ngan hang de xem.")
    assert (
        only_error(data)
        == f"{SMS}: cards.2.simple: Vietnamese text without diacritics: write every word with its marks"
    )


def test_a_title_without_diacritics_is_refused(data: Path) -> None:
    edit(data, SMS, 'title: "Tin nhắn ngân hàng giả"', 'title: "Tin nhan ngan hang gia"')
    assert only_error(data).startswith(f"{SMS}: title: Vietnamese text without diacritics")


def test_an_unknown_placeholder_is_refused(data: Path) -> None:
    edit(data, SMS, "của {ban} qua", "của {ten} qua")
    assert "unknown placeholder {ten}" in only_error(data)


def test_an_unknown_fact_id_is_refused(data: Path) -> None:
    edit(data, SMS, "facts: [pay.otp]\n  - text", "facts: [pay.otpp]\n  - text")
    assert only_error(data) == f"{SMS}: cards.0.facts: unknown fact id pay.otpp"


def test_truefalse_options_are_fixed_words(data: Path) -> None:
    edit(data, SMS, '      - text: "Sai"\n', '      - text: "Không đúng"\n')
    error = only_error(data)
    assert error.startswith(f"{SMS}: quiz.1.options: a truefalse question has exactly the options")
    assert '"Đúng" / "Sai"' in error


def test_scam_options_are_fixed_words(data: Path) -> None:
    edit(data, SMS, '      - text: "Không phải lừa đảo"\n', '      - text: "Tin thật"\n')
    assert '"Là lừa đảo" / "Không phải lừa đảo"' in only_error(data)


def test_option_texts_are_unique_within_a_question(data: Path) -> None:
    edit(data, CALL, '"Chuyển ngay cho xong"', '"Tắt máy, hỏi công an xã"')
    assert only_error(data) == f'{CALL}: quiz.1.options: 2 options say "Tắt máy, hỏi công an xã"'


def test_lesson_titles_are_unique(data: Path) -> None:
    edit(data, CALL, '"Cuộc gọi giả danh công an"', '"Tin nhắn ngân hàng giả"')
    assert only_error(data) == f"{SMS}: title: same title as lesson luadao-mau-cuoc-goi"


def test_a_lesson_missing_from_topics_is_refused(data: Path) -> None:
    edit(data, "topics.yaml", "luadao-mau-tin-nhan, ", "")
    assert only_error(data) == f"{SMS}: not listed in topics.yaml under luadao.lessons"


def test_a_topic_listing_a_missing_lesson_is_refused(data: Path) -> None:
    (data / CALL).unlink()
    found = errors(data)
    assert "topics.yaml: luadao.lessons: no lesson file lessons/luadao/luadao-mau-cuoc-goi.yaml" in found
    assert "modules.yaml: luadao.lessons: unknown lesson luadao-mau-cuoc-goi" in found


def test_a_lesson_in_an_unknown_topic_is_refused(data: Path) -> None:
    (data / "lessons" / "mang").mkdir()
    text = (data / SMS).read_text(encoding="utf-8").replace("topic: luadao", "topic: mang")
    (data / SMS).unlink()
    (data / "lessons/mang/luadao-mau-tin-nhan.yaml").write_text(text, encoding="utf-8")
    found = errors(data)
    assert "lessons/mang/luadao-mau-tin-nhan.yaml: topic: unknown topic mang: add it to topics.yaml" in found


def test_a_broken_lesson_is_not_also_reported_missing(data: Path) -> None:
    edit(data, CALL, "level: 1", "level: 9")
    assert only_error(data).startswith(f"{CALL}: level: Input should be less than or equal to 3")


def test_an_unknown_module_lesson_is_refused(data: Path) -> None:
    edit(data, "modules.yaml", "[vneid-mau-tai-ung-dung, ", "[vneid-mau-khong-co, vneid-mau-tai-ung-dung, ")
    assert only_error(data) == "modules.yaml: co-ban.lessons: unknown lesson vneid-mau-khong-co"


def test_module_ids_are_unique(data: Path) -> None:
    edit(data, "modules.yaml", "- id: luadao", "- id: co-ban")
    assert only_error(data) == "modules.yaml: id: co-ban appears 2 times"


def test_a_lesson_listed_in_two_topics_is_refused(data: Path) -> None:
    edit(data, "topics.yaml", "[vneid-mau-tai-ung-dung]", "[vneid-mau-tai-ung-dung, luadao-mau-cuoc-goi]")
    found = errors(data)
    assert "topics.yaml: lessons: luadao-mau-cuoc-goi appears 2 times" in found
    assert "topics.yaml: vneid.lessons: luadao-mau-cuoc-goi belongs to topic luadao" in found


def test_question_ids_are_unique_across_lessons(data: Path) -> None:
    edit(data, SMS, "  - id: luadao-mau-tin-nhan-q3\n", "  - id: luadao-mau-cuoc-goi-q3\n")
    assert only_error(data) == f"{SMS}: quiz: duplicate question id luadao-mau-cuoc-goi-q3"


def test_a_replaced_question_must_be_removed(data: Path) -> None:
    edit(
        data,
        SMS,
        "  - id: luadao-mau-tin-nhan-q3\n",
        "  - id: luadao-mau-tin-nhan-q3\n    replaces: luadao-mau-tin-nhan-q2\n",
    )
    assert (
        only_error(data)
        == f"{SMS}: quiz: luadao-mau-tin-nhan-q2 is replaced by luadao-mau-tin-nhan-q3: remove luadao-mau-tin-nhan-q2"
    )


def test_a_yml_file_is_not_silently_skipped(data: Path) -> None:
    (data / SMS).rename(data / "lessons/luadao/luadao-mau-tin-nhan.yml")
    found = errors(data)
    stray = "lessons/luadao/luadao-mau-tin-nhan.yml: not read"
    assert found[0] == f"{stray}: a lesson file ends in .yaml and sits in its topic's folder"


def test_missing_keywords_are_refused(data: Path) -> None:
    path = data / SMS
    path.write_text(re.sub(r"keywords:\n(  - .*\n)+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert only_error(data) == f"{SMS}: keywords: Field required"


def test_an_allow_list_entry_for_a_whole_suffix_is_refused(data: Path) -> None:
    with (data / "allowed_domains.txt").open("a", encoding="utf-8") as file:
        file.write("gov.vn\n")
    assert only_error(data) == "allowed_domains.txt: gov.vn: a whole family of addresses, not one site"


def test_decomposed_unicode_from_another_keyboard_still_loads(data: Path) -> None:
    path = data / SMS
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert errors(data) == []
    assert load_library(data).lessons["luadao-mau-tin-nhan"].title == "Tin nhắn ngân hàng giả"


def soft(data: Path) -> list[tuple[str, str]]:
    report = check_library(data)
    assert report["ok"] is True, report["errors"]
    return [(issue["lesson"], issue["where"]) for issue in report["soft_issues"]]


def test_a_card_without_a_simpler_version_is_soft(data: Path) -> None:
    edit(data, SMS, "    simple: >-\n      Không đưa mã OTP cho ai.\n", "")
    assert soft(data) == [("luadao-mau-tin-nhan", "cards.0")]


def test_few_keywords_are_soft(data: Path) -> None:
    edit(data, SMS, "  - ma otp\n", "")
    assert soft(data) == [("luadao-mau-tin-nhan", "keywords")]


def test_a_long_button_and_a_long_card_are_soft(data: Path) -> None:
    edit(data, CALL, '"Chuyển ngay cho xong"', '"' + "Chuyển ngay cho xong, " * 4 + '"')
    edit(data, CALL, "không bảo {ban} chuyển tiền.", "không bảo {ban} chuyển tiền. " + "Nhớ kỹ điều này. " * 30)
    assert soft(data) == [("luadao-mau-cuoc-goi", "cards.0.text"), ("luadao-mau-cuoc-goi", "quiz.1.options.0.text")]


def test_a_scam_lesson_without_a_scam_question_is_soft(data: Path) -> None:
    edit(data, CALL, "    kind: scam\n", "    kind: single\n")
    assert soft(data) == [("luadao-mau-cuoc-goi", "quiz")]


def test_soft_issues_are_reported_in_the_text(data: Path) -> None:
    edit(data, SMS, "  - ma otp\n", "")
    text = format_report(check_library(data))
    assert "  · luadao-mau-tin-nhan keywords: only 5 keywords" in text
    assert text.endswith("OK")


def test_text_report_lists_counts_and_errors(data: Path) -> None:
    assert "  luadao        2 lessons   6 questions   2 scam  Phòng tránh lừa đảo" in format_report(check_library(data))
    edit(data, SMS, "minutes: 3\n", "")
    text = format_report(check_library(data))
    assert f"  ✗ {SMS}: minutes: Field required" in text
    assert "FAILED" in text


def released(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)


def test_ids_are_compared_when_a_release_file_exists(data: Path) -> None:
    released(data)
    report = check_library(data)
    assert report["ok"] is True
    assert report["ids_compared"] is True
    assert "compared with released_ids.json" in format_report(report)


def test_a_released_question_that_changed_meaning_is_an_error(data: Path) -> None:
    released(data)
    edit(data, CALL, '"Chuyển ngay cho xong"', '"Chuyển một nửa số tiền"')
    error = only_error(data)
    assert error.startswith("question luadao-mau-cuoc-goi-q2 (lesson luadao-mau-cuoc-goi) changed meaning")
    assert "`replaces: luadao-mau-cuoc-goi-q2`" in error


def test_the_same_fix_with_a_new_id_and_replaces_passes(data: Path) -> None:
    released(data)
    edit(data, CALL, '"Chuyển ngay cho xong"', '"Chuyển một nửa số tiền"')
    edit(
        data,
        CALL,
        "  - id: luadao-mau-cuoc-goi-q2\n",
        "  - id: luadao-mau-cuoc-goi-q2b\n    replaces: luadao-mau-cuoc-goi-q2\n",
    )
    report = check_library(data)
    assert report["errors"] == []
    assert report["ids_compared"] is True


def test_improving_an_explanation_keeps_the_id(data: Path) -> None:
    released(data)
    edit(data, CALL, "Công an không đòi tiền qua điện thoại.", "Công an không bao giờ đòi tiền qua điện thoại.")
    assert errors(data) == []


def test_a_released_question_deleted_without_replacement_is_an_error(data: Path) -> None:
    released(data)
    edit(data, VNEID, "  - id: vneid-mau-tai-ung-dung-q1\n", "  - id: vneid-mau-tai-ung-dung-q4\n")
    assert only_error(data).startswith(
        "question vneid-mau-tai-ung-dung-q1 (lesson vneid-mau-tai-ung-dung) was released but is gone"
    )


def test_an_unreadable_release_file_is_an_error(data: Path) -> None:
    (data / RELEASED_FILE).write_text("{", encoding="utf-8")
    report = check_library(data)
    assert report["ids_compared"] is False
    assert report["errors"][0].startswith("released_ids.json: ")


def test_the_real_library_passes_with_its_expected_size() -> None:
    report: dict[str, Any] = check_library()
    assert report["errors"] == []
    lessons = {topic["id"]: topic["lessons"] for topic in report["topics"]}
    minimum = {"vneid": 4, "dichvucong": 4, "thanhtoan": 5, "luadao": 7, "yte": 3, "ai": 3, "choso": 3, "antoan": 3}
    assert all(lessons[topic] >= count for topic, count in minimum.items()), lessons
    assert report["totals"]["scam_questions"] >= 12
    assert "Kỹ năng số cơ bản" in {module["title"] for module in report["modules"]}


def test_the_example_lesson_in_the_docs_passes(tmp_path: Path) -> None:
    data = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    guide = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", guide, re.S)
    assert example is not None
    lesson = yaml.safe_load(example.group(1))
    (data / "lessons" / lesson["topic"] / f"{lesson['id']}.yaml").write_text(example.group(1), encoding="utf-8")
    topics = yaml.safe_load((data / "topics.yaml").read_text(encoding="utf-8"))
    next(t for t in topics if t["id"] == lesson["topic"])["lessons"].append(lesson["id"])
    (data / "topics.yaml").write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
    report = check_library(data)
    assert report["errors"] == []
    assert [s for s in report["soft_issues"] if s["lesson"] == lesson["id"]] == []


def hocvuso() -> str:
    found = shutil.which("hocvuso") or str(Path(sys.executable).parent / "hocvuso")
    assert Path(found).exists(), "the hocvuso console script is not installed; run `uv sync`"
    return found


def test_cli_json_prints_the_documented_keys() -> None:
    done = subprocess.run(
        [hocvuso(), "content", "check", "--json"], cwd=ROOT, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout.decode("utf-8"))
    assert set(report) == REPORT_KEYS
    assert set(report["totals"]) == TOTALS_KEYS
    assert report["ok"] is True


def test_cli_text_report_prints_counts() -> None:
    done = subprocess.run([hocvuso(), "content", "check"], cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    assert "Topics:" in out
    assert "Modules:" in out
    assert out.rstrip().endswith("OK")
