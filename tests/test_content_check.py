"""`hocvuso content check`: a copy of a tiny fixture library that passes every check, broken one thing at a time."""

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
from content.jargon import Jargon, parse_terms
from content.loader import DATA_DIR, load_library
from content.quality import lesson_errors
from content.readability import sentences, syllables
from content.schema import Lesson

FIXTURE = Path(__file__).parent / "fixtures" / "check"
ROOT = Path(__file__).parent.parent
VNEID = "lessons/vneid/vneid-mau-tai-ung-dung.yaml"
SMS = "lessons/luadao/luadao-mau-tin-nhan.yaml"
CALL = "lessons/luadao/luadao-mau-cuoc-goi.yaml"
REPORT_KEYS = {"ok", "errors", "ids_compared", "totals", "topics", "modules", "soft_issues", "readability"}
TOTALS_KEYS = {"topics", "modules", "lessons", "questions", "scam_questions", "soft_issues"}
COUNT_KEYS = {"id", "title", "lessons", "questions", "scam_questions"}
FIGURE_KEYS = {
    "cards",
    "mean_card_chars",
    "max_card_chars",
    "sentences",
    "mean_sentence_syllables",
    "max_sentence_syllables",
    "share_sentences_over_20",
    "undefined_terms",
}


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
        "questions": 15,
        "scam_questions": 4,
        "soft_issues": 0,
    }


def test_counts_per_topic_and_module() -> None:
    report = check_library(FIXTURE)
    assert report["topics"][1] == {
        "id": "luadao",
        "title": "Phòng tránh lừa đảo",
        "lessons": 2,
        "questions": 10,
        "scam_questions": 3,
    }
    assert [(m["id"], m["lessons"]) for m in report["modules"]] == [("co-ban", 2), ("luadao", 2)]


def test_report_keys_are_stable_and_json_ready() -> None:
    report = json.loads(json.dumps(check_library(FIXTURE), ensure_ascii=False))
    assert set(report) == REPORT_KEYS
    assert set(report["totals"]) == TOTALS_KEYS
    assert all(set(row) == COUNT_KEYS for row in report["topics"] + report["modules"])
    assert set(report["readability"]) == {"overall", "lessons"}
    assert set(report["readability"]["overall"]) == FIGURE_KEYS | {"lessons"}
    assert all(set(row) == FIGURE_KEYS | {"lesson"} for row in report["readability"]["lessons"])


def test_a_broken_library_keeps_every_key(data: Path) -> None:
    (data / SMS).write_text("id: [", encoding="utf-8")
    report = check_library(data)
    assert set(report) == REPORT_KEYS
    assert set(report["totals"]) == TOTALS_KEYS
    assert report["ok"] is False
    assert report["topics"] == []
    assert report["readability"]["lessons"] == []
    assert set(report["readability"]["overall"]) == FIGURE_KEYS | {"lessons"}


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


def test_a_long_button_is_soft(data: Path) -> None:
    edit(data, CALL, '"Chuyển ngay cho xong"', '"' + "Chuyển ngay cho xong, " * 4 + '"')
    assert soft(data) == [("luadao-mau-cuoc-goi", "quiz.1.options.0.text")]


def test_a_scam_lesson_without_a_scam_question_is_soft(data: Path) -> None:
    edit(data, CALL, "    kind: scam\n", "    kind: single\n")
    assert soft(data) == [("luadao-mau-cuoc-goi", "quiz")]


def test_soft_issues_are_reported_in_the_text(data: Path) -> None:
    edit(data, SMS, "  - ma otp\n", "")
    text = format_report(check_library(data))
    assert "  · luadao-mau-tin-nhan keywords: only 5 keywords" in text
    assert text.endswith("OK")


def test_content_that_does_not_load_says_why_ids_were_not_compared(data: Path) -> None:
    released(data)
    edit(data, SMS, "minutes: 3\n", "")
    text = format_report(check_library(data))
    assert "Question ids: not compared (the content did not load; fix the errors below first)." in text


