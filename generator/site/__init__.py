"""The public site: page families rendered from the in-memory model.

Each family is one module of `generator.site.families` with its Jinja2 template in
`templates/`; it returns `Page` objects (a URL, a title, Markdown). Only `hook.py` knows
MkDocs: it turns pages into `File.generated` files.
"""
