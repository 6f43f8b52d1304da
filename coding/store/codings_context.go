package store

import "context"

// TurnPlaces lists a source's turns in order with where they are (Seq,
// Start, End) and who speaks them (Speaker, Role, Participant), and
// nothing else: labels and times are left empty. It reads the turns alone
// and the source's few speakers apart, rather than joining them on every
// turn as Turns does: placing a code's codings across a hundred sources
// reads every turn of each.
func (s *Store) TurnPlaces(ctx context.Context, sourceID string) ([]Turn, error) {
	type who struct{ speaker, role, participant string }
	speakers := map[string]who{}
	rows, err := s.rd.QueryContext(ctx, `SELECT k.id, k.name, k.role, coalesce(p.name, '') FROM speakers k
		LEFT JOIN participants p ON p.id = k.participant_id WHERE k.source_id = ?`, sourceID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var w who
		if err := rows.Scan(&id, &w.speaker, &w.role, &w.participant); err != nil {
			rows.Close()
			return nil, err
		}
		speakers[id] = w
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.rd.QueryContext(ctx, `SELECT seq, start, end, coalesce(speaker_id, '') FROM turns WHERE source_id = ? ORDER BY seq`, sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Turn
	for rows.Next() {
		var t Turn
		var speaker string
		if err := rows.Scan(&t.Seq, &t.Start, &t.End, &speaker); err != nil {
			return nil, err
		}
		w := speakers[speaker]
		t.Speaker, t.Role, t.Participant = w.speaker, w.role, w.participant
		out = append(out, t)
	}
	return out, rows.Err()
}
