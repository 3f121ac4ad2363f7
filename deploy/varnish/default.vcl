# One app server (gunicorn) behind Varnish. Start with, for example:
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,256m
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

include "bodyzest.vcl";
