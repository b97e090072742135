"""The pages' views of a computed plan, as HTML through autoescaped templates, and the page
sandbox pages are rendered in. Imports nothing from MkDocs.
"""
