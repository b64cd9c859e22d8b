package model

import "strings"

// TypedSignature compares a typed full name with the signer's own: a signature is the person typing their
// own name (notes, treatment plans). It returns the typed name with its spaces tidied, or a field error on
// "full_name".
func TypedSignature(typed, own string) (string, error) {
	typed = strings.Join(strings.Fields(typed), " ")
	switch {
	case typed == "":
		return "", FieldError("full_name", "Type your full name to sign.")
	case Fold(typed) != Fold(own):
		return "", FieldError("full_name", "Type your full name as it is on your account: "+own+".")
	}
	return typed, nil
}
