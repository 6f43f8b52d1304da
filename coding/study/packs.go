package study

import (
	"context"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/store"
)

// MakePack packs one coder's work for the master copy. A pack holds the
// coder's codings and coding memos, so it is made only by someone who may
// see them: under blinding, the coder themself (a PI included: blinding
// holds for everyone who codes). Without a named person, whoever packs a
// coder's work in their own copy is taken to be that coder.
//
// The pack is signed with the copy's key (see Copy), which belongs to the
// coder the copy was made for: only their work is packed in it. A project
// without a key (the master itself, or a copy made by an earlier release)
// makes an unsigned pack, which the master takes only when told to
// (MergeOptions.Unsigned).
func (st *Study) MakePack(ctx context.Context, p Person, req store.PackRequest) (*pack.Pack, error) {
	if p.Name == "" {
		p = As(req.Coder)
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("pack %s's work: %w", req.Coder, err)
	}
	if !sight.SeesCoder(req.Coder) {
		return nil, fmt.Errorf("pack %s's work: blind coding is on, and %s can pack only their own work; %s packs it in their copy", req.Coder, p.Name, req.Coder)
	}
	key, signed, err := st.store.OwnCopyKey(ctx)
	if err != nil {
		return nil, fmt.Errorf("pack %s's work: %w", req.Coder, err)
	}
	pk, err := st.store.MakePack(ctx, req)
	if err != nil {
		return nil, err
	}
	if !signed {
		return pk, nil
	}
	if key.CoderID != pk.Header.Coder.ID {
		owner := key.Coder
		return nil, fmt.Errorf("pack %s's work: this copy was made for %s, and the master takes from its packs only %s's work; %s packs in a copy made for them (`focal copy --coder %s` in the master)",
			pk.Header.Coder.Name, owner, owner, pk.Header.Coder.Name, pk.Header.Coder.Name)
	}
	if err := pk.Sign(key.ID, key.Secret); err != nil {
		return nil, err
	}
	return pk, nil
}

// MergePack applies a coder's pack to this project in one transaction,
// writing the rows and events the coder's own actions would have written,
// with the pack's UUIDs for codings, codes, memos and events. Events the
// master already has (by id) are skipped, so merging a pack twice changes
// nothing.
//
// A pack is taken only from the copy this project made for its coder,
// unchanged: it must be signed with that copy's key (an unsigned pack,
// from a copy made by an earlier release, only with opts.Unsigned, and the
// merge's event says so). It then writes only its coder's layer: a pack
// that would add, remove or write a memo on another coder's coding, or
// edit another's memo, is refused. A pack of another project, one that
// changes the codebook or the project, or one whose sources' texts differ
// from the master's is refused too. Every refusal is ErrPackRefused, and
// nothing changes.
func (st *Study) MergePack(ctx context.Context, p Person, pk *pack.Pack, opts store.MergeOptions) (store.MergeReport, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.MergeReport
		return z0, err
	}
	if err := st.checkPackSignature(ctx, pk, &opts); err != nil {
		return store.MergeReport{File: opts.File, Coder: pk.Header.Coder.Name}, err
	}
	return st.store.MergePack(p.ctx(ctx), pk, opts)
}

// checkPackSignature refuses a pack that does not come, unchanged, from the
// copy made for its coder. An unsigned pack passes only when the person
// merging said so; opts.Unsigned is then left set for the log.
func (st *Study) checkPackSignature(ctx context.Context, pk *pack.Pack, opts *store.MergeOptions) error {
	name := opts.File
	if name == "" {
		name = pk.Header.Coder.Name + "'s pack"
	}
	who := pk.Header.Coder.Name
	sig := pk.Header.Signature
	if sig == nil {
		if opts.Unsigned {
			return nil
		}
		return fmt.Errorf("%w: %s is not signed, so nothing shows that it comes unchanged from %s's copy (it was made in a copy made by an earlier Focal, or in the master); "+
			"make %s a new copy (`focal copy --coder %s`) for further work, and merge this one with --unsigned only if you know where it came from",
			store.ErrPackRefused, name, who, who, who)
	}
	opts.Unsigned = false
	key, err := st.store.CopyKeyByID(ctx, sig.Key)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %s is signed with a key that this project never gave to a copy: it was not made in a copy of this project, or it was forged; ask %s for a pack made in the copy you sent them",
			store.ErrPackRefused, name, who)
	}
	if err != nil {
		return err
	}
	if key.CoderID != pk.Header.Coder.ID {
		owner := key.Coder
		return fmt.Errorf("%w: %s names %s as its coder, but it was signed in the copy made for %s: a pack carries only the work of the coder its copy was made for",
			store.ErrPackRefused, name, who, owner)
	}
	if err := pk.VerifySignature(key.Secret); err != nil {
		return fmt.Errorf("%w: %s does not match its signature: it was changed after it was made in %s's copy; ask %s to make the pack again",
			store.ErrPackRefused, name, who, who)
	}
	return nil
}
