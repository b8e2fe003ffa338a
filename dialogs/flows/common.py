"""Options and moves shared by several flows."""

from __future__ import annotations

from dialogs.messages import Option

MENU = Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu"))
SKIP = Option("skip", "Bỏ qua", ("bo qua", "skip", "thoi", "khong"))
BACK = Option("back", "Quay lại", ("quay lai", "lui", "truoc"))
NEXT = Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong"))
