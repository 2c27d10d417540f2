"""The portable core: load -> validate -> model -> render. Never imports MkDocs."""
