package api

import (
	"net/http"
	"time"

	"tend/internal/model"
	"tend/internal/plans"
	"tend/internal/store"
)

// Treatment plans in the portal (PT-10): a shared plan as its portal user reads it, at the newest version
// the clinician signed, and the client's signature. No author ids, no IP addresses, no Markdown source.

type portalPlanSummaryJSON struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	State      string `json:"state"`
	Version    int    `json:"version"`
	ReviewDate string `json:"review_date"`
	// SignedByYou: this portal account signed the version shown.
	SignedByYou     bool   `json:"signed_by_you"`
	AwaitsSignature bool   `json:"awaits_your_signature"`
	URL             string `json:"url"`
}

type portalPlanSignatureJSON struct {
	Role      string    `json:"role"`
	TypedName string    `json:"typed_name"`
	SignedAt  time.Time `json:"signed_at"`
	SHA256    string    `json:"sha256"`
	Yours     bool      `json:"yours"`
}

type portalPlanJSON struct {
	ID         string                    `json:"id"`
	State      string                    `json:"state"`
	Version    int                       `json:"version"`
	SHA256     string                    `json:"sha256"`
	Content    planContentJSON           `json:"content"`
	Narrative  string                    `json:"narrative_html"`
	Signatures []portalPlanSignatureJSON `json:"signatures"`
	CanSign    bool                      `json:"can_sign"`
	SignURL    string                    `json:"sign_url"`
}

// planContentJSON is a version's content as the API writes it: the model's canonical JSON shape, less
// the Markdown narrative (the portal gets it rendered and sanitized).
type planContentJSON struct {
	Title      string                `json:"title"`
	Diagnoses  []model.PlanDiagnosis `json:"diagnoses"`
	Problems   []model.PlanProblem   `json:"problems"`
	ReviewDate string                `json:"review_date"`
}

func portalPlanURL(accessID, planID string) string {
	return "/api/v1/portal/charts/" + accessID + "/treatment-plans/" + planID
}

func toPortalPlanSummary(accessID string, p store.SharedPlan) portalPlanSummaryJSON {
	return portalPlanSummaryJSON{ID: p.Plan.ID, Title: p.Version.Content.Title, State: string(p.Plan.State), Version: p.Version.Number,
		ReviewDate: p.Version.Content.ReviewDate, SignedByYou: p.SignedByAccount, AwaitsSignature: p.AwaitsSignature(),
		URL: portalPlanURL(accessID, p.Plan.ID)}
}

func toPortalPlan(v plans.PortalView) portalPlanJSON {
	c := v.Version.Content
	out := portalPlanJSON{ID: v.Plan.ID, State: string(v.Plan.State), Version: v.Version.Number, SHA256: v.Version.SHA256,
		Content:   planContentJSON{Title: c.Title, Diagnoses: c.Diagnoses, Problems: c.Problems, ReviewDate: c.ReviewDate},
		Narrative: string(v.Narrative), Signatures: make([]portalPlanSignatureJSON, 0, len(v.Version.Signatures)), CanSign: v.CanSign,
		SignURL: portalPlanURL(v.Access.ID, v.Plan.ID) + "/sign"}
	if out.Content.Diagnoses == nil {
		out.Content.Diagnoses = []model.PlanDiagnosis{}
	}
	if out.Content.Problems == nil {
		out.Content.Problems = []model.PlanProblem{}
	}
	for _, s := range v.Version.Signatures {
		out.Signatures = append(out.Signatures, portalPlanSignatureJSON{Role: s.Role, TypedName: s.TypedName, SignedAt: s.SignedAt, SHA256: s.SHA256,
			Yours: v.Mine != nil && v.Mine.ID == s.ID})
	}
	return out
}

// portalPlans lists the plans shared on a chart, for a portal user who may read them (else 404).
func (s *Server) portalPlans(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	l, err := s.Plans.PortalList(r.Context(), pp, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := struct {
		Items []portalPlanSummaryJSON `json:"items"`
	}{Items: make([]portalPlanSummaryJSON, 0, len(l.Plans))}
	for _, p := range l.Plans {
		out.Items = append(out.Items, toPortalPlanSummary(l.Access.ID, p))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) portalPlan(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	v, err := s.Plans.PortalGet(r.Context(), pp, r.PathValue("id"), r.PathValue("plan_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalPlan(v))
	return nil
}

type portalPlanSignRequest struct {
	Version  int    `json:"version"`
	FullName string `json:"full_name"`
}

func (s *Server) portalSignPlan(w http.ResponseWriter, r *http.Request, pp model.PortalPrincipal) error {
	var in portalPlanSignRequest
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := s.Plans.PortalSign(r.Context(), pp, r.PathValue("id"), r.PathValue("plan_id"), in.Version, in.FullName)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPortalPlan(v))
	return nil
}
