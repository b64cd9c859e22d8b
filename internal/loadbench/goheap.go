package loadbench

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// heapReader reads the server's Go heap (tend_go_heap_objects_bytes) and the Go runtime's whole memory
// (tend_go_memory_total_bytes) from its /metrics, which answers this machine or a bearer token.
type heapReader struct {
	url, token string
	client     *http.Client
}

func newHeapReader(base, token string) *heapReader {
	return &heapReader{url: base + "/metrics", token: token, client: &http.Client{Timeout: 5 * time.Second}}
}

// read returns the two figures in KiB; 0, 0 when /metrics cannot be read (refused, or an older server).
func (h *heapReader) read(ctx context.Context) (heapKB, totalKB int) {
	req, err := http.NewRequestWithContext(ctx, "GET", h.url, nil)
	if err != nil {
		return 0, 0
	}
	if h.token != "" {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return 0, 0
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0
	}
	return parseGoMemory(bufio.NewScanner(resp.Body))
}

// parseGoMemory picks the Go heap and total lines out of a Prometheus text scrape, in KiB.
func parseGoMemory(sc *bufio.Scanner) (heapKB, totalKB int) {
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "tend_go_heap_objects_bytes":
			heapKB = int(n / 1024)
		case "tend_go_memory_total_bytes":
			totalKB = int(n / 1024)
		}
	}
	return heapKB, totalKB
}
