package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base, email, pw, out := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	widths := []int64{1280, 1024, 375}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox)
	actx, c1 := chromedp.NewExecAllocator(context.Background(), opts...)
	defer c1()
	ctx, c2 := chromedp.NewContext(actx)
	defer c2()
	ctx, c3 := context.WithTimeout(ctx, 5*time.Minute)
	defer c3()
	must(chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email), chromedp.SendKeys(chromedp.CSS(`#f-password`), pw),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)), chromedp.Sleep(time.Second)))
	for _, page := range os.Args[5:] {
		path, click, _ := strings.Cut(page, "|")
		for _, w := range widths {
			acts := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(w, 900), chromedp.Navigate(base + path), chromedp.Sleep(400 * time.Millisecond)}
			if click != "" {
				acts = append(acts, chromedp.Click(chromedp.CSS(click)), chromedp.Sleep(300*time.Millisecond))
			}
			must(chromedp.Do(ctx, acts...))
			sw, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
			must(err)
			cw, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.clientWidth`))
			must(err)
			var buf []byte
			if sel := os.Getenv("CROP"); sel != "" {
				must(chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(sel))))
				buf, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
			} else {
				buf, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
			}
			must(err)
			name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_", "|", "_", " ", "", "[", "", "]", "", "'", "", ".", "").Replace(page)
			f := out + "/" + name + "-" + strconv.Itoa(int(w)) + ".png"
			must(os.WriteFile(f, buf, 0o644))
			fmt.Printf("%s @%d: scrollWidth %d clientWidth %d -> %s\n", page, w, sw, cw, f)
		}
	}
}

func must(err error) {
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
