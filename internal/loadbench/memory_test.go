package loadbench

import (
	"net"
	"os"
	"runtime"
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
