"""Each page's Content-Security-Policy, with the hashes of the theme's own inline scripts.

The policy is in the theme override hooks/theme/main.html, a <meta> element first in <head>.
It lets the site's own files run and, inline, only what it names by sha256 hash. Material's
inline scripts differ from page to page (they hold relative URLs), so they are named per
page in place of the template's 'theme-script-hashes'.

Which inline scripts are the theme's is decided by rendering them, not by where they sit in
the page: they are what Material's templates under partials/javascripts/ render with the
page's own template context. "Every script outside the page's content" would not do: Material
writes every page's title into every other page's navigation (titles are escaped before,
but the policy must not rest on that). A theme script whose text also occurs in the page's
content is not hashed either, so a page can never have its own <script> allowed by a hash.

Under `mkdocs serve`, MkDocs adds an inline live-reload script to every page it serves,
different on every request, so no hash can name it: there the policy has 'unsafe-inline'
in place of the hashes. `mkdocs build` is never affected.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError

CSP_META = '<meta http-equiv="Content-Security-Policy" content="'
"""How hooks/theme/main.html opens the policy's element."""
MARKER = "'theme-script-hashes'"
"""What stands in the template's script-src for the hashes. Left in, a browser ignores it
as an unknown keyword and runs no inline script at all."""
PARTIALS = "partials/javascripts"
"""Where Material keeps the templates of its inline scripts."""
SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
LIVE_RELOAD = "PLAYBOOK_CSP_LIVE_RELOAD"
"""Set while `mkdocs serve` runs, in the process's environment (set by `on_startup`, the
one event that knows the command)."""


class ThemeScripts:
    """Material's inline scripts for one build: their templates, and what they render per page."""

    def __init__(self, env: jinja2.Environment, theme_dirs: list[str], features: list[str]):
        names = sorted(
            {
                f"{PARTIALS}/{path.name}"
                for directory in theme_dirs
                for path in Path(directory, PARTIALS).glob("*.html")
            }
        )
        self.templates = [env.get_template(name) for name in names]
        self.features = features
        self.rendered: dict[str, tuple[str, ...]] = {}
        """Script texts by page (its source path) or static template (its name)."""

    def render(self, key: str, context: Any) -> None:
        """Render every script template with the context the theme renders `key` with.

        Material's base.html sets `features` itself before it includes them; so does this.
        """
        values = {**context, "features": self.features}
        texts: list[str] = []
        for template in self.templates:
            try:
                html = template.render(values)
            except jinja2.TemplateError as error:
                raise PluginError(
                    f"csp: cannot render Material's {template.name} for {key} to hash its "
                    f"script: {error}"
                ) from error
            texts += SCRIPT.findall(html)
        self.rendered[key] = tuple(texts)

    def sources(self, key: str, output: str, content: str) -> str:
        """The hashes of the theme's scripts in `output` that are not in `content`."""
        try:
            texts = self.rendered.pop(key)
        except KeyError:
            raise PluginError(f"csp: no template context was seen for {key}") from None
        if os.environ.get(LIVE_RELOAD) == "1":
            return "'unsafe-inline'"
        hashes = dict.fromkeys(
            source(text)
            for text in texts
            if f">{text}</script>" in output and (not content or text not in content)
        )
        return " ".join(hashes)


def source(script: str) -> str:
    """The CSP source that allows an inline script with exactly this text.

    Browsers hash the text as parsed, with its line breaks normalised to LF, in UTF-8.
    """
    text = script.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def fill(output: str, sources: str, where: str) -> str:
    """`output` with `sources` in place of the marker in its policy.

    Only in the policy's own element, which must come before any script: the theme override
    writes it first in <head>, before anything a page controls. A page without it is an
    error, not a page published without a policy.
    """
    start = output.find(CSP_META)
    end = output.find(">", start)
    first_script = output.find("<script")
    if start < 0 or MARKER not in output[start:end] or 0 <= first_script < start:
        raise PluginError(
            f"csp: {where} has no Content-Security-Policy before its first script: is "
            "theme.custom_dir hooks/theme in mkdocs.yml, and does its template extend "
            "main.html?"
        )
    element = output[start:end].replace(f" {MARKER}", f" {sources}" if sources else "", 1)
    return output[:start] + element + output[end:]
