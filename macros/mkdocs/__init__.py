"""The MkDocs glue, and the only part of the package that imports MkDocs or mkdocs-macros."""
