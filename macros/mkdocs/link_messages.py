"""Broken links in the words an editor needs: where, and which page was meant.

MkDocs finds every link to a page or an anchor that does not exist and logs, for example,
"Doc file 'kb/a.md' contains a link 'escalaton.md', but the target 'kb/escalaton.md' is not
found among documentation files." It names neither the line nor the page meant. `Messages`,
a filter on MkDocs' page logger (a standard `logging` filter, installed each build), keeps
MkDocs' finding and its level, and rewrites the text:

    docs/kb/a.md:12:18: the link 'escalaton.md' leads to no page: did you mean
    'escalation.md' (Escalation)?

The line and column are where the link's target is written in the page; the page meant is
the existing one whose path is closest. A message this module does not recognise (another
MkDocs version) passes unchanged.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils import get_relative_url

from macros.plan.reader import line_col

PAGES_LOGGER = "mkdocs.structure.pages"
log = logging.getLogger(__name__)

_NOT_FOUND = re.compile(
    r"Doc file '(?P<src>.+?)' contains a link '(?P<url>.+?)', but the target"
    r"(?: '(?P<target>.+?)')? is not found among documentation files\."
    r"(?: Did you mean '(?P<mkdocs>.+?)'\?)?"
)
_UNRECOGNIZED = re.compile(
    r"Doc file '(?P<src>.+?)' contains an unrecognized relative link '(?P<url>.+?)', "
    r"it was left as is\."
)
_NO_ANCHOR = re.compile(
    r"Doc file '(?P<src>.+?)' contains a link '(?P<url>.+?)', but the doc '(?P<target>.+?)' "
    r"does not contain an anchor '#(?P<anchor>.+?)'\."
)
_NO_ANCHOR_HERE = re.compile(
    r"Doc file '(?P<src>.+?)' contains a link '(?P<url>#(?P<anchor>.+?))', but there is no "
    r"such anchor on this page\."
)


def position(text: str, url: str) -> tuple[int, int]:
    """Line and column (from 1) where `url` is written as a link target in `text`: after
    "](" or "]:" or in an href, and whole (not the start of a longer target); else where
    it is first written whole; (1, 1) when absent."""
    whole = re.escape(url) + r"(?=[\s)\"'>]|$)"
    for before in (r"\]\(<?", r"\]:[ \t]*<?", r"href=[\"']", r"(?<![\w/.#-])"):
        found = re.search(before + "(" + whole + ")", text, re.MULTILINE)
        if found:
            return line_col(text, found.start(1))
    return 1, 1


def closest_page(target: str, pages: Collection[str]) -> str | None:
    """The page path among `pages` closest to `target` ("kb/escalaton.md"), or None: by
    file name first (a shared folder makes any two paths look alike), the folder breaking
    ties; only for a target that is a page (.md, or a folder's address)."""
    stem, ext = posixpath.splitext(target.rstrip("/"))
    if ext not in ("", ".md") or not pages:
        return None
    name = posixpath.basename(stem)
    folder = posixpath.dirname(stem)

    def stem_of(page: str) -> str:
        base = posixpath.splitext(posixpath.basename(page))[0]
        return posixpath.basename(posixpath.dirname(page)) if base == "index" else base

    def score(page: str) -> tuple[float, float]:
        named = difflib.SequenceMatcher(None, name, stem_of(page)).ratio()
        placed = difflib.SequenceMatcher(None, folder, posixpath.dirname(page)).ratio()
        return named, placed

    best = max(pages, key=score)
    named, _ = score(best)
    if named >= 0.6 or (len(name) >= 4 and stem_of(best).startswith(name)):
        return best
    return None


@dataclass
class Site:
    """What the messages need of the build: where pages are, which exist, their titles."""

    docs: Path
    shown: Callable[[str], str]  # "kb/a.md" -> "docs/kb/a.md"
    pages: Collection[str]
    title: Callable[[str], str | None]
    anchors: Callable[[str], Collection[str]]  # the heading ids of a page, once it is read


class Messages(logging.Filter):
    """Rewrites MkDocs' broken-link warnings for the site it is given (see the module)."""

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site
        self._texts: dict[str, str] = {}  # the pages messages were about, read once

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            better = self.rewrite(record.getMessage())
        except Exception:  # a message must never be lost to this: MkDocs' stands
            log.debug("link message left as MkDocs wrote it", exc_info=True)
            better = None
        if better is not None:
            record.msg, record.args = better, ()
        return True

    def rewrite(self, message: str) -> str | None:
        for pattern, words in (
            (_NOT_FOUND, self._not_found),
            (_UNRECOGNIZED, self._not_found),
            (_NO_ANCHOR, self._no_anchor),
            (_NO_ANCHOR_HERE, self._no_anchor),
        ):
            found = pattern.match(message)
            if found:
                return words(found)
        return None

    def _where(self, src: str, url: str) -> str:
        if src not in self._texts:
            try:
                self._texts[src] = (self.site.docs / src).read_text(encoding="utf-8")
            except OSError:
                self._texts[src] = ""
        line, column = position(self._texts[src], url)
        return f"{self.site.shown(src)}:{line}:{column}"

    def _not_found(self, found: re.Match[str]) -> str:
        src, url = found.group("src"), found.group("url")
        path = url.split("#", 1)[0]
        target = found.groupdict().get("target") or posixpath.normpath(
            posixpath.join(posixpath.dirname(src), path)
        )
        where = self._where(src, url)
        head = f"{where}: the link '{url}' leads to no file"
        if found.groupdict().get("mkdocs"):  # MkDocs found the file under another name
            return f"{head}: did you mean '{found.group('mkdocs')}'?"
        if posixpath.splitext(path.rstrip("/"))[1] not in ("", ".md"):
            return f"{head}: check the path, from this page to the file under docs/"
        meant = closest_page(target, [p for p in self.site.pages if p != src])
        head = f"{where}: the link '{url}' leads to no page"
        if meant is None:
            return f"{head}: write the path of a page under docs/, ending in .md"
        title = self.site.title(meant)
        anchor = f"#{url.split('#', 1)[1]}" if "#" in url else ""
        named = f" ({title})" if title else ""
        return f"{head}: did you mean '{get_relative_url(meant, src)}{anchor}'{named}?"

    def _no_anchor(self, found: re.Match[str]) -> str:
        src, url, anchor = found.group("src"), found.group("url"), found.group("anchor")
        target = found.groupdict().get("target") or src
        where = "this page" if target == src else self.site.shown(target)
        head = f"{self._where(src, url)}: the link '{url}' leads to a heading '#{anchor}' that "
        head += f"{where} does not have"
        meant = difflib.get_close_matches(anchor, list(self.site.anchors(target)), n=1, cutoff=0.5)
        if meant:
            return f"{head}: did you mean '#{meant[0]}'?"
        return (
            f"{head}: link to one of its headings (an id is the heading in lower case, its "
            "words joined by '-')"
        )


def install(site: Site) -> None:
    """Put a `Messages` filter for `site` on MkDocs' page logger, replacing the last one
    (`mkdocs serve` builds again in the same process)."""
    logger = logging.getLogger(PAGES_LOGGER)
    for old in list(logger.filters):
        if type(old).__name__ == Messages.__name__:
            logger.removeFilter(old)
    logger.addFilter(Messages(site))
