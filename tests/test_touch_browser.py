"""A finger on the gradient field, in Chromium with touch emulation (real touch events through
the DevTools protocol): a drag that starts on the query point moves it, the readout exact along
the way and the page still; a drag that starts elsewhere scrolls the page and leaves the point."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import site_tools
from gradfig.landscapes import LANDSCAPES

pytestmark = [pytest.mark.browser, pytest.mark.site]

PHONE = site_tools.PHONE


def _readout(root) -> dict[str, str]:
    return root.locator(".gradfig-readout").evaluate("e => ({...e.dataset})")


def _exact(r: dict[str, str]) -> tuple[float, float]:
    ls = LANDSCAPES[r["name"]]
    p = np.array([float(r["x"]), float(r["y"])])
    f, (gx, gy) = float(ls(p)), ls.gradient(p)
    assert float(r["f"]) == pytest.approx(f, rel=1e-9, abs=1e-12)
    assert float(r["dfdx"]) == pytest.approx(gx, rel=1e-9, abs=1e-12)
    assert float(r["dfdy"]) == pytest.approx(gy, rel=1e-9, abs=1e-12)
    return float(p[0]), float(p[1])



@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_a_finger_drags_the_query_point_and_a_swipe_elsewhere_scrolls(page, site_url: str) -> None:
    page.goto(site_url + "fields/")
    root = page.locator(".gradfig-switcher")
    root.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 1)")  # the reader's first scroll: the field may load
    page.wait_for_function("el => el.classList.contains('is-live')", arg=root.element_handle())
    box = root.locator(".gradfig-field__plot").bounding_box()
    # A tap pins a point (as before); that is the point a drag then picks up.
    page.touchscreen.tap(box["x"] + 0.5 * box["width"], box["y"] + 0.45 * box["height"])
    page.wait_for_function("el => el.querySelector('.gradfig-readout').dataset.pinned === 'true'",
                           arg=root.element_handle())
    name = root.get_attribute("data-gradfig-field")
    start = _exact({**_readout(root), "name": name})
    dot = root.locator(".gradfig-dot").bounding_box()
    x, y = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    scroll = page.evaluate("window.scrollY")
    cdp = page.context.new_cdp_session(page)
    site_tools.touch(cdp, "touchStart", x, y)
    seen = [start]
    for k in range(1, 7):
        site_tools.touch(cdp, "touchMove", x + 9 * k, y + 7 * k)
        page.wait_for_function("([el, x]) => el.querySelector('.gradfig-readout').dataset.x !== x",
                               arg=[root.element_handle(), str(seen[-1][0])])
        seen.append(_exact({**_readout(root), "name": name}))
    site_tools.touch(cdp, "touchEnd")
    assert page.evaluate("window.scrollY") == scroll  # the drag did not scroll the page
    xs, ys = [p[0] for p in seen], [p[1] for p in seen]
    assert all(b > a for a, b in itertools.pairwise(xs))  # right, step by step
    assert all(b < a for a, b in itertools.pairwise(ys))  # down the screen: y falls
    page.wait_for_function("el => el.querySelector('.gradfig-readout').dataset.pinned === 'true'",
                           arg=root.element_handle())
    # A swipe that starts far from the point scrolls, and the point stays.
    end = _readout(root)
    far_x = box["x"] + (0.15 if x > box["x"] + box["width"] / 2 else 0.85) * box["width"]
    far_y = box["y"] + 0.8 * box["height"]
    assert math.hypot(far_x - x, far_y - y) > 80
    site_tools.touch(cdp, "touchStart", far_x, far_y)
    for k in range(1, 8):
        site_tools.touch(cdp, "touchMove", far_x, far_y - 30 * k)
    site_tools.touch(cdp, "touchEnd")
    page.wait_for_function("s => window.scrollY > s", arg=scroll)
    after = _readout(root)
    assert (after["x"], after["y"]) == (end["x"], end["y"])
