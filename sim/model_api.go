package sim

// The entry points, implemented in model.go:
//
//	func New(w *world.World, e Engines) (*Model, error)
//	func (m *Model) Params() []Param
//	func (m *Model) Countries() []string
//	func (m *Model) Policies() []string
//	func (m *Model) Run(ctx context.Context, o Options) (*Output, error)
