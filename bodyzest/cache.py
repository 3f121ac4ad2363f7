"""A Redis cache that fails open, and fast: when Redis is down, hung or full the site carries on uncached.

Redis holds the enquiry rate-limit counters, copies of staff sessions and
Wagtail's own lookups (site root paths, image renditions). None of them may
turn a Redis fault into a slow or broken page: each call that fails logs one
ERROR line (the operation and the error's kind, never a key, which may be
derived from a visitor) and answers as an empty cache would. ``RedisError``
covers a full Redis (``OutOfMemoryError``) as well as a lost connection.

A Redis that accepts connections but never answers costs the socket timeout
on every call, and a page makes several; so after a failure this process
leaves Redis alone for ``RETRY_AFTER_SECONDS`` and answers at once.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
# When each Redis (by LOCATION) may be asked again; shared by the threads of a process.
_resting_until = {}


def _fail_open(answer):
    """Decorate a cache method: on a Redis fault, log and return ``answer(*args, **kwargs)``."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < _resting_until.get(self._location, 0.0):
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _resting_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS
                logger.error(
                    "Cache failed during %s (%s): carrying on without it", method.__name__, type(error).__name__
                )
                return answer(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _delta(key, delta=1, *args, **kwargs):
    return delta


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = str(server)

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
