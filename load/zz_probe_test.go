package load

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProbeSQL(t *testing.T) {
	ctx := context.Background()
	w, err := open(ctx, os.Getenv("PROBE_DB"), Options{MemoryLimit: "448MB"}, false)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(os.Getenv("PROBE_SQL"))
	for _, q := range strings.Split(string(b), ";\n") {
		if strings.TrimSpace(q) == "" {
			continue
		}
		start := time.Now()
		err := w.Exec(ctx, q)
		s := strings.TrimSpace(q)
		t.Logf("%.3f s %v :: %.90s", time.Since(start).Seconds(), err, strings.ReplaceAll(s[strings.LastIndex(s, "--")+1:], "\n", " "))
	}
}
