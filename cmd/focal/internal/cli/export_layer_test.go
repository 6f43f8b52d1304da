package cli

import (
	"testing"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/export/dataset"
)

// The core decides the export's layer by the names the dataset reads.
func TestExportLayerNamesMatchTheDataset(t *testing.T) {
	t.Parallel()
	if study.LayerAllCoders != dataset.AllCoders || study.LayerConsensus != dataset.Consensus {
		t.Errorf("the core's layers %q, %q; the dataset's %q, %q", study.LayerAllCoders, study.LayerConsensus, dataset.AllCoders, dataset.Consensus)
	}
}
