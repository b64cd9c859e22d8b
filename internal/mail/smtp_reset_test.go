package mail_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"tend/internal/mail"
)

// Issue 11, item 4: the server accepted the message (250 after DATA) and then a failing RSET makes Send report a
// failure, so the outbox retries (a duplicate delivery) or, on a 5xx, marks the delivered message failed.
func TestDeliveredMessageWithFailingResetCountsAsSent(t *testing.T) {
	t.Parallel()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan bool, 4)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				w := func(s string) { c.Write([]byte(s + "\r\n")) }
				w("220 test")
				inData := false
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					line = strings.TrimRight(line, "\r\n")
					if inData {
						if line == "." {
							inData = false
							accepted <- true
							w("250 queued")
						}
						continue
					}
					cmd := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
					switch cmd {
					case "EHLO":
						w("250-test")
						w("250 8BITMIME")
					case "HELO", "MAIL", "RCPT", "NOOP":
						w("250 ok")
					case "DATA":
						inData = true
						w("354 go on")
					case "RSET":
						w("554 rset refused")
					case "QUIT":
						w("221 bye")
						return
					}
				}
			}(c)
		}
	}()
	s := &mail.SMTP{Host: l.Addr().String(), Implicit: true, TLS: &tls.Config{InsecureSkipVerify: true}, Timeout: 5 * time.Second, LocalName: "localhost"}
	err = s.Send(context.Background(), mail.Message{ID: "01a2291d-78c9-7e51-9b39-bd8e738383eb", From: "tend@example.org", To: "client@example.org", Subject: "Hello", Text: "Hi"})
	if len(accepted) != 1 {
		t.Fatalf("the server took %d messages, want 1", len(accepted))
	}
	if err != nil {
		t.Fatalf("the server accepted the message, yet Send failed (permanent=%v): %v", mail.IsPermanent(err), err)
	}
}
