package loadbench

import (
	"bufio"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
)

// The suite finds the server's process by its port, and reads its memory.
func TestPidListening(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if got := pidListening(ln.Addr().(*net.TCPAddr).Port); got != os.Getpid() {
		t.Fatalf("pidListening = %d, want this process %d", got, os.Getpid())
	}
	if rssKB(os.Getpid()) <= 0 {
		t.Fatal("no RSS read for this process")
	}
	if rssKB(0) != 0 {
		t.Fatal("an unknown process has no RSS")
	}
}

// The Go heap and the runtime's total are picked out of a /metrics scrape, in KiB.
func TestParseGoMemory(t *testing.T) {
	scrape := "# HELP tend_go_heap_objects_bytes x\ntend_go_heap_objects_bytes 10485760\ntend_go_memory_total_bytes 20971520\ntend_go_memory_limit_bytes 73400320\n"
	heap, total := parseGoMemory(bufio.NewScanner(strings.NewReader(scrape)))
	if heap != 10240 || total != 20480 {
		t.Fatalf("parseGoMemory = %d, %d KiB; want 10240, 20480", heap, total)
	}
}
