"""XML plumbing: one hardened parser configuration, the tolerant reader, the SDK writer."""
