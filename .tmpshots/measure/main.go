package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base, email, pw, path, js := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[6]
	w, _ := strconv.Atoi(os.Args[5])
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox)
	actx, c1 := chromedp.NewExecAllocator(context.Background(), opts...)
	defer c1()
	ctx, c2 := chromedp.NewContext(actx)
	defer c2()
	ctx, c3 := context.WithTimeout(ctx, 2*time.Minute)
	defer c3()
	err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), 900), chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email), chromedp.SendKeys(chromedp.CSS(`#f-password`), pw),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)), chromedp.Sleep(time.Second),
		chromedp.Navigate(base+path), chromedp.Sleep(500*time.Millisecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	fmt.Println(v, err)
}
