package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"tend/internal/model"
)

// phqDone is a completed PHQ-9 with a score, finished at at.
func phqDone(at time.Time, score int, member string) model.DocumentRequest {
	s := score
	return model.DocumentRequest{TemplateName: "PHQ-9 (depression)", Scoring: model.ScoringPHQ9, State: model.RequestCompleted,
		CompletedAt: at, Score: &s, Band: "Mild", MemberName: member}
}

// count is how many times pattern matches svg.
func count(svg, pattern string) int { return len(regexp.MustCompile(pattern).FindAllString(svg, -1)) }

// Issue 13, item 8 (DC-6): the score chart reads well with one point and with fifty.
func TestScoreChartLayout(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)

	t.Run("one point", func(t *testing.T) {
		t.Parallel()
		svg := string(scoreChart([]model.DocumentRequest{phqDone(day, 12, "")}, chartDate))
		// One circle in the middle of the plot, no line, its score written above it and its date under it.
		m := regexp.MustCompile(`<circle cx="([0-9.]+)"`).FindStringSubmatch(svg)
		if m == nil || count(svg, `<circle `) != 1 || strings.Contains(svg, "<polyline") {
			t.Fatalf("one point: %s", svg)
		}
		if !regexp.MustCompile(`<text class="date-label" x="` + regexp.QuoteMeta(m[1]) + `"[^>]*text-anchor="middle">2 Mar 2026</text>`).MatchString(svg) {
			t.Fatalf("the date is not under the point at x=%s: %s", m[1], svg)
		}
		if count(svg, `class="date-label`) != 1 || count(svg, `class="value-label"[^>]*>12</text>`) != 1 {
			t.Fatalf("labels of one point: %s", svg)
		}
		// The scale is the instrument's, with grid lines at the severity cut-offs, not the one score.
		for _, v := range []string{">0<", ">5<", ">10<", ">15<", ">20<", ">25<"} {
			if !strings.Contains(svg, `class="axis-label"`) || !strings.Contains(svg, v) {
				t.Fatalf("no axis label %s: %s", v, svg)
			}
		}
		if !strings.Contains(svg, "latest <strong>12 of 27</strong> (Mild) on 2 Mar 2026") || strings.Contains(svg, "scores</li>") {
			t.Fatalf("legend of one point: %s", svg)
		}
	})

	t.Run("fifty points", func(t *testing.T) {
		t.Parallel()
		var reqs []model.DocumentRequest
		for i := range 50 {
			reqs = append(reqs, phqDone(day.AddDate(0, 0, 7*i), (i*7)%28, ""))
		}
		svg := string(scoreChart(reqs, chartDate))
		if n := count(svg, `<circle [^>]*r="3.0"[^>]*><title>PHQ-9 \(depression\), [^<]+: \d+ of 27 \(Mild\)</title></circle>`); n != 50 {
			t.Fatalf("%d small points with their own label, want 50: %s", n, svg)
		}
		// Only the first and the last score are written, and at most four dates: nothing overlaps.
		if n := count(svg, `class="value-label`); n != 2 {
			t.Fatalf("%d scores written on 50 points, want 2", n)
		}
		dates := regexp.MustCompile(`<text class="date-label[^"]*" x="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
		if len(dates) < 2 || len(dates) > 4 {
			t.Fatalf("%d dates under 50 points, want 2 to 4", len(dates))
		}
		var prev float64 = -1000
		for _, d := range dates {
			var x float64
			fmt.Sscan(d[1], &x)
			if x-prev < chartMinTickGap-1 {
				t.Fatalf("dates %v crowd each other", dates)
			}
			prev = x
		}
		if count(svg, `<polyline`) != 1 || !strings.Contains(svg, "50 scores") {
			t.Fatalf("one line with 50 scores: %s", svg)
		}
	})

	t.Run("family members each get a line", func(t *testing.T) {
		t.Parallel()
		svg := string(scoreChart([]model.DocumentRequest{phqDone(day, 3, "Ann"), phqDone(day.AddDate(0, 0, 14), 6, "Ann"), phqDone(day, 20, "Bo")}, chartDate))
		if count(svg, `<polyline`) != 1 || count(svg, `<circle `) != 3 || count(svg, `<li>`) != 2 {
			t.Fatalf("two people: %s", svg)
		}
	})

	t.Run("nothing scored", func(t *testing.T) {
		t.Parallel()
		open := phqDone(day, 3, "")
		open.State = model.RequestInProgress
		if svg := scoreChart([]model.DocumentRequest{open}, chartDate); svg != "" {
			t.Fatalf("a chart without finished scores: %s", svg)
		}
	})
}
