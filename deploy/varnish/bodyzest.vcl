# Body Zest: the site's one page cache. Included by default.vcl (one app
# server) and round-robin.vcl (several), where the backends are defined.
#
# - What is kept is what Django marks `public` (bodyzest/cache_headers.py),
#   for its s-maxage; anything private, no-store or with Set-Cookie is not.
# - Any PURGE from loopback (Wagtail's HTTPBackend on the app servers, via
#   FRONTEND_CACHE_PURGE_URL) bans every object: staff changed something, and
#   the site is small enough to fetch again (bodyzest/frontend_cache.py).
# - Bounded: parameters no page reads (utm_*, fbclid, gclid, anything random)
#   are dropped before lookup, so they neither vary nor fill the cache; a
#   search with a query goes to the app. Storage is capped by `-s malloc,SIZE`.
# - Only a session (staff) or a flash message bypasses the cache; a csrftoken
#   or analytics cookie does not, and is not sent on to the app for a page that
#   may be cached. The admin, documents, POSTs and Authorization always pass.
# - Objects are hashed by host and URL: a request for a host Django does not
#   serve (ALLOWED_HOSTS) never meets a cached page; Django answers it 400.
# - While the app cannot answer (PostgreSQL down, say) the last good copy is
#   served for up to a day (stale-if-error, as grace).

vcl 4.1;

import std;

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        # Through the TLS terminator, X-Forwarded-For holds the visitor's entry before Varnish's own.
        if (!client.ip ~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(405, "Purge not allowed"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.url ~ "^/search/?\?(.*&)?q=") {
        return (pass);
    }
    # Keep only ?page=N (1 to 9999); the rest changes nothing a page shows.
    set req.url = regsuball(req.url, "(?<=[?&])(?!page=[1-9][0-9]{0,3}(&|$))[^&]*&?", "");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.http.host = std.tolower(regsub(req.http.host, "\.?(:[0-9]+)?$", ""));
    # Looked up without cookies. The CSRF cookie alone goes on to the app, so a
    # form page (never cached) keeps the visitor's token; the rest are dropped.
    if (req.http.Cookie ~ "(^|;\s*)csrftoken=") {
        set req.http.X-Csrf-Cookie = regsub(req.http.Cookie, "^(.*;\s*)?(csrftoken=[^;]*).*$", "\2");
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Csrf-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Csrf-Cookie;
        unset bereq.http.X-Csrf-Cookie;
    }
}

sub vcl_hash {
    hash_data(req.http.host);
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        # Keep serving the copy we have rather than an error page.
        return (abandon);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 0s);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
