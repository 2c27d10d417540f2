"""Views: pure functions of the model that several pages share (a role's view, a reading path,
a checklist, RACI rows and matrices, tags, related entities, the data reference). No page paths
and no rendering here; the site half lays them out."""
