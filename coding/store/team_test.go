package store

import (
	"errors"
	"strings"
	"testing"
)

func teamKey(n int) NewTeamKey {
	fp := "SHA256:" + strings.Repeat(string(rune('a'+n)), 43)
	return NewTeamKey{Fingerprint: fp, PublicKey: "ssh-ed25519 AAAAC3Nza" + fp[7:12] + " key" + string(rune('0'+n))}
}

func TestTeamKeysOpenUntilAPIExists(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	anyone := WithActor(ctx, "")

	// Nobody is a PI yet: anyone may add the first member, and is told so.
	k := teamKey(0)
	k.Coder, k.Role = "amara", "pi"
	added, err := s.AddTeamKey(anyone, k)
	if err != nil {
		t.Fatal(err)
	}
	if !added.Open || !added.CoderCreated || added.Key.Coder != "amara" || added.Key.Role != "pi" {
		t.Errorf("first member: %+v", added)
	}

	// Now a PI exists: only a PI may change the team.
	ben := teamKey(1)
	ben.Coder = "ben"
	if _, err := s.AddTeamKey(anyone, ben); err == nil || !errors.Is(err, ErrNoCoder) {
		t.Errorf("no actor once a PI exists: %v", err)
	}
	if _, err := s.AddCoder(ctx, "carmen", "coder"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddTeamKey(WithActor(ctx, "carmen"), ben); err == nil || !strings.Contains(err.Error(), "only a PI") {
		t.Errorf("a coder adding: %v", err)
	}
	added, err = s.AddTeamKey(WithActor(ctx, "amara"), ben)
	if err != nil {
		t.Fatal(err)
	}
	if added.Open || !added.CoderCreated || added.Key.Role != "coder" || added.Key.AddedBy != "amara" {
		t.Errorf("ben: %+v", added)
	}

	// An existing coder keeps their role; a second key is fine.
	carmen := teamKey(2)
	carmen.Coder, carmen.Role = "carmen", "pi"
	if _, err := s.AddTeamKey(WithActor(ctx, "amara"), carmen); err == nil || !strings.Contains(err.Error(), "already a coder") {
		t.Errorf("role change: %v", err)
	}
	carmen.Role = ""
	if added, err = s.AddTeamKey(WithActor(ctx, "amara"), carmen); err != nil || added.CoderCreated {
		t.Fatalf("existing coder: %+v %v", added, err)
	}
	second := teamKey(3)
	second.Coder = "carmen"
	if _, err := s.AddTeamKey(WithActor(ctx, "amara"), second); err != nil {
		t.Fatal(err)
	}

	// One key, one coder.
	dup := teamKey(1)
	dup.Coder = "carmen"
	if _, err := s.AddTeamKey(WithActor(ctx, "amara"), dup); err == nil || !strings.Contains(err.Error(), "already lets ben in") {
		t.Errorf("duplicate key: %v", err)
	}
	for _, bad := range []NewTeamKey{
		{Coder: "consensus", Fingerprint: "SHA256:x", PublicKey: "k"},
		{Coder: "dan", Role: "admin", Fingerprint: "SHA256:x", PublicKey: "k"},
		{Coder: "dan", Fingerprint: "MD5:x", PublicKey: "k"},
		{Coder: "dan", Fingerprint: "SHA256:x", PublicKey: "k\nk"},
		{Coder: " ", Fingerprint: "SHA256:x", PublicKey: "k"},
	} {
		if _, err := s.AddTeamKey(WithActor(ctx, "amara"), bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}

	keys, err := s.TeamKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range keys {
		names = append(names, k.Coder+":"+k.Role)
	}
	if got := strings.Join(names, " "); got != "amara:pi ben:coder carmen:coder carmen:coder" {
		t.Errorf("keys = %s", got)
	}
	got, err := s.TeamKey(ctx, ben.Fingerprint)
	if err != nil || got.Coder != "ben" || got.PublicKey != ben.PublicKey {
		t.Errorf("TeamKey = %+v, %v", got, err)
	}
	if _, err := s.TeamKey(ctx, "SHA256:nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown key: %v", err)
	}

	// Removing: one key, then all of a coder's; only a PI.
	if _, err := s.RemoveTeamKeys(WithActor(ctx, "ben"), "carmen", ""); err == nil || !strings.Contains(err.Error(), "only a PI") {
		t.Errorf("a coder removing: %v", err)
	}
	removed, err := s.RemoveTeamKeys(WithActor(ctx, "amara"), "carmen", second.Fingerprint)
	if err != nil || len(removed) != 1 || removed[0].Fingerprint != second.Fingerprint {
		t.Fatalf("remove one: %+v %v", removed, err)
	}
	removed, err = s.RemoveTeamKeys(WithActor(ctx, "amara"), "carmen", "")
	if err != nil || len(removed) != 1 {
		t.Fatalf("remove all: %+v %v", removed, err)
	}
	if _, err := s.RemoveTeamKeys(WithActor(ctx, "amara"), "carmen", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove again: %v", err)
	}
	if _, err := s.TeamKey(ctx, carmen.Fingerprint); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed key still found: %v", err)
	}
	if _, err := s.Coder(ctx, "carmen"); err != nil {
		t.Errorf("removing keys removed the coder: %v", err)
	}

	// Every change is an event; adding a new coder with a key is one action.
	events, err := s.Events(ctx, "", "team.", 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, " "); got != "team.added team.added team.added team.added team.removed team.removed" {
		t.Errorf("events = %s", got)
	}
	var actions []string
	all, _ := s.Events(ctx, "", "", 0)
	for _, e := range all {
		if e.Kind == "coder.added" || e.Kind == "team.added" {
			actions = append(actions, e.Kind)
		}
	}
	var sameAction bool
	for i := 1; i < len(all); i++ {
		if all[i-1].Kind == "coder.added" && all[i].Kind == "team.added" {
			sameAction = sameAction || actionOf(t, s, all[i-1].Seq) == actionOf(t, s, all[i].Seq)
		}
	}
	if !sameAction {
		t.Errorf("a new coder and their key are not one action: %v", actions)
	}
}

func actionOf(t *testing.T, s *Store, seq int64) string {
	t.Helper()
	var action string
	if err := s.db.QueryRow(`SELECT action FROM events WHERE seq = ?`, seq).Scan(&action); err != nil {
		t.Fatal(err)
	}
	return action
}
