"""The understanding layer: what a learner's typed reply means on the screen they see.

Pure functions over text and the screen's options; no I/O, nothing learned at run time.
`choice` says in which order a reply is read; `Reader` is the engine's start-up object.
"""

from .ages import Age, read_age, read_age_range
from .choice import read_choice
from .clock import read_time
from .misses import ask_back_text, miss_text
from .names import FORMS, forms_by_age, read_address, read_name
from .options import OptionLike, Screen, prepare, shown_label
from .reader import Reader
from .readings import AskBack, How, NoMatch, Picked, Reading
from .talk import Help, looks_like_question, read_help

__all__ = [
    "FORMS",
    "Age",
    "AskBack",
    "Help",
    "How",
    "NoMatch",
    "OptionLike",
    "Picked",
    "Reader",
    "Reading",
    "Screen",
    "ask_back_text",
    "forms_by_age",
    "looks_like_question",
    "miss_text",
    "prepare",
    "read_address",
    "read_age",
    "read_age_range",
    "read_choice",
    "read_help",
    "read_name",
    "read_time",
    "shown_label",
]
