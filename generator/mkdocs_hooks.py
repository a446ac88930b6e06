"""The only module that knows MkDocs: hooks wired in mkdocs.yml (`hooks:`).

Kept thin on purpose (Material for MkDocs reaches end of life in 2027; Zensical reads
the same mkdocs.yml): the generator writes plain Markdown, these hooks only adjust
how MkDocs builds it.
"""

from __future__ import annotations
