"""publish: the pages, dumps and catalogue of the published site, and a browser on it."""
