package files

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"tend/internal/model"
)

// ThumbSize is the longest side of a thumbnail, in pixels.
const ThumbSize = 240

// maxPixels bounds the images Tend decodes for a thumbnail (a picture that claims a huge size is not
// decoded; it shows without one).
const maxPixels = 40_000_000

// Thumb is a small PNG or JPEG Tend made from an image file: never the uploaded bytes themselves.
type Thumb struct {
	ContentType string
	Bytes       []byte
}

// thumb decodes a PNG or JPEG from its checked content, scales it down and encodes it again. Other files
// (HEIC included) have none: model.ErrNotFound.
func (s *Service) thumb(ctx context.Context, f model.File) (Thumb, error) {
	if !f.IsImage() {
		return Thumb{}, fmt.Errorf("files: %s has no thumbnail: %w", f.ID, model.ErrNotFound)
	}
	r, err := s.reader(ctx, f)
	if err != nil {
		return Thumb{}, err
	}
	defer r.Close()
	var head bytes.Buffer
	cfg, _, err := image.DecodeConfig(io.TeeReader(io.LimitReader(r, 1<<20), &head))
	if err != nil || cfg.Width*cfg.Height > maxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return Thumb{}, fmt.Errorf("files: %s: no thumbnail: %w", f.ID, model.ErrNotFound)
	}
	img, _, err := image.Decode(io.MultiReader(&head, r))
	if err != nil {
		return Thumb{}, fmt.Errorf("files: %s: no thumbnail: %w", f.ID, model.ErrNotFound)
	}
	// Read to the end, so the SHA-256 is checked before anything is shown.
	if _, err := io.Copy(io.Discard, r); err != nil {
		return Thumb{}, err
	}
	small := scale(img, ThumbSize)
	var out bytes.Buffer
	if f.ContentType == "image/jpeg" {
		err = jpeg.Encode(&out, small, &jpeg.Options{Quality: 80})
	} else {
		err = png.Encode(&out, small)
	}
	if err != nil {
		return Thumb{}, fmt.Errorf("files: thumbnail: %w", err)
	}
	return Thumb{ContentType: f.ContentType, Bytes: out.Bytes()}, nil
}

// scale shrinks img so its longer side is at most side pixels (nearest neighbour; never enlarges).
func scale(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	nw, nh := side, h*side/w
	if h > w {
		nw, nh = w*side/h, side
	}
	nw, nh = max(nw, 1), max(nh, 1)
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := range nh {
		for x := range nw {
			out.Set(x, y, img.At(b.Min.X+x*w/nw, b.Min.Y+y*h/nh))
		}
	}
	return out
}

// Thumb makes a staff member's thumbnail of an image file of the chart (audited as a download).
func (s *Service) Thumb(ctx context.Context, p model.Principal, chartID, fileID string) (Thumb, error) {
	r, err := s.Open(ctx, p, chartID, fileID)
	if err != nil {
		return Thumb{}, err
	}
	r.Close()
	return s.thumb(ctx, r.File)
}

// PortalThumb makes a portal user's thumbnail of an image file they may see.
func (s *Service) PortalThumb(ctx context.Context, pp model.PortalPrincipal, accessID, fileID string) (Thumb, error) {
	r, err := s.PortalOpen(ctx, pp, accessID, fileID)
	if err != nil {
		return Thumb{}, err
	}
	r.Close()
	return s.thumb(ctx, r.File)
}
