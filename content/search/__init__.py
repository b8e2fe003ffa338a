"""Questions answered from the library: FAQ, glossary and lesson cards (pure, built once).

index = build_index(library)        # at start-up, ~once per process
answer = index.ask("ma xac thuc la gi?")
index.terms_in(card_text)           # glossary terms a card uses, in order
"""

from content.search.answer import Answer, Match
from content.search.glossary import Glossary, asked_subject
from content.search.index import SearchIndex, build_index
from content.search.tuning import Tuning

__all__ = ["Answer", "Glossary", "Match", "SearchIndex", "Tuning", "asked_subject", "build_index"]
