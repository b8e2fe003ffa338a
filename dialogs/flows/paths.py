"""Certificate paths: the module a learner works towards, what is left of it, what comes next.

A learner is on the starting path (the first module) until they open a lesson from a topic's
list: then that topic's module is their goal. "Học tiếp" and "Bài tiếp theo" keep to it,
wrapping round to the lessons not passed yet; when it is done, the next module is suggested,
one of the same subject first. Pure functions of the library and the learner's view.
"""

from __future__ import annotations

from content.schema import Module
from dialogs.context import Context
from dialogs.state import DialogState


def done(ctx: Context, also: str = "") -> frozenset[str]:
    """Lessons passed, with `also` (one passed in this very step, not stored yet)."""
    passed = {lid for lid, progress in ctx.learner.lessons.items() if progress.status == "completed"}
    return frozenset(passed | ({also} if also else set()))


def waits(ctx: Context, lesson_id: str) -> bool:
    """The lesson's quiz was failed too often today: it waits until tomorrow."""
    return ctx.learner.failed_today.get(lesson_id, 0) >= ctx.settings.fails_per_day


def current(state: DialogState, ctx: Context) -> Module | None:
    found = ctx.library.module(state.path) if state.path else None
    return found or (ctx.library.modules[0] if ctx.library.modules else None)


def left(ctx: Context, module: Module, also: str = "") -> int:
    """Lessons of the module still to pass before its certificate."""
    passed = done(ctx, also)
    return sum(1 for lid in module.lessons if lid not in passed)


def next_in(ctx: Context, module: Module, after: str = "", also: str = "") -> str | None:
    """The module's next lesson not passed, after `after`, wrapping round; one whose quiz is
    not waiting for tomorrow comes first."""
    lessons = module.lessons
    start = lessons.index(after) + 1 if after in lessons else 0
    passed = done(ctx, also)
    ahead = [lid for lid in (*lessons[start:], *lessons[:start]) if lid not in passed and lid in ctx.library.lessons]
    ready = [lid for lid in ahead if not waits(ctx, lid)]
    return (ready + ahead + [None])[0]


def suggest(ctx: Context, module: Module | None, also: str = "") -> Module | None:
    """The module to offer when `module` is done: one not finished, on the same subject first,
    then the ones after it in the list, wrapping round."""
    modules = ctx.library.modules
    if not modules:
        return None
    start = modules.index(module) + 1 if module in modules else 0
    ordered = [*modules[start:], *modules[:start]]
    subject = _subject(ctx, module)
    ordered.sort(key=lambda m: _subject(ctx, m) != subject)  # stable: list order kept otherwise
    held = {c.module_id for c in ctx.learner.certificates}
    return next((m for m in ordered if m is not module and m.id not in held and left(ctx, m, also)), None)


def _subject(ctx: Context, module: Module | None) -> str:
    """A module's subject: the topic of its first lesson."""
    first = ctx.library.lesson(module.lessons[0]) if module else None
    return first.topic if first else ""


def of_topic(ctx: Context, lesson_id: str) -> str:
    """The module a lesson picked from its topic's list leads to: the subject's own module
    rather than the starting path, so a learner who chose scams stays with scams."""
    lesson = ctx.library.lesson(lesson_id)
    holding = [m for m in ctx.library.modules if lesson_id in m.lessons]
    own = [m for m in holding if lesson and _subject(ctx, m) == lesson.topic and m is not ctx.library.modules[0]]
    found = (own + holding + [None])[0]
    return found.id if found else ""


def path_for(state: DialogState, ctx: Context, lesson_id: str) -> str:
    """The path a lesson opened by "Học tiếp" or "Bài tiếp theo" belongs to: the learner's own
    if it holds the lesson, else the suggested next module, else the lesson's topic's module."""
    module = current(state, ctx)
    if module is None or lesson_id in module.lessons:
        return state.path
    following = suggest(ctx, module)
    if following is not None and lesson_id in following.lessons:
        return following.id
    return of_topic(ctx, lesson_id) or state.path


def where_next(state: DialogState, ctx: Context, after: str = "", also: str = "") -> str | None:
    """The lesson to learn next: on the path, else the first of the suggested module."""
    module = current(state, ctx)
    found = next_in(ctx, module, after, also) if module else None
    if found is not None:
        return found
    following = suggest(ctx, module, also)
    return next_in(ctx, following, "", also) if following else None
