"""The build plan: everything one command builds, made once, outside MkDocs.

``making`` validates the content, builds the model and generates every page and file
(and prints the PDFs) into a ``BuildPlan`` (``plan``); a ``Rendering`` (``rendering``)
is one pass of MkDocs over a plan: the page work each hook asks for, the problems only
the built site shows. One plan can be rendered several times (once per language) with
nothing validated or generated again. ``handoff`` is how a command hands its plan to
the MkDocs adapter; ``options`` are the switches a plan is made with.

May import: ``outputs`` and every layer below it. Never MkDocs: that is the adapter's job.
"""
