package web

import (
	"fmt"
	"html/template"
	"text/template/parse"
)

// addReachable adds to t a copy of each template of shared that t's own templates invoke, directly or
// through other shared templates; a name t defines itself stays t's.
func addReachable(t, shared *template.Template) error {
	want := map[string]bool{}
	var queue []string
	invoke := func(name string) {
		if !want[name] && t.Lookup(name) == nil {
			want[name] = true
			queue = append(queue, name)
		}
	}
	for _, own := range t.Templates() {
		if own.Tree != nil {
			invoked(own.Tree.Root, invoke)
		}
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		st := shared.Lookup(name)
		if st == nil || st.Tree == nil {
			continue // not shared: an error when executed, as it would be without this
		}
		invoked(st.Tree.Root, invoke)
		if _, err := t.AddParseTree(name, st.Tree.Copy()); err != nil {
			return fmt.Errorf("adding shared template %s: %w", name, err)
		}
	}
	return nil
}

// invoked calls fn with the name of each {{template}} under n.
func invoked(n parse.Node, fn func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			invoked(c, fn)
		}
	case *parse.TemplateNode:
		fn(n.Name)
	case *parse.IfNode:
		invoked(n.List, fn)
		invoked(n.ElseList, fn)
	case *parse.RangeNode:
		invoked(n.List, fn)
		invoked(n.ElseList, fn)
	case *parse.WithNode:
		invoked(n.List, fn)
		invoked(n.ElseList, fn)
	}
}
