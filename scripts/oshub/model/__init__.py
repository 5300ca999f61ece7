"""The content as typed, frozen objects: Hub, Mission, Guide, the Site.

Owns the entities and how they are made from validated documents (``entities``),
loading a whole project into a Site (``content``) and the dates of content review
(``review_dates``).

May import: every layer below it (``core``, ``routes``, ``load``, ``schema``,
``validate``). Light layer.
"""
