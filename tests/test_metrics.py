"""Prometheus figures of one process (bot/metrics.py): outbox depth only for the bots this
process sends for, sends by outcome and 429s, turns and ticks, each in its own registry."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot import outbox
from bot.app import App
from bot.metrics import Metrics
from dialogs.messages import Text


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(metrics.exposition().decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_outbox_depth_counts_open_rows_by_kind_for_the_bots_this_process_sends_for(app: App) -> None:
    now = app.clock.now()
    async with app.sessions.begin() as session:
        for bot, kind, chat in (
            ("1", "reply", "a"),
            ("1", "broadcast", "b"),
            ("1", "broadcast", "c"),
            ("2", "reply", "d"),
        ):
            session.add(outbox.new_row("telegram", chat, kind, [Text("x")], now, bot=bot))
        done = outbox.new_row("telegram", "e", "reply", [Text("x")], now, bot="1")
        done.status = "sent"
        session.add(done)
    metrics = Metrics()
    await metrics.refresh_depth(app.sessions, [("telegram", "1", ("1",))])  # this process leads bot 1 only
    found = samples(metrics)
    depth = {labels: value for (name, labels), value in found.items() if name == "hocvuso_outbox_depth"}
    assert depth == {
        (("bot", "1"), ("channel", "telegram"), ("kind", "reply")): 1,
        (("bot", "1"), ("channel", "telegram"), ("kind", "broadcast")): 2,
    }
    await metrics.refresh_depth(app.sessions, [])  # no longer leading: nothing reported
    assert not [name for name, _ in samples(metrics) if name == "hocvuso_outbox_depth"]


def test_sends_turns_and_ticks_are_counted_with_their_labels_in_a_registry_of_their_own() -> None:
    metrics, other = Metrics(), Metrics()
    counts = metrics.send_counts("telegram", "1")
    for outcome in ("sent", "sent", "throttled", "blocked"):
        counts.count(outcome)
    metrics.turn("telegram", "1", "reply", "handled", 0.02)
    metrics.turn("telegram", "1", "reminder", "handled", 0.03)  # not a platform update
    metrics.tick("reminders", 0.2)
    metrics.leading("telegram", "1", True)
    found = samples(metrics)
    bot = (("bot", "1"), ("channel", "telegram"))
    assert found[("hocvuso_sends_total", (*bot, ("outcome", "sent")))] == 2
    assert found[("hocvuso_sends_total", (*bot, ("outcome", "throttled")))] == 1
    assert found[("hocvuso_platform_429_total", bot)] == 1
    assert found[("hocvuso_updates_total", (*bot, ("outcome", "handled")))] == 1
    assert found[("hocvuso_turn_seconds_count", (("channel", "telegram"), ("kind", "reminder")))] == 1
    assert found[("hocvuso_scheduler_tick_seconds_count", (("job", "reminders"),))] == 1
    assert found[("hocvuso_sender_leader", bot)] == 1
    assert ("hocvuso_sends_total", (*bot, ("outcome", "sent"))) not in samples(other)
