"""A Redis cache that fails open: when Redis is unreachable the site carries on uncached.

Django's RedisCache raises ``redis.ConnectionError`` (or ``TimeoutError``) from
every call when Redis is down. Wagtail looks up its site root paths in the
cache on every page, the page cache (``bodyzest.page_cache``) reads it on every
request and the enquiry rate limit (``contact.spam``) counts in it, so a raw
error would turn a cache outage into a site outage. Here each call that cannot
reach Redis logs one ERROR line (the operation and the error's kind: never a
key, which may be derived from a visitor) and answers as an empty cache would:
a miss, "not stored", or a counter that starts again. The rate limit therefore
lets enquiries through while Redis is down; the honeypot, time trap and
reCAPTCHA still guard the form.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_open(answer):
    """Decorate a cache method: on an unreachable Redis, log and return ``answer(*args, **kwargs)``."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.error("Cache unreachable during %s (%s): carrying on without it", method.__name__, type(error).__name__)
                return answer(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _delta(key, delta=1, *args, **kwargs):
    return delta


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis cannot be reached."""

    get = _fail_open(_default)(RedisCache.get)
    add = _fail_open(lambda *a, **k: False)(RedisCache.add)
    set = _fail_open(lambda *a, **k: None)(RedisCache.set)
    touch = _fail_open(lambda *a, **k: False)(RedisCache.touch)
    delete = _fail_open(lambda *a, **k: False)(RedisCache.delete)
    has_key = _fail_open(lambda *a, **k: False)(RedisCache.has_key)
    get_many = _fail_open(lambda *a, **k: {})(RedisCache.get_many)
    set_many = _fail_open(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _fail_open(lambda *a, **k: None)(RedisCache.delete_many)
    clear = _fail_open(lambda *a, **k: False)(RedisCache.clear)
    # A counter that cannot be read starts again: incr() answers as if from zero.
    incr = _fail_open(_delta)(RedisCache.incr)
