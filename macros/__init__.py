"""MOF Playbook: data/ YAML -> validated model -> generated pages.

`macros.core` is the portable core (load, validate, model, render) and never imports MkDocs.
`macros.main` is the thin MkDocs glue (the macros plugin's `define_env`).
"""
