package awsimport

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeFile feeds arbitrary bytes to the reader of one file and maps
// the result: it may return an error, never panic. The seeds are the
// fixture's files.
func FuzzDecodeFile(f *testing.F) {
	_ = filepath.WalkDir("testdata/aws_configs", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data, filepath.Base(p))
			}
		}
		return err
	})
	f.Add([]byte(`{"items": [{"id": "tg-1"}], "targetGroupIdentifier": 3}`), "tg-0abc.json")
	f.Add([]byte(`{"Routes": [{"Type": "static", "State": "active"}]}`), "tgw-rtb-0abc.json")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		b := newBuilder(Options{})
		_ = b.decodeFile(data, &src{file: name}, true)
		r := b.finish()
		if r == nil || r.Network == nil {
			t.Fatal("finish returned no network")
		}
	})
}
