package store

import "sync"

// pageCache keeps the last raw pages decoded, by snapshot id, up to a
// number of bytes. A page is decoded through its chain of deltas; a crawl
// that stores a version reads the document's latest page twice (its text's
// dictionary, the new page's base) and a history reads every page of the
// chain: each is decoded once. Snapshots never change, so a cached page is
// never stale, whatever other processes write.
type pageCache struct {
	mu    sync.Mutex
	max   int
	size  int
	pages map[int64][]byte
	order []int64 // oldest first
}

// pageCacheBytes bounds the cache: a few hundred policy pages.
const pageCacheBytes = 16 << 20

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, pages: map[int64][]byte{}}
}

func (c *pageCache) get(id int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pages[id]
	return b, ok
}

func (c *pageCache) put(id int64, body []byte) {
	if len(body) > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[id]; ok {
		return
	}
	c.pages[id] = body
	c.order = append(c.order, id)
	c.size += len(body)
	for c.size > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.pages[old])
		delete(c.pages, old)
	}
}
