package model

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/network"
	"github.com/steppe-dev/steppe/risk"
)

// Bundled inputs of the engines, in package data.
const (
	// PosteriorFile is the bundled posterior of the intervention model,
	// produced by `steppe calibrate --out` (data/posterior/README.md).
	PosteriorFile = "posterior/posterior.json"
	// EpisodesFile is the bundled episode set the posterior is fitted to.
	EpisodesFile = "episodes/episodes.csv"
	// NetworkFile is the bundled infrastructure network.
	NetworkFile = "network/central-asia.geojson"
	// ProjectMapFile maps projects without network_features to lines.
	ProjectMapFile = "network/projects.json"
	// BoundariesFile holds the country boundaries the network is built on.
	BoundariesFile = "boundaries/ne_50m_admin0_region.geojson"
)

// Cache holds what is expensive to build and the same for every model
// assembled from the bundled data: the bundled risk posterior, posteriors
// refitted under scenario priors (one per set of priors), the trade
// baseline, the network and its layers' measures. A sweep or a server that shares one Cache fits
// each set of priors and builds each engine input once. The zero Cache is
// ready to use; a Cache is safe for concurrent use. What it holds is never
// modified after it is built.
type Cache struct {
	mu       sync.Mutex
	bundled  *once[*risk.Posterior]
	refits   map[string]*once[*risk.Posterior]
	trade    map[int]*once[*ge.Flows]
	net      *once[*bundledNetwork]
	crises   *once[[]risk.Crisis]
	v2       *once[*V2Posterior]
	v2refits map[string]*once[*V2Posterior]
	solved   *once[*savedSolutions]
	layers   map[networkLayerKey]*once[*layerNet]
}

// once is a value computed at most once.
type once[T any] struct {
	o   sync.Once
	v   T
	err error
}

func (o *once[T]) get(f func() (T, error)) (T, error) {
	o.o.Do(func() { o.v, o.err = f() })
	return o.v, o.err
}

// entry returns the once stored in *slot, creating it under c.mu.
func entry[T any](c *Cache, slot **once[T]) *once[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if *slot == nil {
		*slot = new(once[T])
	}
	return *slot
}

// keyed returns the once stored under k in *m, creating it under c.mu.
func keyed[K comparable, T any](c *Cache, m *map[K]*once[T], k K) *once[T] {
	return onceFor(&c.mu, m, k)
}

// onceFor returns the once stored under k in *m, creating it (and the map)
// under mu.
func onceFor[K comparable, T any](mu *sync.Mutex, m *map[K]*once[T], k K) *once[T] {
	mu.Lock()
	defer mu.Unlock()
	if *m == nil {
		*m = map[K]*once[T]{}
	}
	e := (*m)[k]
	if e == nil {
		e = new(once[T])
		(*m)[k] = e
	}
	return e
}

// orNew returns c, or a fresh cache when c is nil.
func (c *Cache) orNew() *Cache {
	if c == nil {
		return new(Cache)
	}
	return c
}

// Posterior returns the bundled intervention-model posterior.
func (c *Cache) Posterior() (*risk.Posterior, error) {
	c = c.orNew()
	return entry(c, &c.bundled).get(func() (*risk.Posterior, error) {
		b, err := data.ReadFile(PosteriorFile)
		if err != nil {
			return nil, fmt.Errorf("risk posterior: %w", err)
		}
		return risk.ReadPosterior(bytes.NewReader(b))
	})
}

// refit returns the bundled posterior refitted to the bundled episodes
// under pr; key names the priors that differ from the bundled fit's.
func (c *Cache) refit(key string, bundled *risk.Posterior, pr risk.Priors) (*risk.Posterior, error) {
	return keyed(c, &c.refits, key).get(func() (*risk.Posterior, error) {
		b, err := data.ReadFile(EpisodesFile)
		if err != nil {
			return nil, fmt.Errorf("risk refit: %w", err)
		}
		eps, err := risk.LoadEpisodes(EpisodesFile, bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("risk refit: %w", err)
		}
		o := risk.DefaultFitOptions
		o.Seed = bundled.Seed
		o.Workers = runtime.GOMAXPROCS(0)
		in := &risk.Inputs{Episodes: eps, SHA256: map[string]string{"episodes.csv": Digest(b)}}
		p, err := risk.Refit(context.Background(), bundled, in, pr, o, "steppe run under the scenario's decision.priors")
		if err != nil {
			return nil, fmt.Errorf("risk refit under the scenario's priors: %w", err)
		}
		return p, nil
	})
}

// tradeBaseline returns the bundled trade baseline projected to year.
func (c *Cache) tradeBaseline(year int) (*ge.Flows, error) {
	return keyed(c, &c.trade, year).get(func() (*ge.Flows, error) {
		if year == DefaultSettings.TradeBaselineYear {
			if f, err := bundledTrade.get(); err != nil || f.Year == year {
				return f, err
			}
		}
		return buildTradeBaseline(year)
	})
}

// buildTradeBaseline builds the bundled trade baseline projected to year.
func buildTradeBaseline(year int) (*ge.Flows, error) {
	base, _, err := ge.CentralAsiaBaseline(data.FS(), year)
	if err != nil {
		return nil, fmt.Errorf("trade baseline: %w", err)
	}
	return base, nil
}

// bundledNetwork is the bundled network with its existing lines, and the
// project map.
type bundledNetwork struct {
	g    *network.Network
	base *network.View
	pm   *network.ProjectMap
}

func (c *Cache) network() (*bundledNetwork, error) {
	return entry(c, &c.net).get(func() (*bundledNetwork, error) {
		g, err := bundledGraph.get()
		if err != nil {
			return nil, err
		}
		base, err := g.View([]network.Status{network.Existing}, nil)
		if err != nil {
			return nil, err
		}
		pmsrc, err := data.ReadFile(ProjectMapFile)
		if err != nil {
			return nil, fmt.Errorf("bundled project map: %w", err)
		}
		pm, err := network.ReadProjectMap(bytes.NewReader(pmsrc), "data/"+ProjectMapFile)
		if err != nil {
			return nil, err
		}
		return &bundledNetwork{g: g, base: base, pm: pm}, nil
	})
}

// buildNetwork builds the bundled network from its GeoJSON and the country
// boundaries.
func buildNetwork() (*network.Network, error) {
	src, err := data.ReadFile(NetworkFile)
	if err != nil {
		return nil, err
	}
	bsrc, err := data.ReadFile(BoundariesFile)
	if err != nil {
		return nil, err
	}
	bnd, err := network.ReadBoundaries(bytes.NewReader(bsrc), "boundaries")
	if err != nil {
		return nil, err
	}
	feats, err := network.ReadGeoJSON(bytes.NewReader(src), "central-asia.geojson")
	if err != nil {
		return nil, err
	}
	g, _, err := network.Build(feats, bnd, network.Options{})
	return g, err
}

// Digest is the hex SHA-256 of b, as posteriors record their inputs.
func Digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
