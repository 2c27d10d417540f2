"""The data half: load (YAML with line numbers), schema (JSON Schema), checks (ids, references,
RACI), model (typed records) and pipeline (all of it once per build). Never imports the site
half or MkDocs."""
