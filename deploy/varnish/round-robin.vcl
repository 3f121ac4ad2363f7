# Several stateless app servers behind one Varnish, taken in turn. They share
# PostgreSQL, Redis (sessions, rate limits) and media storage, and
# each sends its bans here (FRONTEND_CACHE_PURGE_URL).
vcl 4.1;

import directors;

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = app.backend();
}

include "bodyzest.vcl";
