{#- Built by MkDocs (theme.static_templates in mkdocs.yml) into site/assets/javascripts/head.js:
    the scripts that must run in <head>, before the first paint, in one request (loaded by
    theme/partials/javascripts/base.html). Edit the files included here, not this list's output. -#}
{% include "assets/javascripts/md-scope.js" %}
;
{% include "assets/javascripts/local-icons.js" %}
