package study

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/focalqda/focal/coding/store"
)

// CopyRequest says where a copy of the project goes and whom it is for.
type CopyRequest struct {
	// Out is the copy's file name; it must not exist.
	Out string
	// Coder is the coder the copy is for, who must be in the project
	// already; empty means the person making it.
	Coder string
}

// CopyMade says what Copy wrote.
type CopyMade struct {
	// Coder is whom the copy is for ("" when blinding is off and nobody
	// was named).
	Coder string
	// Blind is true when blind coding was on: the copy then holds only
	// the work both its maker and its coder may see.
	Blind bool
	// Kept names the coders whose codings and coding memos the copy holds
	// under blinding (none when its maker is not its coder).
	Kept []string
	// Key is the id of the copy's own key, which signs the packs made in
	// it ("" for a copy made for nobody, whose packs the master refuses).
	Key string
}

// Copy writes a consistent copy of the project for a coder to work in
// offline (docs/PACKS.md). Without blinding it holds everyone's work, as
// the master does. Under blinding a copy leaves the master only with what
// may be seen through it: the work of the coder it is for, and only when
// they make it themselves — a copy someone makes for another coder holds
// no coder's work, since neither may see the other's. Other coders'
// codings and coding memos, the consensus layer and the log events
// carrying them are then taken out. Always taken out is what never leaves
// the master: the secret that signs member-check packets and the keys of
// other copies. A copy for a coder gets a key of its own, which the
// master keeps too: packs made in the copy are signed with it, and the
// master takes from them only that coder's work (MergePack). Without a
// named person, whoever copies for a coder is taken to be that coder, as
// with MakePack; without a named coder, the copy is for the person making
// it.
func (st *Study) Copy(ctx context.Context, p Person, req CopyRequest) (CopyMade, error) {
	if req.Out == "" {
		return CopyMade{}, errors.New("name the copy's file")
	}
	// The consensus layer is nobody's copy, and nobody makes one as it.
	if err := p.mayAct(); err != nil {
		return CopyMade{}, err
	}
	if err := As(req.Coder).mayAct(); err != nil {
		return CopyMade{}, fmt.Errorf("a copy is for a coder: %w", err)
	}
	if _, err := os.Lstat(req.Out); err == nil {
		return CopyMade{}, fmt.Errorf("%s already exists; choose another name or remove it first", req.Out)
	}
	if req.Coder != "" {
		if _, err := st.store.Coder(ctx, req.Coder); err != nil {
			return CopyMade{}, fmt.Errorf("%w (add the coder before copying, so that the copy and the master share their identity)", err)
		}
	}
	b, err := st.store.Blinding(ctx)
	if err != nil {
		return CopyMade{}, err
	}
	if p.Name == "" {
		p = As(req.Coder)
	}
	if req.Coder == "" {
		req.Coder = p.Name
	}
	made := CopyMade{Coder: req.Coder, Blind: b.On}
	cut := store.CopyCut{KeepEveryone: !b.On}
	var sights []Sight
	if b.On {
		if p.Name == "" {
			return CopyMade{}, fmt.Errorf("blind coding is on, so a copy holds only its coder's work: %w", ErrNoCoder)
		}
		maker, err := st.SightOf(ctx, p)
		if err != nil {
			return CopyMade{}, err
		}
		coder, err := st.SightOf(ctx, As(req.Coder))
		if err != nil {
			return CopyMade{}, err
		}
		sights = []Sight{coder}
		if req.Coder == maker.Viewer {
			made.Kept = []string{req.Coder}
		} else {
			sights = append(sights, maker)
		}
		cut.KeepCoders = made.Kept
	}
	var key *store.CopyKey
	if req.Coder != "" {
		c, err := st.store.Coder(ctx, req.Coder)
		if err != nil {
			return CopyMade{}, fmt.Errorf("%w (add the coder before copying, so that the copy and the master share their identity)", err)
		}
		k, err := store.NewCopyKey(c.ID, filepath.Base(req.Out))
		if err != nil {
			return CopyMade{}, err
		}
		key, cut.Key, made.Key = &k, &k, k.ID
	}
	if err := st.store.CopyTo(ctx, req.Out); err != nil {
		return CopyMade{}, err
	}
	err = cutCopy(ctx, req.Out, cut, sights)
	if err == nil && key != nil {
		err = st.store.AddCopyKey(p.ctx(ctx), *key)
	}
	if err != nil {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(req.Out + suffix)
		}
		return CopyMade{}, err
	}
	return made, nil
}

// cutCopy takes out of the copy at path what the cut names, and of each
// logged event what the sights, reading it one after another (Sight.Event),
// leave of it.
func cutCopy(ctx context.Context, path string, cut store.CopyCut, sights []Sight) error {
	c, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer c.Close()
	if len(sights) > 0 {
		events, err := c.Events(ctx, "", "", 0)
		if err != nil {
			return err
		}
		for _, e := range events {
			le, ok := LoggedEvent{Event: e}, true
			for _, s := range sights {
				if le, ok = s.Event(le.Event); !ok {
					break
				}
			}
			switch {
			case !ok:
				cut.Events = append(cut.Events, store.EventCut{Seq: e.Seq, Drop: true})
			case le.EntityID != e.EntityID || !reflect.DeepEqual(le.Before, e.Before) || !reflect.DeepEqual(le.After, e.After):
				cut.Events = append(cut.Events, store.EventCut{Seq: e.Seq, EntityID: le.EntityID, Before: le.Before, After: le.After})
			}
		}
	}
	return c.CutCopy(ctx, cut)
}
