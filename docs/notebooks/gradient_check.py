# ---
# jupyter:
#   description: "The gradient check as a Jupyter notebook executed at build time: Rosenbrock's analytical gradient against central differences at four points, with downloads and how to run it."
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The gradient check, as a notebook
#
# *Chapter 4, §2 — part 6 of 7, as a notebook you can download and run.*
#
# This notebook checks the analytical gradient of the Rosenbrock landscape against a
# central-difference gradient, the same check the chapter's "Make it run" page shows.
# It was executed when the site was built; every output below is what the code printed then.
#
# The formula and its partial derivatives come from gradfig's registry, never retyped:

# %%
from IPython.display import Markdown

from gradfig.landscapes import LANDSCAPES

rosenbrock = LANDSCAPES["rosenbrock"]
dfdx, dfdy = rosenbrock.partial_latex
Markdown(
    f"$$f(x, y) = {rosenbrock.latex}$$\n\n"
    f"$$\\frac{{\\partial f}}{{\\partial x}} = {dfdx}, \\qquad "
    f"\\frac{{\\partial f}}{{\\partial y}} = {dfdy}$$"
)

# %% [markdown]
# ## A central difference by hand
#
# Nudge one coordinate up and down by a small step h, and divide the change in f by 2h.
# The step balances two errors: the Taylor remainder (which wants a small h) and rounding
# (which wants a large one); about the cube root of machine epsilon balances them.

# %%
import numpy as np

point = np.array([-0.5, 1.5])
h = np.finfo(float).eps ** (1 / 3)
numerical = np.array([
    (rosenbrock(point + h * e) - rosenbrock(point - h * e)) / (2 * h)
    for e in np.eye(2)
])
analytical = rosenbrock.gradient(point)
print("analytical:", analytical)
print("numerical: ", numerical)
print("difference:", np.linalg.norm(analytical - numerical))

# %% [markdown]
# ## The chapter's four points
#
# `gradient_check` does the same at every point, with a step scaled to each coordinate,
# and passes a row when the error norm is within the tolerance.

# %%
from gradfig.check import gradient_check

result = gradient_check(rosenbrock)
Markdown(result.to_markdown())

# %%
print(result.to_text())
assert result.passed, "a gradient disagrees with its numerical check"

# %% [markdown]
# ## Every landscape in the registry
#
# The same check for every landscape the chapter draws, at each one's own check points (or
# at sample points inside its domain when it names none). `require_pass` raises if any row
# fails, so a wrong gradient stops this notebook, and with it the site's build.

# %%
from gradfig.check import require_pass

rows = ["| landscape | points | largest error | verdict |",
        "|---|---:|---:|---|"]
for landscape in LANDSCAPES.values():
    checked = require_pass(landscape)
    worst = max(row.error for row in checked.rows)
    n = len(checked.rows)
    rows.append(f"| {landscape.title} | {n} | {worst:.1e} | pass |")
Markdown("\n".join(rows))

# %% [markdown]
# ## Run it yourself
#
# Download this notebook as [gradient_check.ipynb](gradient_check.ipynb) (with the outputs
# shown here), or its source as a plain Python script,
# [gradient_check.py](../../notebooks/gradient_check.py) (jupytext "percent" format: each
# `# %%` line starts a cell).
#
# To run it, you need the `gradfig` package: from a clone of the repository, `make install`
# creates `.venv` with everything the notebook imports. Then either run the script,
# `.venv/bin/python docs/notebooks/gradient_check.py`, or open the `.ipynb` in any Jupyter
# front end that uses that environment's `python3` kernel (the kernel is installed with
# `ipykernel`). The command line prints the same table: `.venv/bin/gradfig check rosenbrock`.
