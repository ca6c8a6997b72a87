"""The machinery that builds this book chapter's site from the gradfig library.

Snippets and worked numbers for the pages (:mod:`~chapter.snippets`,
:mod:`~chapter.numbers`), recall questions (:mod:`~chapter.quiz`), maths typeset
at build time (:mod:`~chapter.maths`), the executed notebook
(:mod:`~chapter.notebook`), interactive field payloads (:mod:`~chapter.fields`),
the Jacobian pages' worked examples (:mod:`~chapter.jacobians`) and JAX run
(:mod:`~chapter.framework`), the live Jacobian (:mod:`~chapter.jacobian_widget`),
the playground page (:mod:`~chapter.playground`), the figure gallery
(:mod:`~chapter.gallery`) and the build that writes them all
(:mod:`~chapter.build`). It imports the library; the library never imports it.
"""
