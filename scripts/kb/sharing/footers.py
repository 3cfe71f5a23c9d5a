"""The share-and-cite box at the foot of every entry page: short link, copy button and how to cite."""

from __future__ import annotations

import html

from ..model import Entry
from ..site.hooks import BuildContext
from .links import absolute_url, relative_url, short_link_path, site_name

# Progressive enhancement: without JavaScript the short link is plain visible text and the button stays hidden.
COPY_SCRIPT = """<script>
(function () {
  function ready(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var link = box.querySelector(".kb-short-link");
    link.textContent = link.href;
    box.querySelectorAll(".kb-cite-url").forEach(function (node) { node.textContent = link.href; });
    var today = new Date().toLocaleDateString("en-GB", {day: "numeric", month: "long", year: "numeric"});
    box.querySelectorAll(".kb-accessed").forEach(function (node) { node.textContent = today; });
    var button = box.querySelector(".kb-copy-link");
    var status = box.querySelector(".kb-copy-status");
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(
        function () { status.textContent = "Link copied."; },
        function () { status.textContent = "Could not copy: select the link above and copy it."; }
      );
    });
  }
  document.querySelectorAll(".kb-share").forEach(ready);
})();
</script>"""

# The theme's button style would otherwise override the `hidden` attribute.
SHARE_STYLE = (
    "<style>.kb-copy-link[hidden]{display:none}@media print{.kb-copy-link,.kb-copy-status{display:none!important}"
    ".kb-share{break-inside:avoid}.kb-short-link{text-decoration:none}}</style>"
)


def share_footer(entry: Entry, context: BuildContext) -> str:
    """HTML for the foot of an entry page (already escaped)."""
    short = short_link_path(entry.id)
    href = absolute_url(context.site_url, short) if context.site_url else relative_url(entry.url, short)
    shown = absolute_url(context.site_url, short)
    heading_id = f"kb-share-{entry.id}"
    return "\n".join(
        [
            f'<section class="kb-share" aria-labelledby="{heading_id}">',
            f'<h2 id="{heading_id}">Share and cite</h2>',
            f'<p>Short link: <a class="kb-short-link" href="{html.escape(href)}">{html.escape(shown)}</a> '
            '<button type="button" class="md-button kb-copy-link" hidden>Copy link</button> '
            '<span class="kb-copy-status" role="status" aria-live="polite"></span></p>',
            "<h3>How to cite</h3>",
            f'<p class="kb-cite">{citation(entry, context, shown)}</p>',
            f"<p>{original_source(entry)}</p>",
            "</section>",
            SHARE_STYLE,
            COPY_SCRIPT,
        ]
    )


def citation(entry: Entry, context: BuildContext, url: str) -> str:
    """Title, publisher, URL and date accessed (filled in by the browser; a placeholder without JavaScript)."""
    publisher = html.escape(site_name(context.data))
    author = html.escape(entry.owner) if entry.owner else publisher
    published_by = f" {publisher}." if entry.owner else ""
    return (
        f"{author} ({entry.last_reviewed.year}) <cite>{html.escape(entry.title)}</cite>.{published_by} "
        f'Available at: <span class="kb-cite-url">{html.escape(url)}</span> '
        '(Accessed: <span class="kb-accessed">date you read it</span>).'
    )


def original_source(entry: Entry) -> str:
    source = entry.sources[0]
    return (
        f"This entry summarises <cite>{html.escape(source.title)}</cite> ({html.escape(source.publisher)}, "
        f"{html.escape(source.date)}). Cite the original document when you rely on what it says."
    )
