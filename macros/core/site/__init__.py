"""The site half: render (one Jinja environment), page objects, one builder per nav section,
diagrams, and `generate`/`write` that turn a model into the docs folder's generated files."""
