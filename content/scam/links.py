"""Web addresses in a message, and what each one is: the real site, a twin, a hidden one.

A message may write an address plainly (vcb-digibank.top), defanged as lessons and news do
(vcb-digibank[.]top, hxxps://...), with Cyrillic letters that look Latin, or only as a
placeholder ("[đường link lạ]"). The domain is what stands before the first "/": in
"vietcombank.vn-ibs.top" it is vn-ibs.top, not the bank (fact sheet §9).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from unidecode import unidecode

from content.scam.lookalike import LookalikeIndex

_DEFANGS = (("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("(dot)", "."), ("[:]", ":"), ("hxxp", "http"))
_PLACEHOLDER = re.compile(
    r"[\[(<]\s*(?:đường\s+|duong\s+)?(?:link|liên\s+kết|lien\s+ket|đường\s+dẫn|duong\s+dan)\b[^\])>\n]{0,30}[\])>]"
)
_LABEL = r"[^\W_](?:[\w-]{0,62}[^\W_])?"
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
_URL = re.compile(rf"(?:https?://|www\.)((?:{_LABEL}\.)+{_LABEL}|{_IPV4})(?::\d+)?(/\S*)?")
_APK = re.compile(r"\.apk\b")
_DEFANGED = re.compile(r"(?<![\w-])((?:[^\W_][\w-]*(?:\[\.\]|\(\.\)))+[a-z][a-z0-9-]*)(/\S*)?")
_WORDS = re.compile(r"[a-z0-9]+")
_PATH_END = ".,;:!?)]}\"'"
# Registrable names sit one level below these: "npc.com.vn", not "com.vn".
_SECOND_LEVEL = frozenset(
    {"com.vn", "net.vn", "org.vn", "edu.vn", "gov.vn", "ac.vn", "info.vn", "biz.vn", "name.vn", "pro.vn", "int.vn"}
)
# Endings an address in a message may have; the data adds the risky ones and the shorteners'.
_BASE_TLDS = frozenset(
    {"vn", "com", "net", "org", "info", "biz", "io", "co", "me", "app", "dev", "page", "site", "online", "shop"}
    | {"store", "top", "xyz", "vip", "cc", "click", "link", "live", "club", "icu", "cyou", "sbs", "bond", "buzz"}
    | {"fun", "life", "asia", "tech", "website", "space", "pro", "ly", "gl", "gd", "at", "id", "to", "tk", "ml"}
    | {"ga", "cf", "gq", "ws", "tv", "us", "ru", "cn", "gg", "in", "one", "art", "work", "today", "world", "win"}
    | {"bid", "loan", "xin", "cloud", "digital", "services", "support"}
)
GOV_SUFFIX = ".gov.vn"


@dataclass(frozen=True)
class Address:
    host: str  # ASCII, lower case, without "www."
    path: str
    confusable: bool = False  # written with letters of another script that look Latin
    placeholder: bool = False  # "[đường link lạ]": a link the message had but we cannot see


def registrable(host: str) -> str:
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


class LinkReader:
    """Built once: the allow-list, the shorteners, the risky endings, the brand names."""

    def __init__(
        self,
        official: Iterable[str],
        shorteners: Iterable[str],
        risky_tlds: Iterable[str],
        letters: Mapping[str, str],
        brand_names: Iterable[str],
    ) -> None:
        self._official = tuple(sorted({d.lower() for d in official}))
        self._shorteners = frozenset(s.lower() for s in shorteners)
        self._risky = frozenset(t.lower().lstrip(".") for t in risky_tlds)
        self._script = str.maketrans({k: v for k, v in letters.items() if len(k) == 1 and not k.isascii()})
        self._brands = LookalikeIndex(brand_names, letters)
        tlds = sorted({*_BASE_TLDS, *self._risky, *(s.rsplit(".", 1)[-1] for s in self._shorteners)}, key=len)
        alternation = "|".join(reversed(tlds))
        self._bare = re.compile(rf"(?<![\w@.-])((?:{_LABEL}\.)+(?:{alternation}))(?![\w-]|\.\w)(/\S*)?")

    def addresses(self, text: str) -> list[Address]:
        lowered = text.lower()
        for fake, real in _DEFANGS:
            lowered = lowered.replace(fake, real)
        mapped = lowered.translate(self._script)
        found = [Address("", "", placeholder=True) for _ in _PLACEHOLDER.finditer(lowered)]
        found += self._matches(_URL, mapped, lowered)
        blanked = _URL.sub(lambda m: " " * len(m.group(0)), mapped)
        found += self._matches(self._bare, blanked, lowered)
        blanked = self._bare.sub(lambda m: " " * len(m.group(0)), blanked)
        found += self._defanged(text.lower(), blanked)
        return found

    def _defanged(self, original: str, blanked: str) -> Iterator[Address]:
        """A defanged address ("forms[.]gle/abc") is an address whatever its ending: the one
        who wrote it meant a link, even one whose ending is not in our list."""
        if "[.]" not in original and "(.)" not in original:
            return
        for match in _DEFANGED.finditer(original):
            host = match.group(1).replace("[.]", ".").replace("(.)", ".")
            start = len(original[: match.start()].replace("[.]", ".").replace("(.)", "."))
            if blanked[start : start + len(host)].strip():  # not read already
                yield Address(unidecode(host).removeprefix("www."), (match.group(2) or "").rstrip(_PATH_END))

    def _matches(self, pattern: re.Pattern[str], mapped: str, original: str) -> Iterator[Address]:
        for match in pattern.finditer(mapped):
            host = unidecode(match.group(1)).removeprefix("www.")
            confusable = original[match.start(1) : match.end(1)] != match.group(1)
            yield Address(host, (match.group(2) or "").rstrip(_PATH_END), confusable)

    def official(self, host: str) -> bool:
        if host.endswith(GOV_SUFFIX):
            return True
        return any(host == d or host.endswith("." + d) for d in self._official)

    def kinds(self, address: Address) -> set[str]:
        """The detectors one address sets off (see schema.Detector)."""
        if address.placeholder:
            return {"unknown_link"}
        if self.official(address.host):
            return {"apk_link"} if _APK.search(address.path) else {"official_link"}
        found = set()
        if re.fullmatch(_IPV4, address.host):
            found.add("raw_ip")
        if address.host in self._shorteners or registrable(address.host) in self._shorteners:
            found.add("shortener")
        if _APK.search(address.path):
            found.add("apk_link")
        if address.confusable or "xn--" in address.host or self._borrows_name(address):
            found.add("lookalike_domain")
        if address.host.rsplit(".", 1)[-1] in self._risky:
            found.add("risky_tld")
        return found or {"unknown_link"}

    def _borrows_name(self, address: Address) -> bool:
        site = address.host.removesuffix("." + registrable(address.host).split(".", 1)[1])
        words = _WORDS.findall(site) + [part.replace("-", "") for part in site.split(".")]
        words += _WORDS.findall(address.path.lower())
        return self._brands.borrows_name(words)

    def detect(self, text: str) -> set[str]:
        """Every detector the message's addresses set off (an .apk named in prose is a pattern)."""
        found: set[str] = set()
        for address in self.addresses(text):
            found |= self.kinds(address)
        # The real site beside a fake one does not make the message ordinary.
        if len(found) > 1:
            found.discard("official_link")
        return found
