"""gradfig.figures.directional and the gradient page's directional derivative: the limit
quotients tend to u·∇f, the slope in every direction is one cosine, and a wrong number stops
the build."""

from __future__ import annotations

import numpy as np
import pytest

from chapter.claims import ChapterClaimError
from chapter.pages import gradient
from gradfig.figures import directional
from gradfig.landscapes import LANDSCAPES


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_the_slopes_are_one_cosine_largest_along_the_gradient(name: str) -> None:
    ls = LANDSCAPES[name]
    p = next(c.point for c in ls.points_to_check if np.any(ls.gradient(np.array(c.point)) != 0))
    s = directional.directional_slopes(ls, p)
    best = s.angles[int(np.argmax(s.exact))]
    assert abs((best - s.gradient_angle + 180) % 360 - 180) <= 0.5
    assert np.max(s.exact) == pytest.approx(s.norm, rel=1e-5)
    rad = np.radians(s.sampled)
    exact_at_samples = np.cos(rad) * s.gradient[0] + np.sin(rad) * s.gradient[1]
    np.testing.assert_allclose(s.quotients, exact_at_samples, atol=1e-4 * max(1.0, s.norm))


def test_no_direction_at_a_critical_point() -> None:
    with pytest.raises(ValueError, match="every directional derivative is 0"):
        directional.directional_slopes(LANDSCAPES["bowl"], (0.0, 0.0))


def test_the_page_works_the_limit_and_stops_if_it_does_not_converge(monkeypatch: pytest.MonkeyPatch) -> None:
    text = gradient.directional_md()
    assert "10.650635" in text and "| 0.0001 | 10.650169 |" in text
    monkeypatch.setattr(directional, "limit_quotients",
                        lambda ls, p, a, steps: np.full(len(steps), 10.0) + np.asarray(steps) ** 2)
    with pytest.raises(ChapterClaimError, match="does not shrink like t"):
        gradient.directional_md()


def test_the_figure_draws_in_both_themes() -> None:
    for theme in ("light", "dark"):
        fig = directional.directional_figure(LANDSCAPES["rosenbrock"], (-0.5, 1.5), theme=theme)
        (ax,) = fig.axes
        assert ax.get_xlim() == (0, 360) and len(ax.lines) >= 2
        fig.canvas.draw()


def test_no_direction_at_a_kink_and_the_message_says_not_differentiable() -> None:
    """abs(x) + abs(y) at (0, 0): SymPy's sign(0) = 0 makes the formula's ∇f (0, 0), which is
    no gradient (issue 20, row 8): the message says f is not differentiable there, not that
    every directional derivative is 0."""
    from gradfig.custom import landscape_from_formula

    kinked = landscape_from_formula("abs(x) + abs(y)", (-2, 2, -2, 2))
    with pytest.raises(ValueError, match="not differentiable here: along x its slope is −1 from one side"):
        directional.directional_slopes(kinked, (0.0, 0.0))
    directional.directional_slopes(kinked, (0.5, -0.25))  # differentiable there: no refusal
