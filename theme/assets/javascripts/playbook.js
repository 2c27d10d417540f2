{#- Built by MkDocs (theme.static_templates in mkdocs.yml) into site/assets/javascripts/playbook.js:
    the playbook's scripts every page needs, in one deferred request that runs before Material's
    bundle (theme/main.html). Page-specific scripts (checklist.js, matrix-filter.js) load only
    on the pages that use them. Edit the files included here. -#}
{% include "assets/javascripts/search-query.js" %}
;
{% include "assets/javascripts/search-pagefind.js" %}
;
{% include "assets/javascripts/search-on-demand.js" %}
;
{% include "assets/javascripts/store.js" %}
;
{% if "content.tabs.link" in (config.theme.features or []) %}
{% include "assets/javascripts/md-tabs-link.js" %}
;
{% endif %}
{% include "assets/javascripts/md-tabs.js" %}
;
{% include "assets/javascripts/glossary-tips.js" %}
;
{% include "assets/javascripts/reading.js" %}
