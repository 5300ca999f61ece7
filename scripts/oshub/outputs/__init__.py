"""Everything the build writes, made from the model: pages, open data, PDFs, checks of them.

``site`` makes the generated pages (directory, maps, hub, mission, SDG, guide extras,
offline pages, what to rebuild after an edit); ``exports`` the open data and templates;
``pdf`` the printed books and the engine that prints them; ``safety`` the sanitiser and
the guards on built pages; ``links`` checks the links of a built site.

May import: ``render`` and the light layers. Never MkDocs: that is the adapter's job.
"""
