package store

import "context"

// turnPlace is what a coding's context needs of a turn: where it is and
// who speaks it.
type turnPlace struct {
	Seq, Start, End      int
	Speaker, Participant string
}

// turnPlaces lists a source's turns in order with their speaker and
// participant. It reads the turns alone and the source's few speakers
// apart, rather than joining them on every turn: listing a code's
// codings across a hundred sources reads every turn of each.
func (s *Store) turnPlaces(ctx context.Context, sourceID string) ([]turnPlace, error) {
	type who struct{ speaker, participant string }
	speakers := map[string]who{}
	rows, err := s.rd.QueryContext(ctx, `SELECT k.id, k.name, coalesce(p.name, '') FROM speakers k
		LEFT JOIN participants p ON p.id = k.participant_id WHERE k.source_id = ?`, sourceID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var w who
		if err := rows.Scan(&id, &w.speaker, &w.participant); err != nil {
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
	var out []turnPlace
	for rows.Next() {
		var t turnPlace
		var speaker string
		if err := rows.Scan(&t.Seq, &t.Start, &t.End, &speaker); err != nil {
			return nil, err
		}
		w := speakers[speaker]
		t.Speaker, t.Participant = w.speaker, w.participant
		out = append(out, t)
	}
	return out, rows.Err()
}
