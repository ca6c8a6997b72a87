"""The machinery that builds this book chapter's site from the gradfig library.

- :mod:`chapter.pages`: one module per chapter page, each writing that page's generated
  fragments; :data:`chapter.pages.SNIPPETS` is the one registry of them;
- :mod:`chapter.subjects`: the chapter's choice of subjects (which landscape, map, point,
  steps), each once;
- :mod:`chapter.figures`: the chapter's figure catalogue, its alt text and captions, the
  figure snippets and the site's figure files;
- shared machinery of the pages: :mod:`chapter.claims` (a false claim stops the build),
  :mod:`chapter.quiz` (recall question types and their HTML), :mod:`chapter.fields` (the
  interactive fields' payloads and markup), :mod:`chapter.jacobian_widget` (the live Jacobian),
  :mod:`chapter.playground` (the "Your own function" page), :mod:`chapter.framework` (JAX,
  run at build time), :mod:`chapter.maths` (maths typeset at build time),
  :mod:`chapter.notebook` (the executed notebook);
- :mod:`chapter.build`: writes them all; :mod:`chapter.paths`: the one module that knows the
  repository's layout.

It imports the library; the library never imports it.
"""
