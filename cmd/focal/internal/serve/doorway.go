package serve

import (
	"net"
	"sync"
)

// doorway holds the connections that have not logged in yet. It keeps an
// idle flood from locking the team out: each address (an IPv4 address, or
// an IPv6 /64 network, which one client usually holds whole) may have at
// most perAddress connections waiting, and all addresses together at most
// total. A new connection always gets its chance: when a limit is reached,
// the oldest waiting connection of the same address (or, for the total, of
// the address with the most waiting) is closed to make room. A flood so
// only ever displaces itself, and Config.LoginTimeout ends what it leaves.
type doorway struct {
	perAddress, total int

	mu      sync.Mutex
	waiting map[string][]*waiter // by address, oldest first
	count   int
}

// waiter is one connection that has not logged in yet.
type waiter struct {
	conn    net.Conn
	address string
	dropped bool // closed to make room for a newer connection
}

func newDoorway(perAddress, total int) *doorway {
	return &doorway{perAddress: perAddress, total: total, waiting: map[string][]*waiter{}}
}

// addressOf is the key a connection is limited by: its IP address, or the
// /64 network of an IPv6 address.
func addressOf(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		host, _, err := net.SplitHostPort(a.String())
		if err != nil {
			return a.String()
		}
		return host
	}
	if ip4 := tcp.IP.To4(); ip4 != nil {
		return ip4.String()
	}
	return (&net.IPNet{IP: tcp.IP.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// enter lets a new connection wait for its login, closing older waiting
// connections when a limit is reached. It returns the connection's place
// and the connections it closed.
func (d *doorway) enter(conn net.Conn) (w *waiter, dropped []*waiter) {
	w = &waiter{conn: conn, address: addressOf(conn.RemoteAddr())}
	d.mu.Lock()
	defer d.mu.Unlock()
	for len(d.waiting[w.address]) >= d.perAddress {
		dropped = append(dropped, d.dropOldest(w.address))
	}
	for d.count >= d.total {
		busiest := ""
		for addr, ws := range d.waiting {
			if busiest == "" || len(ws) > len(d.waiting[busiest]) ||
				len(ws) == len(d.waiting[busiest]) && addr < busiest {
				busiest = addr
			}
		}
		dropped = append(dropped, d.dropOldest(busiest))
	}
	d.waiting[w.address] = append(d.waiting[w.address], w)
	d.count++
	for _, old := range dropped {
		old.conn.Close()
	}
	return w, dropped
}

// dropOldest takes the oldest waiting connection of an address out of the
// doorway and marks it dropped; the caller closes it. d.mu is held.
func (d *doorway) dropOldest(addr string) *waiter {
	ws := d.waiting[addr]
	old := ws[0]
	old.dropped = true
	d.remove(old)
	return old
}

// leave takes a connection out of the doorway: it logged in, or failed. It
// reports whether the connection had been dropped to make room.
func (d *doorway) leave(w *waiter) (dropped bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if w.dropped {
		return true
	}
	d.remove(w)
	return false
}

// remove deletes w from the waiting lists. d.mu is held.
func (d *doorway) remove(w *waiter) {
	ws := d.waiting[w.address]
	for i, x := range ws {
		if x == w {
			ws = append(ws[:i:i], ws[i+1:]...)
			d.count--
			break
		}
	}
	if len(ws) == 0 {
		delete(d.waiting, w.address)
	} else {
		d.waiting[w.address] = ws
	}
}

// size reports how many connections wait, in all and from one address.
func (d *doorway) size(addr string) (all, fromAddress int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.count, len(d.waiting[addr])
}
