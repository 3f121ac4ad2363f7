# Body Zest: what Varnish caches, and who may purge it. Included by default.vcl
# (one app server) and round-robin.vcl (several). Backends are defined there.
#
# - PURGE only from loopback (Wagtail's HTTPBackend on the app servers, via
#   FRONTEND_CACHE_PURGE_URL); anyone else gets 405.
# - Never cache the admin, documents, anything but GET/HEAD, or a request that
#   carries a session or CSRF cookie or Authorization: those go straight through.
# - Analytics cookies are stripped; what Django marks private/no-store is not kept.
# - Objects are hashed by URL only (one Wagtail site), as the origin cache is,
#   so a purge naming the site's address reaches every Host alias.

vcl 4.1;

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Purge not allowed"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents|django-admin)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie) {
        # Drop analytics cookies (_ga, _gid, _gcl_*, _fbp...), which the site never reads.
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;\s*)(_[a-z_]+|__utm[a-z]+)=[^;]*", "");
        set req.http.Cookie = regsub(req.http.Cookie, "^;\s*", "");
        if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
            return (pass);
        }
        if (req.http.Cookie ~ "^\s*$") {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    # Keep only what Django marked public (s-maxage, stale-while-revalidate are honoured by Varnish).
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
