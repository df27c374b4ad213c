package gengo

func (g *generator) cgoFile(p *printer) {}