def test_text_report_lists_counts_and_errors(data: Path) -> None:
    assert "  luadao        2 lessons  10 questions   3 scam  Phòng tránh lừa đảo" in format_report(check_library(data))
    edit(data, SMS, "minutes: 3\n", "")
    text = format_report(check_library(data))
    assert f"  ✗ {SMS}: minutes: Field required" in text
    assert "FAILED" in text


# --- writing rules: sentence and card length, answer positions, quiz pool, feedback ------------------------------


def words(n: int) -> str:
    """A sentence of exactly n syllables (Vietnamese words are one syllable each)."""
    return " ".join(["nhớ"] * (n - 1) + ["kỹ."])


def test_a_sentence_over_25_syllables_is_an_error(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", words(26))
    assert (
        only_error(data)
        == f'{SMS}: cards.1.text: a sentence of 26 syllables (at most 25): "nhớ nhớ nhớ nhớ nhớ nhớ nhớ nhớ…"'
    )


def test_a_sentence_of_21_to_25_syllables_is_soft(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", words(25))
    assert soft(data) == [("luadao-mau-tin-nhan", "cards.1.text")]
    assert "a sentence of 25 syllables (best at most 20)" in check_library(data)["soft_issues"][0]["message"]


def test_a_sentence_of_20_syllables_is_fine(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", words(20))
    assert soft(data) == []


def test_sentence_length_is_checked_in_prompts_and_explanations_but_not_scam_messages(data: Path) -> None:
    edit(data, CALL, "Tắt máy và hỏi nơi chính thức.", words(26))
    edit(data, CALL, "để được điều tra nhanh.", words(30))
    assert only_error(data).startswith(f"{CALL}: quiz.1.options.1.why: a sentence of 26 syllables")


def test_sentences_end_at_marks_and_line_ends() -> None:
    found = sentences("Một hai ba. Bốn năm! Sáu? Bảy: tám; chín… mười")
    assert found == ["Một hai ba", "Bốn năm", "Sáu", "Bảy", "tám", "chín", "mười"]
    assert [syllables(x) for x in sentences("Dòng một có bốn\ndòng hai")] == [4, 2]
    assert [syllables(x) for x in sentences('Họ nói: "Bấm vào đây." Rồi họ tắt máy.')] == [2, 3, 4]


def test_punctuation_inside_numbers_and_addresses_ends_no_sentence() -> None:
    text = "Từ 1/7/2024, chuyển trên 10.000.000 đồng ở dichvucong.gov.vn hay bhxh[.]co, bản 2.1.10 của {ban}."
    assert [syllables(x) for x in sentences(text)] == [14]


def test_signs_without_letters_are_no_syllables() -> None:
    assert syllables("Tắt máy — rồi gọi lại - nhé") == 6


def test_a_card_over_350_characters_is_an_error(data: Path) -> None:
    text = "Muốn xem tài khoản, {ban} tự mở ứng dụng ngân hàng đã cài trên máy."
    longer = " ".join([text] * 6)  # six short sentences: only the length is wrong
    assert len(longer) > 350
    edit(data, SMS, text, longer)
    assert (
        only_error(data)
        == f"{SMS}: cards.2.text: {len(longer)} characters (at most 350): shorten it, or split the card in two"
    )


@pytest.mark.parametrize(("length", "refused"), [(350, False), (351, True)])
def test_the_card_limit_is_350_characters(data: Path, length: int, refused: bool) -> None:
    text = ("Nhớ kỹ điều này. " * 30)[: length - 1].rstrip()
    text += "." * (length - len(text))
    edit(data, SMS, "Muốn xem tài khoản, {ban} tự mở ứng dụng ngân hàng đã cài trên máy.", text)
    assert len(load_library(data).lessons["luadao-mau-tin-nhan"].cards[2].text) == length
    assert bool(errors(data)) is refused


def test_a_long_simpler_version_is_an_error_too(data: Path) -> None:
    edit(data, SMS, "Tự mở ứng dụng ngân hàng để xem.", "Tự mở ứng dụng ngân hàng để xem. " * 12)
    assert only_error(data).startswith(f"{SMS}: cards.2.simple: ")


def test_writing_errors_fail_the_check_but_not_the_loader(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", words(30))
    assert load_library(data).lessons["luadao-mau-tin-nhan"].cards[1].text.endswith("kỹ.")
    report = check_library(data)
    assert report["ok"] is False
    assert report["topics"] != []
    assert "FAILED" in format_report(report)


def test_right_answers_piled_in_one_position_are_an_error(data: Path) -> None:
    # Put the right answers of q2 and q3 first again: then the first option is right in 4 of 5 questions.
    wrong_tf = '      - text: "Sai"\n        why: "Thật ra đây là trang chính thức: vneid.gov.vn."\n'
    wrong_scam = (
        '      - text: "Không phải lừa đảo"\n'
        '        why: "Đây là lừa đảo. VNeID thật chỉ cập nhật trong kho ứng dụng."\n'
    )
    edit(data, VNEID, wrong_tf, "")
    edit(data, VNEID, 'vneid.gov.vn là trang chính thức."\n', 'vneid.gov.vn là trang chính thức."\n' + wrong_tf)
    edit(data, VNEID, wrong_scam, "")
    edit(data, VNEID, 'không gửi link cài ứng dụng."\n', 'không gửi link cài ứng dụng."\n' + wrong_scam)
    assert [q.answer_index for q in load_library(data).lessons["vneid-mau-tai-ung-dung"].quiz] == [0, 0, 0, 2, 0]
    assert only_error(data) == (
        f"{VNEID}: quiz: the first option is the right answer in 4 of 5 questions; "
        "move right answers to other positions so that no position holds more than half"
    )


def fixture_lesson(lesson_id: str) -> Lesson:
    return load_library(FIXTURE).lessons[lesson_id]


def test_half_of_the_questions_in_one_position_is_allowed() -> None:
    lesson = fixture_lesson("luadao-mau-tin-nhan")
    four = lesson.model_copy(update={"quiz": lesson.quiz[:4]})
    assert [q.answer_index for q in four.quiz].count(1) == 2
    assert list(lesson_errors(four)) == []
    three = lesson.model_copy(update={"quiz": lesson.quiz[1:4]})
    assert [q.answer_index for q in three.quiz] == [1, 1, 2]
    assert [where for where, _ in lesson_errors(three)] == ["quiz"]


def test_a_quiz_of_fewer_than_3_questions_has_no_balance_rule() -> None:
    lesson = fixture_lesson("luadao-mau-tin-nhan")
    two = lesson.model_copy(update={"quiz": lesson.quiz[1:3]})
    assert [q.answer_index for q in two.quiz] == [1, 1]
    assert list(lesson_errors(two)) == []


def test_a_quiz_pool_under_5_questions_is_soft(data: Path) -> None:
    path = data / SMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: luadao-mau-tin-nhan-q5")], encoding="utf-8")
    assert soft(data) == [("luadao-mau-tin-nhan", "quiz")]
    assert check_library(data)["soft_issues"][0]["message"].startswith("only 4 questions")


def test_praise_in_a_wrong_options_explanation_is_soft(data: Path) -> None:
    edit(data, SMS, "Chưa đúng. Link đó dẫn tới trang giả.", "Đúng rồi, nhưng link đó dẫn tới trang giả.")
    assert soft(data) == [("luadao-mau-tin-nhan", "quiz.2.options.0.why")]


def test_a_gentle_not_quite_is_not_praise(data: Path) -> None:
    edit(data, SMS, "Chưa đúng. Link đó dẫn tới trang giả.", "Chưa đúng rồi. Link đó dẫn tới trang giả.")
    assert soft(data) == []


def test_reproof_in_the_right_options_explanation_is_soft(data: Path) -> None:
    edit(data, SMS, "Đúng rồi. Tự mở ứng dụng ngân hàng là cách an toàn.", "Chưa đúng lắm đâu, nhưng cũng được.")
    assert soft(data) == [("luadao-mau-tin-nhan", "quiz.2.options.1.why")]


# --- terms a learner may not know ---------------------------------------------------------------------------------


def test_terms_the_glossary_defines_need_no_explanation(data: Path) -> None:
    assert soft(data) == []
    (data / "glossary.yaml").unlink()
    assert soft(data) == [
        ("luadao-mau-tin-nhan", "cards.0.text"),
        ("luadao-mau-tin-nhan", "cards.1.text"),
        ("vneid-mau-tai-ung-dung", "cards.2.text"),
        ("vneid-mau-tai-ung-dung", "cards.2.text"),
    ]
    issue = check_library(data)["soft_issues"][0]
    assert issue["message"].startswith('uses "OTP" without explaining it')


def test_a_term_explained_on_a_card_needs_no_glossary(data: Path) -> None:
    (data / "glossary.yaml").unlink()
    edit(data, SMS, "Không đưa mã OTP cho ai.", "Mã OTP là mã ngân hàng gửi qua tin nhắn. Không đưa cho ai.")
    edit(data, SMS, "Tự mở ứng dụng ngân hàng để xem.", "Đường link (địa chỉ để bấm vào) lạ thì đừng bấm.")
    assert [lesson for lesson, _ in soft(data)] == ["vneid-mau-tai-ung-dung", "vneid-mau-tai-ung-dung"]


def test_a_term_left_unexplained_is_found_where_first_used(data: Path) -> None:
    edit(data, CALL, "Tắt máy và hỏi nơi chính thức.", "Tắt máy. Đừng đưa ai mã định danh điện tử.")
    edit(data, CALL, "không làm việc qua điện thoại kiểu đó.", "không hỏi định danh điện tử qua điện thoại.")
    assert soft(data) == [("luadao-mau-cuoc-goi", "quiz.1.options.1.why")]
    assert check_library(data)["readability"]["lessons"][0]["undefined_terms"] == ["định danh điện tử"]


def test_a_capitalised_term_keeps_its_case() -> None:
    ai = Jargon(("AI", "trí tuệ nhân tạo"))
    assert ai.used_in("Hỏi AI giúp viết tin nhắn.")
    assert not ai.used_in("Không đưa mã cho ai.")
    assert Jargon(("ví điện tử",)).used_in("Ví điện tử là gì?")


def test_common_ways_of_explaining_are_recognised() -> None:
    wallet = Jargon(("ví điện tử",))
    assert wallet.explained_in("Ví điện tử là một ví tiền trong điện thoại.")
    assert wallet.explained_in("Dùng ví điện tử (ví tiền trong điện thoại) cho gọn.")
    assert wallet.explained_in("Ví tiền trong điện thoại gọi là ví điện tử.")
    assert not wallet.explained_in("Nạp tiền vào ví điện tử: đừng nạp nhiều.")
    assert not wallet.explained_in("Có ví điện tử thì trả tiền điện nhanh.")


def test_the_terms_file_allows_comments_and_other_spellings() -> None:
    parsed = parse_terms("# words\nlink | đường link  # the usual one\n\n  OTP|mã OTP \n")
    assert [term.forms for term in parsed] == [("link", "đường link"), ("OTP", "mã OTP")]


def test_without_a_terms_file_no_term_is_checked(data: Path) -> None:
    (data / "glossary.yaml").unlink()
    (data / "terms_to_explain.txt").unlink()
    assert soft(data) == []


# --- readability figures -----------------------------------------------------------------------------------------


def test_readability_figures_per_lesson_and_overall(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", words(23))
    report = check_library(data)
    rows = {row["lesson"]: row for row in report["readability"]["lessons"]}
    assert list(rows) == sorted(rows)
    lesson = load_library(data).lessons["luadao-mau-tin-nhan"]
    chars = [len(card.text) for card in lesson.cards]
    sms = rows["luadao-mau-tin-nhan"]
    assert sms["cards"] == 3
    assert sms["max_card_chars"] == max(chars)
    assert sms["mean_card_chars"] == round(sum(chars) / 3, 1)
    assert sms["max_sentence_syllables"] == 23
    assert sms["share_sentences_over_20"] == round(1 / sms["sentences"], 3)
    overall = report["readability"]["overall"]
    assert overall["lessons"] == 3
    assert overall["cards"] == sum(row["cards"] for row in rows.values())
    assert overall["sentences"] == sum(row["sentences"] for row in rows.values())
    assert overall["max_sentence_syllables"] == 23
    assert overall["max_card_chars"] == max(row["max_card_chars"] for row in rows.values())


def test_buttons_are_left_out_of_the_sentence_figures(data: Path) -> None:
    before = check_library(data)["readability"]["overall"]["sentences"]
    edit(data, SMS, '"Không bấm, tự mở ứng dụng ngân hàng"', '"Không bấm. Tự mở ứng dụng ngân hàng"')
    assert check_library(data)["readability"]["overall"]["sentences"] == before


def test_undefined_terms_are_counted_overall(data: Path) -> None:
    (data / "glossary.yaml").unlink()
    report = check_library(data)
    assert report["readability"]["overall"]["undefined_terms"] == 4
    assert sorted(report["readability"]["lessons"][2]["undefined_terms"]) == ["OTP", "link"]


def test_the_text_report_sums_up_readability(data: Path) -> None:
    edit(data, SMS, "Đừng bấm link đó.", words(23))
    overall = check_library(data)["readability"]["overall"]
    line = next(x for x in format_report(check_library(data)).splitlines() if x.startswith("Readability: "))
    assert f"{overall['cards']} cards" in line
    assert f"(longest {overall['max_card_chars']})" in line
    assert "(longest 23)" in line
    assert f"{round(100 * overall['share_sentences_over_20'])}% over 20" in line
    assert "0 terms used without explanation" in line


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
    edit(data, VNEID, "  - id: vneid-mau-tai-ung-dung-q1\n", "  - id: vneid-mau-tai-ung-dung-q9\n")
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


def test_the_example_lesson_in_the_docs_passes(data: Path) -> None:
    """Checked inside the fixture library, so that someone's unfinished lesson cannot hide its problems."""
    guide = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", guide, re.S)
    assert example is not None
    lesson = yaml.safe_load(example.group(1))
    real_facts = yaml.safe_load((DATA_DIR / "facts_index.yaml").read_text(encoding="utf-8"))
    cited = {f for part in lesson["cards"] + lesson["quiz"] for f in part["facts"]}
    assert cited <= set(real_facts), cited - set(real_facts)
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
    """The CLI's shape and exit code; whether today's library passes is test_the_real_library_passes'."""
    done = subprocess.run(
        [hocvuso(), "content", "check", "--json"], cwd=ROOT, capture_output=True, timeout=120, check=False
    )
    report = json.loads(done.stdout.decode("utf-8"))
    assert set(report) == REPORT_KEYS
    assert set(report["totals"]) == TOTALS_KEYS
    assert done.returncode == (0 if report["ok"] else 1), done.stderr.decode()
    assert report["ok"] == (not report["errors"])


def test_cli_text_report_ends_with_the_verdict() -> None:
    done = subprocess.run([hocvuso(), "content", "check"], cwd=ROOT, capture_output=True, timeout=120, check=False)
    out = done.stdout.decode("utf-8")
    assert "Question ids: " in out
    verdict = out.rstrip().splitlines()[-1]
    assert (verdict, done.returncode) in {("OK", 0), ("FAILED: fix the errors above.", 1)}, (verdict, done.stderr)
