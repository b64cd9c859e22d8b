package web

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"tend/internal/model"
	"tend/internal/notes"
)

// chartDate is how the score chart writes a date: the one place to change it.
func chartDate(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// The score chart's drawing area, in the SVG's own units: it scales to its box, and the style sheet makes
// its text larger on a phone, where the box is narrow.
const (
	chartW, chartH        = 480.0, 230.0
	chartLeft, chartRight = 34.0, 14.0
	chartTop, chartBottom = 20.0, 40.0
	chartInset            = 12.0  // keeps the first and last points off the axes
	chartMinTickGap       = 110.0 // the least room between two dates written under the chart
	chartFont             = 12
	chartMaxLabels        = 12 // up to this many points on a line, each has its score written above it
	chartManyPoints       = 24 // from this many points on a line, they are drawn smaller
	chartPointR           = 4.5
	chartSmallR           = 3.0
)

var chartColors = []string{"#0b6b62", "#8a3b12", "#1d3f80", "#6b2a6b"}

// chartPoint is one score on the chart.
type chartPoint struct {
	at    time.Time
	score int
	band  string
}

// chartSeries is one assessment of one person over time.
type chartSeries struct {
	name   string
	max    int
	points []chartPoint
}

// scoreSeries groups a chart's finished, scored assessments into one line per assessment and person,
// oldest point first: family members' scores never join one trend.
func scoreSeries(reqs []model.DocumentRequest) []chartSeries {
	byName := map[string]*chartSeries{}
	var names []string
	for _, rq := range reqs {
		if rq.Score == nil || !rq.State.Done() {
			continue
		}
		name := rq.TemplateName
		if rq.MemberName != "" {
			name += " · " + rq.MemberName
		}
		s, ok := byName[name]
		if !ok {
			s = &chartSeries{name: name}
			byName[name], names = s, append(names, name)
		}
		s.max = max(s.max, model.ScoreMax(rq.Scoring), *rq.Score)
		s.points = append(s.points, chartPoint{at: rq.CompletedAt, score: *rq.Score, band: rq.Band})
	}
	slices.Sort(names)
	out := make([]chartSeries, 0, len(names))
	for _, n := range names {
		s := byName[n]
		slices.SortStableFunc(s.points, func(a, b chartPoint) int { return a.at.Compare(b.at) })
		out = append(out, *s)
	}
	return out
}

// scoreChart draws a chart's assessment scores over time as a small SVG with an HTML legend (DC-6). It
// reads at a glance with one point (placed in the middle, its date under it) and with fifty (small
// points, a few date ticks, the score written on the first and last only; every point still names its
// date and score to a screen reader and on hover). date writes the dates.
func scoreChart(reqs []model.DocumentRequest, date func(time.Time) string) template.HTML {
	return drawChart(scoreSeries(reqs), "score-chart-title", "Assessment scores over time", date)
}

// moodChart draws a chart's mood scores (NT-2, 0 to 10) over time the same way, beside the score chart.
// A score's day is a calendar date: it is placed at noon of that day in the practice's time zone, so the
// locale writes the same date back.
func moodChart(points []notes.MoodPoint, loc model.Locale) template.HTML {
	if len(points) == 0 {
		return ""
	}
	s := chartSeries{name: "Mood", max: 10}
	for _, p := range points {
		at := time.Date(p.Day.Year(), p.Day.Month(), p.Day.Day(), 12, 0, 0, 0, loc.In(p.Day).Location())
		s.points = append(s.points, chartPoint{at: at, score: p.Mood})
	}
	return drawChart([]chartSeries{s}, "mood-chart-title", "Mood scores over time", loc.Date)
}

// drawChart draws series as the score chart; titleID names its accessible title, unique on the page.
func drawChart(series []chartSeries, titleID, title string, date func(time.Time) string) template.HTML {
	if len(series) == 0 {
		return ""
	}
	var first, last time.Time
	yMax := 0
	for _, s := range series {
		yMax = max(yMax, s.max)
		for _, p := range s.points {
			if first.IsZero() || p.at.Before(first) {
				first = p.at
			}
			if p.at.After(last) {
				last = p.at
			}
		}
	}
	yMax = max(yMax, 5)
	plotL, plotR := chartLeft+chartInset, chartW-chartRight-chartInset
	plotTop, plotBottom := chartTop, chartH-chartBottom
	span := last.Sub(first)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return (plotL + plotR) / 2
		}
		return plotL + (plotR-plotL)*float64(t.Sub(first))/float64(span)
	}
	y := func(score int) float64 { return plotBottom - (plotBottom-plotTop)*float64(score)/float64(yMax) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="score-chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s">`, chartW, chartH, titleID)
	fmt.Fprintf(&b, `<title id="%s">%s, %s</title>`, titleID, title, template.HTMLEscapeString(chartSummary(series, date)))
	// Grid lines every 5 points: the PHQ-9's and GAD-7's severity bands start at 5, 10, 15 and 20.
	for v := 0; v <= yMax; v += 5 {
		stroke := "#e3e6e1"
		if v == 0 {
			stroke = "#9aa4ab"
		}
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s"/>`, chartLeft, y(v), chartW-chartRight, y(v), stroke)
		fmt.Fprintf(&b, `<text class="axis-label" x="%.0f" y="%.1f" font-size="%d" fill="#55626b" text-anchor="end">%d</text>`, chartLeft-6, y(v)+4, chartFont, v)
	}
	for _, t := range chartTicks(first, last, x) {
		anchor := "middle"
		switch {
		case span <= 0:
		case t.Equal(first):
			anchor = "start"
		case t.Equal(last):
			anchor = "end"
		}
		class := "date-label"
		if span > 0 && !t.Equal(first) && !t.Equal(last) {
			class += " tick-inner" // hidden on a phone, where the text is larger
		}
		fmt.Fprintf(&b, `<text class="%s" x="%.1f" y="%.0f" font-size="%d" fill="#55626b" text-anchor="%s">%s</text>`,
			class, x(t), plotBottom+20, chartFont, anchor, template.HTMLEscapeString(date(t)))
	}
	for i, s := range series {
		color := chartColors[i%len(chartColors)]
		r := chartPointR
		if len(s.points) >= chartManyPoints {
			r = chartSmallR
		}
		if len(s.points) > 1 {
			var line []string
			for _, p := range s.points {
				line = append(line, fmt.Sprintf("%.1f,%.1f", x(p.at), y(p.score)))
			}
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`, strings.Join(line, " "), color)
		}
		for j, p := range s.points {
			label := fmt.Sprintf("%s, %s: %d of %d", s.name, date(p.at), p.score, s.max)
			if p.band != "" {
				label += " (" + p.band + ")"
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"><title>%s</title></circle>`, x(p.at), y(p.score), r, color, template.HTMLEscapeString(label))
			ends := j == 0 || j == len(s.points)-1
			if len(s.points) > chartMaxLabels && !ends {
				continue
			}
			class := "value-label"
			if j != len(s.points)-1 {
				class += " value-inner" // on a phone only the latest score is written
			}
			fmt.Fprintf(&b, `<text class="%s" x="%.1f" y="%.1f" font-size="%d" font-weight="600" fill="%s" text-anchor="middle">%d</text>`,
				class, x(p.at), y(p.score)-r-5, chartFont, color, p.score)
		}
	}
	b.WriteString(`</svg><ul class="score-legend">`)
	for i, s := range series {
		latest := s.points[len(s.points)-1]
		// A drawn swatch, as the content security policy allows no style attribute.
		fmt.Fprintf(&b, `<li><svg class="swatch" viewBox="0 0 16 6" aria-hidden="true"><rect width="16" height="6" rx="2" fill="%s"/></svg>%s: latest <strong>%d of %d</strong>`,
			chartColors[i%len(chartColors)], template.HTMLEscapeString(s.name), latest.score, s.max)
		if latest.band != "" {
			fmt.Fprintf(&b, ` (%s)`, template.HTMLEscapeString(latest.band))
		}
		fmt.Fprintf(&b, ` on %s`, template.HTMLEscapeString(date(latest.at)))
		if n := len(s.points); n > 1 {
			fmt.Fprintf(&b, ` · %d scores`, n)
		}
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul>`)
	return template.HTML(b.String()) // numbers we computed and escaped text only
}

// chartTicks are the dates written under the chart: the first and the last, and between them as many
// evenly spaced ones as fit without crowding.
func chartTicks(first, last time.Time, x func(time.Time) float64) []time.Time {
	if !last.After(first) {
		return []time.Time{first}
	}
	width := x(last) - x(first)
	n := int(width/chartMinTickGap) - 1 // inner ticks
	n = min(max(n, 0), 2)
	ticks := []time.Time{first}
	for i := 1; i <= n; i++ {
		ticks = append(ticks, first.Add(last.Sub(first)*time.Duration(i)/time.Duration(n+1)))
	}
	return append(ticks, last)
}

// chartSummary says in words what the chart shows, for its accessible name.
func chartSummary(series []chartSeries, date func(time.Time) string) string {
	var parts []string
	for _, s := range series {
		latest := s.points[len(s.points)-1]
		parts = append(parts, fmt.Sprintf("%s: %d scores, latest %d of %d on %s", s.name, len(s.points), latest.score, s.max, date(latest.at)))
	}
	return strings.Join(parts, "; ")
}
