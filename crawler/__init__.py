"""nianbao's crawler: a Scrapy project that finds government information-disclosure annual
reports on portals and hands every response to `archive.ingest`.

    scrapy crawl portal -a portal=beijing          # a registered portal (crawler/portals.toml)
    scrapy crawl portal -a url=http://example.gov.cn/   # any portal, from its home page

or from Python: `crawler.runner.run_crawl(["beijing"])`.
"""
