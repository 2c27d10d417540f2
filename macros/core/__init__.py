"""The portable core, a one-way road: `kinds` (the registry of kinds of data) and `problems`,
then the data half (`data`: load, schema, checks, model, pipeline), then the views (`views`:
pure functions of the model), then the site half (`site`: render, pages, nav, diagrams).
Each imports only what comes before it; none imports MkDocs."""
