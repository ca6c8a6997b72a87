"""The whole chapter as one printed handout: ``make handout`` runs this.

    python scripts/handout.py                     # site/ -> handout.pdf
    python scripts/handout.py --site site --out course/handout.pdf

Every page of mkdocs.yml's nav, in that order, from the built site served on 127.0.0.1, is
read by Debian's Chromium (through Playwright, as the browser tests drive it) with JavaScript
off, so each widget is the static figure it is drawn over. The pages' articles are put into
one document behind a contents page, and Chromium prints that document once with the site's
print stylesheet (docs/assets/css/print.css): one run of page numbers, a PDF outline of the
headings, links between parts that stay links inside the PDF.

Chromium cannot number a contents page by itself (no ``target-counter()``), so the document
is printed twice: pypdf reads from the first print the page each part starts on (the named
destinations Chromium writes for the contents page's links), and the second print carries
those numbers. The contents page is one page either way, so the numbers do not move.

Each page's ids become ``<part>--<id>`` so that two parts' anchors never collide; a link to a
page of the handout becomes a link inside it; a link to any other file of the site becomes
its address at the site's public URL (the pages' canonical links), which print.css then
prints next to the link text.
"""

from __future__ import annotations

import argparse
import html
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import site_tools

#: Where a page's prose is (Material's article); the rest of its layout is not printed anyway.
ARTICLE = "article.md-content__inner"
PAPER = {"format": "A4", "margin": {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}
#: Page numbers at the foot of every sheet; a template without a font size prints at ~1 pt.
FOOTER = ('<div style="width:100%;font:8px sans-serif;color:#555;text-align:center">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

# Run in each page (JavaScript is off for the page's own scripts, not for Playwright's):
# the article, made ready to sit beside the other parts in one document.
_EXTRACT = r"""([selector, slug, partOf, siteBase]) => {
  const article = document.querySelector(selector);
  if (!article) return null;
  const part = article.cloneNode(true);
  part.querySelectorAll('script, noscript, .md-content__button, .md-source-file').forEach(e => e.remove());
  part.querySelectorAll('details').forEach(d => { d.open = true; });
  const local = id => `${slug}--${id}`;
  for (const el of part.querySelectorAll('[id]')) el.id = local(el.id);
  for (const name of ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'headers']) {
    for (const el of part.querySelectorAll(`[${name}]`)) {
      el.setAttribute(name, el.getAttribute(name).split(/\s+/).map(local).join(' '));
    }
  }
  for (const el of part.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (!attr.value.includes('url(#')) continue;
      el.setAttribute(attr.name, attr.value.replace(/url\(#/g, `url(#${slug}--`));
    }
  }
  for (const img of part.querySelectorAll('img')) {
    img.setAttribute('src', img.src);  // absolute: the parts share one document
    img.removeAttribute('srcset');
    img.loading = 'eager';
  }
  for (const a of part.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin) continue;
    const path = url.pathname.replace(/^\//, '').replace(/index\.html$/, '');
    const target = partOf[path];
    if (target === undefined) {
      a.setAttribute('href', siteBase + path + url.search + url.hash);
    } else {
      a.setAttribute('href', url.hash ? `#${target}--${url.hash.slice(1)}` : `#part-${target}`);
    }
  }
  const h1 = part.querySelector('h1');
  return {html: part.innerHTML, heading: h1 ? h1.textContent.replace(/¶$/, '').trim() : ''};
}"""


@dataclass(frozen=True)
class Part:
    """One page of the nav as a part of the handout."""

    title: str  # the nav's title
    url: str  # site-relative ("" is the home page)
    slug: str  # its id prefix in the handout
    html: str  # its article, ids prefixed and links rewritten


class HandoutError(RuntimeError):
    """The site cannot be printed as a handout; the message says why."""


def slug_of(url: str) -> str:
    return url.strip("/").replace("/", "-") or "home"


def site_base(page) -> str:
    """The site's public address, from a page's canonical link (what ``site_url`` said)."""
    canonical = page.evaluate("() => document.querySelector('link[rel=canonical]')?.href ?? ''")
    here = page.evaluate("() => location.pathname.replace(/^\\//, '').replace(/index\\.html$/, '')")
    if canonical and canonical.endswith(here):
        return canonical[: len(canonical) - len(here)] if here else canonical
    return canonical or ""


def collect(page, base_url: str, entries: list[tuple[str, str]]) -> tuple[list[Part], str]:
    """Every nav page's article as a :class:`Part`, and the site's public address."""
    part_of = {url: slug_of(url) for _, url in entries}
    parts, public = [], ""
    for title, url in entries:
        response = page.goto(base_url + url, wait_until="load")
        if response is None or not response.ok:
            raise HandoutError(f"{base_url + url} answered {response.status if response else 'nothing'}: "
                               "is the site built (make site)?")
        public = public or site_base(page)
        extracted = page.evaluate(_EXTRACT, [ARTICLE, part_of[url], part_of, public])
        if extracted is None:
            raise HandoutError(f"{url or 'the home page'} has no {ARTICLE}: not a page of this site?")
        parts.append(Part(title or extracted["heading"], url, part_of[url], extracted["html"]))
    return parts, public


def contents_html(name: str, description: str, public: str, parts: list[Part],
                  pages: dict[str, int] | None) -> str:
    """The contents page: the site's name, then each part with the page it starts on."""
    rows = "".join(
        f'<li><a href="#part-{p.slug}"><span class="gradfig-handout__title">{html.escape(p.title)}</span>'
        f'<span class="gradfig-handout__page">{pages.get(p.slug, "") if pages else ""}</span></a></li>'
        for p in parts)
    where = f'<p class="gradfig-handout__from">Printed from {html.escape(public)}</p>' if public else ""
    return (f'<section class="gradfig-handout__contents" id="part-contents"><h1>{html.escape(name)}</h1>'
            f'<p class="gradfig-handout__about">{html.escape(description)}</p>'
            f'<h2>Contents</h2><ol class="gradfig-handout__list">{rows}</ol>{where}</section>')


def document_html(contents: str, parts: list[Part]) -> str:
    return contents + "".join(
        f'<section class="gradfig-handout__part" id="part-{p.slug}" data-url="{html.escape(p.url)}">'
        f"{p.html}</section>" for p in parts)


def start_pages(pdf: bytes, parts: list[Part]) -> dict[str, int]:
    """The (1-based) page each part starts on, read from the named destinations of a print."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    # pypdf gives the names as PDF names, with their slash ("/part-home").
    destinations = {name.lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    pages = {}
    for p in parts:
        dest = destinations.get(f"part-{p.slug}")
        if dest is None:
            raise HandoutError(f"Chromium wrote no destination for part {p.title!r}: "
                               "cannot number the contents")
        pages[p.slug] = reader.get_destination_page_number(dest) + 1
    return pages


def print_handout(page, document: str, title: str) -> bytes:
    """Put ``document`` in place of the open page's article and print it."""
    page.evaluate("""([selector, body, title]) => {
      document.querySelector(selector).innerHTML = body;
      document.title = title;
      document.documentElement.classList.add('gradfig-handout');
    }""", [ARTICLE, document, title])
    page.evaluate("""() => Promise.all([document.fonts.ready,
      ...[...document.images].map(img => img.decode().catch(() => null))])""")
    return page.pdf(print_background=True, outline=True, tagged=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=FOOTER, **PAPER)


def write_handout(site: Path, out: Path, *, config: Path = site_tools.ROOT / "mkdocs.yml",
                  leave_out: tuple[str, ...] = (), browser=None) -> dict:
    """Print the built ``site`` as one PDF at ``out``; returns what was printed.

    ``leave_out`` names pages (site-relative URLs, e.g. ``"api/"``) to leave out, each with the
    pages under it. ``browser``: a Playwright Chromium to print with (a caller that already
    runs Playwright, such as the tests); else Debian's Chromium is started for this print.
    """
    from mkdocs.utils.yaml import yaml_load
    from playwright.sync_api import sync_playwright

    if not (site / "index.html").is_file():
        raise HandoutError(f"{site} holds no built site: run 'make site' first")
    settings = yaml_load(config.read_text(encoding="utf-8"))
    entries = [(title, url) for title, url in site_tools.nav_entries(config)
               if not any(url.startswith(prefix.strip("/") + "/") or url == prefix.strip("/")
                          for prefix in leave_out)]
    if not entries:
        raise HandoutError("every page is left out: nothing to print")
    name = settings.get("site_name", "")
    description = settings.get("site_description", "")

    def print_with(chromium, base_url: str) -> tuple[bytes, dict[str, int], list[Part]]:
        context = chromium.new_context(java_script_enabled=False, color_scheme="light",
                                       viewport={"width": 1000, "height": 1400})
        try:
            page = context.new_page()
            parts, public = collect(page, base_url, entries)
            page.goto(base_url, wait_until="load")  # the home page's head: every stylesheet
            draft = print_handout(page, document_html(contents_html(name, description, public, parts, None),
                                                      parts), name)
            pages = start_pages(draft, parts)
            page.goto(base_url, wait_until="load")
            pdf = print_handout(page, document_html(contents_html(name, description, public, parts, pages),
                                                    parts), name)
        finally:
            context.close()
        final = start_pages(pdf, parts)
        if final != pages:  # the contents page grew with its numbers: one that moves a part
            raise HandoutError(f"the contents page moved the parts ({pages} -> {final})")
        return pdf, pages, parts

    with site_tools.serve(site) as base_url:
        if browser is not None:
            pdf, pages, parts = print_with(browser, base_url)
        else:
            with sync_playwright() as pw:
                chromium = site_tools.launch_chromium(pw)
                try:
                    pdf, pages, parts = print_with(chromium, base_url)
                finally:
                    chromium.close()
    from gradfig.export import write_bytes

    write_bytes(out, pdf)
    return {"parts": [(p.title, p.url, pages[p.slug]) for p in parts], "bytes": len(pdf)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handout.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=site_tools.ROOT / "site", help="the built site (site/)")
    parser.add_argument("--out", type=Path, default=Path("handout.pdf"), help="the PDF to write")
    parser.add_argument("--leave-out", action="append", default=[], metavar="PAGE",
                        help="leave out a page and the pages under it, e.g. api/ (repeatable)")
    args = parser.parse_args(argv)
    try:
        report = write_handout(args.site, args.out, leave_out=tuple(args.leave_out))
    except (HandoutError, FileNotFoundError) as exc:
        print(f"handout: {exc}", file=sys.stderr)
        return 2
    last = report["parts"][-1][2]
    print(f"handout: {args.out} ({len(report['parts'])} parts, {report['bytes'] / 1e6:.1f} MB; "
          f"the last part starts on page {last})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
