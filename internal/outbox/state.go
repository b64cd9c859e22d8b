package outbox

// The states of a message, as stored and as the API returns them.
const (
	StateQueued  = "queued"  // waiting to be sent, or to be tried again
	StateSent    = "sent"    // handed to the mail server
	StateWritten = "written" // no mail server is set up: saved as an .eml file in the data folder
	StateFailed  = "failed"  // given up on; the reason is kept
)

// StateLabel names a message's state for people (issue 13, item 8): "written" alone left staff guessing
// where the message went.
func StateLabel(state string) string {
	switch state {
	case StateQueued:
		return "Waiting to send"
	case StateSent:
		return "Sent"
	case StateWritten:
		return "Saved to file (no mail server)"
	case StateFailed:
		return "Failed"
	case "":
		return "None"
	}
	return state
}
