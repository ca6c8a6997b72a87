"""The machinery that builds this book chapter's site from the gradfig library.

Snippets and worked numbers for the pages (:mod:`~gradfig.chapter.snippets`,
:mod:`~gradfig.chapter.numbers`), recall questions (:mod:`~gradfig.chapter.quiz`), maths typeset
at build time (:mod:`~gradfig.chapter.maths`), the executed notebook
(:mod:`~gradfig.chapter.notebook`), interactive field payloads (:mod:`~gradfig.chapter.fields`),
the Jacobian pages' worked examples (:mod:`~gradfig.chapter.jacobians`) and JAX run
(:mod:`~gradfig.chapter.framework`), the live Jacobian (:mod:`~gradfig.chapter.jacobian_widget`),
the playground page (:mod:`~gradfig.chapter.playground`), the figure gallery
(:mod:`~gradfig.chapter.gallery`) and the build that writes them all
(:mod:`~gradfig.chapter.build`). It imports the library; the library never imports it.
"""
