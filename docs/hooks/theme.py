"""MkDocs hook: one rule less in Material's palette stylesheet, for a page that starts faster.

Material's palette script sets ``data-md-color-switching`` on ``<body>`` when it applies the
colour scheme at start-up and removes it a frame later; its stylesheet has a rule for that
attribute on *every* element (``[data-md-color-switching] * {transition-duration: 0s}``, so a
theme switch does not animate). Because that rule exists, each of the two attribute changes
makes the browser restyle the whole page, and Material's next layout reads force it at once:
on the Jacobian page (about 3,500 elements) that was two of the start-up's longest style
recalculations (measured with a Chromium trace at 4x CPU slowdown). Without the rule the
attribute changes restyle nothing; the cost is that switching the theme may animate the few
colours that have transitions.

The rule is removed from the built site's copy (``site/assets/stylesheets/palette.*.min.css``)
after the build, through :mod:`gradfig.export`; a build fails if the rule is not found, so a
Material update that changes it is noticed.
"""

from __future__ import annotations

from pathlib import Path

RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
        "[data-md-color-switching] :before{transition-duration:0s!important}")


def on_post_build(config, **kwargs) -> None:
    from mkdocs.exceptions import PluginError

    from gradfig import export

    sheets = sorted((Path(config.site_dir) / "assets" / "stylesheets").glob("palette.*.min.css"))
    if len(sheets) != 1:
        raise PluginError(f"theme hook: expected one Material palette stylesheet, found {len(sheets)}")
    css = sheets[0].read_text(encoding="utf-8")
    if RULE in css:
        export.write_text(sheets[0], css.replace(RULE, ""))
    elif "data-md-color-switching" in css:
        raise PluginError(f"theme hook: Material's palette-switch rule changed in {sheets[0].name}; "
                          "update docs/hooks/theme.py")
