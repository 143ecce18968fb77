package sim

import "sync"

// This file holds the storage an explained answer is built in before it
// is written out. An explained evaluation records hops (the walks' paths
// and replies, a proxy's steps), a proxy's branches and its legs' queries;
// none of it is handed out as is: resultWriter copies what the answer
// shows into the Result's own storage. Recording into arrays that are
// kept for the next question, rather than into new ones, is what makes an
// explained answer allocate only for the Result it returns (Reach), or not
// at all when it reuses an earlier answer's storage (ReachInto).

// arena is the pooled storage of one explained evaluation. A nil arena is
// valid: it allocates what is asked of it, for evaluations whose outcome
// outlives them (the access analyses keep outcomes for their witnesses).
type arena struct {
	hops     chunks[Hop]
	branches chunks[branchOutcome]
	queries  chunks[Query]
	proxies  chunks[proxyOutcome]
	// context is the condition keys of the request an auth policy
	// evaluates (latticeRequest), cleared for each.
	context map[string][]string
}

var arenaPool = sync.Pool{New: func() any { return new(arena) }}

// getArena returns an arena from the pool; putArena returns it, its
// storage kept for the next evaluation. The values recorded stay in it
// until overwritten (or the pool is emptied by a garbage collection):
// clearing them would cost as much as recording them.
func getArena() *arena { return arenaPool.Get().(*arena) }

func putArena(a *arena) {
	a.hops.reset()
	a.branches.reset()
	a.queries.reset()
	a.proxies.reset()
	arenaPool.Put(a)
}

// hopStorage returns the storage a traced walk of f records its hops in:
// the arena's, else buf (the scratch of the caller that explains f), else
// storage of its own.
func (f *flow) hopStorage(buf []Hop) []Hop {
	switch {
	case f.arena != nil:
		return f.arena.openHops()
	case cap(buf) < 16:
		return make([]Hop, 0, 16)
	}
	return buf[:0]
}

// openHops returns empty storage, with room for a walk's hops, for a walk
// to append its hops to; closeHops takes what the walk appended and keeps
// it in the arena (or, when the walk outgrew the room and append moved
// the hops to an array of their own, leaves them there). The returned
// slice has no room to grow into what the arena records next. Without an
// arena, closeHops returns s as it is.
func (a *arena) openHops() []Hop {
	if a == nil {
		return make([]Hop, 0, 16)
	}
	return a.hops.room(16)
}

func (a *arena) closeHops(s []Hop) []Hop {
	if a == nil {
		return s
	}
	a.hops.commit(s)
	return s[:len(s):len(s)]
}

// takeHops, takeBranches and takeQueries return empty storage with room
// for exactly n values, to be appended to.
func (a *arena) takeHops(n int) []Hop {
	if a == nil {
		return make([]Hop, 0, n)
	}
	return a.hops.take(n)
}

func (a *arena) takeBranches(n int) []branchOutcome {
	if a == nil {
		return make([]branchOutcome, 0, n)
	}
	return a.branches.take(n)
}

func (a *arena) takeQueries(n int) []Query {
	if a == nil {
		return make([]Query, 0, n)
	}
	return a.queries.take(n)
}

// proxy returns a new proxy outcome of the component id of kind k.
func (a *arena) proxy(id string, k kind) *proxyOutcome {
	if a == nil {
		return &proxyOutcome{component: id, kind: k}
	}
	s := a.proxies.take(1)[:1]
	s[0] = proxyOutcome{component: id, kind: k}
	return &s[0]
}

// requestContext returns an empty map for the condition keys of a
// request, with room for n.
func (a *arena) requestContext(n int) map[string][]string {
	if a == nil {
		return make(map[string][]string, n)
	}
	if a.context == nil {
		a.context = make(map[string][]string, n)
	}
	clear(a.context)
	return a.context
}

// chunkSize is the number of values an arena's chunks hold, unless one
// request needs more.
const chunkSize = 128

// chunks is storage handed out in slices of chunks that are kept across
// resets; a chunk's length is how much of it is handed out.
type chunks[T any] struct {
	list [][]T
	i    int // the chunk being handed out
}

// room returns the unused rest of a chunk with room for at least n values,
// empty.
func (c *chunks[T]) room(n int) []T {
	for ; c.i < len(c.list); c.i++ {
		if cur := c.list[c.i]; cap(cur)-len(cur) >= n {
			return cur[len(cur):len(cur):cap(cur)]
		}
	}
	c.list = append(c.list, make([]T, 0, max(chunkSize, n)))
	return c.list[c.i]
}

// take hands out room for exactly n values (nil for none).
func (c *chunks[T]) take(n int) []T {
	if n == 0 {
		return nil
	}
	s := c.room(n)
	c.list[c.i] = c.list[c.i][:len(c.list[c.i])+n]
	return s[:0:n]
}

// commit hands out s, grown by append from what room returned, when it
// still lies in the current chunk.
func (c *chunks[T]) commit(s []T) {
	if len(s) == 0 || c.i >= len(c.list) {
		return
	}
	cur := c.list[c.i]
	if cap(s) != cap(cur)-len(cur) || cap(cur) == len(cur) {
		return
	}
	if &s[:cap(s)][cap(s)-1] == &cur[:cap(cur)][cap(cur)-1] {
		c.list[c.i] = cur[:len(cur)+len(s)]
	}
}

// reset takes back everything handed out.
func (c *chunks[T]) reset() {
	for j := range c.list[:min(c.i+1, len(c.list))] {
		c.list[j] = c.list[j][:0]
	}
	c.i = 0
}
