"""The gallery lists the descent animations: each animated figure of the chapter's catalogue has
its slide-sized GIF and MP4 in both themes linked from the gallery, served by the built site,
real files of their kind, and kept out of the slides' zip (stills only)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from chapter.figures import FIGURES, SLIDE_PRESET, ZIP_NAME
from gradfig.render import MOTION_FORMATS, file_name

MAGIC = {"gif": (0, b"GIF89a"), "mp4": (4, b"ftyp")}


def test_the_gallery_links_every_descent_animation(built_site: Path) -> None:
    animated = [name for name, spec in FIGURES.items() if spec.animated]
    assert animated  # the chapter's descent preview
    gallery = (built_site / "gallery" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="\.\./(generated/figures/[^"#]+)"', gallery))
    for name in animated:
        for theme in ("light", "dark"):
            for fmt in MOTION_FORMATS:
                path = f"generated/figures/{file_name(name, theme, SLIDE_PRESET, fmt)}"
                assert path in links, path
                at, magic = MAGIC[fmt]
                assert (built_site / path).read_bytes()[at:at + len(magic)] == magic, path
    with zipfile.ZipFile(built_site / "generated" / "figures" / ZIP_NAME) as z:
        assert not [n for n in z.namelist() if n.rsplit(".", 1)[-1] in MOTION_FORMATS]
