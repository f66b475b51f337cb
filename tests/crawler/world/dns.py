"""Every host name resolves to 127.0.0.1 (names ending in `.invalid` fail), so a crawl of a
generated world reaches its many hosts on one local server. Test code only: Scrapy's
`DNS_RESOLVER = "tests.crawler.world.dns.LoopbackResolver"`."""

from __future__ import annotations

from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError


class LoopbackResolver(CachingThreadedResolver):
    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802
        if name.lower().rstrip(".").endswith(".invalid"):
            return defer.fail(DNSLookupError(name))
        return defer.succeed("127.0.0.1")
