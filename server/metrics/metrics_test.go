package metrics

import (
	"bytes"
	"testing"
)

func TestExposition(t *testing.T) {
	var r Registry
	c := r.NewCounterVec("x_total", "Things.\nCounted.", "kind")
	c.Inc(`a"b\c`)
	c.Add(2, "plain")
	h := r.NewHistogramVec("d_seconds", "Durations.", []float64{0.5, 1}, "f")
	h.Observe(0.2, "png")
	h.Observe(0.7, "png")
	h.Observe(3, "png")
	r.NewGaugeFunc("g", "A gauge.", func() float64 { return 1.5 })
	var b bytes.Buffer
	r.WriteText(&b)
	want := `# HELP x_total Things.\nCounted.
# TYPE x_total counter
x_total{kind="a\"b\\c"} 1
x_total{kind="plain"} 2
# HELP d_seconds Durations.
# TYPE d_seconds histogram
d_seconds_bucket{f="png",le="0.5"} 1
d_seconds_bucket{f="png",le="1"} 2
d_seconds_bucket{f="png",le="+Inf"} 3
d_seconds_sum{f="png"} 3.9
d_seconds_count{f="png"} 3
# HELP g A gauge.
# TYPE g gauge
g 1.5
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
