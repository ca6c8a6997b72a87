"""The bridge to backprop: ∂L/∂W = δxᵀ has W's shape, a two-layer gradient as a chain of VJPs,
both checked by central differences and JAX at build; Rosenbrock's curvature behind the
descent figure. A wrong number stops the build."""

from __future__ import annotations

import numpy as np
import pytest

from chapter import framework
from chapter.claims import ChapterClaimError
from chapter.pages import autodiff, gradient


def test_the_weight_gradient_has_the_weights_shape_and_matches_jax() -> None:
    text = autodiff.weights_md()
    assert "| $\\partial L / \\partial W$, tanh layer | $200 \\times 100$ |" in text
    assert "all 20000 entries" in text
    res = framework.jax_results()
    assert res["dL_dW"].shape == framework.framework_inputs().weight.shape


def test_a_wrong_weight_gradient_from_jax_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    real = framework.jax_results

    def wrong(*a, **k):
        res = dict(real(*a, **k))
        res["dL_dW"] = res["dL_dW"].T.copy().T * 1.001
        return res

    monkeypatch.setattr(framework, "jax_results", wrong)
    with pytest.raises(ChapterClaimError, match="JAX's gradient with respect to W"):
        autodiff.weights_md()


def test_the_two_layer_backward_pass_is_a_chain_of_vjps(monkeypatch: pytest.MonkeyPatch) -> None:
    text = autodiff.two_layer_md()
    for step in ("\\bar{\\mathbf h} = W_2^\\top \\bar{\\mathbf y}", "\\bar{\\mathbf z}\\,\\mathbf x^\\top",
                 "$3 \\times 200$", "$200 \\times 100$", "$3 \\times 20\\,600$"):
        assert step in text
    real = framework.jax_results

    def wrong(*a, **k):
        res = dict(real(*a, **k))
        res["net_dx"] = res["net_dx"] + 1e-6
        return res

    monkeypatch.setattr(framework, "jax_results", wrong)
    with pytest.raises(ChapterClaimError, match="∂L/∂x and JAX"):
        autodiff.two_layer_md()


def test_rosenbrocks_curvature_explains_the_descent_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    text = gradient.curvature_md()
    assert "2 / \\lambda_{\\max} = 0.0197" in text and "= 258$" in text
    assert "$\\lambda_{\\max} = 101.6$" in text and "\\eta = 0.02$ is just above it" in text
    from chapter import subjects
    # Without a step on each side of 2/λ_max the paragraph's story would be false.
    monkeypatch.setattr(subjects, "DESCENT_STEPS", (0.002, 0.01))
    with pytest.raises(ChapterClaimError, match="each side"):
        gradient.curvature_md()
    assert np.isclose(2 / np.linalg.eigvalsh(np.array([[82, -40], [-40, 20]])).max(), 0.01968, atol=1e-5)
