"""Options and moves shared by several flows."""

from __future__ import annotations

import re

from dialogs.messages import Option

# A word of free text as the flows count it before searching the library: two letters or more,
# no digit ("lua dao" is two, "2" and "a" none).
WORD = re.compile(r"[^\W\d_]{2,}")

MENU = Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu"))
SKIP = Option("skip", "Bỏ qua", ("bo qua", "skip", "thoi", "khong"))
BACK = Option("back", "Quay lại", ("quay lai", "lui", "truoc"))
NEXT = Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong"))
