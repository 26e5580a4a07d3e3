"""Redis as the cache, forgiving Redis being away.

The cache holds nothing the portal cannot do without: sign-in rate limits and the record of
authenticator codes already used. A Redis restart must not turn every sign-in into a 500, so
while it is away each read finds nothing, each write is dropped, and a warning is logged: sign-in
goes on unthrottled for those moments rather than not at all.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _forgiving(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ForgivingRedisCache, self), name)(*args, **kwargs)
        except RedisError:
            logger.warning("The cache is away: %s skipped", name, exc_info=True)
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving("get", _default)
    get_many = _forgiving("get_many", lambda *args, **kwargs: {})
    has_key = _forgiving("has_key", lambda *args, **kwargs: False)
    set = _forgiving("set", lambda *args, **kwargs: None)
    set_many = _forgiving("set_many", lambda *args, **kwargs: [])
    # `add` is used as a lock: with nothing to lock, carry on as if it were taken.
    add = _forgiving("add", lambda *args, **kwargs: True)
    touch = _forgiving("touch", lambda *args, **kwargs: False)
    delete = _forgiving("delete", lambda *args, **kwargs: False)
    delete_many = _forgiving("delete_many", lambda *args, **kwargs: None)
    incr = _forgiving("incr", lambda key, delta=1, *args, **kwargs: delta)
    clear = _forgiving("clear", lambda *args, **kwargs: False)
