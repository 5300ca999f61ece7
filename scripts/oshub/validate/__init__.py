"""Every check of a project's content, collected as problems, never raised.

Owns one validation run over a project (``run``), the checks across files (``checks``),
Markdown safety and scanning (``markdown_check``, ``markdown_limits``), files published
as they are (``docs_files``, ``documents`` and its readers ``document_csv``,
``document_odf``, ``document_pdf``, ``document_images``; ``image_uses``,
``remote_images``, ``svg_safety``, ``svg_css``) and text after decoding
(``decoded_text``).

May import: ``oshub.core``, ``oshub.routes``, ``oshub.load``, ``oshub.schema``. Light layer:
the readers of PDFs, images and CSS import their site-extra library only when called and
say what to install when it is missing.
"""
