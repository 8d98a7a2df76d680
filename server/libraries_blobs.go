package server

import "affiche/server/blobs"

// Blobs returns the server's blob store, for the parts wired in beside it that store files
// too (the library copies the images a provider's terms say must be downloaded, not linked).
func (s *Server) Blobs() *blobs.Store { return s.blobs }
